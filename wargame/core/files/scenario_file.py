"""Scenario files (JSON): read them into a :class:`Scenario` and write them back.

Positions may be given as axial hexes (``"hex": [q, r]``), printed labels (``"label": "0504"``)
or WGS84 points (``"lonlat": [38.0, 48.6]``); control per side as hex lists (``"hexes"``),
polygons (``"areas"``: each a GeoJSON Polygon's coordinates, i.e. a list of lon/lat rings, or a
whole GeoJSON geometry object) or ``"rest": true`` for every hex no other side holds. Written files always use
explicit hexes, so a saved game does not depend on the map's geometry files.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from wargame.core.actions import UNIT_FIELDS, check_unit_numbers, unit_from_dict, unit_to_dict
from wargame.core.errors import ActionError, GameFileError, MapDataError, WargameError
from wargame.core.files.reader import read_json
from wargame.core.files.schedule_file import (
    DECISION_POINTS_SHAPE,
    SCHEDULE_SHAPE,
    read_decision_points,
    read_schedule,
    schedule_to_dict,
)
from wargame.core.files.shapes import (
    HEX,
    LONLAT,
    NUMBER,
    EachValue,
    Fields,
    ListOf,
    Shape,
    check,
    check_format,
)
from wargame.core.grid.hexgrid import Hex
from wargame.core.limits import MAX_FIRST_TURN, MAX_TURN_LENGTH_DAYS
from wargame.core.map.gamemap import MAP_NAME, GameMap
from wargame.core.map.mapdata import hexes_in_area, load_map, maps_dir
from wargame.core.model import DEFAULT_SIDES, RouteSpec, Rules, Scenario, Side, Terrain
from wargame.core.rule_check import RuleError, check_rules, checked_rules

SCENARIO_FORMAT = "wargame-scenario"
SCENARIO_VERSION = 1
DEFAULT_SCENARIO = "bakhmut-2023-02"
# A scenario file is a few hundred KB at most; refuse anything far larger before reading.
MAX_SCENARIO_BYTES = 32 * 1024 * 1024
# A shipped scenario is named by its file's stem: a plain name, never a path or a pattern.
SCENARIO_ID = MAP_NAME
# A side's colour, as counters, overlays and the review's SVG use it: nothing else gets in.
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")

# The shape of a scenario (wargame.core.files.shapes): checked before anything is built from it.
POSITION_FIELDS: dict[str, Shape] = {"hex": HEX, "label": str, "lonlat": LONLAT}
POSITION = Fields(POSITION_FIELDS)
SCENARIO_SHAPE = Fields(
    {
        "id": str,
        "title": str,
        "map": str,
        "date": str,
        "description": str,
        "turn_length_days": NUMBER,
        "first_turn": int,
        "sides": ListOf(Fields({"id": str, "name": str, "colour": str}, required=("id",))),
        "units": ListOf(Fields({**UNIT_FIELDS, **POSITION_FIELDS}, required=("id", "side", "type"))),
        "control": EachValue(Fields({"hexes": ListOf(HEX), "areas": list, "rest": bool})),
        "supply_sources": EachValue(ListOf(object)),  # positions, or bare hexes: see sources()
        "routes": EachValue(
            ListOf(
                Fields(
                    {"name": str, "road": str, "from": POSITION, "to": POSITION},
                    required=("name", "from", "to"),
                )
            )
        ),
        "rules": EachValue(object),  # each checked by the one check of its rule
        "briefings": EachValue(str),
        "schedule": SCHEDULE_SHAPE,
        "decision_points": DECISION_POINTS_SHAPE,
    },
    required=("map",),
)


def scenario_path(scenario_id: str) -> Path | None:
    """Path of a shipped scenario by id, searching every map folder."""
    if not SCENARIO_ID.fullmatch(scenario_id):
        return None
    for path in sorted(maps_dir().glob(f"*/scenarios/{scenario_id}.json")):
        return path
    return None


def shipped_scenarios() -> list[Path]:
    return sorted(maps_dir().glob("*/scenarios/*.json"))


def load_scenario(source: str | Path) -> tuple[Scenario, GameMap]:
    """A scenario and its map, from a file path or a shipped scenario id."""
    path = Path(source)
    if not names_a_file(path, str(source)):
        found = scenario_path(str(source))
        if found is None:
            raise GameFileError(f"no scenario file or shipped scenario named {str(source)!r}")
        path = found
    data = read_json(path, MAX_SCENARIO_BYTES, "a scenario file")
    return scenario_from_dict(data, where=path.name)


def names_a_file(path: Path, source: str) -> bool:
    """Whether ``source`` names something on disk to read (a file, a FIFO…: the reader says
    what it is), rather than a shipped scenario's id. A folder that happens to be called like
    an id ("bakhmut-2023-02" in the current folder) does not hide the shipped scenario."""
    try:
        if path.is_dir() and SCENARIO_ID.fullmatch(source):
            return False
        return path.exists() or path.is_symlink()
    except (OSError, ValueError):
        return False


def scenario_from_dict(data: Any, where: str = "scenario") -> tuple[Scenario, GameMap]:
    if not isinstance(data, dict):
        raise GameFileError(f"{where}: a scenario must be a JSON object")
    map_name = data.get("map")
    if not isinstance(map_name, str) or not MAP_NAME.fullmatch(map_name):
        raise GameFileError(f"{where}: field 'map' must name a map folder, e.g. \"bakhmut\" (never a path)")
    check(data, SCENARIO_SHAPE, source=where)
    check_header(data, where)
    try:
        gamemap = load_map(map_name)
    except MapDataError as error:
        raise GameFileError(f"{where}: {error}") from None
    try:
        return _ScenarioReader(data, gamemap, where).scenario(), gamemap
    except (ActionError, MapDataError) as error:
        message = str(error)  # the readers below may not know the file: name it once
        raise GameFileError(message if message.startswith(where) else f"{where}: {message}") from None


def check_header(data: dict[str, Any], where: str) -> None:
    """The format name and version every scenario file carries (see :func:`check_format`)."""
    check_format(data, where, "a scenario", SCENARIO_FORMAT, SCENARIO_VERSION)


class _ScenarioReader:
    def __init__(self, data: dict[str, Any], gamemap: GameMap, where: str) -> None:
        self.data = data
        self.map = gamemap
        self.where = where

    def fail(self, message: str) -> GameFileError:
        return GameFileError(f"{self.where}: {message}")

    def text(self, key: str, default: str = "") -> str:
        value: str = self.data.get(key, default)
        return value

    def position(self, item: dict[str, Any], where: str, off_map: bool = False) -> Hex:
        """The hex of a position already of the POSITION shape."""
        if "hex" in item:
            h = Hex(*item["hex"])
        elif "label" in item:
            h = self.map.hex_from_label(item["label"])
        elif "lonlat" in item:
            lon, lat = item["lonlat"]
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise self.fail(f"{where}.lonlat: {item['lonlat']!r} is not [longitude, latitude] on Earth")
            h = self.map.hex_at_lonlat(float(lon), float(lat))
        else:
            raise self.fail(f"{where}: give a position as 'hex', 'label' or 'lonlat'")
        if h not in self.map and not off_map:
            raise self.fail(f"{where}: hex {h} is off the map {self.map.name!r}")
        return h

    def sides(self) -> tuple[Side, ...]:
        raw = self.data.get("sides")
        if raw is None:
            return DEFAULT_SIDES
        if len(raw) != 2:
            raise self.fail("'sides' must list exactly two sides")
        sides = [
            Side(item["id"], item.get("name", item["id"]), item.get("colour", "#777777")) for item in raw
        ]
        for index, side in enumerate(sides):
            if not COLOUR.fullmatch(side.colour):
                raise self.fail(f'sides[{index}].colour {side.colour!r:.40} must be #rrggbb, e.g. "#0072B2"')
        if sides[0].id == sides[1].id:
            raise self.fail("the two sides need different ids")
        return tuple(sides)

    def units(self, side_ids: tuple[str, ...]) -> tuple[Any, ...]:
        units, seen = [], set()
        for i, item in enumerate(self.data.get("units", [])):
            where = f"units[{i}]"
            h = self.position(item, where)
            unit = unit_from_dict({**item, "hex": [h.q, h.r]}, f"{self.where}: {where}")
            # As the place action refuses them: a unit needs an id, and nobody stands on water.
            if not unit.id.strip():
                raise self.fail(f"{where}: a unit needs an id (it is blank)")
            if self.map.terrain(h) is Terrain.WATER:
                raise self.fail(f"{where}: unit {unit.id!r} stands on water ({self.map.describe(h)})")
            if unit.side not in side_ids:
                raise self.fail(f"{where}: unknown side {unit.side!r}")
            if unit.id in seen:
                raise self.fail(f"{where}: duplicate unit id {unit.id!r}")
            check_unit_numbers(unit, f"{self.where}: {where}")
            seen.add(unit.id)
            units.append(unit)
        return tuple(units)

    def control(self, side_ids: tuple[str, ...]) -> dict[Hex, str]:
        control: dict[Hex, str] = {}
        rest = None
        for side, spec in self.data.get("control", {}).items():
            if side not in side_ids:
                raise self.fail(f"control: unknown side {side!r}")
            if spec.get("rest"):
                rest = side
            for j, area in enumerate(spec.get("areas", [])):
                for h in hexes_in_area(self.map, area, f"control.{side}.areas[{j}]", self.where):
                    control[h] = side
            for j, item in enumerate(spec.get("hexes", [])):
                h = Hex(*item)
                if h not in self.map:
                    raise self.fail(f"control.{side}.hexes[{j}]: hex {h} is off the map")
                control[h] = side
        if rest is not None:
            for h in self.map:
                control.setdefault(h, rest)
        # Nobody holds water: a lake or a river's hexes are nobody's ground.
        return {h: side for h, side in control.items() if self.map.terrain(h) is not Terrain.WATER}

    def sources(self, side_ids: tuple[str, ...]) -> dict[str, tuple[Hex, ...]]:
        result = {}
        for side, items in self.data.get("supply_sources", {}).items():
            if side not in side_ids:
                raise self.fail(f"supply_sources: unknown side {side!r}")
            result[side] = tuple(
                self.source(item, f"supply_sources.{side}[{j}]") for j, item in enumerate(items)
            )
        return result

    def source(self, item: Any, where: str) -> Hex:
        """A supply source: a position, or a bare hex ``[q, r]``."""
        if isinstance(item, dict):
            check(item, POSITION, where, self.where)
            return self.position(item, where)
        check(item, HEX, where, self.where)
        return self.position({"hex": item}, where)

    def routes(self, side_ids: tuple[str, ...]) -> dict[str, tuple[RouteSpec, ...]]:
        result = {}
        for side, items in self.data.get("routes", {}).items():
            if side not in side_ids:
                raise self.fail(f"routes: unknown side {side!r}")
            specs = []
            for j, item in enumerate(items):
                where = f"routes.{side}[{j}]"
                road = item.get("road", item["name"])
                start = self.map.nearest_road_hex(
                    road, self.position(item["from"], f"{where}.from", off_map=True)
                )
                end = self.map.nearest_road_hex(road, self.position(item["to"], f"{where}.to", off_map=True))
                specs.append(RouteSpec(item["name"], road, start, end))
            result[side] = tuple(specs)
        return result

    def rules(self) -> Rules:
        try:
            return checked_rules(
                self.data.get("rules", {})
            )  # the one check, as the set-up editor and the analysis make it
        except RuleError as error:
            raise self.fail(str(error)) from None

    def scenario(self) -> Scenario:
        sides = self.sides()
        side_ids = tuple(s.id for s in sides)
        briefings = self.data.get("briefings", {})
        turn_length = self.data.get("turn_length_days", 1)
        if not _turn_length_ok(turn_length):
            raise self.fail(
                f"'turn_length_days' must be a number of days above 0, at most {MAX_TURN_LENGTH_DAYS:g}"
            )
        first_turn = self.data.get("first_turn", 1)
        if not _first_turn_ok(first_turn):
            raise self.fail(f"'first_turn' must be a whole number from 0 to {MAX_FIRST_TURN:,}")
        scenario = Scenario(
            id=self.text("id", "untitled"),
            title=self.text("title", "Untitled scenario"),
            map_name=self.map.name,
            sides=sides,
            units=self.units(side_ids),
            control=self.control(side_ids),
            supply_sources=self.sources(side_ids),
            routes=self.routes(side_ids),
            rules=self.rules(),
            date=self.text("date"),
            turn_length_days=float(turn_length),
            first_turn=first_turn,
            briefings=dict(briefings),
            description=self.text("description"),
        )
        return replace(
            scenario,
            schedule=read_schedule(self.data.get("schedule", []), scenario, self.position, self.where),
            decision_points=read_decision_points(self.data.get("decision_points", []), side_ids, self.where),
        )


def _turn_length_ok(value: Any) -> bool:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and math.isfinite(value) and 0 < value <= MAX_TURN_LENGTH_DAYS


def _first_turn_ok(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_FIRST_TURN


def check_scenario(scenario: Scenario) -> None:
    """What the reader would refuse, refused before writing: every written scenario reads back.

    GameFileError names the field.
    """
    try:
        check_rules(scenario.rules)
        for index, unit in enumerate(scenario.units):
            check_unit_numbers(unit, f"units[{index}]")
            if not unit.id.strip():
                raise ActionError(f"units[{index}]: a unit needs an id (it is blank)")
        for index, side in enumerate(scenario.sides):
            if not COLOUR.fullmatch(side.colour):
                raise ActionError(f"sides[{index}].colour {side.colour!r:.40} must be #rrggbb")
    except (RuleError, ActionError) as error:
        raise GameFileError(f"scenario {scenario.id!r}: {error}") from None
    if not _turn_length_ok(scenario.turn_length_days):
        raise GameFileError(
            f"scenario {scenario.id!r}: turn_length_days {scenario.turn_length_days!r} is out of range"
        )
    if not _first_turn_ok(scenario.first_turn):
        raise GameFileError(f"scenario {scenario.id!r}: first_turn {scenario.first_turn!r} is out of range")


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """Self-contained JSON form: explicit hexes everywhere (no geometry needed to read it).

    Refuses (GameFileError) a scenario the reader would refuse, see :func:`check_scenario`.
    """
    check_scenario(scenario)
    by_side: dict[str, list[list[int]]] = {}
    for h, side in sorted(scenario.control.items()):
        by_side.setdefault(side, []).append([h.q, h.r])
    rules = scenario.rules
    return {
        "format": SCENARIO_FORMAT,
        "version": SCENARIO_VERSION,
        "id": scenario.id,
        "title": scenario.title,
        "map": scenario.map_name,
        "date": scenario.date,
        "turn_length_days": scenario.turn_length_days,
        "first_turn": scenario.first_turn,
        "description": scenario.description,
        "sides": [{"id": s.id, "name": s.name, "colour": s.colour} for s in scenario.sides],
        "units": [unit_to_dict(u) for u in scenario.units],
        "control": {side: {"hexes": hexes} for side, hexes in by_side.items()},
        "supply_sources": {
            side: [[h.q, h.r] for h in hexes] for side, hexes in scenario.supply_sources.items()
        },
        "routes": {
            side: [
                {"name": r.name, "road": r.road, "from": {"hex": list(r.start)}, "to": {"hex": list(r.end)}}
                for r in specs
            ]
            for side, specs in scenario.routes.items()
        },
        "rules": {name: getattr(rules, name) for name in Rules.__dataclass_fields__},
        "briefings": dict(scenario.briefings),
        **schedule_to_dict(scenario),
    }


__all__ = [
    "DEFAULT_SCENARIO",
    "WargameError",
    "load_scenario",
    "scenario_from_dict",
    "scenario_to_dict",
    "shipped_scenarios",
]
