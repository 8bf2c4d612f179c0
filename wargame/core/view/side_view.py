"""A side's view: the state and the analysis as one side — or the facilitator — may see them.

It is computed once per update from the truth (the game's state and analysis) and is the
only thing a side's screen receives, here or over the network (it serialises to JSON and
back losslessly). A side sees its own units and the enemy units in its sight
(:mod:`wargame.core.visibility`), and of an enemy unit only what is on its counter: where it
is, what it is and its strength — never its supply. It sees its own routes, pockets,
corridors, forces and warnings, its own rulings and counts, the facilitator's notes and its
own. The facilitator's view (``viewer`` None) is the same type with everything in it.

Each part is a dataclass of its own, so a later part (a forecast, say) is one more field.

>>> view = side_view(game.state, analysis, "UA")            # doctest: +SKIP
>>> SideView.from_json(view.to_json()) == view              # doctest: +SKIP
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Scenario, Segment, Unit
from wargame.core.phases import Phase
from wargame.core.rules.results import Analysis, SideAnalysis, UnitSupply
from wargame.core.state import GameState, Interdiction, NoteRecord, Override
from wargame.core.view.codec import ViewFormatError, decode, encode
from wargame.core.visibility import analysis_for, visible_units

FORMAT = "wargame-side-view"
VERSION = 1
FACILITATOR = "facilitator"  # who the view is for, in the JSON form, when ``viewer`` is None


@dataclass(frozen=True, slots=True)
class Situation:
    """The changing part of the state as the viewer may see it (see :class:`GameState`)."""

    turn: int
    side_to_move: str
    units: Mapping[str, Unit]  # the units in sight
    control: Mapping[Hex, str]
    cut: frozenset[Segment] = frozenset()
    interdicted: Mapping[Hex, Interdiction] = field(default_factory=dict)
    notes: tuple[NoteRecord, ...] = ()  # the facilitator's and the viewer's own
    overrides: tuple[Override, ...] = ()  # rulings about the viewer's own units and routes
    turns_out_of_supply: Mapping[str, int] = field(default_factory=dict)  # own units only
    official: Mapping[str, str] = field(default_factory=dict)  # own units only
    ground: str | None = None
    supply_priority: Mapping[str, str] = field(default_factory=dict)  # own units only

    def to_state(self, scenario: Scenario, gamemap: GameMap) -> GameState:
        """The situation as a :class:`GameState` on ``scenario``'s map, for the views that
        draw a state (the units in it are only those in sight)."""
        return GameState(
            scenario=scenario,
            map=gamemap,
            turn=self.turn,
            side_to_move=self.side_to_move,
            units=dict(self.units),
            control=dict(self.control),
            cut=self.cut,
            interdicted=dict(self.interdicted),
            notes=self.notes,
            overrides={(o.side, o.subject_kind, o.subject): o for o in self.overrides},
            turns_out_of_supply=dict(self.turns_out_of_supply),
            official=dict(self.official),
            ground=self.ground,
            supply_priority=dict(self.supply_priority),
        ).evolve()


@dataclass(frozen=True)
class SideView:
    """The game as ``viewer`` (a side id, or None for the facilitator) may see it."""

    scenario: str
    viewer: str | None
    situation: Situation
    analysis: Analysis | None  # only the viewer's own sides and warnings; None: unavailable
    phase: Phase | None = None
    analysis_error: str | None = None  # why there is no analysis, when there is none
    # The state the view was built from (filtered as ``situation``), for local views; a view
    # read from JSON rebuilds it with :meth:`attach`. Not part of the view's value.
    _state: GameState | None = field(default=None, compare=False, repr=False)

    # --- reading ----------------------------------------------------------------------------

    @property
    def facilitator(self) -> bool:
        return self.viewer is None

    @property
    def turn(self) -> int:
        return self.situation.turn

    @property
    def side_to_move(self) -> str:
        return self.situation.side_to_move

    @property
    def visible(self) -> frozenset[str]:
        """Ids of the units the viewer can see."""
        return frozenset(self.situation.units)

    @property
    def own_sides(self) -> Mapping[str, SideAnalysis]:
        """The analysed sides the viewer may see (its own; every side for the facilitator)."""
        return self.analysis.sides if self.analysis is not None else {}

    def knows_supply_of(self, unit_id: str) -> bool:
        """Whether the viewer may know the supply of ``unit_id`` (its own, or the facilitator)."""
        unit = self.situation.units.get(unit_id)
        return unit is not None and (self.viewer is None or unit.side == self.viewer)

    def supply_of(self, unit_id: str) -> UnitSupply | None:
        """The supply of a unit as the viewer may know it (None for an enemy's)."""
        unit = self.situation.units.get(unit_id)
        if unit is None or not self.knows_supply_of(unit_id):
            return None
        side = self.own_sides.get(unit.side)
        return side.units.get(unit_id) if side is not None else None

    @property
    def state(self) -> GameState:
        """The situation as a :class:`GameState` (see :meth:`attach` for a view read from JSON)."""
        if self._state is None:
            raise ViewFormatError("this view was read from JSON: attach it to its scenario and map first")
        return self._state

    def attach(self, scenario: Scenario, gamemap: GameMap) -> SideView:
        """This view with its state rebuilt on ``scenario``'s map (a view read from JSON)."""
        return _with_state(self, self.situation.to_state(scenario, gamemap))

    # --- JSON -------------------------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        """The JSON-ready form (sorted, so equal views give equal text)."""
        data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        data.update(
            scenario=self.scenario,
            viewer=FACILITATOR if self.viewer is None else self.viewer,
            situation=encode(self.situation),
            analysis=encode(self.analysis),
            phase=encode(self.phase),
            analysis_error=self.analysis_error,
        )
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_data(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_data(cls, data: Any) -> SideView:
        """A view from its JSON-ready form; ViewFormatError says what is wrong."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ViewFormatError(f"not a side view (expected format {FORMAT!r})")
        if data.get("version") != VERSION:
            raise ViewFormatError(f"side view version {data.get('version')!r}; this version reads {VERSION}")
        viewer = decode(str, data.get("viewer"), "view.viewer")
        return cls(
            scenario=decode(str, data.get("scenario"), "view.scenario"),
            viewer=None if viewer == FACILITATOR else viewer,
            situation=decode(Situation, data.get("situation"), "view.situation"),
            analysis=decode(Analysis | None, data.get("analysis"), "view.analysis"),
            phase=decode(Phase | None, data.get("phase"), "view.phase"),
            analysis_error=decode(str | None, data.get("analysis_error"), "view.analysis_error"),
        )

    @classmethod
    def from_json(cls, text: str) -> SideView:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ViewFormatError(f"a side view must be JSON: {error}") from None
        return cls.from_data(data)


def _with_state(view: SideView, state: GameState) -> SideView:
    return SideView(
        view.scenario, view.viewer, view.situation, view.analysis, view.phase, view.analysis_error, state
    )


def side_view(
    state: GameState,
    analysis: Analysis | None,
    viewer: str | None,
    phase: Phase | None = None,
    analysis_error: str | None = None,
) -> SideView:
    """The view ``viewer`` (a side id, or None: the facilitator) has of ``state`` and its
    ``analysis`` (the whole truth, both sides)."""
    if viewer is None:
        situation = _situation(state)
        return SideView(state.scenario.id, None, situation, analysis, phase, analysis_error, state)
    seen = visible_units(state, viewer)
    own = {k for k, u in state.units.items() if u.side == viewer}
    filtered = state.evolve(
        units={k: u for k, u in state.units.items() if k in seen},
        notes=tuple(n for n in state.notes if n.side in (viewer, FACILITATOR)),
        overrides={k: o for k, o in state.overrides.items() if o.side == viewer},
        turns_out_of_supply={k: v for k, v in state.turns_out_of_supply.items() if k in own},
        official={k: v for k, v in state.official.items() if k in own},
        supply_priority={k: v for k, v in state.supply_priority.items() if k in own},
    )
    shown = analysis_for(analysis, viewer) if analysis is not None else None
    return SideView(state.scenario.id, viewer, _situation(filtered), shown, phase, analysis_error, filtered)


def _situation(state: GameState) -> Situation:
    return Situation(
        turn=state.turn,
        side_to_move=state.side_to_move,
        units=dict(state.units),
        control=dict(state.control),
        cut=state.cut,
        interdicted=dict(state.interdicted),
        notes=state.notes,
        overrides=tuple(sorted(state.overrides.values(), key=lambda o: (o.side, o.subject_kind, o.subject))),
        turns_out_of_supply=dict(state.turns_out_of_supply),
        official=dict(state.official),
        ground=state.ground,
        supply_priority=dict(state.supply_priority),
    )
