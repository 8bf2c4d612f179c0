"""A side's outlook: the forecast and withdrawal window of each force in a corridor, and the
warnings they raise ("leave while you still can").

>>> outlook(state, trace, corridors, history)          # doctest: +SKIP
(Forecast(side='UA', force='Bakhmut garrison', ...),)
"""

from __future__ import annotations

from collections.abc import Sequence

from wargame.core.model import Scenario
from wargame.core.rules.forecast import EnemyReach, Forecast, WidthPoint, earliest, first_move_turn, pace
from wargame.core.rules.results import Corridor, Severity, Warning
from wargame.core.rules.supply import SupplyTrace
from wargame.core.rules.window import OwnMoves, last_turn_to_start, turns_left, turns_out
from wargame.core.state import GameState


def outlook(
    state: GameState, trace: SupplyTrace, corridors: Sequence[Corridor], history: Sequence[WidthPoint]
) -> tuple[Forecast, ...]:
    """The forecast and window of every force with a corridor (``history``: widths at the
    ends of earlier turns)."""
    if not corridors:
        return ()
    reach = EnemyReach(trace.graph, state, trace.side)
    own = OwnMoves(trace.graph, state, trace.side)
    return tuple(_forecast(state, trace, reach, own, c, history) for c in corridors)


def _forecast(
    state: GameState,
    trace: SupplyTrace,
    reach: EnemyReach,
    own: OwnMoves,
    corridor: Corridor,
    history: Sequence[WidthPoint],
) -> Forecast:
    side = trace.side
    share = round(100 * corridor.delivered_sp / corridor.need_sp) if corridor.need_sp > 0 else 100
    points = [p for p in history if p.side == side and p.force == corridor.name]
    pace_turn, used = pace(
        state.turn, corridor.width_hexes, points, state.scenario.rules.forecast_trend_turns
    )
    found = earliest(reach, trace.graph, corridor.critical_hexes)
    close = None if found is None else first_move_turn(state, state.enemy_of(side)) + found[0] - 1
    force = [state.units[u] for u in corridor.units if u in state.units]
    needed, slowest = turns_out(trace, state, force, corridor.critical_hexes, own)
    last = None if close is None or needed is None else last_turn_to_start(state, side, needed, close)
    return Forecast(
        side=side,
        force=corridor.name,
        units=corridor.units,
        width_hexes=corridor.width_hexes,
        critical_hexes=corridor.critical_hexes,
        share_percent=share,
        earliest_close_turn=close,
        earliest_units=found[1] if found else (),
        earliest_hexes=corridor.critical_hexes if found else (),
        pace_close_turn=pace_turn,
        pace_widths=used,
        turns_needed=needed,
        last_turn_to_start=last,
        slowest_units=slowest,
        turns_left=None if last is None else turns_left(state, side, last),
    )


def window_warnings(scenario: Scenario, forecasts: Sequence[Forecast]) -> list[Warning]:
    """ "Leave while you still can" when one move is left to start a withdrawal, and a warning
    once the window has closed (the ring can close before the force gets out)."""
    found = []
    for f in forecasts:
        if f.turns_left is None or f.turns_left > 1:
            continue
        where = (
            f"the ring can close in turn {f.earliest_close_turn}; getting out takes {f.turns_needed} turn(s)"
        )
        if f.turns_left == 1:
            code, text = "window_closing", f"{f.force}: leave while you still can: one turn left ({where})"
        else:
            code, text = "window_closed", f"{f.force}: the withdrawal window has closed ({where})"
        found.append(
            Warning(code, Severity.CRITICAL, f.side, text, f.critical_hexes, f.units, subject=f.force)
        )
    return found


def width_points(
    turn: int, forecasts: Sequence[Forecast], earlier: Sequence[WidthPoint], keep: int
) -> tuple[WidthPoint, ...]:
    """The widths to carry to later analyses: the earlier ones of the last ``keep`` turns and
    this state's (which replace any of the same turn)."""
    now = {(f.side, f.force) for f in forecasts}
    kept = [
        p for p in earlier if p.turn > turn - keep - 1 and not (p.turn == turn and (p.side, p.force) in now)
    ]
    return tuple(
        sorted(
            [*kept, *(WidthPoint(f.side, f.force, turn, f.width_hexes) for f in forecasts)],
            key=lambda p: (p.side, p.force, p.turn),
        )
    )
