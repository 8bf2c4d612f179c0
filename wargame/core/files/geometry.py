"""GeoJSON geometries, checked before shapely sees them.

Every geometry the program reads (imported front lines and map extracts, map layers, control
areas in scenario files) passes :func:`checked_geometry` first: a known type, coordinates
nested as the type needs, each position two or three finite numbers within longitude -180 to
180 and latitude -90 to 90, lines of two positions or more, polygon rings of four or more that
close, and no more positions than the budget allows. The checks are plain loops over the
positions (linear, no geometry library), so a hostile file costs at most one pass; shapely
then only meets geometry it can build.

>>> budget = PositionBudget("front.geojson")
>>> checked_geometry({"type": "Point", "coordinates": [38.0, 48.6]}, "geometry", budget).wkt
'POINT (38 48.6)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from wargame.core.errors import MapDataError, WargameError

# Positions (vertices) in one file, and in one geometry. An OpenStreetMap extract of a few
# hundred km² holds well under a million; the limits bound the time and memory of an import.
MAX_POSITIONS = 2_000_000
MAX_GEOMETRY_POSITIONS = 500_000
# JSON lists a GeoJSON file may hold, counted before it is parsed: each position is one, rings
# and parts a few more.
MAX_LISTS = 2 * MAX_POSITIONS + 100_000
# JSON objects in one: a feature is three (itself, its properties, its geometry).
MAX_OBJECTS = 1_000_000
GEOMETRY_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)
# How deep the positions sit under "coordinates", per type.
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
_NUMBER = (int, float)  # exact types: JSON true and false are never numbers
_LIST = (list, tuple)
PROJECTED_HINT = "the file is probably in a projected CRS (metres?); re-export it in EPSG:4326 (WGS84)"


@dataclass
class PositionBudget:
    """The positions a file may still hold; one per file, shared by all its geometries."""

    source: str
    left: int = MAX_POSITIONS
    error: type[WargameError] = MapDataError

    def spend(self, count: int, where: str) -> None:
        if count > MAX_GEOMETRY_POSITIONS:
            raise self.error(
                f"{self.source}: {where} has {count:,} positions; one geometry may have at most "
                f"{MAX_GEOMETRY_POSITIONS:,} (simplify it, e.g. with ogr2ogr -simplify)"
            )
        self.left -= count
        if self.left < 0:
            raise self.error(
                f"{self.source}: more than {MAX_POSITIONS:,} positions in one file (at {where}); "
                "split the file or choose a smaller area"
            )


def checked_geometry(value: Any, where: str, budget: PositionBudget) -> BaseGeometry:
    """A shapely geometry from a GeoJSON geometry object whose every part has been checked.

    ``where`` names the place in the file (``features[3].geometry``) in messages.
    """
    checker = _Checker(budget.source, budget.error)
    checker.geometry(value, where)
    budget.spend(checker.count, where)
    return shape(value)


class _Checker:
    """One geometry's check: its positions counted, all of one dimension (2 or 3 numbers, as
    shapely needs them)."""

    def __init__(self, source: str, error: type[WargameError]) -> None:
        self.source = source
        self.error = error
        self.count = 0
        self.dimension = 0  # numbers per position, set by the first one

    def fail(self, message: str) -> WargameError:
        return self.error(f"{self.source}: {message}")

    def geometry(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise self.fail(f"{where} must be a GeoJSON geometry object, not {type(value).__name__}")
        kind = value.get("type")
        if kind not in GEOMETRY_TYPES:
            raise self.fail(f"{where}: geometry type {kind!r} is not one of {', '.join(GEOMETRY_TYPES)}")
        if kind == "GeometryCollection":
            parts = value.get("geometries")
            if not isinstance(parts, list):
                raise self.fail(f"{where}: a GeometryCollection needs a 'geometries' list")
            for index, part in enumerate(parts):
                self.dimension = 0  # each part of a collection is built on its own
                self.geometry(part, f"{where}.geometries[{index}]")
            return
        coordinates = value.get("coordinates")
        if type(coordinates) not in _LIST:
            raise self.fail(f"{where}: a {kind} needs a 'coordinates' list")
        if coordinates or kind == "Point":  # GeoJSON allows empty geometries
            self.coordinates(kind, coordinates, f"{where}.coordinates")

    def coordinates(self, kind: str, coordinates: Any, where: str) -> None:
        if kind == "Point":
            self.positions([coordinates], where)
        elif kind in ("MultiPoint", "LineString"):
            self.line(coordinates, where, 2 if kind == "LineString" else 0, False)
        elif kind == "MultiLineString":
            for index, part in enumerate(self.lists(coordinates, where)):
                self.line(part, f"{where}[{index}]", 2, False)
        elif kind == "Polygon":
            self.polygon(coordinates, where)
        else:
            for index, part in enumerate(self.lists(coordinates, where)):
                self.polygon(part, f"{where}[{index}]")

    def lists(self, value: Any, where: str) -> Any:
        for index, item in enumerate(value):
            if type(item) not in _LIST:
                raise self.fail(f"{where}[{index}] must be a list")
        return value

    def polygon(self, rings: Any, where: str) -> None:
        if type(rings) not in _LIST or not rings:
            raise self.fail(f"{where} must be a list of rings (the outline, then any holes)")
        for index, ring in enumerate(self.lists(rings, where)):
            self.line(ring, f"{where}[{index}]", 4, True)

    def line(self, positions: Any, where: str, least: int, ring: bool) -> None:
        if type(positions) not in _LIST:
            raise self.fail(f"{where} must be a list of positions")
        if len(positions) < least:
            what = "a polygon ring" if ring else "a line"
            raise self.fail(f"{where}: {what} needs at least {least} positions, not {len(positions)}")
        self.positions(positions, where)
        if ring and tuple(positions[0]) != tuple(positions[-1]):
            raise self.fail(f"{where}: a polygon ring must end where it starts (RFC 7946)")

    def positions(self, positions: Any, where: str) -> None:
        """Each two or three finite numbers (all alike), longitude and latitude in range."""
        self.count += len(positions)
        if self.count > MAX_GEOMETRY_POSITIONS:
            return  # the budget refuses it, naming the count; no need to look further
        for index, position in enumerate(positions):
            if type(position) not in _LIST or not 2 <= len(position) <= 3:
                raise self.fail(f"{where}[{index}]: a position is [longitude, latitude] (or with a height)")
            if len(position) != self.dimension:
                if self.dimension:
                    raise self.fail(f"{where}[{index}]: positions with and without a height are mixed")
                self.dimension = len(position)
            x, y = position[0], position[1]
            if (
                type(x) not in _NUMBER
                or type(y) not in _NUMBER
                or (len(position) == 3 and type(position[2]) not in _NUMBER)
            ):
                raise self.fail(f"{where}[{index}]: a position holds numbers only, not {position!r}"[:200])
            if not (-180.0 <= x <= 180.0 and -90.0 <= y <= 90.0):
                raise self.fail(
                    f"{where}[{index}]: [{x:g}, {y:g}] is outside longitude/latitude ranges (-180 to 180, "
                    f"-90 to 90): {PROJECTED_HINT}"
                )


# --- repairing ---------------------------------------------------------------------------------
# A polygon that crosses itself is repaired (shapely.make_valid) into the areas it outlines, as
# hand-drawn front lines need. The repair must find every crossing, and GEOS needs time and memory
# far beyond their number: a 200-point star (20,000 crossings) ran for minutes, a 200,000-point
# one ran out of memory. The crossings are counted first, cheaply and stopping at the limit, and
# an outline crossing itself more often is refused before GEOS sees it.

MAX_CROSSINGS = 200  # places where an outline crosses or touches itself


def repaired(geometry: BaseGeometry, where: str, error: type[WargameError] = MapDataError) -> BaseGeometry:
    """``geometry`` itself when valid, else its repair; ``error`` when it crosses itself at more
    than :data:`MAX_CROSSINGS` places (no outline anyone drew, and a repair that could explode)."""
    # Counted before anything else: GEOS's own validity check took 43 s on a 200,000-point star.
    crossings = count_crossings(geometry, MAX_CROSSINGS)
    if crossings == 0 and geometry.is_valid:
        return geometry
    if crossings > MAX_CROSSINGS:
        raise error(
            f"{where} crosses or touches itself at more than {MAX_CROSSINGS} places, too many to "
            "repair: it is not an outline of an area; fix it in a GIS (QGIS: Fix geometries) or draw "
            "it again"
        )
    return shapely.make_valid(geometry)


def count_crossings(geometry: BaseGeometry, limit: int) -> int:
    """How many pairs of the outline's segments meet (cross or touch) other than neighbours in a
    ring, counted up to just over ``limit``: the search stops there, so a star of a million
    crossings costs no more than a plain outline. Touches count: a comb whose 250,000 teeth
    touch its back (no crossing at all) kept GEOS's repair busy for minutes."""
    rings = [np.asarray(shapely.get_coordinates(r)) for r in shapely.get_rings(shapely.get_parts(geometry))]
    rings = [r for r in rings if len(r) > 1]
    if not rings:
        return 0
    starts = np.concatenate([r[:-1] for r in rings])
    ends = np.concatenate([r[1:] for r in rings])
    ring_of = np.concatenate([np.full(len(r) - 1, k) for k, r in enumerate(rings)])
    first = np.concatenate([np.full(len(r) - 1, 0) for r in rings]) + np.repeat(
        np.cumsum([0] + [len(r) - 1 for r in rings[:-1]]), [len(r) - 1 for r in rings]
    )
    last = first + np.concatenate([np.full(len(r) - 1, len(r) - 2) for r in rings])
    segments = shapely.linestrings(np.stack([starts, ends], axis=1))
    tree = shapely.STRtree(segments)
    found, index, chunk = 0, 0, 64
    while index < len(segments) and found <= 2 * limit:  # each meeting is found from both sides
        near = tree.query(segments[index : index + chunk])  # pairs whose boxes meet: cheap, in C
        for start in range(0, near.shape[1], 65536):
            a, b = index + near[0, start : start + 65536], near[1, start : start + 65536]
            neighbours = (ring_of[a] == ring_of[b]) & (
                (np.abs(a - b) <= 1) | ((a == first[a]) & (b == last[a])) | ((b == first[a]) & (a == last[a]))
            )
            meet = _meet(starts[a], ends[a], starts[b], ends[b]) & ~neighbours
            found += int(np.count_nonzero(meet))
            if found > 2 * limit:
                break
        index += chunk
        # A plain outline meets few boxes per segment: take more segments at a time.
        chunk = min(16384, chunk * 4) if near.shape[1] < 8 * chunk else 64
    return found // 2


def _meet(p1: Any, p2: Any, p3: Any, p4: Any) -> Any:
    """Which segments p1-p2 and p3-p4 (whose boxes meet) cross or touch: neither lies wholly on
    one side of the other."""

    def side(a: Any, b: Any, c: Any) -> Any:
        return np.sign((b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0]))

    return (side(p3, p4, p1) * side(p3, p4, p2) <= 0) & (side(p1, p2, p3) * side(p1, p2, p4) <= 0)
