"""The phases of a turn, read from the action log: each side's move in turn order, then the
facilitator's adjudication.

The log has no phase of its own: after the last side ends its turn, the next turn begins at
once. Until the first side does anything itself — every action since the turn began is the
facilitator's (:mod:`wargame.core.actors`: notes, dice, overrides, the ground, strengths,
removals, reinforcements) — the game is in the adjudication of the turn just ended. Reading
the phase from the log keeps saved games, replay and the fold as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.core.actors import FACILITATOR
from wargame.core.game import Game

ADJUDICATION = "adjudication"


@dataclass(frozen=True, slots=True)
class Phase:
    """Where a game is in its turn: ``names`` in order and the ``current`` one."""

    names: tuple[str, ...]
    current: str
    turn: int  # the turn the current phase belongs to (the one just ended, when adjudicating)


def phase_names(game: Game) -> tuple[str, ...]:
    """The phase names in order: each side's move ("Ukraine move", …), then "adjudication"."""
    return (*(f"{side.name} move" for side in game.scenario.sides), ADJUDICATION)


def current_phase(game: Game) -> Phase:
    """The phase of ``game`` at its current action (see the module docstring)."""
    state = game.state
    names = phase_names(game)
    start = game.index_of_turn(state.turn)
    first_side = game.scenario.sides[0].id
    adjudicating = (
        state.turn > game.scenario.first_turn
        and state.side_to_move == first_side
        and all(actor == FACILITATOR for actor in game.actors[start:])
    )
    if adjudicating:
        return Phase(names, ADJUDICATION, state.turn - 1)
    return Phase(names, f"{game.scenario.side(state.side_to_move).name} move", state.turn)
