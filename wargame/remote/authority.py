"""Who may propose what: a side proposes only its own moves, on its own turn; everything
else (placing and removing units, strength, dice, rulings, the ground) is the facilitator's.

The rules of the game itself stay in each action's ``validate``: this only decides whether a
side may ask at all, before the truth is consulted.
"""

from __future__ import annotations

from wargame.core.actions import (
    Action,
    CutSegment,
    EndTurn,
    Interdict,
    MoveUnit,
    Note,
    RepairSegment,
    SetControl,
)
from wargame.core.state import GameState

SIDE_ACTIONS = (MoveUnit, SetControl, CutSegment, RepairSegment, Interdict, Note, EndTurn)


def refusal(action: Action, side: str, state: GameState) -> str | None:
    """Why ``side`` may not propose ``action`` in ``state`` (None: it may, the rules decide)."""
    names = {s.id: s.name for s in state.scenario.sides}
    if side not in names:
        return f"there is no side {side!r} in this game"
    if not isinstance(action, SIDE_ACTIONS):
        return f"only the facilitator may {action.kind.replace('_', ' ')}: ask the facilitator"
    if state.side_to_move != side:
        return f"out of turn: it is {names[state.side_to_move]}'s move"
    if isinstance(action, MoveUnit):
        unit = state.units.get(action.unit_id)
        if unit is None or unit.side != side:
            return f"{names[side]} has no unit {action.unit_id!r}"
    if isinstance(action, SetControl | Interdict) and action.side != side:
        return f"{names[side]} acts for itself only (the action names {action.side!r})"
    if isinstance(action, Note) and action.category != "note":
        return "only the facilitator writes adjudications"
    return None
