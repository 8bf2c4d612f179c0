"""Actions: the only way the game state changes. One frozen class per kind of action.

Each action can ``validate(state)`` (raising :class:`ActionError` with a reason a player can
read), ``apply(state)`` to get the next state, and say what it ``affects`` so views redraw
only that. ``to_dict``/``action_from_dict`` give the JSON form used in game files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar

from wargame.core.errors import ActionError
from wargame.core.files.reader import is_text
from wargame.core.files.shapes import HEX, NULL, Fields, ListOf, Row, Shape, check
from wargame.core.grid.hexgrid import Hex
from wargame.core.limits import DICE, DIE_SIDES, MAX_REACH, MAX_STRENGTH
from wargame.core.model import DECISIONS, GROUNDS, DecisionPoint, Echelon, Segment, Terrain, Unit, UnitType
from wargame.core.rules import movement
from wargame.core.state import Decision, GameState, Interdiction, NoteRecord, Override


@dataclass(frozen=True, slots=True)
class Changes:
    """What an action changed, for views that redraw only that (as Anki's OpChanges)."""

    units: frozenset[str] = frozenset()
    hexes: frozenset[Hex] = frozenset()
    segments: frozenset[Segment] = frozenset()
    turn: bool = False
    everything: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.units | other.units,
            self.hexes | other.hexes,
            self.segments | other.segments,
            self.turn or other.turn,
            self.everything or other.everything,
        )

    @property
    def empty(self) -> bool:
        return not (self.units or self.hexes or self.segments or self.turn or self.everything)


EVERYTHING = Changes(everything=True)


class Action:
    """Base of all actions."""

    kind: ClassVar[str]

    def validate(self, state: GameState) -> None:
        """Raise ActionError when the action is not allowed in ``state``."""

    def pointless(self, state: GameState) -> str | None:
        """Why playing the action in ``state`` would change nothing (None: it changes something).
        Play refuses such an action; a log that holds one (written by an older version) still
        replays, as it changed nothing then either."""
        return None

    def apply(self, state: GameState) -> GameState:
        raise NotImplementedError

    def affects(self, state: GameState) -> Changes:
        return EVERYTHING

    def describe(self, state: GameState) -> str:
        return self.kind

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.kind}
        for f in fields(self):  # type: ignore[arg-type]
            data[f.name] = _to_json(getattr(self, f.name))
        return data


# --- validation helpers -------------------------------------------------------------------


def _unit(state: GameState, unit_id: str) -> Unit:
    try:
        return state.units[unit_id]
    except KeyError:
        raise ActionError(f"there is no unit {unit_id!r} on the map") from None


def _on_map(state: GameState, h: Hex) -> None:
    if h not in state.map:
        raise ActionError(f"hex {h} is off the map")


def _passable(state: GameState, h: Hex) -> None:
    _on_map(state, h)
    if state.map.terrain(h) is Terrain.WATER:
        raise ActionError(f"{state.map.describe(h)} is water: units cannot stand there")


def _no_enemy(state: GameState, h: Hex, side: str, doing: str) -> None:
    enemies = [u.label for u in state.units_at(h) if u.side != side]
    if enemies:
        raise ActionError(f"cannot {doing} {state.map.describe(h)}: enemy {', '.join(enemies)} stands there")


def _side(state: GameState, side: str) -> None:
    if side not in state.scenario.side_ids:
        raise ActionError(f"unknown side {side!r}; sides are {', '.join(state.scenario.side_ids)}")


def _road(state: GameState, segment: Segment) -> None:
    _on_map(state, segment.a)
    _on_map(state, segment.b)
    if segment.a.distance(segment.b) != 1:
        raise ActionError(f"hexes {segment.a} and {segment.b} are not adjacent")
    if state.map.road(segment.a, segment.b) is None:
        raise ActionError(
            f"no road runs between {state.map.describe(segment.a)} and {state.map.describe(segment.b)}"
        )


def check_unit_numbers(unit: Unit, where: str = "") -> None:
    """The one check of a unit's numbers: strength 1 to its full strength, full strength 1 to
    MAX_STRENGTH, reach 0 to MAX_REACH hexes. ``where`` prefixes the message."""
    prefix = f"{where}: " if where else ""
    if not 1 <= unit.max_strength <= MAX_STRENGTH:
        raise ActionError(f"{prefix}the full strength of {unit.label} must be 1 to {MAX_STRENGTH} steps")
    if not 1 <= unit.strength <= unit.max_strength:
        raise ActionError(f"{prefix}strength must be between 1 and {unit.max_strength}, not {unit.strength}")
    if unit.reach is not None and not 0 <= unit.reach <= MAX_REACH:
        raise ActionError(f"{prefix}the direct-fire reach of {unit.label} must be 0 to {MAX_REACH} hexes")


