"""Front lines to control: a (Multi)Polygon of the area a side holds, as published in
front-line maps, sets control of every hex whose centre lies inside it (holes respected)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from wargame.core.errors import MapDataError
from wargame.core.files.geometry import repaired as repair
from wargame.core.grid.hexgrid import Hex
from wargame.core.importers.geojson import Feature, ImportBudget, features
from wargame.core.map.gamemap import GameMap
from wargame.core.map.mapdata import hexes_inside
from wargame.core.model import Scenario, find_id


def parse_where(text: str | None) -> tuple[str, str] | None:
    """``"category=occupied"`` -> ``("category", "occupied")``; None passes through."""
    if text is None:
        return None
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise MapDataError(f"--where {text!r}: expected KEY=VALUE, e.g. category=occupied_dissolved")
    return key.strip(), value.strip()


def control_area(
    data: dict[str, Any],
    where: tuple[str, str] | None = None,
    source: str = "GeoJSON",
    budget: ImportBudget | None = None,
) -> BaseGeometry:
    """The union of the (Multi)Polygons in a GeoJSON object, optionally only matching features."""
    budget = budget or ImportBudget()
    items = features(data, source, budget)
    if where is not None:
        items = _matching(items, where, source)
    polygons = [part for _, g in items for part in _polygons(g)]
    if not polygons:
        found = Counter(g.geom_type for _, g in items)
        listed = ", ".join(f"{kind} ×{n}" for kind, n in sorted(found.items())) or "no geometries"
        raise MapDataError(f"{source}: no polygons to import (found {listed})")
    # Hand-drawn front lines often self-intersect; repair them, keeping only the areas.
    budget.check(f"repairing the polygons of {source}")
    repaired = [part for p in polygons for part in _polygons(repair(p, f"a polygon of {source}"))]
    budget.check(f"merging the polygons of {source}")
    return shapely.union_all(repaired)


def _matching(items: list[Feature], where: tuple[str, str], source: str) -> list[Feature]:
    key, value = where
    chosen = [(p, g) for p, g in items if str(p.get(key)) == value]
    if not chosen:
        values = sorted({str(p[key]) for p, _ in items if key in p})
        hint = f"values found: {', '.join(values[:8])}" if values else f"no feature has a {key!r} property"
        raise MapDataError(f"{source}: no feature has {key}={value} ({hint})")
    return chosen


def _polygons(geometry: BaseGeometry) -> Iterator[BaseGeometry]:
    if geometry.geom_type == "Polygon":
        yield geometry
    elif geometry.geom_type in ("MultiPolygon", "GeometryCollection"):
        for part in geometry.geoms:
            yield from _polygons(part)


def hexes_held(gamemap: GameMap, area: BaseGeometry, source: str = "the area") -> set[Hex]:
    """Hexes of the map whose centre lies inside a lon/lat area; MapDataError if there are none."""
    hexes = hexes_inside(gamemap, area)
    if not hexes:
        west, south, east, north = area.bounds
        raise MapDataError(
            f"{source} (lon {west:.3f}–{east:.3f}, lat {south:.3f}–{north:.3f}) covers no hex centre "
            f"of the map {gamemap.name!r}: it lies outside the map (or is smaller than a hex)"
        )
    return hexes


@dataclass(frozen=True, slots=True)
class ControlChange:
    """What importing an area would do: hexes that change hands, and hexes left alone."""

    side: str
    changed: tuple[Hex, ...]  # sorted; not already held by ``side``
    inside: int  # hexes whose centre lies inside the area
    blocked: tuple[Hex, ...] = ()  # held by enemy units: a front line does not remove them

    def summary(self, gamemap: GameMap) -> str:
        text = f"{len(self.changed)} hexes changed to {self.side} ({self.inside} hexes inside the area)"
        if self.blocked:
            places = ", ".join(gamemap.describe(h) for h in self.blocked[:5])
            text += f"; {len(self.blocked)} hexes with enemy units left as they were: {places}"
        return text


def control_change(
    control: Mapping[Hex, str],
    unit_sides: Mapping[Hex, set[str]],
    hexes: Iterable[Hex],
    side: str,
    side_ids: Sequence[str],
) -> ControlChange:
    """Which of ``hexes`` would change to ``side``; hexes where enemy units stand are kept."""
    found = find_id(side, side_ids)
    if found is None:
        raise MapDataError(f"unknown side {side!r}; the sides are {', '.join(side_ids)}")
    side = found
    inside = sorted(hexes)
    blocked = tuple(h for h in inside if unit_sides.get(h, set()) - {side})
    changed = tuple(h for h in inside if h not in blocked and control.get(h) != side)
    return ControlChange(side, changed, len(inside), blocked)


def unit_sides(units: Iterable[Any]) -> dict[Hex, set[str]]:
    """Sides with a unit in each hex, for units with ``.hex`` and ``.side``."""
    result: dict[Hex, set[str]] = {}
    for unit in units:
        result.setdefault(unit.hex, set()).add(unit.side)
    return result


def with_control(scenario: Scenario, change: ControlChange) -> Scenario:
    """The scenario with the changed hexes given to the change's side."""
    control = dict(scenario.control)
    control.update(dict.fromkeys(change.changed, change.side))
    return replace(scenario, control=control)
