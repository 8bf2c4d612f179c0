"""Build a :class:`GameMap` from the vector data in ``maps/<name>/`` (GeoJSON, WGS84).

The layers are projected to local metres around the map centre and laid onto the hex grid
with shapely: terrain by the share of each hex that urban areas, woods, high ground and
water cover; settlements by the hex their point (or urban area) falls in; river crossings by
the hex-to-hex links that cross a river or canal; road links by walking each road line
through the hexes it passes, so every road is a connected chain of adjacent hexes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon, box, shape
from shapely.geometry.base import BaseGeometry

from wargame.core.errors import MapDataError
from wargame.core.grid.geo import EARTH_RADIUS_M, LocalProjection
from wargame.core.grid.hexgrid import Hex, from_offset, line, to_offset
from wargame.core.grid.layout import HexLayout
from wargame.core.map.cache import cache_file, cache_key, read_cached, source_digest, write_cached
from wargame.core.map.gamemap import Feature, GameMap, HexInfo, RoadLink
from wargame.core.model import RoadClass, Segment, Terrain
from wargame.core.resources import shipped_dir

# The version of what the builder makes: bump it whenever a change here (or in GameMap) would
# build a different map from the same GeoJSON, so that every cached map is built again.
MAP_VERSION = 1
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


def map_dir(name: str) -> Path:
    return maps_dir() / name


@lru_cache(maxsize=8)
def load_map(name_or_dir: str) -> GameMap:
    """Load a map by name (``"bakhmut"``) or folder path: from the built-map cache when its
    GeoJSON and :data:`MAP_VERSION` are unchanged, else built and cached. Kept in memory too:
    maps never change while the app runs."""
    folder = Path(name_or_dir)
    if not folder.is_dir():
        folder = map_dir(name_or_dir)
    meta_path = folder / "map.json"
    if not meta_path.is_file():
        raise MapDataError(f"no map {name_or_dir!r}: {meta_path} does not exist")
    builder = MapBuilder(folder, _read_json(meta_path))
    key = cache_key(MAP_VERSION, source_digest(folder, sorted(builder.layer_files.values())))
    cached_at = cache_file(folder)
    cached = read_cached(cached_at, key)
    if cached is not None:
        return cached
    gamemap = builder.build()
    write_cached(cached_at, key, gamemap)
    return gamemap


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MapDataError(f"cannot read {path}: {error}") from None


class MapBuilder:
    """Lays the layers of one map folder onto its hex grid."""

    def __init__(self, folder: Path, meta: dict[str, Any]) -> None:
        try:
            west, south, east, north = (float(v) for v in meta["bbox"])
            lon0, lat0 = (float(v) for v in meta.get("centre", [(west + east) / 2, (south + north) / 2]))
            self.name = str(meta.get("name", folder.name))
            self.title = str(meta.get("title", self.name))
            self.layout = HexLayout(float(meta.get("hex_size_m", 500.0)))
            self.layer_files: dict[str, str] = dict(meta.get("layers", {}))
        except (KeyError, TypeError, ValueError) as error:
            raise MapDataError(f"{folder / 'map.json'}: bad or missing field ({error})") from None
        self.folder = folder
        self.projection = LocalProjection(lon0, lat0)
        x0, y0 = self.projection.to_metres(west, south)
        x1, y1 = self.projection.to_metres(east, north)
        self.area = box(x0, y0, x1, y1)

    # --- reading layers --------------------------------------------------------------------

    def layer(self, key: str) -> list[tuple[dict[str, Any], BaseGeometry]]:
        """(properties, geometry in local metres) for each feature of a layer; [] when absent."""
        filename = self.layer_files.get(key)
        if not filename:
            return []
        path = self.folder / filename
        data = _read_json(path)
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            raise MapDataError(f"{path}: expected a GeoJSON FeatureCollection")
        result = []
        for index, feature in enumerate(data.get("features", [])):
            try:
                geometry = shape(feature["geometry"])
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise MapDataError(f"{path}: feature {index} has a bad geometry ({error})") from None
            props = feature.get("properties") or {}
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
        for props, geometry in self.layer("roads"):
            try:
                road_class = RoadClass(props.get("class", "minor"))
            except ValueError:
                raise MapDataError(
                    f"road {props.get('name')!r}: unknown class {props.get('class')!r}"
                ) from None
            ref = props.get("ref") or None
            for part in _lines(geometry):
                chain = self.hex_chain(part)
                for a, b in pairwise(chain):
                    if a in hexes and b in hexes:
                        _add_link(links, Segment.of(a, b), road_class, ref)
        return links

    def hex_chain(self, geometry: LineString) -> list[Hex]:
        """The hexes a line passes through, in order, each adjacent to the next."""
        step = self.layout.size_m / 20.0
        count = max(2, int(geometry.length / step) + 1)
        points = shapely.line_interpolate_point(geometry, np.linspace(0.0, geometry.length, count))
        chain: list[Hex] = []
        for x, y in shapely.get_coordinates(points):
            h = self.layout.hex_at(float(x), float(y))
            if chain and h == chain[-1]:
                continue
            if chain and chain[-1].distance(h) > 1:
                chain.extend(self._bridge_gap(chain[-1], h, geometry))
            chain.append(h)
        return chain

    def _bridge_gap(self, a: Hex, b: Hex, geometry: LineString) -> list[Hex]:
        """Hexes between two non-adjacent hexes of a chain: those the line passes nearest."""
        if a.distance(b) == 2:
            shared = [n for n in a.neighbours() if n.distance(b) == 1]
            return [min(shared, key=lambda n: geometry.distance(shapely.Point(self.layout.centre(n))))]
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
                    props.get("ref") or None,
                    tuple(_parts(clipped)),
                )


def _add_link(
    links: dict[Segment, RoadLink], segment: Segment, road_class: RoadClass, ref: str | None
) -> None:
    old = links.get(segment)
    refs = tuple(sorted(set(old.refs if old else ()) | ({ref} if ref else set())))
    best = road_class if old is None or ROAD_RANK[road_class] < ROAD_RANK[old.road_class] else old.road_class
    links[segment] = RoadLink(best, refs)


def _lines(geometry: BaseGeometry) -> list[LineString]:
    if geometry.geom_type == "LineString":
        return [geometry]
    if geometry.geom_type == "MultiLineString":
        return list(geometry.geoms)
    raise MapDataError(f"expected a road line, got {geometry.geom_type}")


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


def hexes_in_area(gamemap: GameMap, rings: Sequence[Sequence[Sequence[float]]] | dict[str, Any]) -> set[Hex]:
    """Hexes of ``gamemap`` whose centre lies inside a lon/lat polygon (rings, or GeoJSON geometry)."""
    geometry = shape(rings) if isinstance(rings, dict) else Polygon(rings[0], rings[1:])
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    hexes = sorted(gamemap.hexes)
    lonlat = np.array([gamemap.projection.to_lonlat(*gamemap.layout.centre(h)) for h in hexes])
    inside = shapely.contains_xy(geometry, lonlat[:, 0], lonlat[:, 1])
    return {hexes[i] for i in np.nonzero(inside)[0]}
