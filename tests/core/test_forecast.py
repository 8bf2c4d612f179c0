"""The forecast of encirclement and the withdrawal window, on sketch maps with known answers,
and the bottleneck assignment against brute force."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.core.actions import EndTurn, SetControl
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex, from_offset
from wargame.core.map.sketch import grid_map, make_scenario
from wargame.core.model import Rules, Unit, UnitType
from wargame.core.rules.analysis import GameAnalysis, analyse
from wargame.core.rules.forecast import WidthPoint, bottleneck, pace
from wargame.core.state import GameState

WALL = 8
WIDE = grid_map(17, 9)


def at(col: int, row: int) -> Hex:
    return from_offset(col, row)


def unit(uid: str, side: str, h: Hex) -> Unit:
    return Unit(uid, side, UnitType.INFANTRY, h)


TIMED = Rules(timed_movement=True)


def walled(gap_rows, enemies, rules=TIMED) -> GameState:
    """A UA force at the east end of a corridor through a wall of Russian-held hexes."""
    control = {at(WALL, r): "RU" for r in range(9) if r not in gap_rows}
    units = [unit("ua", "UA", at(15, 4)), *enemies]
    scenario = make_scenario(WIDE, units, control, {"UA": [at(0, 4)], "RU": []}, rules=rules)
    return GameState.initial(scenario, WIDE)


def garrison(state: GameState):
    (forecast,) = analyse(state).sides["UA"].forecasts
    return forecast


def test_the_earliest_close_is_the_turn_the_nearest_enemy_stands_next_to_the_gap():
    near = garrison(walled([4], [unit("r1", "RU", at(WALL, 0))]))  # 3 hexes along the wall
    far = garrison(walled([4], [unit("r1", "RU", at(WALL, 0)), unit("r2", "RU", at(2, 8))]))
    assert near.width_hexes == 1 and near.critical_hexes == (at(WALL, 4),)
    # UA is to move; Russia's first move is this turn: three open hexes take one turn.
    assert near.earliest_close_turn == 1 and near.earliest_units == ("r1",)
    assert far.earliest_close_turn == 1  # a second, distant unit changes nothing


def test_one_unit_takes_one_hex_so_a_wider_gap_needs_more_units_or_more_turns():
    one = garrison(walled([3, 4], [unit("r1", "RU", at(WALL, 0))]))
    two = garrison(walled([3, 4], [unit("r1", "RU", at(WALL, 0)), unit("r2", "RU", at(WALL - 6, 8))]))
    assert one.earliest_close_turn is None  # one unit cannot take two hexes
    assert two.earliest_close_turn is not None and two.earliest_close_turn >= 2
    assert set(two.earliest_units) == {"r1", "r2"}


def test_the_withdrawal_window_closes_before_the_ring():
    f = garrison(walled([4], [unit("r1", "RU", at(WALL, 0))]))
    # From column 15 to held, supplied ground beyond the wall (column 7) is 8 hexes: 3 turns.
    assert f.turns_needed == 3
    assert f.last_turn_to_start == f.earliest_close_turn - 3 + 1  # UA moves first in a turn
    assert f.turns_left == 0


def test_pace_extrapolates_the_width_trend_and_is_none_without_one():
    points = [WidthPoint("UA", "g", 1, 5), WidthPoint("UA", "g", 2, 4)]
    assert pace(3, 3, points, 3) == (6, ((1, 5), (2, 4), (3, 3)))  # one hex a turn: 0 in 3 more
    assert pace(3, 5, points[:1], 3)[0] is None  # widening
    assert pace(1, 3, [], 3)[0] is None  # one turn only


def test_the_pace_forecast_comes_from_the_widths_at_the_ends_of_earlier_turns():
    state = walled([2, 3, 4, 5], [unit("r1", "RU", at(WALL - 3, 0)), unit("r2", "RU", at(WALL - 3, 8))])
    game = Game(state.scenario, WIDE)
    analyses = GameAnalysis(game)
    for row in (2, 5):
        game.push(EndTurn())
        game.push(SetControl((at(WALL, row),), "RU", ruling="adjudicated"))
        game.push(EndTurn())
    f = analyses.at(len(game)).sides["UA"].forecasts[0]
    first = analyses.at(0).sides["UA"].forecasts[0].width_hexes
    widths = [w for _, w in f.pace_widths]
    assert [t for t, _ in f.pace_widths] == [1, 2, 3]
    assert widths == [first - 1, first - 2, first - 2]  # each turn ends after Russia's seizure
    assert (
        f.pace_close_turn
        == pace(3, f.width_hexes, [WidthPoint("UA", f.force, t, w) for t, w in f.pace_widths], 3)[0]
    )
    assert f.pace_close_turn is not None and f.pace_close_turn > 3


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda k: st.tuples(st.just(k), st.integers(k, 5))), st.randoms())
def test_the_bottleneck_assignment_is_the_brute_force_optimum(shape, rng):
    rows, columns = shape
    table = np.array([[rng.choice([1, 2, 3, 4, 5, np.inf]) for _ in range(columns)] for _ in range(rows)])
    brute = [
        max(table[r, c] for r, c in enumerate(perm)) for perm in itertools.permutations(range(columns), rows)
    ]
    best = min(brute)
    found = bottleneck(table)
    if not np.isfinite(best):
        assert found is None
    else:
        assert found is not None and found[0] == best
        assert len(set(found[1])) == rows and max(table[r, c] for r, c in enumerate(found[1])) == best


def test_without_timed_movement_there_is_no_forecast():
    state = walled([4], [unit("r1", "RU", at(WALL, 0))], Rules())
    assert analyse(state).sides["UA"].forecasts == ()
    assert replace(state.scenario.rules, timed_movement=True).timed_movement
