"""Build a :class:`GameMap` from the vector data in ``maps/<name>/`` (GeoJSON, WGS84).

The layers are projected to local metres around the map centre and laid onto the hex grid
with shapely: terrain by the share of each hex that urban areas, woods, high ground and
water cover; settlements by the hex their point (or urban area) falls in; river crossings by
the hex-to-hex links that cross a river or canal; road links by walking each road line
through the hexes it passes, so every road is a connected chain of adjacent hexes.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon, box
from shapely.geometry.base import BaseGeometry

from wargame.core.errors import MapDataError
from wargame.core.files.geometry import MAX_LISTS, MAX_OBJECTS, PositionBudget, checked_geometry, repaired
from wargame.core.files.reader import read_json
from wargame.core.grid.geo import EARTH_RADIUS_M, LocalProjection
from wargame.core.grid.hexgrid import Hex, from_offset, line, to_offset
from wargame.core.grid.layout import HexLayout
from wargame.core.map.cache import cache_file, cache_key, read_cached, source_digest, write_cached
from wargame.core.map.gamemap import (
    HEX_SIZE_RANGE,
    MAP_NAME,
    MAX_MAP_HEXES,
    Feature,
    GameMap,
    HexInfo,
    RoadLink,
)
from wargame.core.model import RoadClass, Segment, Terrain
from wargame.core.resources import shipped_dir, user_dir

LAYER_NAMES = ("settlements", "urban", "roads", "railways", "water", "woods", "heights")
LAYER_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\.geojson")
MAX_MAP_JSON_BYTES = 1024 * 1024
MAX_LAYER_BYTES = 128 * 1024 * 1024
# The version of what the builder makes: bump it whenever a change here (or in GameMap) would
# build a different map from the same GeoJSON, so that every cached map is built again.
# 2: roads traced in linear time and clipped near the map; map.json and layers checked.
MAP_VERSION = 2
# Share of a hex a layer must cover to set its terrain.
WATER_SHARE = 0.5
URBAN_SHARE = 0.3
WOODS_SHARE = 0.4
HIGH_SHARE = 0.4
ROAD_RANK = {RoadClass.HIGHWAY: 0, RoadClass.MAIN: 1, RoadClass.SECONDARY: 2, RoadClass.MINOR: 3}
SETTLEMENT_RANK = {"city": 0, "town": 1, "village": 2}


def maps_dir() -> Path:
    """The folder of the shipped maps: every lookup of a map or scenario by name goes through here."""
    return shipped_dir("maps")


def user_maps_dir() -> Path:
    """The user's own maps folder (``import-map`` output to play): $WARGAME_MAPS_DIR, else
    ``maps`` in the user's data folder."""
    override = os.environ.get("WARGAME_MAPS_DIR")
    return Path(override).expanduser() if override else user_dir("data") / "maps"


def maps_folders() -> tuple[Path, ...]:
    """Where map names are looked up, in order: the shipped maps, then the user's maps folder
    (:func:`user_maps_dir`). Never the current folder."""
    return (maps_dir(), user_maps_dir())


def find_map(name: str) -> Path | None:
    """The folder of the map called ``name`` in the maps folders; None when there is none.

    A name that is not a plain folder name (a path, ``..``, a pattern) is never looked up.
    """
    if not MAP_NAME.fullmatch(name) or name.strip(".") == "":
        return None
    for parent in maps_folders():
        folder = parent / name
        if (folder / "map.json").is_file():
            return folder
    return None


def map_dir(name: str) -> Path:
    """The folder of map ``name``: where it was found, else where a shipped one would be."""
    return find_map(name) or maps_dir() / name


def load_map(name: str) -> GameMap:
    """Load a map by name (``"bakhmut"``), from the maps folders only: from the built-map cache
    when its GeoJSON and :data:`MAP_VERSION` are unchanged, else built and cached. Kept in
    memory too: maps never change while the app runs."""
    if not isinstance(name, str) or not MAP_NAME.fullmatch(name):
        raise MapDataError(
            f"a map is named by its folder, e.g. \"bakhmut\" (letters, digits, '-', '_', '.'), not {name!r}"
        )
    folder = find_map(name)
    if folder is None:
        places = " or ".join(str(parent) for parent in maps_folders())
        raise MapDataError(f"no map {name!r}: there is no folder {name}/ with a map.json in {places}")
    return _load_folder(folder.resolve(), name)


