"""The timeline of a game: turns on one axis, with the forecast closures, the withdrawal
windows, the scheduled arrivals and events, the decision points reached and the decisions
taken. The timeline dock, the presentation strip, ``report --json`` and the after-action
review all read it.

>>> timeline(state, analysis).arrivals[0].turn           # doctest: +SKIP
53
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wargame.core.rules.forecast import Forecast
from wargame.core.rules.results import Analysis
from wargame.core.state import Decision, GameState


@dataclass(frozen=True, slots=True)
class Mark:
    """One thing at one turn: an arrival, an event or a decision point."""

    turn: int
    side: str
    name: str
    done: bool  # arrived, happened or reached
    kind: str  # "arrival", "event" or "decision_point"


@dataclass(frozen=True, slots=True)
class Timeline:
    turn: int
    first_turn: int
    forecasts: tuple[Forecast, ...]
    marks: tuple[Mark, ...]
    decisions: tuple[Decision, ...]

    @property
    def last_turn(self) -> int:
        """The last turn anything on the timeline falls in (at least two turns ahead)."""
        turns = [self.turn + 2, *(m.turn for m in self.marks), *(d.turn for d in self.decisions)]
        for f in self.forecasts:
            turns += [
                t for t in (f.earliest_close_turn, f.pace_close_turn, f.last_turn_to_start) if t is not None
            ]
        return max(turns)


def timeline(state: GameState, analysis: Analysis | None, side: str | None = None) -> Timeline:
    """The timeline of ``state`` as ``side`` may see it (None: everything)."""
    sides = [s for s in state.scenario.side_ids if side is None or s == side]
    forecasts = tuple(
        f for s in sides if analysis and s in analysis.sides for f in analysis.sides[s].forecasts
    )
    reached = dict(analysis.reached) if analysis else {}
    marks = [
        Mark(
            state.happened.get(i.id, state.turn_of(i)),
            i.side,
            i.title,
            i.id in state.happened,
            "arrival" if i.units else "event",
        )
        for i in state.scenario.schedule
        if not i.side or i.side in sides
    ]
    marks += [
        Mark(reached.get(p.name, p.turn_at_least or 0), p.side, p.name, p.name in reached, "decision_point")
        for p in state.all_decision_points
        if p.side in sides and (p.name in reached or p.turn_at_least is not None)
    ]
    decisions = tuple(d for d in state.decisions if d.side in sides)
    marks.sort(key=lambda m: (m.turn, m.kind, m.name))
    return Timeline(state.turn, state.scenario.first_turn, forecasts, tuple(marks), decisions)


def timeline_report(state: GameState, analysis: Analysis) -> dict[str, Any]:
    """The top-level ``reinforcements``, ``decision_points`` and ``decisions`` of ``report --json``."""
    reached = dict(analysis.reached)
    return {
        "reinforcements": [
            {
                "id": i.id,
                "name": i.title,
                "turn": state.happened.get(i.id, state.turn_of(i)),
                "side": i.side,
                "units": [u.id for u in i.units],
                "arrived": i.id in state.happened,
            }
            for i in state.scenario.schedule
            if i.units
        ],
        "events": [
            {
                "id": i.id,
                "name": i.title,
                "turn": state.happened.get(i.id, state.turn_of(i)),
                "happened": i.id in state.happened,
            }
            for i in state.scenario.schedule
            if not i.units
        ],
        "decision_points": [
            {
                "name": p.name,
                "side": p.side,
                "criteria": list(p.criteria),
                "reached_turn": reached.get(p.name),
            }
            for p in state.all_decision_points
        ],
        "decisions": [
            {"turn": d.turn, "side": d.side, "choice": d.choice, "rationale": d.rationale, "force": d.force}
            for d in state.decisions
        ],
    }
