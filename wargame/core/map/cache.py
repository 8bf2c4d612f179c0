"""The built-map cache: each map's :class:`GameMap` kept as compressed JSON in the user's cache.

Building a map from its GeoJSON with shapely takes a few tenths of a second at every start;
reading it back from the cache takes a few hundredths. A cache file is one header line (JSON:
the cache format and version, the code's map version, the digest of the map's source files
and the checksum of the payload) and the payload: the map as zlib-compressed JSON. It is used
only when the header matches and the checksum is right; anything else (an older version,
changed GeoJSON, a truncated or damaged file) is ignored and the map is built again. JSON,
never pickle: a file in a user's folder is data, never code.

A cache file is a planted file waiting to happen, so it is not trusted: its checksum is an
HMAC-SHA-256 keyed with a secret of this installation (``map-cache.key`` in the user's data
folder, not beside the cache, readable by the user only), so a cache anyone else wrote (a
renamed city, every hex flooded) is rebuilt; and what it holds is checked as any input is
(finite numbers in range, hexes on the map, known terrain and road classes), so even a file
with the right key cannot crash a command (a hex size of 0, NaN or 1e308).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import secrets
import zlib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from wargame.core.errors import GameFileError, MapDataError
from wargame.core.files.atomic import write_atomic
from wargame.core.files.reader import read_bytes
from wargame.core.grid.geo import LocalProjection
from wargame.core.grid.hexgrid import Hex
from wargame.core.grid.layout import HexLayout
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
from wargame.core.resources import user_dir

CACHE_FORMAT = "wargame-map-cache"
CACHE_VERSION = 1  # of this file's layout; the builder's own version is passed in
SUFFIX = ".map.json.z"
MISSING = b"\0missing\0"
MAX_SOURCE_BYTES = 128 * 1024 * 1024  # as a map layer may be (wargame.core.map.mapdata)
MAX_CACHE_BYTES = 256 * 1024 * 1024  # a cached map, compressed or not
KEY_BYTES = 32


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
    checksum = header.get("checksum")
    if not isinstance(checksum, str) or not hmac.compare_digest(checksum, _signature(key, payload)):
        return None
    try:
        unpacked = zlib.decompressobj()
        text = unpacked.decompress(payload, MAX_CACHE_BYTES)
        if unpacked.unconsumed_tail:
            return None  # far larger than any map: not one this code wrote
        return map_from_json(checked_map_json(json.loads(text, parse_constant=_no_constant)))
    except (zlib.error, json.JSONDecodeError, KeyError, IndexError, TypeError, ValueError, MapDataError):
        return None  # a right checksum over a payload this code cannot read: build the map again
    except RecursionError:
        return None


def write_cached(path: Path, key: Mapping[str, object], gamemap: GameMap) -> bool:
    """Write ``gamemap`` to the cache file at ``path``; False when the folder cannot be written
    (the cache only saves time: the map is built again next time)."""
    payload = zlib.compress(json.dumps(map_to_json(gamemap), separators=(",", ":")).encode("utf-8"), 6)
    header = {**key, "checksum": _signature(key, payload)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(header).encode("utf-8") + b"\n" + payload)
    except (OSError, GameFileError):
        return False
    return True


def _signature(key: Mapping[str, object], payload: bytes) -> str:
    """HMAC-SHA-256 of the header's key and the payload, with this installation's secret."""
    message = json.dumps(dict(key), sort_keys=True).encode("utf-8") + b"\n" + payload
    return hmac.new(_secret(), message, hashlib.sha256).hexdigest()


@lru_cache(maxsize=1)
def _secret() -> bytes:
    """This installation's cache key: made once, kept in the data folder (mode 600). Where it
    cannot be kept, a key of this run only: caches of other runs are rebuilt, never believed."""
    path = user_dir("data") / "map-cache.key"
    try:
        raw = read_bytes(path, 1024, "a key", MapDataError)
        if len(raw) == KEY_BYTES:
            return raw
    except MapDataError:
        pass
    key = secrets.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another run made it meanwhile, or it is damaged: use it if whole
        try:
            raw = read_bytes(path, 1024, "a key", MapDataError)
        except MapDataError:
            return key
        return raw if len(raw) == KEY_BYTES else key
    except OSError:
        return key
    with os.fdopen(descriptor, "wb") as out:
        out.write(key)
    return key


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} in a cached map")


def checked_map_json(data: Any) -> dict[str, Any]:
    """The JSON of a cached map, checked as any input is; ValueError (or TypeError, KeyError)
    when it is not one this code could have written."""
    if not isinstance(data, dict):
        raise TypeError("not an object")
    low, high = HEX_SIZE_RANGE
    size, (lon, lat) = data["hex_size_m"], data["projection"]
    if not all(_finite(v) for v in (size, lon, lat)) or not low <= size <= high:
        raise ValueError("hex size or projection out of range")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90) or not isinstance(data["name"], str):
        raise ValueError("projection out of range")
    hexes = data["hexes"]
    if not 0 < len(hexes) <= MAX_MAP_HEXES:
        raise ValueError("too many hexes")
    cells = set()
    for q, r, _terrain, settlement, high_ground, river in hexes:
        if not (_coordinate(q) and _coordinate(r)) or not isinstance(settlement, str | None):
            raise ValueError("a hex out of range")
        if not isinstance(high_ground, bool) or not isinstance(river, bool):
            raise TypeError("a hex flag is not true or false")
        cells.add((q, r))
    for aq, ar, bq, br, *_ in [*data["roads"], *data["river_crossings"]]:
        if (aq, ar) not in cells or (bq, br) not in cells:
            raise ValueError("a road or river off the map")
    for _name, q, r in data["settlements"]:
        if (q, r) not in cells:
            raise ValueError("a settlement off the map")
    limit = 1000 * high * math.sqrt(MAX_MAP_HEXES)  # metres: far beyond any map's extent
    for _layer, _kind, _fname, _ref, parts in data["features"]:
        for part in parts:
            for x, y in part:
                if not (_finite(x) and _finite(y) and -limit < x < limit and -limit < y < limit):
                    raise ValueError("a feature point out of range")
    return data


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _coordinate(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -(10**6) <= value <= 10**6


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