def check_storable(action: Action) -> None:
    """Refuse an action holding text no file can hold (a lone surrogate, say, pasted from
    elsewhere): every action is saved, and a save must never fail on one."""
    for where, text in _texts(action.to_dict(), action.kind):
        if not is_text(text):
            raise ActionError(f"{where} holds a character that is not text (a lone surrogate): type it again")


def _texts(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, where)


# --- the actions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaceUnit(Action):
    """Put a new unit on the map (either side: the facilitator sets up and reinforces)."""

    kind: ClassVar[str] = "place"
    unit: Unit

    def validate(self, state: GameState) -> None:
        u = self.unit
        if not u.id.strip():
            raise ActionError("a unit needs an id")
        if u.id in state.units:
            raise ActionError(f"unit id {u.id!r} is already in use; choose another")
        _side(state, u.side)
        _passable(state, u.hex)
        _no_enemy(state, u.hex, u.side, "place a unit in")
        check_unit_numbers(u)

    def apply(self, state: GameState) -> GameState:
        return state.evolve(units={**state.units, self.unit.id: self.unit})

    def affects(self, state: GameState) -> Changes:
        return Changes(units=frozenset({self.unit.id}), hexes=frozenset({self.unit.hex}))

    def describe(self, state: GameState) -> str:
        return f"{self.unit.side} places {self.unit.label} at {state.map.describe(self.unit.hex)}"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.kind, "unit": unit_to_dict(self.unit)}


@dataclass(frozen=True, slots=True)
class MoveUnit(Action):
    """Move a unit of the side to move to another hex, within what it has left of its movement
    allowance this turn (:mod:`wargame.core.rules.movement`). A facilitator's ``ruling`` (the
    reason) allows any move onto open ground; a ruled move spends nothing."""

    kind: ClassVar[str] = "move"
    unit_id: str
    to: Hex
    ruling: str = ""

    def validate(self, state: GameState) -> None:
        unit = _unit(state, self.unit_id)
        if unit.side != state.side_to_move:
            raise ActionError(
                f"{unit.label} belongs to {state.scenario.side(unit.side).name}; "
                f"it is {state.scenario.side(state.side_to_move).name}'s turn"
            )
        _passable(state, self.to)
        if self.to == unit.hex:
            raise ActionError(f"{unit.label} is already at {state.map.describe(self.to)}")
        _no_enemy(state, self.to, unit.side, "move into")
        if state.scenario.rules.timed_movement and not self.ruling.strip():
            movement.move_cost(state, unit, self.to)

    def apply(self, state: GameState) -> GameState:
        unit = state.units[self.unit_id]
        moved = replace(unit, hex=self.to)
        spent = dict(state.moved)
        if state.scenario.rules.timed_movement and not self.ruling.strip():
            cost = movement.move_cost(state, unit, self.to)
            spent[unit.id] = movement.spent_after(state, unit, self.to, cost)
        return state.evolve(units={**state.units, unit.id: moved}, moved=spent)

    def affects(self, state: GameState) -> Changes:
        unit = state.units.get(self.unit_id)
        hexes = {self.to} | ({unit.hex} if unit else set())
        return Changes(units=frozenset({self.unit_id}), hexes=frozenset(hexes))

    def describe(self, state: GameState) -> str:
        unit = state.units.get(self.unit_id)
        start = f" from {state.map.describe(unit.hex)}" if unit else ""
        ruled = f" (ruled: {self.ruling})" if self.ruling else ""
        return f"{self.unit_id} moves{start} to {state.map.describe(self.to)}{ruled}"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.kind, "unit_id": self.unit_id, "to": [self.to.q, self.to.r]}
        if self.ruling:
            data["ruling"] = self.ruling
        return data


@dataclass(frozen=True, slots=True)
class RemoveUnit(Action):
    """Take a unit off the map (destroyed, withdrawn)."""

    kind: ClassVar[str] = "remove"
    unit_id: str

    def validate(self, state: GameState) -> None:
        _unit(state, self.unit_id)

    def apply(self, state: GameState) -> GameState:
        units = dict(state.units)
        del units[self.unit_id]
        counts = {k: v for k, v in state.turns_out_of_supply.items() if k != self.unit_id}
        official = {k: v for k, v in state.official.items() if k != self.unit_id}
        priority = {k: v for k, v in state.supply_priority.items() if k != self.unit_id}
        return state.evolve(
            units=units, turns_out_of_supply=counts, official=official, supply_priority=priority
        )

    def affects(self, state: GameState) -> Changes:
        unit = state.units.get(self.unit_id)
        return Changes(units=frozenset({self.unit_id}), hexes=frozenset({unit.hex} if unit else ()))

    def describe(self, state: GameState) -> str:
        return f"{self.unit_id} removed"


