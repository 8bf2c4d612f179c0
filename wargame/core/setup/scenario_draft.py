"""ScenarioDraft: a scenario being set up by the facilitator, before any game starts.

Every edit is checked (a unit needs a free id and dry land without enemies; a rule parameter
must be a known one of the right type), then replaces the draft's :class:`Scenario` whole, so
undo and redo are a stack of scenarios. Nothing here is an :class:`Action`: set-up is not
part of a game's log, the finished scenario is where the log starts.

>>> draft = ScenarioDraft.blank(template, gamemap)         # doctest: +SKIP
>>> draft.paint_control([Hex(3, 4), Hex(4, 4)], "UA")      # doctest: +SKIP
>>> save_scenario("maps/bakhmut/scenarios/mine.json", draft.to_scenario())  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from wargame.core.actions import check_unit_numbers
from wargame.core.errors import ActionError
from wargame.core.files.atomic import write_atomic
from wargame.core.files.gamefile import pretty_json
from wargame.core.files.scenario_file import scenario_to_dict
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Rules, Scenario, Terrain, Unit
from wargame.core.rule_check import RuleError, checked_rule
from wargame.core.rules.naming import counted

TEXT_FIELDS = ("id", "title", "date", "description")
SCENARIO_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True, slots=True)
class PaintResult:
    """What a stroke of the control brush did."""

    changed: frozenset[Hex]
    skipped: tuple[Hex, ...] = ()  # an enemy unit stands there: the hex keeps its owner


@dataclass(frozen=True, slots=True)
class _Step:
    scenario: Scenario  # the draft on the other side of this step
    text: str
    merge: str | None  # edits with the same key in a row (typing a title) undo as one


class ScenarioDraft:
    """An editable scenario on one map, with undo and redo of its edits."""

    def __init__(self, scenario: Scenario, gamemap: GameMap) -> None:
        if scenario.map_name != gamemap.name:
            raise ActionError(
                f"scenario {scenario.id!r} is on map {scenario.map_name!r}, not {gamemap.name!r}"
            )
        self.map = gamemap
        self._scenario = scenario
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []

    @classmethod
    def blank(cls, template: Scenario, gamemap: GameMap, scenario_id: str = "new-scenario") -> ScenarioDraft:
        """An empty scenario on ``gamemap`` with the sides and named routes of ``template``."""
        routes = template.routes if template.map_name == gamemap.name else {}
        scenario = Scenario(
            id=scenario_id,
            title="New scenario",
            map_name=gamemap.name,
            sides=template.sides,
            routes=dict(routes),
        )
        return cls(scenario, gamemap)

    @property
    def scenario(self) -> Scenario:
        """The draft as it stands (not checked for completeness: see :meth:`to_scenario`)."""
        return self._scenario

    # --- undo -----------------------------------------------------------------------------

    def _commit(self, scenario: Scenario, text: str, merge: str | None = None) -> None:
        last = self._undo[-1] if self._undo else None
        if not (merge is not None and last is not None and last.merge == merge and not self._redo):
            self._undo.append(_Step(self._scenario, text, merge))
        self._redo.clear()
        self._scenario = scenario

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_text(self) -> str | None:
        return self._undo[-1].text if self._undo else None

    def redo_text(self) -> str | None:
        return self._redo[-1].text if self._redo else None

    def undo(self) -> str:
        """Take back the last edit; returns what it was."""
        if not self._undo:
            raise ActionError("nothing to undo")
        step = self._undo.pop()
        self._redo.append(_Step(self._scenario, step.text, None))
        self._scenario = step.scenario
        return step.text

    def redo(self) -> str:
        if not self._redo:
            raise ActionError("nothing to redo")
        step = self._redo.pop()
        self._undo.append(_Step(self._scenario, step.text, None))
        self._scenario = step.scenario
        return step.text

    # --- control --------------------------------------------------------------------------

    def paint_control(self, hexes: Iterable[Hex], side: str | None) -> PaintResult:
        """Give hexes to ``side`` (None: nobody holds them). Hexes where an enemy unit stands
        keep their owner and are reported as skipped; hexes off the map are refused."""
        if side is not None:
            self._check_side(side)
        wanted = sorted(set(hexes))
        for h in wanted:
            self._check_on_map(h)
        occupied = {u.hex for u in self._scenario.units if side is not None and u.side != side}
        skipped = tuple(h for h in wanted if h in occupied)
        control = dict(self._scenario.control)
        changed = set()
        for h in wanted:
            if h in occupied or control.get(h) == side:
                continue
            if side is None:
                del control[h]
            else:
                control[h] = side
            changed.add(h)
        if changed:
            who = side or "nobody"
            self._commit(
                replace(self._scenario, control=control), f"{counted(len(changed), 'hex', 'hexes')} to {who}"
            )
        return PaintResult(frozenset(changed), skipped)

    def fill_neutral(self, side: str) -> PaintResult:
        """Give every hex nobody holds to ``side`` (as a scenario file's ``"rest": true``)."""
        held = self._scenario.control
        return self.paint_control([h for h in self.map if h not in held], side)

    # --- units ----------------------------------------------------------------------------

    def unit(self, unit_id: str) -> Unit:
        for unit in self._scenario.units:
            if unit.id == unit_id:
                return unit
        raise ActionError(f"no unit {unit_id!r} in the scenario")

    def place_unit(self, unit: Unit) -> None:
        """Add a unit; ActionError says why it cannot stand there."""
        self.check_unit(unit)
        self._commit(
            replace(self._scenario, units=(*self._scenario.units, unit)),
            f"place {unit.label} at {self.map.describe(unit.hex)}",
        )

    def update_unit(self, unit_id: str, unit: Unit) -> None:
        """Replace a unit by an edited one (its id may change; it keeps its place in the list)."""
        old = self.unit(unit_id)
        self.check_unit(unit, replacing=old)
        units = tuple(unit if u.id == unit_id else u for u in self._scenario.units)
        self._commit(replace(self._scenario, units=units), f"edit {unit.label}")

    def move_unit(self, unit_id: str, h: Hex) -> None:
        unit = self.unit(unit_id)
        self.update_unit(unit_id, replace(unit, hex=h))

    def remove_unit(self, unit_id: str) -> None:
        old = self.unit(unit_id)
        units = tuple(u for u in self._scenario.units if u.id != unit_id)
        self._commit(replace(self._scenario, units=units), f"remove {old.label}")

    def check_unit(self, unit: Unit, replacing: Unit | None = None) -> None:
        """ActionError unless ``unit`` may join the scenario (in place of ``replacing``)."""
        if not unit.id.strip():
            raise ActionError("a unit needs an id")
        others = [u for u in self._scenario.units if u is not replacing]
        for other in others:
            if other.id == unit.id:
                raise ActionError(
                    f"unit id {unit.id!r} is already used by a {other.side} unit at "
                    f"{self.map.describe(other.hex)}; choose another"
                )
        self._check_side(unit.side)
        self._check_on_map(unit.hex)
        if self.map.terrain(unit.hex) is Terrain.WATER:
            raise ActionError(f"{self.map.describe(unit.hex)} is water: units cannot stand there")
        enemies = [u.label for u in others if u.hex == unit.hex and u.side != unit.side]
        if enemies:
            raise ActionError(
                f"cannot put {unit.label} in {self.map.describe(unit.hex)}: "
                f"enemy {', '.join(enemies)} stands there"
            )
        check_unit_numbers(unit, unit.label)

    # --- supply sources -------------------------------------------------------------------

    def sources_of(self, side: str) -> tuple[Hex, ...]:
        return self._scenario.supply_sources.get(side, ())

    def add_source(self, side: str, h: Hex) -> None:
        self._check_side(side)
        self._check_on_map(h)
        if h in self.sources_of(side):
            raise ActionError(f"{self.map.describe(h)} is already a supply source of {side}")
        self._set_sources(
            side, (*self.sources_of(side), h), f"{side} supply source at {self.map.describe(h)}"
        )

    def remove_source(self, side: str, h: Hex) -> None:
        if h not in self.sources_of(side):
            raise ActionError(f"{self.map.describe(h)} is not a supply source of {side}")
        kept = tuple(x for x in self.sources_of(side) if x != h)
        self._set_sources(side, kept, f"remove {side} supply source at {self.map.describe(h)}")

    def toggle_source(self, side: str, h: Hex) -> bool:
        """Add a source at ``h``, or take it away if it is one; True when added."""
        if h in self.sources_of(side):
            self.remove_source(side, h)
            return False
        self.add_source(side, h)
        return True

    def _set_sources(self, side: str, hexes: tuple[Hex, ...], text: str) -> None:
        sources = dict(self._scenario.supply_sources)
        if hexes:
            sources[side] = hexes
        else:
            sources.pop(side, None)
        self._commit(replace(self._scenario, supply_sources=sources), text)

    # --- turns, rules, texts --------------------------------------------------------------

    def set_turn_length(self, days: float) -> None:
        if isinstance(days, bool) or not isinstance(days, int | float) or days <= 0:
            raise ActionError(f"a turn must last a positive number of days, not {days!r}")
        self._commit(replace(self._scenario, turn_length_days=float(days)), "turn length", "turn_length")

    def set_first_turn(self, turn: int) -> None:
        if isinstance(turn, bool) or not isinstance(turn, int) or turn < 0:
            raise ActionError(f"the first turn must be a whole number from 0, not {turn!r}")
        self._commit(replace(self._scenario, first_turn=turn), "first turn number", "first_turn")

    def set_first_side(self, side: str) -> None:
        """The side that moves first (sides move in the order the scenario lists them)."""
        self._check_side(side)
        sides = self._scenario.sides
        ordered = tuple(s for s in sides if s.id == side) + tuple(s for s in sides if s.id != side)
        if ordered != sides:
            self._commit(replace(self._scenario, sides=ordered), f"{side} moves first")

    def set_rule(self, name: str, value: Any) -> None:
        """Set one rule parameter (docs/rules.md); a cost table may be given in part."""
        try:
            checked = checked_rule(self._scenario.rules, name, value)
        except RuleError as error:
            raise ActionError(str(error)) from None
        rules = replace(self._scenario.rules, **{name: checked})
        self._commit(replace(self._scenario, rules=rules), f"rule {name}", f"rule:{name}")

    def reset_rules(self) -> None:
        """Every rule parameter back to its documented default, as one edit."""
        if self._scenario.rules != Rules():
            self._commit(replace(self._scenario, rules=Rules()), "default rules")

    def set_text(self, field: str, value: str) -> None:
        """Set the id, title, date or description."""
        if field not in TEXT_FIELDS:
            raise ActionError(f"no text field {field!r}; fields are {', '.join(TEXT_FIELDS)}")
        if not isinstance(value, str):
            raise ActionError(f"the {field} must be text")
        if getattr(self._scenario, field) != value:
            edited: dict[str, Any] = {field: value}
            self._commit(replace(self._scenario, **edited), f"scenario {field}", f"text:{field}")

    def set_briefing(self, side: str, text: str) -> None:
        self._check_side(side)
        briefings = dict(self._scenario.briefings)
        if text.strip():
            briefings[side] = text
        else:
            briefings.pop(side, None)
        if briefings != self._scenario.briefings:
            self._commit(replace(self._scenario, briefings=briefings), f"{side} briefing", f"briefing:{side}")

    # --- finishing ------------------------------------------------------------------------

    def to_scenario(self) -> Scenario:
        """The finished scenario; ActionError when it cannot be saved or played yet."""
        scenario = self._scenario
        if not SCENARIO_ID.fullmatch(scenario.id):
            raise ActionError(
                f"scenario id {scenario.id!r}: use letters, digits, '-', '_' or '.' "
                "(it names the file), e.g. bakhmut-2023-03"
            )
        if not scenario.title.strip():
            raise ActionError("give the scenario a title")
        return scenario

    # --- checks ---------------------------------------------------------------------------

    def _check_side(self, side: str) -> None:
        if side not in self._scenario.side_ids:
            raise ActionError(f"unknown side {side!r}; sides are {', '.join(self._scenario.side_ids)}")

    def _check_on_map(self, h: Hex) -> None:
        if h not in self.map:
            raise ActionError(f"hex {h.q},{h.r} is off the map {self.map.name!r}")


def save_scenario(path: str | Path, scenario: Scenario) -> Path:
    """Write ``scenario`` as a scenario file, atomically (the old file survives a failure)."""
    target = Path(path)
    write_atomic(target, pretty_json(scenario_to_dict(scenario)) + "\n")
    return target


def default_scenario_name(scenario: Scenario) -> str:
    """The file name a scenario is saved under by default: its id."""
    stem = scenario.id if SCENARIO_ID.fullmatch(scenario.id) else "new-scenario"
    return f"{stem}.json"
