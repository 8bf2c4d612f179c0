"""Small maps drawn as ASCII, for tests, examples and benchmarks.

Each line is a row and each character a column of the "odd-q" offset grid::

    make_map('''
        . . = = .
        . ~ = . .
    ''')

``.`` open, ``#`` urban, ``w`` woods, ``^`` high ground, ``~`` water, ``=`` open with a road;
road hexes next to each other are joined by a road (named by ``road_ref``). Spaces are
ignored. Extra roads can be given as hex chains.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import pairwise

from wargame.core.grid.hexgrid import Hex, from_offset
from wargame.core.grid.layout import HexLayout
from wargame.core.map.gamemap import GameMap, HexInfo, RoadLink
from wargame.core.model import (
    DEFAULT_SIDES,
    RoadClass,
    RouteSpec,
    Rules,
    Scenario,
    Segment,
    Terrain,
    Unit,
)

SYMBOLS = {
    ".": Terrain.OPEN,
    "=": Terrain.OPEN,
    "#": Terrain.URBAN,
    "w": Terrain.WOODS,
    "^": Terrain.HIGH,
    "~": Terrain.WATER,
}


def make_map(
    sketch: str,
    road_ref: str = "R1",
    road_class: RoadClass = RoadClass.MAIN,
    roads: Mapping[str, Sequence[Hex]] | None = None,
    rivers: Iterable[tuple[Hex, Hex]] = (),
    hex_size_m: float = 500.0,
    name: str = "sketch",
) -> GameMap:
    """Build a GameMap from an ASCII sketch (see the module docstring)."""
    hexes: dict[Hex, HexInfo] = {}
    road_hexes: set[Hex] = set()
    rows = [line.replace(" ", "") for line in sketch.strip("\n").splitlines() if line.strip()]
    for row, line in enumerate(rows):
        for col, char in enumerate(line):
            h = from_offset(col, row)
            hexes[h] = HexInfo(terrain=SYMBOLS[char])
            if char == "=":
                road_hexes.add(h)
    links: dict[Segment, RoadLink] = {}
    for h in road_hexes:
        for n in h.neighbours():
            if n in road_hexes:
                links[Segment.of(h, n)] = RoadLink(road_class, (road_ref,))
    for ref, chain in (roads or {}).items():
        for a, b in pairwise(chain):
            links[Segment.of(a, b)] = RoadLink(road_class, (ref,))
    crossings = frozenset(Segment.of(a, b) for a, b in rivers)
    return GameMap(name, name, HexLayout(hex_size_m), hexes, links, crossings)


def grid_map(columns: int, rows: int, hex_size_m: float = 500.0) -> GameMap:
    """An open rectangular map, columns x rows, with no roads (for benchmarks)."""
    hexes = {from_offset(c, r): HexInfo() for c in range(columns) for r in range(rows)}
    return GameMap(f"grid{columns}x{rows}", "generated", HexLayout(hex_size_m), hexes)


def make_scenario(
    gamemap: GameMap,
    units: Iterable[Unit] = (),
    control: Mapping[Hex, str] | None = None,
    sources: Mapping[str, Sequence[Hex]] | None = None,
    routes: Mapping[str, Sequence[RouteSpec]] | None = None,
    rules: Rules | None = None,
    scenario_id: str = "sketch",
    source_stretch_hexes: int = 0,
) -> Scenario:
    """A two-sided scenario ("UA", "RU") on a sketch map, for tests and benchmarks.

    Sketch maps are a few hexes across, so their sources are single hexes unless
    ``source_stretch_hexes`` widens them along the map edge (as scenario rules do)."""
    return Scenario(
        id=scenario_id,
        title=scenario_id,
        map_name=gamemap.name,
        sides=DEFAULT_SIDES,
        units=tuple(units),
        control=dict(control or {}),
        supply_sources={side: tuple(hexes) for side, hexes in (sources or {}).items()},
        routes={side: tuple(specs) for side, specs in (routes or {}).items()},
        rules=replace(rules or Rules(), source_stretch_hexes=source_stretch_hexes),
    )