@dataclass(frozen=True, slots=True)
class SetStrength(Action):
    """Set a unit's remaining strength steps (1 to its full strength)."""

    kind: ClassVar[str] = "strength"
    unit_id: str
    strength: int

    def validate(self, state: GameState) -> None:
        unit = _unit(state, self.unit_id)
        if not 1 <= self.strength <= unit.max_strength:
            raise ActionError(
                f"strength of {unit.label} must be between 1 and {unit.max_strength} "
                f"(remove the unit instead of setting 0)"
            )

    def apply(self, state: GameState) -> GameState:
        unit = state.units[self.unit_id]
        changed = replace(unit, strength=self.strength)
        return state.evolve(units={**state.units, unit.id: changed})

    def affects(self, state: GameState) -> Changes:
        return Changes(units=frozenset({self.unit_id}))

    def describe(self, state: GameState) -> str:
        return f"{self.unit_id} strength set to {self.strength}"


@dataclass(frozen=True, slots=True)
class SetControl(Action):
    """Give control of one hex or an area to a side (``side=None`` makes it contested/neutral)."""

    kind: ClassVar[str] = "control"
    hexes: tuple[Hex, ...]
    side: str | None
    ruling: str = ""  # a facilitator's reason for allowing it with no unit near

    def validate(self, state: GameState) -> None:
        if not self.hexes:
            raise ActionError("select at least one hex to seize")
        if self.side is not None:
            _side(state, self.side)
        for h in self.hexes:
            _on_map(state, h)
            if self.side is not None:
                _no_enemy(state, h, self.side, "seize")
        if self.side is not None and state.scenario.rules.timed_movement and not self.ruling.strip():
            for h in self.hexes:
                if state.controller(h) != self.side and not movement.near_unit(state, self.side, h):
                    raise ActionError(
                        f"{state.scenario.side(self.side).name} cannot seize {state.map.describe(h)}: "
                        "no combat unit of its stands in or next to it"
                    )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.kind, "hexes": _to_json(self.hexes), "side": self.side}
        if self.ruling:
            data["ruling"] = self.ruling
        return data

    def pointless(self, state: GameState) -> str | None:
        land = [h for h in self.hexes if state.map.terrain(h) is not Terrain.WATER]
        if not land:
            return f"{state.map.describe(self.hexes[0])} is water: nobody holds it"
        if any(state.control.get(h) != self.side for h in land):
            return None
        where = state.map.describe(land[0]) if len(land) == 1 else f"all {len(land)} hexes"
        if self.side is None:
            return f"{where} {'is' if len(land) == 1 else 'are'} already neutral: nothing changes"
        return f"{state.scenario.side(self.side).name} already holds {where}: nothing changes"

    def apply(self, state: GameState) -> GameState:
        control = dict(state.control)
        for h in self.hexes:
            if self.side is None or state.map.terrain(h) is Terrain.WATER:  # nobody holds water
                control.pop(h, None)
            else:
                control[h] = self.side
        return state.evolve(control=control)

    def affects(self, state: GameState) -> Changes:
        return Changes(hexes=frozenset(self.hexes))

    def describe(self, state: GameState) -> str:
        who = self.side or "nobody"
        ruled = f" (ruled: {self.ruling})" if self.ruling else ""
        if len(self.hexes) == 1:
            return f"{who} seizes {state.map.describe(self.hexes[0])}{ruled}"
        where = state.map.describe(self.hexes[0])
        return f"{who} takes control of {len(self.hexes)} hexes around {where}{ruled}"


@dataclass(frozen=True, slots=True)
class CutSegment(Action):
    """Cut the road between two adjacent hexes (demolition, mines, a blown bridge)."""

    kind: ClassVar[str] = "cut"
    segment: Segment

    def validate(self, state: GameState) -> None:
        _road(state, self.segment)
        if self.segment in state.cut:
            raise ActionError(f"the road {self.segment} is already cut")

    def apply(self, state: GameState) -> GameState:
        return state.evolve(cut=state.cut | {self.segment})

    def affects(self, state: GameState) -> Changes:
        return Changes(segments=frozenset({self.segment}), hexes=frozenset(self.segment))

    def describe(self, state: GameState) -> str:
        return (
            f"road cut between {state.map.describe(self.segment.a)} and {state.map.describe(self.segment.b)}"
        )


@dataclass(frozen=True, slots=True)
class RepairSegment(Action):
    """Repair a cut road segment."""

    kind: ClassVar[str] = "repair"
    segment: Segment

    def validate(self, state: GameState) -> None:
        _road(state, self.segment)
        if self.segment not in state.cut:
            raise ActionError(f"the road {self.segment} is not cut")

    def apply(self, state: GameState) -> GameState:
        return state.evolve(cut=state.cut - {self.segment})

    def affects(self, state: GameState) -> Changes:
        return Changes(segments=frozenset({self.segment}), hexes=frozenset(self.segment))

    def describe(self, state: GameState) -> str:
        a, b = (state.map.describe(h) for h in self.segment)
        return f"road repaired between {a} and {b}"


