"""Official supply: the status fixed at the start of each side's turn, and turns out of supply.

Supply recomputed after every action is *projected*: it shows what a move would do. As in
most board wargames, the *official* status is fixed when a side's turn begins (from the
state at that moment, a facilitator's override taking precedence) and does not change until
that side's next turn begins; it is what turns out of supply count. The game's fold
(:func:`wargame.core.game.play`) calls :func:`official_supply` for the side whose turn begins
and :func:`count_turns_out_of_supply` for the side whose turn ends at every ``EndTurn``, and
:func:`wargame.core.game.start` fixes the first side's status, so the fold stays a pure
function of the log.
"""

from __future__ import annotations

from wargame.core.rules.results import Supply
from wargame.core.rules.supply import UNSUPPLIED, SupplyTrace, status_of, trace
from wargame.core.state import GameState


def official_supply(state: GameState) -> dict[str, str]:
    """The official statuses once the turn of ``state.side_to_move`` has begun in ``state``.

    That side's units get their status now (an override wins); other units keep theirs.
    """
    side = state.side_to_move
    official = {
        uid: value
        for uid, value in state.official.items()
        if uid in state.units and state.units[uid].side != side
    }
    units = state.units_of(side)
    if units:
        traced = trace(state, side)
        for unit in units:
            official[unit.id] = _effective(state, traced, unit.id).value
    return official


def count_turns_out_of_supply(state: GameState) -> dict[str, int]:
    """At the end of a side's turn: one more turn for its units *officially* out of supply or
    encircled, 0 for the rest.

    A unit with no official status (placed during the turn) counts from its status now.
    Called by the game's fold (:func:`wargame.core.game.play`); other sides' counts are kept. A
    count of 0 is stored as no entry (``counts.get(unit_id, 0)``).
    """
    side = state.side_to_move
    counts = dict(state.turns_out_of_supply)
    traced: SupplyTrace | None = None
    for unit in state.units_of(side):
        value = state.official.get(unit.id)
        if value is None:
            traced = traced or trace(state, side)
            value = _effective(state, traced, unit.id).value
        if Supply(value) in UNSUPPLIED:
            counts[unit.id] = counts.get(unit.id, 0) + 1
        else:
            counts.pop(unit.id, None)  # no entry reads as 0, and keeps saved states small
    return counts


def _effective(state: GameState, traced: SupplyTrace, unit_id: str) -> Supply:
    unit = state.units[unit_id]
    override = state.override_for(unit.side, "unit", unit_id)
    return Supply(override.status) if override else status_of(traced, unit)