@lru_cache(maxsize=8)
def _load_folder(folder: Path, name: str) -> GameMap:
    builder = _builder(folder, name)
    key = cache_key(MAP_VERSION, source_digest(folder, sorted(builder.layer_files.values())))
    cached_at = cache_file(folder)
    cached = read_cached(cached_at, key)
    if cached is not None and cached.name == name:
        return cached
    gamemap = builder.build()
    write_cached(cached_at, key, gamemap)
    return gamemap


def load_map_folder(folder: str | Path, name: str | None = None) -> GameMap:
    """Build the map in an explicit folder, uncached (``import-map`` checks a new map this way).

    ``name``: the name the map must carry (default: the name its map.json gives).
    """
    return _builder(Path(folder), name).build()


def _builder(folder: Path, name: str | None) -> MapBuilder:
    """The builder of the map in ``folder``, its map.json read and checked."""
    path = folder / "map.json"
    meta = read_json(path, MAX_MAP_JSON_BYTES, "a map.json", MapDataError, name=str(path))
    if not isinstance(meta, dict):
        raise MapDataError(f"{path}: expected a JSON object")
    return MapBuilder(folder, meta, name)


class MapBuilder:
    """Lays the layers of one map folder onto its hex grid."""

    def __init__(self, folder: Path, meta: dict[str, Any], name: str | None = None) -> None:
        where = folder / "map.json"
        self.folder = folder
        self.name = _map_name(meta.get("name", name or folder.name), name, where)
        self.title = _text(meta.get("title", self.name), "title", where)
        west, south, east, north = _bbox(meta.get("bbox"), where)
        lon0, lat0 = _point(meta.get("centre", [(west + east) / 2, (south + north) / 2]), "centre", where)
        self.layout = HexLayout(_hex_size(meta.get("hex_size_m", 500.0), where))
        self.layer_files = _layer_files(meta.get("layers", {}), where)
        self.projection = LocalProjection(lon0, lat0)
        x0, y0 = self.projection.to_metres(west, south)
        x1, y1 = self.projection.to_metres(east, north)
        self.area = box(x0, y0, x1, y1)
        count = (x1 - x0) * (y1 - y0) / (math.sqrt(3) / 2 * self.layout.size_m**2)
        if count > MAX_MAP_HEXES:
            raise MapDataError(
                f"{where}: the box would hold about {count:,.0f} hexes of {self.layout.size_m:g} m; a map "
                f"holds at most {MAX_MAP_HEXES:,}"
            )
        self._layers: dict[str, list[tuple[dict[str, Any], BaseGeometry]]] = {}

    # --- reading layers --------------------------------------------------------------------

    def layer(self, key: str) -> list[tuple[dict[str, Any], BaseGeometry]]:
        """(properties, geometry in local metres) for each feature of a layer; [] when absent.

        Read once, through the one reader, every geometry checked before shapely builds it.
        """
        if key not in self._layers:
            self._layers[key] = self._read_layer(key)
        return self._layers[key]

    def _read_layer(self, key: str) -> list[tuple[dict[str, Any], BaseGeometry]]:
        filename = self.layer_files.get(key)
        if not filename:
            return []
        path = self.folder / filename
        data = read_json(
            path,
            MAX_LAYER_BYTES,
            "a map layer",
            MapDataError,
            max_lists=MAX_LISTS,
            name=str(path),
            max_objects=MAX_OBJECTS,
        )
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            raise MapDataError(f"{path}: expected a GeoJSON FeatureCollection")
        raw = data.get("features", [])
        if not isinstance(raw, list):
            raise MapDataError(f"{path}: 'features' must be a list")
        budget = PositionBudget(str(path))
        result = []
        for index, feature in enumerate(raw):
            if not isinstance(feature, dict) or feature.get("geometry") is None:
                raise MapDataError(f"{path}: features[{index}] is not a Feature with a geometry")
            geometry = checked_geometry(feature["geometry"], f"features[{index}].geometry", budget)
            props = feature.get("properties") or {}
            if not isinstance(props, dict):
                raise MapDataError(f"{path}: features[{index}].properties must be an object")
            result.append((props, shapely.transform(geometry, self._project)))
        return result

    def _project(self, lonlat: np.ndarray) -> np.ndarray:
        """Vectorised :meth:`LocalProjection.to_metres` for an (n, 2) array."""
        k = math.cos(math.radians(self.projection.lat0))
        metres = np.empty_like(lonlat)
        metres[:, 0] = np.radians(lonlat[:, 0] - self.projection.lon0) * EARTH_RADIUS_M * k
        metres[:, 1] = np.radians(lonlat[:, 1] - self.projection.lat0) * EARTH_RADIUS_M
        return metres

    # --- building --------------------------------------------------------------------------

    def grid(self) -> list[Hex]:
        """Every hex whose centre lies inside the map box."""
        x0, y0, x1, y1 = self.area.bounds
        corners = [self.layout.hex_at(x, y) for x in (x0, x1) for y in (y0, y1)]
        cols = [to_offset(h)[0] for h in corners]
        rows = [to_offset(h)[1] for h in corners]
        hexes = []
        for col in range(min(cols) - 1, max(cols) + 2):
            for row in range(min(rows) - 1, max(rows) + 2):
                h = from_offset(col, row)
                x, y = self.layout.centre(h)
                if x0 <= x <= x1 and y0 <= y <= y1:
                    hexes.append(h)
        return sorted(hexes)

    def build(self) -> GameMap:
        for key in self.layer_files:  # every layer read and checked before the costly work
            self.layer(key)
        hexes = self.grid()
        polygons = np.array([Polygon(self.layout.corners(h)) for h in hexes])
        hex_area = polygons[0].area
        urban = self.layer("urban")
        water = self.layer("water")
        shares = {
            "water": self._share(
                polygons, [g for p, g in water if g.geom_type.endswith("Polygon")], hex_area
            ),
            "urban": self._share(polygons, [g for _, g in urban], hex_area),
            "woods": self._share(polygons, [g for _, g in self.layer("woods")], hex_area),
            "high": self._share(polygons, [g for _, g in self.layer("heights")], hex_area),
        }
        river_lines = [g for _, g in water if "LineString" in g.geom_type]
        rivers = shapely.union_all(river_lines) if river_lines else None
        on_river = shapely.intersects(polygons, rivers) if rivers is not None else np.zeros(len(hexes), bool)
        names = self._settlement_names(hexes, urban)
        infos = {}
        for i, h in enumerate(hexes):
            infos[h] = HexInfo(
                terrain=self._terrain(shares, i),
                settlement=names.get(h),
                high_ground=bool(shares["high"][i] >= HIGH_SHARE),
                river=bool(on_river[i]),
            )
        hex_set = set(hexes)
        roads = self._roads(hex_set)
        crossings = self._crossings(hex_set, rivers)
        return GameMap(
            name=self.name,
            title=self.title,
            layout=self.layout,
            hexes=infos,
            roads=roads,
            river_crossings=crossings,
            features=tuple(self._features()),
            settlements=self._settlement_hexes(hex_set),
            projection=self.projection,
        )

    @staticmethod
    def _share(polygons: np.ndarray, geometries: list[BaseGeometry], hex_area: float) -> np.ndarray:
        if not geometries:
            return np.zeros(len(polygons))
        union = shapely.union_all(geometries)
        shares: np.ndarray = shapely.area(shapely.intersection(polygons, union)) / hex_area
        return shares

    @staticmethod
    def _terrain(shares: dict[str, np.ndarray], i: int) -> Terrain:
        if shares["water"][i] >= WATER_SHARE:
            return Terrain.WATER
        if shares["urban"][i] >= URBAN_SHARE:
            return Terrain.URBAN
        if shares["woods"][i] >= WOODS_SHARE:
            return Terrain.WOODS
        if shares["high"][i] >= HIGH_SHARE:
            return Terrain.HIGH
        return Terrain.OPEN

    def _places(self) -> list[tuple[str, str, BaseGeometry]]:
        places = [
            (str(p.get("name", "")), str(p.get("kind", "village")), g)
            for p, g in self.layer("settlements")
            if p.get("name")
        ]
        return sorted(places, key=lambda t: (SETTLEMENT_RANK.get(t[1], 9), t[0]))

    def _settlement_names(
        self, hexes: list[Hex], urban: list[tuple[dict[str, Any], BaseGeometry]]
    ) -> dict[Hex, str]:
        names: dict[Hex, str] = {}
        centres = np.array([self.layout.centre(h) for h in hexes])
        for props, geometry in urban:
            name = props.get("name")
            if not name:
                continue
            inside = shapely.contains_xy(geometry, centres[:, 0], centres[:, 1])
            for i in np.nonzero(inside)[0]:
                names.setdefault(hexes[i], str(name))
        hex_set = set(hexes)
        for name, _, point in self._places():
            h = self.layout.hex_at(point.x, point.y)
            if h in hex_set:
                names.setdefault(h, name)
        return names

    def _settlement_hexes(self, hexes: set[Hex]) -> dict[str, Hex]:
        result: dict[str, Hex] = {}
        for name, _, point in self._places():
            h = self.layout.hex_at(point.x, point.y)
            if h in hexes:
                result.setdefault(name, h)
        return result

    def _roads(self, hexes: set[Hex]) -> dict[Segment, RoadLink]:
        links: dict[Segment, RoadLink] = {}
        # Only what runs near the map is traced: a road's length elsewhere costs nothing.
        frame = self.area.buffer(self.layout.size_m * 4, join_style="mitre").bounds
        for index, (props, geometry) in enumerate(self.layer("roads")):
            where = f"{self.folder / self.layer_files['roads']}: features[{index}]"
            try:
                road_class = RoadClass(props.get("class", "minor"))
            except (ValueError, TypeError):
                known = ", ".join(c.value for c in RoadClass)
                raise MapDataError(f"{where}: unknown road class {props.get('class')!r} ({known})") from None
            ref = _ref(props)
            for part in _lines_near(_lines(geometry, where), frame):
                chain = self.hex_chain(part)
                for a, b in pairwise(chain):
                    if a in hexes and b in hexes:
                        _add_link(links, Segment.of(a, b), road_class, ref)
        return links

    def hex_chain(self, geometry: LineString) -> list[Hex]:
        """The hexes a line passes through, in order, each adjacent to the next.

        The line is sampled every twentieth of a hex; time and memory grow linearly with its
        vertices and length (a gap between two samples is bridged by looking at those two only).
        """
        points = _samples(shapely.get_coordinates(geometry), self.layout.size_m / 20.0)
        cells = _hex_cells(points, self.layout.size_m)
        changes = np.flatnonzero(np.any(cells[1:] != cells[:-1], axis=1)) + 1
        chain: list[Hex] = [Hex(int(cells[0, 0]), int(cells[0, 1]))]
        for index in changes.tolist():
            h = Hex(int(cells[index, 0]), int(cells[index, 1]))
            if chain[-1].distance(h) > 1:
                chain.extend(self._bridge_gap(chain[-1], h, points[index - 1], points[index]))
            chain.append(h)
        return chain

    def _bridge_gap(self, a: Hex, b: Hex, start: np.ndarray, end: np.ndarray) -> list[Hex]:
        """Hexes between two non-adjacent hexes of a chain: those the line (here, the piece
        between two samples) passes nearest."""
        if a.distance(b) == 2:
            shared = [n for n in a.neighbours() if n.distance(b) == 1]
            return [min(shared, key=lambda n: _distance_to_piece(self.layout.centre(n), start, end))]
        return line(a, b)[1:-1]

    def _crossings(self, hexes: set[Hex], rivers: BaseGeometry | None) -> frozenset[Segment]:
        if rivers is None:
            return frozenset()
        segments = sorted({Segment.of(h, n) for h in hexes for n in h.neighbours() if n in hexes})
        lines = np.array([LineString([self.layout.centre(s.a), self.layout.centre(s.b)]) for s in segments])
        crossing = shapely.intersects(lines, rivers)
        return frozenset(s for s, hit in zip(segments, crossing, strict=True) if hit)

    def _features(self) -> Iterable[Feature]:
        frame = self.area.buffer(self.layout.size_m * 2)
        for layer in ("urban", "woods", "heights", "water", "railways", "roads", "settlements"):
            for props, geometry in self.layer(layer):
                clipped = geometry.intersection(frame) if layer != "settlements" else geometry
                if clipped.is_empty:
                    continue
                kind = str(props.get("kind") or props.get("class") or layer)
                yield Feature(
                    layer,
                    kind,
                    str(props.get("name") or ""),
                    _ref(props),
                    tuple(_parts(clipped)),
                )