@dataclass(frozen=True, slots=True)
class Interdict(Action):
    """Lay fire on a hex: routes through it are under fire until the side's next turns pass."""

    kind: ClassVar[str] = "interdict"
    hex: Hex
    side: str

    def validate(self, state: GameState) -> None:
        _side(state, self.side)
        _on_map(state, self.hex)

    def apply(self, state: GameState) -> GameState:
        turns = state.scenario.rules.interdiction_turns
        return state.evolve(interdicted={**state.interdicted, self.hex: Interdiction(self.side, turns)})

    def affects(self, state: GameState) -> Changes:
        return Changes(hexes=frozenset({self.hex}))

    def describe(self, state: GameState) -> str:
        return f"{self.side} interdicts {state.map.describe(self.hex)} by fire"


@dataclass(frozen=True, slots=True)
class Note(Action):
    """A facilitator's or player's note in the record, optionally about some hexes."""

    kind: ClassVar[str] = "note"
    text: str
    hexes: tuple[Hex, ...] = field(default=())
    category: str = "note"  # "note" or "adjudication" (a facilitator's ruling)

    def validate(self, state: GameState) -> None:
        if not self.text.strip():
            raise ActionError("a note needs some text")
        if self.category not in NOTE_CATEGORIES:
            raise ActionError(f"a note is one of {', '.join(NOTE_CATEGORIES)}, not {self.category!r}")
        for h in self.hexes:
            _on_map(state, h)

    def apply(self, state: GameState) -> GameState:
        note = NoteRecord(state.turn, state.side_to_move, self.text, self.hexes, self.category)
        return state.evolve(notes=(*state.notes, note))

    def affects(self, state: GameState) -> Changes:
        return Changes(hexes=frozenset(self.hexes))

    def describe(self, state: GameState) -> str:
        return f"{self.category}: {self.text}"


NOTE_CATEGORIES = ("note", "adjudication")
SUPPLY_STATUSES = ("supplied", "limited", "out_of_supply", "encircled")
ROUTE_STATUSES = ("open", "under_fire", "cut")


@dataclass(frozen=True, slots=True)
class OverrideStatus(Action):
    """The facilitator overrules a computed supply or route status, giving the reason.

    The computed status is still shown beside it; ``status=None`` withdraws the override.
    """

    kind: ClassVar[str] = "override"
    side: str
    subject_kind: str  # "unit" or "route"
    subject: str
    status: str | None
    reason: str

    def validate(self, state: GameState) -> None:
        _side(state, self.side)
        if self.subject_kind == "unit":
            unit = _unit(state, self.subject)
            if unit.side != self.side:
                raise ActionError(f"{unit.label} is not a unit of {self.side}")
            allowed: tuple[str, ...] = SUPPLY_STATUSES
        elif self.subject_kind == "route":
            names = [r.name for r in state.scenario.routes.get(self.side, ())]
            if self.subject not in names:
                raise ActionError(f"{self.side} has no route {self.subject!r} (routes: {', '.join(names)})")
            allowed = ROUTE_STATUSES
        else:
            raise ActionError(f"an override concerns a unit or a route, not {self.subject_kind!r}")
        if self.status is None:
            if state.override_for(self.side, self.subject_kind, self.subject) is None:
                raise ActionError(f"{self.subject} has no override to withdraw")
        elif self.status not in allowed:
            raise ActionError(f"status of a {self.subject_kind} is one of {', '.join(allowed)}")
        if not self.reason.strip():
            raise ActionError("an override needs a reason, for the record and the after-action review")

    def apply(self, state: GameState) -> GameState:
        key = (self.side, self.subject_kind, self.subject)
        overrides = dict(state.overrides)
        if self.status is None:
            del overrides[key]
        else:
            overrides[key] = Override(*key, self.status, self.reason, state.turn)
        return state.evolve(overrides=overrides)

    def affects(self, state: GameState) -> Changes:
        return Changes(
            units=frozenset({self.subject} if self.subject_kind == "unit" else ()), everything=True
        )

    def describe(self, state: GameState) -> str:
        if self.status is None:
            return f"override of {self.subject} withdrawn: {self.reason}"
        return f"facilitator sets {self.subject} to {self.status.replace('_', ' ')}: {self.reason}"


