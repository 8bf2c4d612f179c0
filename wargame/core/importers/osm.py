"""Map extracts: OpenStreetMap GeoJSON sorted into the project's layers, clipped to a box and
written as a new ``maps/<name>/`` folder."""

from __future__ import annotations

import json
import math
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiLineString, mapping
from shapely.geometry.base import BaseGeometry

from wargame.core.errors import MapDataError
from wargame.core.files.geometry import repaired
from wargame.core.grid.geo import EARTH_RADIUS_M
from wargame.core.importers.geojson import Feature, ImportBudget, features, read_geojson
from wargame.core.map.gamemap import MAP_NAME
from wargame.core.map.mapdata import load_map_folder, user_maps_dir

BBox = tuple[float, float, float, float]  # west, south, east, north (degrees)
MAX_HEXES = 250_000
COORDINATE_DECIMALS = 5  # about 1 m: far finer than a hex, and keeps the files small

ROAD_CLASSES = {
    "motorway": "highway",
    "trunk": "highway",
    "primary": "main",
    "secondary": "secondary",
    "tertiary": "secondary",
}
# Ways tagged highway=* that carry no vehicles (or do not exist yet): never supply roads.
NOT_ROADS = frozenset(
    {
        "footway",
        "path",
        "cycleway",
        "steps",
        "bridleway",
        "pedestrian",
        "corridor",
        "platform",
        "proposed",
        "construction",
        "elevator",
        "bus_stop",
        "abandoned",
        "razed",
    }
)
PLACE_KINDS = {"city": "city", "town": "town", "village": "village", "hamlet": "village"}
LAYER_FILES = {
    "settlements": "settlements.geojson",
    "urban": "urban.geojson",
    "roads": "roads.geojson",
    "railways": "railways.geojson",
    "water": "water.geojson",
    "woods": "woods.geojson",
}


def parse_bbox(text: str) -> BBox:
    """``"37.8,48.5,38.2,48.7"`` (west, south, east, north) -> a checked box."""
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise MapDataError(f"--bbox {text!r}: expected four numbers W,S,E,N, e.g. 37.8,48.5,38.2,48.7")
    west, south, east, north = values
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise MapDataError(f"--bbox {text!r}: need -180 ≤ W < E ≤ 180 and -90 ≤ S < N ≤ 90 (longitude first)")
    return west, south, east, north


def hex_estimate(bbox: BBox, hex_size_m: float) -> int:
    """About how many hexes of ``hex_size_m`` cover the box."""
    west, south, east, north = bbox
    k = math.cos(math.radians((south + north) / 2))
    width = math.radians(east - west) * EARTH_RADIUS_M * k
    height = math.radians(north - south) * EARTH_RADIUS_M
    return round(width * height / (math.sqrt(3) / 2 * hex_size_m**2))


def check_size(bbox: BBox, hex_size_m: float, limit: int = MAX_HEXES) -> int:
    if not math.isfinite(hex_size_m) or hex_size_m < 50:
        raise MapDataError(f"--hex-size {hex_size_m:g}: give a hex size of at least 50 m")
    count = hex_estimate(bbox, hex_size_m)
    if count > limit:
        raise MapDataError(
            f"the box would hold about {count:,} hexes of {hex_size_m:g} m (limit {limit:,}): "
            "choose a smaller box or a larger --hex-size"
        )
    if count < 1:
        raise MapDataError(f"the box is smaller than one hex of {hex_size_m:g} m")
    return count


def osm_tags(props: dict[str, Any]) -> dict[str, Any]:
    """Tags of an OSM feature: top-level properties, or nested under ``tags`` by some exporters."""
    nested = props.get("tags")
    return {**props, **nested} if isinstance(nested, dict) else dict(props)


def _name(tags: dict[str, Any]) -> str:
    return str(tags.get("name:en") or tags.get("name") or "")


def classify(tags: dict[str, Any], geometry: BaseGeometry) -> tuple[str, dict[str, Any]] | None:
    """The project layer and properties for one OSM feature, or None when it has no place here."""
    dimension = shapely.get_dimensions(geometry)
    if dimension == 0 or tags.get("place") and dimension == 2:
        return _place(tags)
    if dimension == 1:
        return _line(tags)
    return _area(tags)


