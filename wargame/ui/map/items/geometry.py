"""Hexes in scene coordinates: local metres with the y axis flipped (scene y grows south)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF

from wargame.core.grid.hexgrid import Hex, to_offset
from wargame.core.map.gamemap import GameMap


def to_scene(x: float, y: float) -> QPointF:
    """Local metres (x east, y north) to the scene (x east, y south)."""
    return QPointF(x, -y)


def to_metres(point: QPointF) -> tuple[float, float]:
    """A scene point in local metres (x east, y north): the inverse of :func:`to_scene`."""
    return point.x(), -point.y()


class HexGeometry:
    """Centres, corners and edges of a map's hexes in the scene, computed once per map."""

    def __init__(self, gamemap: GameMap) -> None:
        self.map = gamemap
        self.layout = gamemap.layout
        self._polygons: dict[Hex, QPolygonF] = {}
        self._sides: dict[Hex, tuple[tuple[Hex, QLineF], ...]] = {}
        self._inner_pairs: list[tuple[Hex, Hex, QLineF]] | None = None
        self.bounds_cache: object | None = None  # filled by base_map.map_bounds
        self._grid_blocks: list[QPainterPath] | None = None

    @classmethod
    def of(cls, gamemap: GameMap) -> HexGeometry:
        """The geometry of ``gamemap``, worked out once and kept by the map (maps never change):
        every scene of a map, and every window opened on it, shares it."""
        geometry = gamemap.derived.get("scene geometry")
        if not isinstance(geometry, HexGeometry):
            geometry = gamemap.derived["scene geometry"] = cls(gamemap)
        return geometry

    def grid_blocks(self) -> list[QPainterPath]:
        """The hex grid's lines in blocks of 8 × 8 hexes (each shared side once, map edges too)."""
        if self._grid_blocks is None:
            blocks: dict[tuple[int, int], QPainterPath] = {}
            for h in self.map:
                col, row = to_offset(h)
                path = blocks.setdefault((col // 8, row // 8), QPainterPath())
                for index, (n, line) in enumerate(self.sides(h)):
                    if index < 3 or n not in self.map:
                        path.moveTo(line.p1())
                        path.lineTo(line.p2())
            self._grid_blocks = list(blocks.values())
        return self._grid_blocks

    def centre(self, h: Hex) -> QPointF:
        return to_scene(*self.layout.centre(h))

    def polygon(self, h: Hex) -> QPolygonF:
        poly = self._polygons.get(h)
        if poly is None:
            poly = QPolygonF([to_scene(x, y) for x, y in self.layout.corners(h)])
            self._polygons[h] = poly
        return poly

    def hex_at(self, point: QPointF) -> Hex | None:
        """The map hex under a scene point, or None off the map."""
        h = self.layout.hex_at(*to_metres(point))
        return h if h in self.map else None

    def edge(self, h: Hex, neighbour: Hex) -> QLineF:
        """The side shared by two adjacent hexes."""
        a, b = self.centre(h), self.centre(neighbour)
        mid = (a + b) / 2
        # The shared side is perpendicular to the centre line, one corner radius long.
        dx, dy = b.x() - a.x(), b.y() - a.y()
        length = (dx * dx + dy * dy) ** 0.5 or 1.0
        half = self.layout.corner_radius / 2
        nx, ny = -dy / length * half, dx / length * half
        return QLineF(mid.x() - nx, mid.y() - ny, mid.x() + nx, mid.y() + ny)

    def sides(self, h: Hex) -> tuple[tuple[Hex, QLineF], ...]:
        """Each of the six neighbours of a hex with the side it shares (cached: outlines reuse them)."""
        found = self._sides.get(h)
        if found is None:
            found = tuple((n, self.edge(h, n)) for n in h.neighbours())
            self._sides[h] = found
        return found

    def inner_pairs(self) -> list[tuple[Hex, Hex, QLineF]]:
        """Every pair of adjacent map hexes once, with their shared side."""
        if self._inner_pairs is None:
            self._inner_pairs = [
                (h, n, line) for h in self.map for n, line in self.sides(h) if n in self.map and h < n
            ]
        return self._inner_pairs

    def fill_path(self, hexes: Iterable[Hex]) -> QPainterPath:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        for h in hexes:
            path.addPolygon(self.polygon(h))
            path.closeSubpath()
        return path

    def outline_path(self, hexes: Iterable[Hex]) -> QPainterPath:
        """The boundary of an area of hexes: every side not shared with another hex of it."""
        area = hexes if isinstance(hexes, set | frozenset) else set(hexes)
        path = QPainterPath()
        for h in area:
            for n, line in self.sides(h):
                if n not in area:
                    path.moveTo(line.p1())
                    path.lineTo(line.p2())
        return path

    def hexes_rect(self, hexes: Iterable[Hex]) -> QRectF:
        """A rectangle around some hexes with a margin of one hex (for partial repaints)."""
        points = [self.centre(h) for h in hexes]
        if not points:
            return QRectF()
        xs, ys = [p.x() for p in points], [p.y() for p in points]
        margin = 2 * self.layout.corner_radius
        return QRectF(
            min(xs) - margin, min(ys) - margin, max(xs) - min(xs) + 2 * margin, max(ys) - min(ys) + 2 * margin
        )

    def outline_segments(self, hexes: set[Hex] | frozenset[Hex]) -> list[tuple[Hex, QLineF]]:
        """The boundary sides of an area, each with the hex of the area it belongs to."""
        return [(h, line) for h in hexes for n, line in self.sides(h) if n not in hexes]

    def outline_segments_with(self, hexes: set[Hex] | frozenset[Hex]) -> list[tuple[Hex, QLineF, Hex]]:
        """Like :meth:`outline_segments`, with the outside neighbour of each side."""
        return [(h, line, n) for h in hexes for n, line in self.sides(h) if n not in hexes]

    def boundary_path(self, owner: Mapping[Hex, str | None]) -> QPainterPath:
        """Sides between hexes held by different owners (a front line); map edges excluded."""
        path = QPainterPath()
        get = owner.get
        for h, n, line in self.inner_pairs():
            if get(h) != get(n):
                path.moveTo(line.p1())
                path.lineTo(line.p2())
        return path
