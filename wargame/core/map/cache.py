"""The built-map cache: each map's :class:`GameMap` kept as compressed JSON in the user's cache.

Building a map from its GeoJSON with shapely takes a few tenths of a second at every start;
reading it back from the cache takes a few hundredths. A cache file is one header line (JSON:
the cache format and version, the code's map version, the digest of the map's source files
and the checksum of the payload) and the payload: the map as zlib-compressed JSON. It is used
only when the header matches and the checksum is right; anything else (an older version,
changed GeoJSON, a truncated or damaged file) is ignored and the map is built again. JSON,
never pickle: a file in a user's folder is data, never code.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wargame.core.errors import GameFileError, MapDataError
from wargame.core.files.atomic import write_atomic
from wargame.core.files.reader import read_bytes
from wargame.core.grid.geo import LocalProjection
from wargame.core.grid.hexgrid import Hex
from wargame.core.grid.layout import HexLayout
from wargame.core.map.gamemap import MAP_NAME, Feature, GameMap, HexInfo, RoadLink
from wargame.core.model import RoadClass, Segment, Terrain
from wargame.core.resources import user_dir

CACHE_FORMAT = "wargame-map-cache"
CACHE_VERSION = 1  # of this file's layout; the builder's own version is passed in
SUFFIX = ".map.json.z"
MISSING = b"\0missing\0"
MAX_SOURCE_BYTES = 128 * 1024 * 1024  # as a map layer may be (wargame.core.map.mapdata)
MAX_CACHE_BYTES = 256 * 1024 * 1024  # a cached map, compressed or not


def source_digest(folder: Path, files: list[str]) -> str:
    """SHA-256 over the map's ``map.json`` and the layer files it names, in that order.

    Read by the one reader (regular files within the size limit only: a FIFO or a 5 GB file is
    never read here; the builder then reports it).
    """
    digest = hashlib.sha256()
    for name in ["map.json", *files]:
        path = folder / name
        digest.update(name.encode("utf-8") + b"\0")
        try:
            digest.update(read_bytes(path, MAX_SOURCE_BYTES, "a map file", MapDataError))
        except MapDataError:
            digest.update(MISSING)  # the builder reports the missing file; a later copy changes the key
        digest.update(b"\0")
    return digest.hexdigest()


def cache_file(folder: Path) -> Path:
    """The cache file of the map in ``folder``: one per folder, named after it."""
    where = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    name = folder.name if MAP_NAME.fullmatch(folder.name) else "map"
    return user_dir("cache") / "maps" / f"{name}-{where}{SUFFIX}"


def cache_key(map_version: int, source: str) -> dict[str, object]:
    """What a cache file's header must say to be used (besides its payload's checksum)."""
    return {"format": CACHE_FORMAT, "version": CACHE_VERSION, "map_version": map_version, "source": source}


def read_cached(path: Path, key: Mapping[str, object]) -> GameMap | None:
    """The map in the cache file at ``path``, or None when it is missing, stale or damaged."""
    try:
        data = read_bytes(path, MAX_CACHE_BYTES, "a cached map", MapDataError)
    except MapDataError:
        return None
    header_line, _, payload = data.partition(b"\n")
    try:
        header = json.loads(header_line)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(header, dict) or {k: header.get(k) for k in key} != dict(key):
        return None
    if header.get("checksum") != hashlib.sha256(payload).hexdigest():
        return None
    try:
        unpacked = zlib.decompressobj()
        text = unpacked.decompress(payload, MAX_CACHE_BYTES)
        if unpacked.unconsumed_tail:
            return None  # far larger than any map: not one this code wrote
        return map_from_json(json.loads(text))
    except (zlib.error, json.JSONDecodeError, KeyError, IndexError, TypeError, ValueError, MapDataError):
        return None  # a right checksum over a payload this code cannot read: build the map again
    except RecursionError:
        return None


def write_cached(path: Path, key: Mapping[str, object], gamemap: GameMap) -> bool:
    """Write ``gamemap`` to the cache file at ``path``; False when the folder cannot be written
    (the cache only saves time: the map is built again next time)."""
    payload = zlib.compress(json.dumps(map_to_json(gamemap), separators=(",", ":")).encode("utf-8"), 6)
    header = {**key, "checksum": hashlib.sha256(payload).hexdigest()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(header).encode("utf-8") + b"\n" + payload)
    except (OSError, GameFileError):
        return False
    return True


def map_to_json(gamemap: GameMap) -> dict[str, Any]:
    """The map as plain JSON values (dicts keep their order, so a read-back map iterates alike)."""
    return {
        "name": gamemap.name,
        "title": gamemap.title,
        "hex_size_m": gamemap.layout.size_m,
        "projection": [gamemap.projection.lon0, gamemap.projection.lat0],
        "hexes": [
            [h.q, h.r, info.terrain.value, info.settlement, info.high_ground, info.river]
            for h, info in gamemap.hexes.items()
        ],
        "roads": [[*s.a, *s.b, link.road_class.value, list(link.refs)] for s, link in gamemap.roads.items()],
        "river_crossings": [[*s.a, *s.b] for s in sorted(gamemap.river_crossings)],
        "features": [
            [f.layer, f.kind, f.name, f.ref, [[list(p) for p in part] for part in f.parts]]
            for f in gamemap.features
        ],
        "settlements": [[name, h.q, h.r] for name, h in gamemap.settlements.items()],
    }


def map_from_json(data: dict[str, Any]) -> GameMap:
    """Inverse of :func:`map_to_json`."""
    return GameMap(
        name=str(data["name"]),
        title=str(data["title"]),
        layout=HexLayout(float(data["hex_size_m"])),
        hexes={
            Hex(q, r): HexInfo(Terrain(terrain), settlement, bool(high), bool(river))
            for q, r, terrain, settlement, high, river in data["hexes"]
        },
        roads={
            Segment(Hex(aq, ar), Hex(bq, br)): RoadLink(RoadClass(road_class), tuple(refs))
            for aq, ar, bq, br, road_class, refs in data["roads"]
        },
        river_crossings=frozenset(
            Segment(Hex(aq, ar), Hex(bq, br)) for aq, ar, bq, br in data["river_crossings"]
        ),
        features=tuple(
            Feature(layer, kind, name, ref, tuple(tuple((x, y) for x, y in part) for part in parts))
            for layer, kind, name, ref, parts in data["features"]
        ),
        settlements={name: Hex(q, r) for name, q, r in data["settlements"]},
        projection=LocalProjection(*data["projection"]),
    )