def _place(tags: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    kind = PLACE_KINDS.get(str(tags.get("place")))
    if kind is None or not _name(tags):
        return None
    props = {"name": _name(tags), "kind": kind}
    if tags.get("name") and tags["name"] != props["name"]:
        props["name_local"] = str(tags["name"])
    return "settlements", props


def _line(tags: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    highway = tags.get("highway")
    if isinstance(highway, str) and highway not in NOT_ROADS:
        road_class = ROAD_CLASSES.get(highway.removesuffix("_link"), "minor")
        ref = str(tags.get("ref") or "").split(";")[0].strip() or None
        return "roads", {"ref": ref, "name": _name(tags), "class": road_class}
    if tags.get("railway") == "rail":
        return "railways", {"name": _name(tags), "kind": "railway"}
    if tags.get("waterway") in ("river", "canal"):
        return "water", {"name": _name(tags), "kind": str(tags["waterway"])}
    return None


def _area(tags: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    if tags.get("landuse") in ("residential", "industrial"):
        # A named housing estate is not a town: hexes take their names from place points only.
        return "urban", {"name": "", "kind": "urban", "osm_name": _name(tags)}
    if tags.get("natural") == "wood" or tags.get("landuse") == "forest":
        return "woods", {"name": _name(tags), "kind": "woods"}
    if tags.get("natural") == "water" or tags.get("waterway") == "riverbank":
        return "water", {"name": _name(tags), "kind": str(tags.get("water") or "water")}
    return None


def clip(geometry: BaseGeometry, bbox: BBox, dimension: int) -> BaseGeometry | None:
    """The part of a geometry inside the box, keeping only parts of the given dimension."""
    if dimension == 0:
        point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
        return point if shapely.contains_xy(shapely.box(*bbox), point.x, point.y) else None
    if dimension == 2:
        geometry = repaired(geometry, "an area of the extract")  # refuses what would explode GEOS
    elif not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    clipped = shapely.clip_by_rect(geometry, *bbox)
    parts = [g for g in shapely.get_parts(clipped) if shapely.get_dimensions(g) == dimension]
    parts = [g for g in parts if not g.is_empty]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return shapely.union_all(parts) if dimension == 2 else MultiLineString(parts)


@dataclass
class MapLayers:
    """Features sorted into the project's layers, in lon/lat, clipped to the box."""

    layers: dict[str, list[Feature]] = field(default_factory=lambda: {k: [] for k in LAYER_FILES})
    read: int = 0  # features read from the inputs
    skipped: int = 0  # features with tags the project does not use
    outside: int = 0  # features entirely outside the box

    def add(self, tags: dict[str, Any], geometry: BaseGeometry, bbox: BBox) -> None:
        self.read += 1
        sorted_into = classify(tags, geometry)
        if sorted_into is None:
            self.skipped += 1
            return
        layer, props = sorted_into
        dimension = 0 if layer == "settlements" else 1 if layer in ("roads", "railways") else None
        if dimension is None:  # water and the area layers keep their own dimension
            dimension = int(shapely.get_dimensions(geometry))
        clipped = clip(geometry, bbox, dimension)
        if clipped is None:
            self.outside += 1
            return
        self.layers[layer].append((props, clipped))

    @property
    def total(self) -> int:
        return sum(len(items) for items in self.layers.values())


def sort_features(
    sources: Sequence[tuple[str, dict[str, Any]]], bbox: BBox, budget: ImportBudget | None = None
) -> MapLayers:
    """Sort the features of every input (name, GeoJSON) into layers; errors for empty input.

    ``budget``: the time and positions the whole import may take (default: the usual limits).
    """
    budget = budget or ImportBudget()
    result = MapLayers()
    for source, data in sources:
        items = features(data, source, budget)
        if not items:
            raise MapDataError(f"{source}: the file holds no features with a geometry")
        for props, geometry in items:
            budget.check(f"sorting the features of {source}")
            result.add(osm_tags(props), geometry, bbox)
    if result.total == 0:
        raise MapDataError(
            f"none of the {result.read} features read can be used inside the box: "
            f"{result.outside} lie outside it and {result.skipped} have no tag the importer knows "
            "(highway, railway, waterway, place, landuse, natural)"
        )
    return result


def layer_json(items: Sequence[Feature]) -> dict[str, Any]:
    """A layer as a GeoJSON FeatureCollection, coordinates rounded to about a metre."""
    ordered = sorted(items, key=lambda item: (str(item[0].get("name", "")), item[1].wkt[:60]))
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": _rounded(mapping(geometry))}
            for props, geometry in ordered
        ],
    }


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, COORDINATE_DECIMALS)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class MapImport:
    """What ``import-map`` built."""

    folder: Path
    counts: dict[str, int]
    hexes: int
    road_links: int
    crossings: int
    read: int
    skipped: int
    outside: int

    def summary(self) -> str:
        layers = ", ".join(f"{n} {layer}" for layer, n in self.counts.items() if n)
        return (
            f"map {self.folder.name!r} written to {self.folder}: {self.hexes} hexes, {self.road_links} "
            f"road links, {self.crossings} river crossings ({layers}; {self.read} features read, "
            f"{self.skipped} without a known tag, {self.outside} outside the box)"
        )