@dataclass(frozen=True, slots=True)
class RollDice(Action):
    """A dice roll made at the table or in the app, kept in the record with its purpose.

    The result is part of the action, so replaying the log gives the same roll.
    """

    kind: ClassVar[str] = "dice"
    dice: int
    sides: int
    results: tuple[int, ...]
    purpose: str = ""

    def validate(self, state: GameState) -> None:
        if self.dice not in DICE or self.sides not in DIE_SIDES:
            raise ActionError(
                f"roll between {DICE.low} and {DICE.high} dice of {DIE_SIDES.low} to {DIE_SIDES.high} sides"
            )
        if len(self.results) != self.dice or not all(1 <= r <= self.sides for r in self.results):
            raise ActionError(
                f"{self.dice}d{self.sides} needs {self.dice} results between 1 and {self.sides}"
            )

    def apply(self, state: GameState) -> GameState:
        note = NoteRecord(state.turn, state.side_to_move, self.describe(state), (), "dice")
        return state.evolve(notes=(*state.notes, note))

    def affects(self, state: GameState) -> Changes:
        return Changes()

    def describe(self, state: GameState) -> str:
        rolled = " + ".join(map(str, self.results))
        total = f" = {sum(self.results)}" if self.dice > 1 else ""
        purpose = f" for {self.purpose}" if self.purpose else ""
        return f"{self.dice}d{self.sides}{purpose}: {rolled}{total}"


@dataclass(frozen=True, slots=True)
class SetGround(Action):
    """The facilitator's call on the ground (dry, frozen or mud): what cross-country links and
    unbridged rivers carry from now on."""

    kind: ClassVar[str] = "ground"
    ground: str

    def validate(self, state: GameState) -> None:
        if self.ground not in GROUNDS:
            raise ActionError(f"the ground is one of {', '.join(GROUNDS)}, not {self.ground!r}")
        if self.ground == (state.ground or state.scenario.rules.ground):
            raise ActionError(f"the ground is already {self.ground}")

    def apply(self, state: GameState) -> GameState:
        return state.evolve(ground=self.ground)

    def describe(self, state: GameState) -> str:
        return f"facilitator: the ground is now {self.ground}"


SUPPLY_PRIORITIES = ("high", "normal", "low")  # filled in this order (docs/rules.md)


@dataclass(frozen=True, slots=True)
class SetSupplyPriority(Action):
    """A side gives some of its units (one, or a force) a supply priority: high priority is
    filled first, low last, fair shares within each (docs/rules.md, Supply priority).

    ``side`` is the side whose units they are; the side sets them in its turn, the facilitator
    at any time (:func:`wargame.core.actors.check_actor`)."""

    kind: ClassVar[str] = "supply_priority"
    side: str
    units: tuple[str, ...]
    priority: str

    def validate(self, state: GameState) -> None:
        _side(state, self.side)
        if self.priority not in SUPPLY_PRIORITIES:
            raise ActionError(
                f"supply priority is one of {', '.join(SUPPLY_PRIORITIES)}, not {self.priority!r}"
            )
        if not self.units:
            raise ActionError("name at least one unit to give a supply priority")
        for unit_id in self.units:
            unit = _unit(state, unit_id)
            if unit.side != self.side:
                raise ActionError(f"{unit.label} is not a unit of {self.side}")

    def pointless(self, state: GameState) -> str | None:
        if all(state.supply_priority.get(u, "normal") == self.priority for u in self.units):
            return f"the supply priority is already {self.priority}"
        return None

    def apply(self, state: GameState) -> GameState:
        chosen = dict(state.supply_priority)
        for unit_id in self.units:
            if self.priority == "normal":
                chosen.pop(unit_id, None)
            else:
                chosen[unit_id] = self.priority
        return state.evolve(supply_priority=chosen)

    def affects(self, state: GameState) -> Changes:
        return Changes(units=frozenset(u.id for u in state.units_of(self.side)))

    def describe(self, state: GameState) -> str:
        labels = [state.units[u].label if u in state.units else u for u in self.units]
        more = f" and {len(labels) - 1} more" if len(labels) > 1 else ""
        return f"{self.side}: supply priority {self.priority} for {labels[0]}{more}"


@dataclass(frozen=True, slots=True)
class EndTurn(Action):
    """End the side's turn: the other side moves; after the last side, the turn number grows.

    Interdictions of the side about to move burn down by one turn. What the supply rules do
    at the turn's end (turns out of supply, official supply) the game adds: see
    :func:`wargame.core.game.play`.
    """

    kind: ClassVar[str] = "end_turn"

    def apply(self, state: GameState) -> GameState:
        sides = state.scenario.side_ids
        index = sides.index(state.side_to_move)
        next_side = sides[(index + 1) % len(sides)]
        turn = state.turn + (1 if index + 1 == len(sides) else 0)
        interdicted = {}
        for h, fire in state.interdicted.items():
            remaining = fire.remaining - (1 if fire.side == next_side else 0)
            if remaining > 0:
                interdicted[h] = Interdiction(fire.side, remaining)
        return state.evolve(turn=turn, side_to_move=next_side, interdicted=interdicted, moved={})

    def affects(self, state: GameState) -> Changes:
        return Changes(turn=True, hexes=frozenset(state.interdicted))

    def describe(self, state: GameState) -> str:
        text = f"{state.side_to_move} ends turn {state.turn}"
        if state.side_to_move != state.scenario.side_ids[-1]:
            return text
        coming = [
            i.title
            for i in state.scenario.schedule
            if i.id not in state.happened and state.turn_of(i) <= state.turn + 1
        ]
        return f"{text} · turn {state.turn + 1}: {', '.join(coming)}" if coming else text


