"""Reading GeoJSON from outside the project: WGS84 lon/lat only, with clear errors."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from wargame.core.errors import MapDataError

# An OpenStreetMap extract of a few hundred km² is tens of MB; refuse what cannot be one.
MAX_GEOJSON_BYTES = 512 * 1024 * 1024
GEOMETRY_TYPES = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
)
# GeoJSON (RFC 7946) is always WGS84 lon/lat; older files may say so in a "crs" member.
WGS84_NAMES = re.compile(r"(OGC:(1\.3)?:?CRS84|EPSG:+4326)$", re.IGNORECASE)

Feature = tuple[dict[str, Any], BaseGeometry]


# --- reading GeoJSON -----------------------------------------------------------------------


def read_geojson(path: str | Path) -> dict[str, Any]:
    """Parse a GeoJSON file into a dict; MapDataError says what is wrong with it."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_GEOJSON_BYTES:
            raise MapDataError(f"{file}: {size / 2**20:.0f} MB is too large for a GeoJSON import")
        text = file.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise MapDataError(f"cannot read {file}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise MapDataError(f"{file}: not a text (UTF-8) file, bad byte at offset {error.start}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} ({error.msg})"
        raise MapDataError(f"{file}: not GeoJSON: invalid JSON at {where}") from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise MapDataError(f"{file}: not GeoJSON: expected an object with a 'type'")
    return data


def features(data: dict[str, Any], source: str = "GeoJSON") -> list[Feature]:
    """(properties, geometry) of every feature with a geometry, from any GeoJSON object.

    Checks the CRS first: only WGS84 longitude/latitude is accepted.
    """
    _check_crs(data, source)
    kind = data.get("type")
    if kind == "FeatureCollection":
        raw = data.get("features")
        if not isinstance(raw, list):
            raise MapDataError(f"{source}: a FeatureCollection needs a 'features' list")
    elif kind == "Feature":
        raw = [data]
    elif kind in GEOMETRY_TYPES:
        raw = [{"type": "Feature", "properties": {}, "geometry": data}]
    else:
        raise MapDataError(
            f"{source}: not GeoJSON: unknown type {kind!r} (expected a Feature, "
            "FeatureCollection or geometry)"
        )
    result = [item for index, entry in enumerate(raw) if (item := _feature(entry, index, source))]
    _check_lonlat(result, source)
    return result


def _feature(entry: Any, index: int, source: str) -> Feature | None:
    if not isinstance(entry, dict) or entry.get("type") != "Feature":
        raise MapDataError(f"{source}: features[{index}] is not a GeoJSON Feature")
    geometry = entry.get("geometry")
    if geometry is None:
        return None  # GeoJSON allows features without a location; they carry nothing to import
    try:
        parsed = shape(geometry)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise MapDataError(f"{source}: features[{index}] has a bad geometry ({error})") from None
    props = entry.get("properties")
    return (props if isinstance(props, dict) else {}), parsed


def _check_crs(data: dict[str, Any], source: str) -> None:
    crs = data.get("crs")
    if crs is None:
        return
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not isinstance(name, str) or not WGS84_NAMES.search(name.strip()):
        raise MapDataError(
            f"{source}: the file's coordinate system is {name or crs!r}, not WGS84 lon/lat; "
            "re-export it as GeoJSON in EPSG:4326 (CRS84)"
        )


def _check_lonlat(items: Sequence[Feature], source: str) -> None:
    if not items:
        return
    west, south, east, north = shapely.total_bounds([g for _, g in items])
    if west < -180 or east > 180 or south < -90 or north > 90:
        raise MapDataError(
            f"{source}: coordinates run to x {east:,.0f}, y {north:,.0f}, outside longitude/latitude "
            "ranges: the file is in a projected CRS (metres?); re-export it in EPSG:4326 (WGS84)"
        )


# --- front lines: control of hexes ---------------------------------------------------------