def import_map(
    name: str,
    bbox: BBox,
    inputs: Sequence[str | Path],
    hex_size_m: float = 500.0,
    maps_dir: str | Path | None = None,
    title: str | None = None,
    budget: ImportBudget | None = None,
) -> MapImport:
    """Build ``maps_dir/name/`` from OpenStreetMap GeoJSON extracts, then load it to check it.

    The folder appears complete or not at all: it is written beside its final place and
    renamed into it once the map loads.
    """
    if not MAP_NAME.fullmatch(name):
        raise MapDataError(f"--name {name!r}: use letters, digits, '-', '_' or '.' (a folder name)")
    check_size(bbox, hex_size_m)
    # The user's maps folder by default: the app finds maps there, and a reinstall keeps them.
    parent = Path(maps_dir) if maps_dir is not None else user_maps_dir()
    target = parent / name
    if target.exists():
        raise MapDataError(f"{target} already exists: choose another --name or remove it first")
    budget = budget or ImportBudget()
    sources = []
    for path in inputs:
        budget.check(f"reading {path}")
        sources.append((str(path), read_geojson(path)))
    layers = sort_features(sources, bbox, budget)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{name}."))
        staging.chmod(0o755)  # mkdtemp makes it private; a map folder is ordinary shared data
    except OSError as error:
        raise MapDataError(f"cannot create a map folder in {parent}: {error.strerror or error}") from None
    try:
        meta = _write_folder(staging, name, title or name, bbox, hex_size_m, layers, inputs)
        budget.check("writing the layers")
        gamemap = load_map_folder(staging, name)  # uncached: the staging path is temporary
        budget.check("building the map to check it")
        staging.rename(target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise MapDataError(f"cannot write {target}: {error.strerror or error}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    counts = {layer: len(items) for layer, items in layers.layers.items() if layer in meta["layers"]}
    return MapImport(
        target,
        counts,
        len(gamemap),
        len(gamemap.roads),
        len(gamemap.river_crossings),
        layers.read,
        layers.skipped,
        layers.outside,
    )


def _write_folder(
    folder: Path,
    name: str,
    title: str,
    bbox: BBox,
    hex_size_m: float,
    layers: MapLayers,
    inputs: Sequence[str | Path],
) -> dict[str, Any]:
    present = {layer: LAYER_FILES[layer] for layer, items in layers.layers.items() if items}
    west, south, east, north = bbox
    meta = {
        "name": name,
        "title": title,
        "bbox": [west, south, east, north],
        "centre": [round((west + east) / 2, 6), round((south + north) / 2, 6)],
        "hex_size_m": int(hex_size_m) if float(hex_size_m).is_integer() else hex_size_m,
        "layers": present,
    }
    (folder / "map.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    for layer, filename in present.items():
        text = json.dumps(layer_json(layers.layers[layer]), ensure_ascii=False, separators=(",", ":"))
        (folder / filename).write_text(text + "\n", encoding="utf-8")
    (folder / "SOURCES.md").write_text(sources_stub(title, bbox, present, layers, inputs), encoding="utf-8")
    return meta


def sources_stub(
    title: str, bbox: BBox, present: dict[str, str], layers: MapLayers, inputs: Sequence[str | Path]
) -> str:
    """A SOURCES.md to complete by hand: the input files, the box and what each layer holds."""
    day = datetime.now(UTC).date().isoformat()
    rows = "\n".join(
        f"| {layer} | `{filename}` | {len(layers.layers[layer])} |" for layer, filename in present.items()
    )
    files = "\n".join(f"- `{Path(p).name}`" for p in inputs)
    return (
        f"# {title}: contents and sources\n\n"
        f"Built on {day} by `python -m wargame import-map` from these GeoJSON files:\n\n{files}\n\n"
        "They are expected to be OpenStreetMap extracts: the data is © OpenStreetMap contributors,\n"
        "available under the Open Database Licence (ODbL 1.0, https://www.openstreetmap.org/copyright).\n"
        "**Fill in** where and when each file was exported (e.g. the Overpass query) before sharing.\n\n"
        f"Map box: W {bbox[0]}, S {bbox[1]}, E {bbox[2]}, N {bbox[3]}; features were clipped to it and\n"
        "coordinates rounded to 5 decimals.\n\n| Layer | File | Features |\n|---|---|---|\n"
        f"{rows}\n\nTags used: see docs/importing.md.\n"
    )