@dataclass(frozen=True, slots=True)
class Reschedule(Action):
    """The facilitator delays a scheduled item or brings it forward (to now at the earliest:
    it then happens at once), with the reason."""

    kind: ClassVar[str] = "reschedule"
    item_id: str
    turn: int
    reason: str

    def validate(self, state: GameState) -> None:
        items = {i.id: i for i in state.scenario.schedule}
        if self.item_id not in items:
            known = ", ".join(items) or "none"
            raise ActionError(f"the schedule has no item {self.item_id!r} (items: {known})")
        if self.item_id in state.happened:
            raise ActionError(
                f"{items[self.item_id].title} already happened in turn {state.happened[self.item_id]}"
            )
        if not state.scenario.first_turn <= self.turn <= MAX_TURN:
            raise ActionError(f"a turn from {state.scenario.first_turn} to {MAX_TURN}, not {self.turn}")
        if self.turn == state.turn_of(items[self.item_id]):
            raise ActionError(f"{items[self.item_id].title} is already due in turn {self.turn}")
        if not self.reason.strip():
            raise ActionError("a change to the schedule needs a reason, for the record")

    def apply(self, state: GameState) -> GameState:
        return state.evolve(rescheduled={**state.rescheduled, self.item_id: max(self.turn, state.turn)})

    def describe(self, state: GameState) -> str:
        item = next((i for i in state.scenario.schedule if i.id == self.item_id), None)
        name = item.title if item else self.item_id
        return f"facilitator moves {name} to turn {max(self.turn, state.turn)}: {self.reason}"


MAX_TURN = 100_000


@dataclass(frozen=True, slots=True)
class AddDecisionPoint(Action):
    """The facilitator defines a decision point during play (docs/rules.md, "Decision points")."""

    kind: ClassVar[str] = "decision_point"
    point: DecisionPoint

    def validate(self, state: GameState) -> None:
        check_decision_point(self.point, state.scenario.side_ids, [p.name for p in state.all_decision_points])

    def apply(self, state: GameState) -> GameState:
        return state.evolve(decision_points=(*state.decision_points, self.point))

    def describe(self, state: GameState) -> str:
        return f"facilitator sets decision point {self.point.name!r}: {', '.join(self.point.criteria)}"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.kind, "point": decision_point_to_dict(self.point)}


def check_decision_point(point: DecisionPoint, side_ids: tuple[str, ...], taken: list[str]) -> None:
    """The one check of a decision point: a new name, a side, and at least one criterion."""
    if not point.name.strip():
        raise ActionError("a decision point needs a name")
    if point.name in taken:
        raise ActionError(f"there is already a decision point {point.name!r}")
    if point.side not in side_ids:
        raise ActionError(f"decision point {point.name!r}: side is one of {', '.join(side_ids)}")
    if not point.criteria:
        raise ActionError(f"decision point {point.name!r} needs at least one criterion")
    if bool(point.route) != bool(point.route_status) or (
        point.route and point.route_status not in ROUTE_STATUSES
    ):
        raise ActionError(
            f"decision point {point.name!r}: a route criterion names the route and a status "
            f"({', '.join(ROUTE_STATUSES)})"
        )
    numbers = (point.corridor_width_at_most, point.share_at_most, point.window_at_most, point.turn_at_least)
    if any(n is not None and not 0 <= n <= MAX_TURN for n in numbers):
        raise ActionError(f"decision point {point.name!r}: its numbers are from 0 up")


DECISION_POINT_FIELDS = ("corridor_width_at_most", "share_at_most", "window_at_most", "turn_at_least")


def decision_point_to_dict(point: DecisionPoint) -> dict[str, Any]:
    data: dict[str, Any] = {"name": point.name, "side": point.side}
    if point.force:
        data["force"] = point.force
    if point.route:
        data["route"], data["route_status"] = point.route, point.route_status
    for name in DECISION_POINT_FIELDS:
        if getattr(point, name) is not None:
            data[name] = getattr(point, name)
    return data


DECISION_POINT_SHAPE = Fields(
    {
        "name": str,
        "side": str,
        "force": str,
        "route": str,
        "route_status": str,
        "corridor_width_at_most": int,
        "share_at_most": (int, float),
        "window_at_most": int,
        "turn_at_least": int,
    },
    required=("name", "side"),
)


