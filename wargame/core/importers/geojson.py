"""Reading GeoJSON from outside the project: WGS84 lon/lat only, with clear errors.

Files go through the one reader (:mod:`wargame.core.files.reader`: size, regular file, UTF-8,
strict JSON, bounded nesting) and every geometry through :mod:`wargame.core.files.geometry`
(known types, finite lon/lat positions, vertex limits) before shapely builds it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry

from wargame.core.errors import MapDataError
from wargame.core.files.geometry import (
    GEOMETRY_TYPES,
    MAX_LISTS,
    MAX_OBJECTS,
    PositionBudget,
    checked_geometry,
)
from wargame.core.files.reader import read_json

# An OpenStreetMap extract of a few hundred km² is tens of MB; refuse what cannot be one.
MAX_GEOJSON_BYTES = 128 * 1024 * 1024
# GeoJSON (RFC 7946) is always WGS84 lon/lat; older files may say so in a "crs" member.
WGS84_NAMES = re.compile(r"(OGC:(1\.3)?:?CRS84|EPSG:+4326)$", re.IGNORECASE)
WGS84_SPELLINGS = "urn:ogc:def:crs:OGC:1.3:CRS84, urn:ogc:def:crs:EPSG::4326, EPSG:4326 or OGC:CRS84"

# An import that runs longer than this stops with a message (the vertex limits of
# wargame.core.files.geometry keep each step short, so the check between steps is enough).
IMPORT_SECONDS = 300.0

Feature = tuple[dict[str, Any], BaseGeometry]


@dataclass
class ImportBudget:
    """The time an import may take, and the positions all its inputs may hold together."""

    seconds: float = IMPORT_SECONDS
    positions: PositionBudget = field(default_factory=lambda: PositionBudget("the inputs"))
    started: float = field(default_factory=time.monotonic)

    def check(self, doing: str) -> None:
        """MapDataError once the time is up, saying what the import was doing."""
        if time.monotonic() - self.started > self.seconds:
            raise MapDataError(
                f"the import took more than {self.seconds:g} s ({doing}) and was stopped; nothing was "
                "written: split the input into smaller files or choose a smaller box"
            )


# --- reading GeoJSON -----------------------------------------------------------------------


def read_geojson(path: str | Path) -> dict[str, Any]:
    """Parse a GeoJSON file into a dict; MapDataError says what is wrong with it."""
    file = Path(path)
    data = read_json(
        file, MAX_GEOJSON_BYTES, "a GeoJSON file", MapDataError, max_lists=MAX_LISTS, max_objects=MAX_OBJECTS
    )
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise MapDataError(f"{file}: not GeoJSON: expected an object with a 'type'")
    return data


def features(
    data: dict[str, Any], source: str = "GeoJSON", budget: ImportBudget | None = None
) -> list[Feature]:
    """(properties, geometry) of every feature with a geometry, from any GeoJSON object.

    Checks the CRS first: only WGS84 longitude/latitude is accepted. ``budget``: the time and
    positions left to an import of several files (default: the limits of one file).
    """
    _check_crs(data, source)
    kind = data.get("type")
    if kind == "FeatureCollection":
        raw = data.get("features")
        if not isinstance(raw, list):
            raise MapDataError(f"{source}: a FeatureCollection needs a 'features' list")
        places = [f"features[{index}]" for index in range(len(raw))]
    elif kind == "Feature":
        raw, places = [data], ["feature"]
    elif kind in GEOMETRY_TYPES:
        raw, places = [{"type": "Feature", "properties": {}, "geometry": data}], ["geometry"]
    else:
        raise MapDataError(
            f"{source}: not GeoJSON: unknown type {kind!r} (expected a Feature, "
            f"FeatureCollection or geometry: {', '.join(GEOMETRY_TYPES)})"
        )
    budget = budget or ImportBudget()
    budget.positions.source = source
    return [
        item for entry, where in zip(raw, places, strict=True) if (item := _feature(entry, where, budget))
    ]


def _feature(entry: Any, where: str, budget: ImportBudget) -> Feature | None:
    budget.check(f"reading {where} of {budget.positions.source}")
    if not isinstance(entry, dict) or entry.get("type") != "Feature":
        raise MapDataError(f"{budget.positions.source}: {where} is not a GeoJSON Feature")
    geometry = entry.get("geometry")
    if geometry is None:
        return None  # GeoJSON allows features without a location; they carry nothing to import
    place = f"{where}.geometry" if where != "geometry" else where
    parsed = checked_geometry(geometry, place, budget.positions)
    props = entry.get("properties")
    return (props if isinstance(props, dict) else {}), parsed


def _check_crs(data: dict[str, Any], source: str) -> None:
    crs = data.get("crs")
    if crs is None:
        return
    properties = crs.get("properties") if isinstance(crs, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str):
        raise MapDataError(
            f"{source}: the 'crs' member is malformed (it needs properties.name); GeoJSON is WGS84 "
            f"lon/lat: leave 'crs' out, or name {WGS84_SPELLINGS}"
        )
    if not WGS84_NAMES.search(name.strip()):
        raise MapDataError(
            f"{source}: the file's coordinate system is {name[:80]!r}, not WGS84 lon/lat; re-export it "
            f"as GeoJSON in EPSG:4326 (a 'crs' member, if any, must name {WGS84_SPELLINGS})"
        )