# --- map.json -------------------------------------------------------------------------------


def _map_name(value: Any, expected: str | None, where: Path) -> str:
    if not isinstance(value, str) or not MAP_NAME.fullmatch(value):
        raise MapDataError(f"{where}: 'name' must be a plain folder name such as \"bakhmut\", not {value!r}")
    if expected is not None and value != expected:
        raise MapDataError(f"{where}: the map calls itself {value!r}, but its folder is {expected!r}")
    return value


def _text(value: Any, key: str, where: Path) -> str:
    if not isinstance(value, str) or len(value) > 200:
        raise MapDataError(f"{where}: {key!r} must be text (200 characters at most)")
    return value


def _number(value: Any) -> float | None:
    """A finite number, or None (JSON true and false are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _point(value: Any, key: str, where: Path) -> tuple[float, float]:
    if isinstance(value, list) and len(value) == 2:
        lon, lat = _number(value[0]), _number(value[1])
        if lon is not None and lat is not None and -180 <= lon <= 180 and -90 <= lat <= 90:
            return lon, lat
    raise MapDataError(f"{where}: {key!r} must be [longitude, latitude] in degrees")


def _bbox(value: Any, where: Path) -> tuple[float, float, float, float]:
    numbers = [_number(v) for v in value] if isinstance(value, list) else []
    if len(numbers) == 4 and None not in numbers:
        west, south, east, north = (v or 0.0 for v in numbers)
        if -180 <= west < east <= 180 and -90 <= south < north <= 90:
            return west, south, east, north
    raise MapDataError(
        f"{where}: 'bbox' must be [west, south, east, north] in degrees, with -180 ≤ west < east ≤ 180 "
        "and -90 ≤ south < north ≤ 90"
    )


def _hex_size(value: Any, where: Path) -> float:
    size = _number(value)
    low, high = HEX_SIZE_RANGE
    if size is None or not low <= size <= high:
        raise MapDataError(f"{where}: 'hex_size_m' must be a number of metres from {low:g} to {high:g}")
    return size


def _layer_files(value: Any, where: Path) -> dict[str, str]:
    """Layer names to file names inside the map folder (never a path elsewhere)."""
    if not isinstance(value, dict):
        raise MapDataError(f"{where}: 'layers' must map layer names to file names")
    for key, filename in value.items():
        if key not in LAYER_NAMES:
            raise MapDataError(f"{where}: unknown layer {key!r}; layers are {', '.join(LAYER_NAMES)}")
        if not isinstance(filename, str) or not LAYER_FILE.fullmatch(filename):
            raise MapDataError(
                f"{where}: layers.{key} must be a file name in the map folder ending in .geojson, "
                f"not {filename!r}"
            )
    return dict(value)


# --- building helpers --------------------------------------------------------------------------


def _samples(coordinates: np.ndarray, step: float) -> np.ndarray:
    """Points every ``step`` metres along a polyline, both ends included (as many as
    ``shapely.line_interpolate_point`` would give, found in one pass over the vertices)."""
    xy = coordinates[:, :2]
    pieces = np.hypot(*np.diff(xy, axis=0).T)
    along = np.concatenate(([0.0], np.cumsum(pieces)))
    length = float(along[-1])
    count = max(2, int(length / step) + 1)
    distances = np.linspace(0.0, length, count)
    if len(xy) < 2 or length == 0.0:
        return np.repeat(xy[:1], count, axis=0)
    piece = np.clip(np.searchsorted(along, distances, side="right") - 1, 0, len(pieces) - 1)
    share = np.divide(distances - along[piece], pieces[piece], out=np.zeros(count), where=pieces[piece] > 0)
    points: np.ndarray = xy[piece] + share[:, None] * (xy[piece + 1] - xy[piece])
    return points


def _hex_cells(points: np.ndarray, size_m: float) -> np.ndarray:
    """:meth:`HexLayout.hex_at` for an (n, 2) array: axial (q, r) rows, by cube rounding."""
    q = points[:, 0] / (math.sqrt(3) / 2.0 * size_m)
    r = -points[:, 1] / size_m - q / 2.0
    s = -q - r
    rq, rr, rs = np.round(q), np.round(r), np.round(s)
    dq, dr, ds = np.abs(rq - q), np.abs(rr - r), np.abs(rs - s)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    rq = np.where(fix_q, -rr - rs, rq)
    rr = np.where(fix_r, -rq - rs, rr)
    cells: np.ndarray = np.stack([rq, rr], axis=1).astype(np.int64)
    return cells


def _distance_to_piece(point: tuple[float, float], start: np.ndarray, end: np.ndarray) -> float:
    """Distance from a point to the straight piece from ``start`` to ``end``."""
    px, py = point
    ax, ay, bx, by = float(start[0]), float(start[1]), float(end[0]), float(end[1])
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _add_link(
    links: dict[Segment, RoadLink], segment: Segment, road_class: RoadClass, ref: str | None
) -> None:
    old = links.get(segment)
    refs = tuple(sorted(set(old.refs if old else ()) | ({ref} if ref else set())))
    best = road_class if old is None or ROAD_RANK[road_class] < ROAD_RANK[old.road_class] else old.road_class
    links[segment] = RoadLink(best, refs)


def _ref(props: dict[str, Any]) -> str | None:
    """A road's reference ("M03") as text; anything else a file may put there, none."""
    ref = props.get("ref")
    return str(ref) if isinstance(ref, str | int) and not isinstance(ref, bool) and ref != "" else None


