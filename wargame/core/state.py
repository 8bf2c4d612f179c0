"""GameState: the situation after some number of actions. Never mutated once built."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import DecisionPoint, Scenario, Scheduled, Segment, Unit


@dataclass(frozen=True, slots=True)
class Interdiction:
    """Fire laid on a hex by ``side``; lasts for ``remaining`` more turns of that side."""

    side: str
    remaining: int


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """A note, an adjudication record or a dice roll, kept in the record of the game."""

    turn: int
    side: str
    text: str
    hexes: tuple[Hex, ...] = ()
    kind: str = "note"  # "note", "adjudication" or "dice"


@dataclass(frozen=True, slots=True)
class Decision:
    """A side's decision (hold, withdraw or other) with its rationale, in the record."""

    turn: int
    side: str
    choice: str
    rationale: str
    force: str = ""


@dataclass(frozen=True, slots=True)
class Override:
    """A facilitator's ruling that replaces a computed status, with the reason for it.

    ``subject`` is ``("unit", unit_id)`` or ``("route", route_name)`` of ``side``.
    """

    side: str
    subject_kind: str
    subject: str
    status: str
    reason: str
    turn: int


STATE_MAPPINGS = (
    "units",
    "control",
    "interdicted",
    "turns_out_of_supply",
    "overrides",
    "official",
    "moved",
    "happened",
    "rescheduled",
    "supply_priority",
)


def frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class GameState:
    """Everything that changes during a game. Map and scenario are shared, not copied."""

    scenario: Scenario
    map: GameMap
    turn: int
    side_to_move: str
    units: Mapping[str, Unit]
    control: Mapping[Hex, str]
    cut: frozenset[Segment] = frozenset()
    interdicted: Mapping[Hex, Interdiction] = field(default_factory=lambda: frozen({}))
    notes: tuple[NoteRecord, ...] = ()
    overrides: Mapping[tuple[str, str, str], Override] = field(default_factory=lambda: frozen({}))
    turns_out_of_supply: Mapping[str, int] = field(default_factory=lambda: frozen({}))
    # Official supply (a Supply value per unit id), fixed at the start of each side's turn;
    # what turns out of supply count. Units placed since their side's turn began have none.
    official: Mapping[str, str] = field(default_factory=lambda: frozen({}))
    ground: str | None = None  # the facilitator's call on the ground (None: the scenario's)
    moved: Mapping[str, float] = field(default_factory=lambda: frozen({}))  # MP spent this turn, by unit
    # The schedule: items that happened (id -> turn) and the facilitator's new turns for others.
    happened: Mapping[str, int] = field(default_factory=lambda: frozen({}))
    rescheduled: Mapping[str, int] = field(default_factory=lambda: frozen({}))
    decision_points: tuple[DecisionPoint, ...] = ()  # defined during play (besides the scenario's)
    decisions: tuple[Decision, ...] = ()
    # Supply priority of units not at normal priority ("high" or "low", by unit id).
    supply_priority: Mapping[str, str] = field(default_factory=lambda: frozen({}))

    @classmethod
    def initial(cls, scenario: Scenario, gamemap: GameMap) -> GameState:
        """The scenario's start, before the rules fix official supply (see
        :func:`wargame.core.game.start`)."""
        return cls(
            scenario=scenario,
            map=gamemap,
            turn=scenario.first_turn,
            side_to_move=scenario.sides[0].id,
            units=frozen({u.id: u for u in scenario.units}),
            control=frozen(scenario.control),
        )

    def evolve(self, **changes: Any) -> GameState:
        """A copy with some fields replaced (mappings are frozen on the way in)."""
        for key in STATE_MAPPINGS:
            if key in changes:
                changes[key] = frozen(changes[key])
        return replace(self, **changes)

    def turn_of(self, item: Scheduled) -> int:
        """The turn a scheduled item happens in, after the facilitator's changes."""
        return self.rescheduled.get(item.id, item.turn)

    @property
    def all_decision_points(self) -> tuple[DecisionPoint, ...]:
        return (*self.scenario.decision_points, *self.decision_points)

    def units_at(self, h: Hex) -> list[Unit]:
        return sorted((u for u in self.units.values() if u.hex == h), key=lambda u: u.id)

    def units_of(self, side: str) -> list[Unit]:
        return sorted((u for u in self.units.values() if u.side == side), key=lambda u: u.id)

    def controller(self, h: Hex) -> str | None:
        return self.control.get(h)

    def override_for(self, side: str, subject_kind: str, subject: str) -> Override | None:
        """The facilitator's override of a unit's supply or a route's status, if any."""
        return self.overrides.get((side, subject_kind, subject))

    def enemy_of(self, side: str) -> str:
        return self.scenario.enemy_of(side)

    def to_dict(self) -> dict[str, Any]:
        """Canonical, JSON-ready form of the changing part of the state (sorted)."""
        return {
            "turn": self.turn,
            "side_to_move": self.side_to_move,
            "units": [
                [
                    u.id,
                    u.side,
                    u.type.value,
                    u.echelon.value,
                    u.name,
                    u.hex.q,
                    u.hex.r,
                    u.strength,
                    u.max_strength,
                    u.reach,
                ]
                for u in sorted(self.units.values(), key=lambda u: u.id)
            ],
            "control": sorted([h.q, h.r, s] for h, s in self.control.items()),
            "cut": sorted([s.a.q, s.a.r, s.b.q, s.b.r] for s in self.cut),
            "interdicted": sorted([h.q, h.r, i.side, i.remaining] for h, i in self.interdicted.items()),
            "notes": [[n.turn, n.side, n.kind, n.text, [list(h) for h in n.hexes]] for n in self.notes],
            "overrides": sorted(
                [o.side, o.subject_kind, o.subject, o.status, o.reason, o.turn]
                for o in self.overrides.values()
            ),
            "turns_out_of_supply": sorted([k, v] for k, v in self.turns_out_of_supply.items()),
            "official": sorted([k, v] for k, v in self.official.items()),
            **({"ground": self.ground} if self.ground else {}),
            **({"moved": sorted([k, v] for k, v in self.moved.items())} if self.moved else {}),
            **({"happened": sorted([k, v] for k, v in self.happened.items())} if self.happened else {}),
            **(
                {"rescheduled": sorted([k, v] for k, v in self.rescheduled.items())}
                if self.rescheduled
                else {}
            ),
            **({"decision_points": [p.name for p in self.decision_points]} if self.decision_points else {}),
            **(
                {"decisions": [[d.turn, d.side, d.choice, d.rationale, d.force] for d in self.decisions]}
                if self.decisions
                else {}
            ),
            **(
                {"supply_priority": sorted([k, v] for k, v in self.supply_priority.items())}
                if self.supply_priority
                else {}
            ),
        }

    def state_hash(self) -> str:
        """Equal for equal states, whatever path led to them."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()
