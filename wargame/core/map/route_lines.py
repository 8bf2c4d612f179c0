"""Where a route runs on the ground: the pieces of its road's drawn geometry inside its hexes.

A named route is a chain of hexes along a road (:meth:`GameMap.road_path`); the map keeps the
road itself as lines in local metres (:attr:`GameMap.features`). Drawing the route through
hex centres makes a zigzag beside the real road, so the route is drawn along the road's own
lines where they pass through its hexes; a step of the chain with no drawn road (a map built
from a sketch) is drawn straight between the two centres.

>>> from wargame.core.map.sketch import make_map
>>> gamemap = make_map("= = =", road_ref="T1")
>>> hexes = gamemap.road_path("T1", *sorted(gamemap.hexes)[::2])
>>> [len(line) for line in route_lines(gamemap, "T1", hexes)]
[2, 2]
"""

from __future__ import annotations

from itertools import pairwise

from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap, Point

Line = tuple[Point, ...]


def route_lines(gamemap: GameMap, road: str, hexes: tuple[Hex, ...]) -> tuple[Line, ...]:
    """The lines to draw for the route along ``road`` through ``hexes`` (start to end), each a
    polyline in local metres, in the order the route passes them."""
    if len(hexes) < 2:
        return ()
    order = {h: i for i, h in enumerate(hexes)}
    pieces = _road_pieces(gamemap, road, order)
    covered = {
        gamemap.layout.hex_at(*p) for line in pieces for p in _samples(line, gamemap.layout.size_m / 4)
    }
    for a, b in pairwise(hexes):
        if a not in covered and b not in covered:
            pieces.append((gamemap.layout.centre(a), gamemap.layout.centre(b)))
    return tuple(sorted(pieces, key=lambda line: _rank(gamemap, order, line)))


def _road_pieces(gamemap: GameMap, road: str, order: dict[Hex, int]) -> list[Line]:
    """Runs of the road's segments with at least one end inside the route's hexes."""
    hex_at = gamemap.layout.hex_at
    pieces: list[Line] = []
    for feature in gamemap.features:
        if feature.layer != "roads" or feature.ref != road:
            continue
        for part in feature.parts:
            inside = [hex_at(*p) in order for p in part]
            run: list[Point] = []
            for i, (a, b) in enumerate(pairwise(part)):
                if inside[i] or inside[i + 1]:
                    run.extend((a, b) if not run else (b,))
                elif run:
                    pieces.append(tuple(run))
                    run = []
            if len(run) > 1:
                pieces.append(tuple(run))
    return pieces


def _samples(line: Line, step: float) -> list[Point]:
    """Points along ``line`` no further than ``step`` apart (a long straight road crosses hexes
    between its vertices)."""
    points = [line[0]]
    for a, b in pairwise(line):
        length = ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5
        count = max(1, int(length // step))
        points += [
            (a[0] + (b[0] - a[0]) * k / count, a[1] + (b[1] - a[1]) * k / count) for k in range(1, count + 1)
        ]
    return points


def _rank(gamemap: GameMap, order: dict[Hex, int], line: Line) -> float:
    """Where along the route a line lies: the mean route index of its points' hexes."""
    indexes = [order[h] for p in line if (h := gamemap.layout.hex_at(*p)) in order]
    return sum(indexes) / len(indexes) if indexes else float(len(order))


def point_along(lines: tuple[Line, ...], share: float) -> Point:
    """The point ``share`` (0 to 1) of the way along ``lines`` taken end to end."""
    steps = [
        (a, b, ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5) for line in lines for a, b in pairwise(line)
    ]
    total = sum(length for _, _, length in steps)
    if not steps or total <= 0:
        return lines[0][0] if lines and lines[0] else (0.0, 0.0)
    left = min(max(share, 0.0), 1.0) * total
    for a, b, length in steps:
        if length >= left and length > 0:
            k = left / length
            return a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k
        left -= length
    return steps[-1][1]


def nearest_on(lines: tuple[Line, ...], point: Point) -> Point:
    """The point of ``lines`` nearest ``point`` (where a cut or fire mark of a hex goes)."""
    best, best_d = point, float("inf")
    for line in lines:
        for a, b in pairwise(line):
            dx, dy = b[0] - a[0], b[1] - a[1]
            length2 = dx * dx + dy * dy
            k = (
                0.0
                if length2 == 0
                else max(0.0, min(1.0, ((point[0] - a[0]) * dx + (point[1] - a[1]) * dy) / length2))
            )
            x, y = a[0] + dx * k, a[1] + dy * k
            d = (x - point[0]) ** 2 + (y - point[1]) ** 2
            if d < best_d:
                best, best_d = (x, y), d
    return best