def decision_point_from_dict(data: Any, where: str) -> DecisionPoint:
    check(data, DECISION_POINT_SHAPE, where, error=ActionError)
    share = data.get("share_at_most")
    return DecisionPoint(
        name=data["name"],
        side=data["side"],
        force=data.get("force", ""),
        corridor_width_at_most=data.get("corridor_width_at_most"),
        route=data.get("route", ""),
        route_status=data.get("route_status", ""),
        share_at_most=None if share is None else float(share),
        window_at_most=data.get("window_at_most"),
        turn_at_least=data.get("turn_at_least"),
    )


@dataclass(frozen=True, slots=True)
class Decide(Action):
    """A side records its decision — hold, withdraw or other — with the rationale."""

    kind: ClassVar[str] = "decision"
    side: str
    choice: str
    rationale: str
    force: str = ""

    def validate(self, state: GameState) -> None:
        _side(state, self.side)
        if self.choice not in DECISIONS:
            raise ActionError(f"a decision is one of {', '.join(DECISIONS)}, not {self.choice!r}")
        if not self.rationale.strip():
            raise ActionError("a decision needs its rationale, for the after-action review")

    def apply(self, state: GameState) -> GameState:
        decision = Decision(state.turn, self.side, self.choice, self.rationale, self.force)
        return state.evolve(decisions=(*state.decisions, decision))

    def affects(self, state: GameState) -> Changes:
        return Changes()

    def describe(self, state: GameState) -> str:
        about = f" ({self.force})" if self.force else ""
        return f"{self.side} decides to {self.choice}{about}: {self.rationale}"


# --- JSON form -----------------------------------------------------------------------------


ACTION_TYPES: dict[str, type[Action]] = {
    cls.kind: cls
    for cls in (
        OverrideStatus,
        RollDice,
        PlaceUnit,
        MoveUnit,
        RemoveUnit,
        SetStrength,
        SetControl,
        CutSegment,
        RepairSegment,
        Interdict,
        Note,
        SetGround,
        SetSupplyPriority,
        EndTurn,
        Reschedule,
        AddDecisionPoint,
        Decide,
    )
}


def _to_json(value: Any) -> Any:
    if isinstance(value, Segment):
        return [list(value.a), list(value.b)]
    if isinstance(value, Hex):
        return [value.q, value.r]
    if isinstance(value, tuple):
        return [_to_json(v) for v in value]
    return value


def unit_to_dict(unit: Unit) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": unit.id,
        "side": unit.side,
        "type": unit.type.value,
        "echelon": unit.echelon.value,
        "hex": [unit.hex.q, unit.hex.r],
        "strength": unit.strength,
        "max_strength": unit.max_strength,
    }
    if unit.name:
        data["name"] = unit.name
    if unit.reach is not None:
        data["reach"] = unit.reach
    if unit.short:
        data["short"] = unit.short
    return data


# Shapes of the JSON form (wargame.core.files.shapes): checked before an action is built, so
# the builders below only meet the types they expect.
UNIT_FIELDS: dict[str, Shape] = {
    "id": str,
    "side": str,
    "type": str,
    "echelon": str,
    "name": str,
    "short": str,
    "strength": int,
    "max_strength": int,
    "reach": (int, NULL),
}
UNIT_SHAPE = Fields({**UNIT_FIELDS, "hex": HEX}, required=("id", "side", "type", "hex"))
SEGMENT = Row((HEX, HEX), "a road segment as a pair of hexes [[q, r], [q, r]]")
HEXES = ListOf(HEX)
OPTIONAL_TEXT = (str, NULL)
Builder = Callable[[dict[str, Any], str], Action]


def parse_hex(value: Any, where: str) -> Hex:
    """A hex from its JSON form ``[q, r]``; ActionError names ``where`` otherwise."""
    check(value, HEX, where, error=ActionError)
    return Hex(value[0], value[1])


def _hexes(values: list[list[int]]) -> tuple[Hex, ...]:
    return tuple(Hex(q, r) for q, r in values)


def _segment(value: list[list[int]]) -> Segment:
    return Segment.of(Hex(*value[0]), Hex(*value[1]))


def unit_from_dict(data: Any, where: str = "unit") -> Unit:
    """A unit from its JSON form; ActionError names the field that is wrong."""
    check(data, UNIT_SHAPE, where, error=ActionError)
    try:
        unit_type = UnitType(data["type"])
    except ValueError:
        known = ", ".join(t.value for t in UnitType)
        raise ActionError(f"{where}: unknown unit type {data['type']!r} (known: {known})") from None
    try:
        echelon = Echelon(data.get("echelon", "battalion"))
    except ValueError:
        raise ActionError(f"{where}: unknown echelon {data.get('echelon')!r}") from None
    reach = data.get("reach")
    max_strength = data.get("max_strength", 4)
    if not 1 <= max_strength <= MAX_STRENGTH:
        raise ActionError(f"{where}: field 'max_strength' must be 1 to {MAX_STRENGTH}")
    if reach is not None and not 0 <= reach <= MAX_REACH:
        raise ActionError(f"{where}: field 'reach' must be 0 to {MAX_REACH} hexes")
    return Unit(
        id=data["id"],
        side=data["side"],
        type=unit_type,
        hex=Hex(*data["hex"]),
        echelon=echelon,
        name=data.get("name", ""),
        strength=data.get("strength", max_strength),
        max_strength=max_strength,
        reach=reach,
        short=data.get("short", ""),
    )


