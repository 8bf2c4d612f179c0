"""The hex map a game is played on: terrain, settlements, roads and river crossings per hex.

Built from GeoJSON by :mod:`wargame.core.map.mapdata`, or from an ASCII sketch in tests
(:mod:`wargame.core.map.sketch`). Plain data only: no shapely, no Qt.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from wargame.core.errors import MapDataError
from wargame.core.grid.geo import LocalProjection
from wargame.core.grid.hexgrid import Hex, from_offset, hex_range, to_offset
from wargame.core.grid.layout import HexLayout
from wargame.core.model import RoadClass, Segment, Terrain

Point = tuple[float, float]
# A map is named by its folder: a plain name, never a path.
MAP_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# What any map may be: the hex size in metres (centre to centre) and the number of hexes.
HEX_SIZE_RANGE = (50.0, 100_000.0)
MAX_MAP_HEXES = 250_000


@dataclass(frozen=True, slots=True)
class HexInfo:
    terrain: Terrain = Terrain.OPEN
    settlement: str | None = None
    high_ground: bool = False
    river: bool = False  # a river or canal runs through the hex


@dataclass(frozen=True, slots=True)
class RoadLink:
    """The road joining two adjacent hexes: its best class and the road numbers it carries."""

    road_class: RoadClass
    refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Feature:
    """A map feature for drawing, in local metres (x east, y north)."""

    layer: str  # "urban", "roads", "railways", "water", "heights", "woods", "settlements"
    kind: str  # e.g. road class, "river", "canal", "city"
    name: str
    ref: str | None
    parts: tuple[tuple[Point, ...], ...]  # lines or polygon rings; one point for a place


@dataclass(slots=True)
class GameMap:
    """Hexes with terrain and roads; immutable once built (treat as read-only)."""

    name: str
    title: str
    layout: HexLayout
    hexes: dict[Hex, HexInfo]
    roads: dict[Segment, RoadLink] = field(default_factory=dict)
    river_crossings: frozenset[Segment] = frozenset()
    features: tuple[Feature, ...] = ()
    settlements: dict[str, Hex] = field(default_factory=dict)
    projection: LocalProjection = LocalProjection(0.0, 0.0)
    _label_origin: tuple[int, int] = (0, 0)
    _adjacency: dict[Hex, tuple[Hex, ...]] = field(default_factory=dict, repr=False)
    # What other parts of the core compute once per map (the rules' graph): maps never change.
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.hexes:
            raise MapDataError(f"map {self.name!r} has no hexes")
        cols, rows = zip(*(to_offset(h) for h in self.hexes), strict=True)
        # Printed maps number columns so that the even-numbered ones sit half a hex lower; in
        # "odd-q" the odd axial columns are the low ones, so column 01 must be an even one.
        first_col = min(cols)
        self._label_origin = (first_col - 1 if first_col % 2 == 0 else first_col - 2, min(rows) - 1)
        self._adjacency = {h: tuple(n for n in h.neighbours() if n in self.hexes) for h in self.hexes}

    def __contains__(self, h: object) -> bool:
        return h in self.hexes

    def __iter__(self) -> Iterator[Hex]:
        return iter(self.hexes)

    def __len__(self) -> int:
        return len(self.hexes)

    def neighbours(self, h: Hex) -> tuple[Hex, ...]:
        """Neighbours of a hex that lie on the map."""
        return self._adjacency.get(h, ())

    def terrain(self, h: Hex) -> Terrain:
        return self.hexes[h].terrain

    def road(self, a: Hex, b: Hex) -> RoadLink | None:
        return self.roads.get(Segment.of(a, b))

    def road_segments(self, ref: str) -> list[Segment]:
        return sorted(s for s, link in self.roads.items() if ref in link.refs)

    def crosses_river(self, a: Hex, b: Hex) -> bool:
        return Segment.of(a, b) in self.river_crossings

    def label(self, h: Hex) -> str:
        """Printed-map label "CCRR": column and row from the map's north-west corner, numbered so
        that even-numbered columns sit half a hex lower (a map whose first column is a low one
        starts at column 02)."""
        col, row = to_offset(h)
        return f"{col - self._label_origin[0]:02d}{row - self._label_origin[1]:02d}"

    def hex_from_label(self, label: str) -> Hex:
        """Inverse of :meth:`label`; raises MapDataError for a label not on this map."""
        text = label.strip()
        # ASCII digits only: str.isdigit also says yes to "²" and "①", which int() refuses.
        if len(text) != 4 or not text.isascii() or not text.isdigit():
            raise MapDataError(f"hex label {label!r} should be four digits, column then row, e.g. 0504")
        h = from_offset(int(text[:2]) + self._label_origin[0], int(text[2:]) + self._label_origin[1])
        if h not in self.hexes:
            raise MapDataError(f"hex {text} is not on the map {self.name!r}")
        return h

    def place_name(self, h: Hex) -> str:
        """The settlement in or nearest (within 2 hexes) to a hex, for messages."""
        info = self.hexes.get(h)
        if info and info.settlement:
            return info.settlement
        best = min(
            ((h.distance(s), name) for name, s in self.settlements.items() if h.distance(s) <= 2),
            default=None,
        )
        return f"near {best[1]}" if best else ""

    def describe(self, h: Hex) -> str:
        """ "0504 (Ivanivske)" style reference used in every message."""
        place = self.place_name(h)
        return f"{self.label(h)} ({place})" if place else self.label(h)

    def road_path(self, ref: str, start: Hex, end: Hex) -> tuple[Hex, ...]:
        """Hexes along road ``ref`` from ``start`` to ``end`` (fewest steps); MapDataError if none."""
        graph: dict[Hex, list[Hex]] = {}
        for seg in self.road_segments(ref):
            graph.setdefault(seg.a, []).append(seg.b)
            graph.setdefault(seg.b, []).append(seg.a)
        if start not in graph or end not in graph:
            raise MapDataError(f"road {ref} does not pass through both {start} and {end}")
        dist = {start: 0}
        previous: dict[Hex, Hex] = {}
        frontier = [(0, start)]
        while frontier:
            d, h = heapq.heappop(frontier)
            if h == end:
                break
            for n in graph[h]:
                if n not in dist or d + 1 < dist[n]:
                    dist[n] = d + 1
                    previous[n] = h
                    heapq.heappush(frontier, (d + 1, n))
        if end not in dist:
            raise MapDataError(f"road {ref} is broken between {start} and {end}")
        path = [end]
        while path[-1] != start:
            path.append(previous[path[-1]])
        return tuple(reversed(path))

    def nearest_road_hex(self, ref: str, h: Hex) -> Hex:
        hexes = {x for seg in self.road_segments(ref) for x in seg}
        if not hexes:
            raise MapDataError(f"road {ref} is not on the map {self.name!r}")
        return min(hexes, key=lambda x: (x.distance(h), x))

    def hex_at_lonlat(self, lon: float, lat: float) -> Hex:
        """The hex under a WGS84 point (it may lie off the map)."""
        return self.layout.hex_at(*self.projection.to_metres(lon, lat))

    def hexes_within(self, centre: Hex, radius: int) -> Iterable[Hex]:
        return (h for h in hex_range(centre, radius) if h in self.hexes)
