"""Who did an action: a side, or the facilitator.

The facilitator's are the rulings of the game — dice, overrides, notes, the ground, strengths
and removals by adjudication, units placed in set-up and as reinforcements. A side does the
rest (moves, seizing hexes, cutting and repairing roads, its fires, ending its turn); the
facilitator at a shared screen may also do them for the side to move.

>>> default_actor(RollDice(2, 6, (3, 4)), state)   # doctest: +SKIP
'facilitator'
"""

from __future__ import annotations

from wargame.core.actions import (
    Action,
    AddDecisionPoint,
    Decide,
    Interdict,
    MoveUnit,
    Note,
    OverrideStatus,
    PlaceUnit,
    RemoveUnit,
    Reschedule,
    RollDice,
    SetControl,
    SetGround,
    SetStrength,
    SetSupplyPriority,
)
from wargame.core.errors import ActionError
from wargame.core.state import GameState

FACILITATOR = "facilitator"
FACILITATORS_ACTIONS: tuple[type[Action], ...] = (
    RollDice,
    OverrideStatus,
    Note,
    SetGround,
    SetStrength,
    RemoveUnit,
    PlaceUnit,
    Reschedule,
    AddDecisionPoint,
)
# Kinds a side may not do itself: the rulings of the game (a side may leave a note of its own).
RULINGS: tuple[type[Action], ...] = (
    RollDice,
    OverrideStatus,
    SetGround,
    SetStrength,
    RemoveUnit,
    PlaceUnit,
    Reschedule,
    AddDecisionPoint,
)
FACILITATOR_KINDS = frozenset(kind.kind for kind in FACILITATORS_ACTIONS)


def default_actor(action: Action, state: GameState) -> str:
    """Who does ``action`` in ``state`` when nobody says: the facilitator for a ruling, the
    firing side for fire, else the side to move."""
    if isinstance(action, FACILITATORS_ACTIONS) or _ruled(action):
        return FACILITATOR
    if isinstance(action, Interdict | Decide):
        return action.side
    return state.side_to_move


def _ruled(action: Action) -> bool:
    """A move or seizure the facilitator rules allowed (it carries the ruling's reason)."""
    return isinstance(action, MoveUnit | SetControl) and bool(action.ruling.strip())


def actor_of_entry(kind: str, side_to_move: str, fields: dict[str, object]) -> str:
    """The same rule on an action's JSON form (to migrate game files written before actors)."""
    if kind in FACILITATOR_KINDS or (kind in ("move", "control") and fields.get("ruling")):
        return FACILITATOR
    if kind in ("interdict", "decision") and isinstance(fields.get("side"), str):
        return str(fields["side"])
    return side_to_move


def check_actor(action: Action, actor: str, state: GameState) -> None:
    """Refuse ``actor`` doing ``action`` when it may not (ActionError with the reason)."""
    if actor == FACILITATOR:
        return
    if actor not in state.scenario.side_ids:
        known = ", ".join((*state.scenario.side_ids, FACILITATOR))
        raise ActionError(f"unknown actor {actor!r}: an action is done by one of {known}")
    name = state.scenario.side(actor).name
    if isinstance(action, RULINGS) or _ruled(action):
        raise ActionError(f"{name} cannot do that: {action.describe(state)} is the facilitator's ruling")
    if isinstance(action, SetSupplyPriority) and action.side != actor:
        raise ActionError(f"{name} sets the supply priority of its own units, not {action.side}'s")
    if isinstance(action, Interdict | Decide):
        if action.side != actor:
            raise ActionError(f"{name} decides and lays fire for itself, not for {action.side}")
    elif not isinstance(action, Note) and actor != state.side_to_move:
        mover = state.scenario.side(state.side_to_move).name
        raise ActionError(f"it is {mover}'s turn, not {name}'s")


def actor_name(actor: str) -> str:
    """How the record names an actor: "Facilitator", or the side's id."""
    return "Facilitator" if actor == FACILITATOR else actor
