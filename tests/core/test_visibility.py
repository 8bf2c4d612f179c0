"""Side views: a side sees its own units and enemy units within sight of them."""

from __future__ import annotations

from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Unit, UnitType
from wargame.core.rules.analysis import analyse
from wargame.core.visibility import analysis_for, sight, visible_units

MAP = make_map("\n".join([". " * 12] * 6))


def _state(*units: Unit):  # type: ignore[no-untyped-def]
    return Game(make_scenario(MAP, units), MAP).state


def test_sight_is_reach_at_least_one_and_recon_sees_two_further() -> None:
    assert sight(Unit("a", "UA", UnitType.ARTILLERY, Hex(0, 0))) == 1
    assert sight(Unit("m", "UA", UnitType.MECHANISED, Hex(0, 0))) == 2
    assert sight(Unit("r", "UA", UnitType.RECON, Hex(0, 0))) == 3
    assert sight(Unit("i", "UA", UnitType.INFANTRY, Hex(0, 0), reach=3)) == 3


def test_an_enemy_next_to_an_own_unit_is_seen_one_further_away_is_not() -> None:
    state = _state(
        Unit("ua", "UA", UnitType.INFANTRY, Hex(2, 0)),
        Unit("near", "RU", UnitType.INFANTRY, Hex(3, 0)),
        Unit("far", "RU", UnitType.INFANTRY, Hex(4, 0)),
    )
    assert visible_units(state, "UA") == {"ua", "near"}
    assert visible_units(state, "RU") == {"near", "far", "ua"}
    assert visible_units(state, None) == {"ua", "near", "far"}


def test_recon_sees_two_hexes_beyond_its_reach() -> None:
    state = _state(
        Unit("scouts", "UA", UnitType.RECON, Hex(0, 1)),
        Unit("three", "RU", UnitType.INFANTRY, Hex(3, 1)),
        Unit("four", "RU", UnitType.INFANTRY, Hex(4, 1)),
    )
    assert visible_units(state, "UA") == {"scouts", "three"}


def test_a_side_view_keeps_only_that_sides_results_and_warnings() -> None:
    state = _state(
        Unit("ua", "UA", UnitType.INFANTRY, Hex(2, 0)),
        Unit("ru", "RU", UnitType.INFANTRY, Hex(8, 0)),
    )
    analysis = analyse(state)
    assert {w.side for w in analysis.warnings} == {"UA", "RU"}
    view = analysis_for(analysis, "RU")
    assert set(view.sides) == {"RU"} and view.warnings
    assert all(w.side == "RU" for w in view.warnings)
    assert analysis_for(analysis, None) is analysis