def _lines(geometry: BaseGeometry, where: str) -> list[LineString]:
    if geometry.geom_type == "LineString":
        return [geometry]
    if geometry.geom_type == "MultiLineString":
        return list(geometry.geoms)
    raise MapDataError(f"{where}: a road must be a line, not a {geometry.geom_type}")


def _lines_near(lines: list[LineString], frame: tuple[float, float, float, float]) -> Iterable[LineString]:
    """The pieces of the lines inside the frame."""
    for part in lines:
        for piece in shapely.get_parts(shapely.clip_by_rect(part, *frame)):
            if piece.geom_type == "LineString" and not piece.is_empty:
                yield piece


def _parts(geometry: BaseGeometry) -> Iterable[tuple[tuple[float, float], ...]]:
    kind = geometry.geom_type
    if kind.startswith("Multi") or kind == "GeometryCollection":
        for part in geometry.geoms:
            yield from _parts(part)
    elif kind == "Polygon":
        yield tuple((float(x), float(y)) for x, y in geometry.exterior.coords)
    elif kind in ("LineString", "LinearRing"):
        yield tuple((float(x), float(y)) for x, y in geometry.coords)
    elif kind == "Point":
        yield ((float(geometry.x), float(geometry.y)),)


def hexes_in_area(
    gamemap: GameMap,
    rings: Sequence[Sequence[Sequence[float]]] | dict[str, Any],
    where: str = "the area",
    source: str = "scenario",
) -> set[Hex]:
    """Hexes of ``gamemap`` whose centre lies inside a lon/lat polygon (rings, or GeoJSON geometry).

    The geometry is checked first (:func:`checked_geometry`): MapDataError names ``source`` (the
    file) and ``where`` (the place in it).
    """
    raw = rings if isinstance(rings, dict) else {"type": "Polygon", "coordinates": rings}
    return hexes_inside(gamemap, checked_geometry(raw, where, PositionBudget(source)))


def hexes_inside(gamemap: GameMap, geometry: BaseGeometry) -> set[Hex]:
    """Hexes of ``gamemap`` whose centre lies inside a shapely geometry in lon/lat."""
    geometry = repaired(geometry, "the area")  # MapDataError: crosses itself beyond repair
    hexes = sorted(gamemap.hexes)
    lonlat = np.array([gamemap.projection.to_lonlat(*gamemap.layout.centre(h)) for h in hexes])
    inside = shapely.contains_xy(geometry, lonlat[:, 0], lonlat[:, 1])
    return {hexes[i] for i in np.nonzero(inside)[0]}
