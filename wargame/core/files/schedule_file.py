"""The scenario's ``schedule`` and ``decision_points`` in scenario files: shapes, reading and
writing (docs/rules.md, "Reinforcements and events", "Decision points").

.. code-block:: json

    "schedule": [
      {"id": "ua-47", "turn": 40, "side": "UA", "name": "47th Mech Bde (Leopard 2A6)",
       "entry": {"label": "0129"}, "units": [{"id": "UA-47", "type": "armour", ...}],
       "source": "SOURCES.md: 47th Brigade"},
      {"id": "thaw", "turn": 3, "ground": "mud"},
      {"id": "o0506-shut", "turn": 5, "side": "UA", "route": "O0506", "route_status": "closed"}
    ],
    "decision_points": [{"name": "Last road", "side": "UA", "corridor_width_at_most": 2}]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wargame.core.actions import (
    UNIT_FIELDS,
    check_decision_point,
    check_unit_numbers,
    decision_point_from_dict,
    decision_point_to_dict,
    unit_from_dict,
    unit_to_dict,
)
from wargame.core.errors import ActionError, GameFileError
from wargame.core.files.shapes import Fields, ListOf, Shape
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import GROUNDS, ROUTE_EVENTS, DecisionPoint, Scenario, Scheduled

Position = Callable[[dict[str, Any], str], Hex]

SCHEDULE_SHAPE = ListOf(
    Fields(
        {
            "id": str,
            "turn": int,
            "name": str,
            "side": str,
            "entry": dict,
            "units": ListOf(Fields(UNIT_FIELDS, required=("id", "type"))),
            "ground": str,
            "route": str,
            "route_status": str,
            "source": str,
        },
        required=("id", "turn"),
    )
)
DECISION_POINTS_SHAPE: Shape = ListOf(dict)


def read_schedule(
    raw: list[dict[str, Any]], scenario: Scenario, position: Position, where: str
) -> tuple[Scheduled, ...]:
    """The schedule of a scenario file, each item checked; GameFileError names the item."""
    items: list[Scheduled] = []
    seen = {u.id for u in scenario.units}
    for index, data in enumerate(raw):
        at = f"{where}: schedule[{index}]"
        item = _item(data, scenario, position, at, seen)
        if item.id in {i.id for i in items}:
            raise GameFileError(f"{at}: duplicate id {item.id!r}")
        items.append(item)
    return tuple(items)


def _item(data: dict[str, Any], scenario: Scenario, position: Position, at: str, seen: set[str]) -> Scheduled:
    side = data.get("side", "")
    kinds = [k for k in ("units", "ground", "route") if data.get(k)]
    if len(kinds) != 1:
        raise GameFileError(f"{at}: an item is one of an arrival ('units'), a 'ground' or a 'route' event")
    if not 0 <= data["turn"] <= 100_000:
        raise GameFileError(f"{at}: 'turn' must be a whole number from 0 to 100,000")
    if (data.get("units") or data.get("route")) and side not in scenario.side_ids:
        raise GameFileError(f"{at}: 'side' must be one of {', '.join(scenario.side_ids)}")
    if data.get("ground") and data["ground"] not in GROUNDS:
        raise GameFileError(f"{at}: 'ground' is one of {', '.join(GROUNDS)}")
    if data.get("route"):
        names = [r.name for r in scenario.routes.get(side, ())]
        if data["route"] not in names or data.get("route_status") not in ROUTE_EVENTS:
            raise GameFileError(
                f"{at}: a route event names a route of {side} ({', '.join(names)}) and a "
                f"'route_status' ({', '.join(ROUTE_EVENTS)})"
            )
    return Scheduled(
        id=data["id"],
        turn=data["turn"],
        name=data.get("name", ""),
        side=side,
        units=_units(data, side, position, at, seen),
        ground=data.get("ground", ""),
        route=data.get("route", ""),
        route_status=data.get("route_status", ""),
        source=data.get("source", ""),
    )


def _units(data: dict[str, Any], side: str, position: Position, at: str, seen: set[str]) -> tuple[Any, ...]:
    if not data.get("units"):
        return ()
    if not isinstance(data.get("entry"), dict):
        raise GameFileError(f"{at}: an arrival needs its 'entry' position (hex, label or lonlat)")
    entry = position(data["entry"], f"{at.split(': ')[-1]}.entry")  # the reader names the file
    units = []
    for k, raw in enumerate(data["units"]):
        try:
            unit = unit_from_dict({**raw, "side": side, "hex": [entry.q, entry.r]}, f"{at}.units[{k}]")
            check_unit_numbers(unit, f"{at}.units[{k}]")
        except ActionError as error:
            raise GameFileError(str(error)) from None
        if unit.id in seen:
            raise GameFileError(f"{at}.units[{k}]: unit id {unit.id!r} is already in use")
        seen.add(unit.id)
        units.append(unit)
    return tuple(units)


def read_decision_points(raw: list[Any], side_ids: tuple[str, ...], where: str) -> tuple[DecisionPoint, ...]:
    points: list[DecisionPoint] = []
    for index, data in enumerate(raw):
        at = f"{where}: decision_points[{index}]"
        try:
            point = decision_point_from_dict(data, at)
            check_decision_point(point, side_ids, [p.name for p in points])
        except ActionError as error:
            message = str(error)
            raise GameFileError(message if message.startswith(at) else f"{at}: {message}") from None
        points.append(point)
    return tuple(points)


def schedule_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The ``schedule`` and ``decision_points`` of a scenario's JSON form (none: nothing)."""
    data: dict[str, Any] = {}
    if scenario.schedule:
        data["schedule"] = [_item_dict(i) for i in scenario.schedule]
    if scenario.decision_points:
        data["decision_points"] = [decision_point_to_dict(p) for p in scenario.decision_points]
    return data


def _item_dict(item: Scheduled) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "turn": item.turn}
    for key in ("name", "side", "ground", "route", "route_status", "source"):
        if getattr(item, key):
            data[key] = getattr(item, key)
    if item.units:
        data["entry"] = {"hex": list(item.units[0].hex)}
        data["units"] = [
            {k: v for k, v in unit_to_dict(u).items() if k not in ("side", "hex")} for u in item.units
        ]
    return data