# Each kind of action: the shape of its JSON form and how to build it from a checked one.
_KINDS: dict[str, tuple[Fields, Builder]] = {
    "place": (
        Fields({"unit": dict}, required=("unit",)),
        lambda d, w: PlaceUnit(unit_from_dict(d["unit"], f"{w}.unit")),
    ),
    "move": (
        Fields({"unit_id": str, "to": HEX, "ruling": str}, required=("unit_id", "to")),
        lambda d, w: MoveUnit(d["unit_id"], Hex(*d["to"]), d.get("ruling", "")),
    ),
    "remove": (Fields({"unit_id": str}, required=("unit_id",)), lambda d, w: RemoveUnit(d["unit_id"])),
    "strength": (
        Fields({"unit_id": str, "strength": int}, required=("unit_id", "strength")),
        lambda d, w: SetStrength(d["unit_id"], d["strength"]),
    ),
    "control": (
        Fields({"hexes": HEXES, "side": OPTIONAL_TEXT, "ruling": str}, required=("hexes",)),
        lambda d, w: SetControl(_hexes(d["hexes"]), d.get("side"), d.get("ruling", "")),
    ),
    "cut": (
        Fields({"segment": SEGMENT}, required=("segment",)),
        lambda d, w: CutSegment(_segment(d["segment"])),
    ),
    "repair": (
        Fields({"segment": SEGMENT}, required=("segment",)),
        lambda d, w: RepairSegment(_segment(d["segment"])),
    ),
    "interdict": (
        Fields({"hex": HEX, "side": str}, required=("hex", "side")),
        lambda d, w: Interdict(Hex(*d["hex"]), d["side"]),
    ),
    "note": (
        Fields({"text": str, "hexes": HEXES, "category": str}, required=("text",)),
        lambda d, w: Note(d["text"], _hexes(d.get("hexes", [])), d.get("category", "note")),
    ),
    "override": (
        Fields(
            {"side": str, "subject_kind": str, "subject": str, "status": OPTIONAL_TEXT, "reason": str},
            required=("side", "subject_kind", "subject", "reason"),
        ),
        lambda d, w: OverrideStatus(d["side"], d["subject_kind"], d["subject"], d.get("status"), d["reason"]),
    ),
    "dice": (
        Fields(
            {"dice": int, "sides": int, "results": ListOf(int), "purpose": str},
            required=("dice", "sides", "results"),
        ),
        lambda d, w: RollDice(d["dice"], d["sides"], tuple(d["results"]), d.get("purpose", "")),
    ),
    "ground": (Fields({"ground": str}, required=("ground",)), lambda d, w: SetGround(d["ground"])),
    "supply_priority": (
        Fields({"side": str, "units": ListOf(str), "priority": str}, required=("side", "units", "priority")),
        lambda d, w: SetSupplyPriority(d["side"], tuple(d["units"]), d["priority"]),
    ),
    "end_turn": (Fields({}), lambda d, w: EndTurn()),
    "reschedule": (
        Fields({"item_id": str, "turn": int, "reason": str}, required=("item_id", "turn", "reason")),
        lambda d, w: Reschedule(d["item_id"], d["turn"], d["reason"]),
    ),
    "decision_point": (
        Fields({"point": dict}, required=("point",)),
        lambda d, w: AddDecisionPoint(decision_point_from_dict(d["point"], f"{w}.point")),
    ),
    "decision": (
        Fields(
            {"side": str, "choice": str, "rationale": str, "force": str},
            required=("side", "choice", "rationale"),
        ),
        lambda d, w: Decide(d["side"], d["choice"], d["rationale"], d.get("force", "")),
    ),
}


def action_from_dict(data: Any, where: str = "action") -> Action:
    """Build an action from its JSON form; ActionError names the field that is wrong.

    >>> action_from_dict({"type": "move", "unit_id": "ua-1", "to": [3, 4]}).to
    Hex(q=3, r=4)
    """
    check(data, dict, where, error=ActionError)
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in _KINDS:
        raise ActionError(f"{where}: unknown action type {kind!r} (known: {', '.join(_KINDS)})")
    shape, build = _KINDS[kind]
    check(data, shape, where, error=ActionError)
    return build(data, where)
