"""Movement takes time: allowances, costs, zones of control, seizures and rulings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from wargame.core.actions import EndTurn, MoveUnit, SetControl
from wargame.core.errors import ActionError
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex, from_offset
from wargame.core.map.sketch import make_map
from wargame.core.map.sketch import make_scenario as sketch_scenario
from wargame.core.model import Echelon, Rules, Unit, UnitType
from wargame.core.rule_check import RuleError, checked_rules
from wargame.core.rules.movement import allowance, reach

TIMED = Rules(timed_movement=True)


def at(col: int, row: int) -> Hex:
    return from_offset(col, row)


def game_on(sketch: str, units: list[Unit], rules: Rules = TIMED, control=None) -> Game:
    gamemap = make_map(sketch)
    scenario = replace(sketch_scenario(gamemap, units, control, {"UA": [at(0, 0)], "RU": []}), rules=rules)
    return Game(scenario, gamemap)


OPEN_ROW = ". . . . . . . . . ."
ROAD_ROW = "= = = = = = = = = ="


def infantry(uid: str, h: Hex, side: str = "UA") -> Unit:
    return Unit(uid, side, UnitType.INFANTRY, h)


def test_the_allowance_is_the_types_times_the_echelons():
    rules = Rules()
    assert allowance(infantry("a", at(0, 0)), rules) == 3.0
    brigade = Unit("b", "UA", UnitType.MECHANISED, at(0, 0), echelon=Echelon.BRIGADE)
    assert allowance(brigade, rules) == pytest.approx(6.0 * 0.8)


def test_infantry_crosses_three_open_hexes_a_turn_and_no_more():
    game = game_on(OPEN_ROW, [infantry("a", at(1, 0))])
    game.push(MoveUnit("a", at(4, 0)))
    assert game.state.moved["a"] == 3.0
    with pytest.raises(ActionError, match=r"costs 1 MP and it has 0 of 3 MP left"):
        game.push(MoveUnit("a", at(5, 0)))


def test_a_move_beyond_the_allowance_says_what_it_costs_and_what_is_left():
    game = game_on(OPEN_ROW, [infantry("a", at(0, 0))])
    game.push(MoveUnit("a", at(1, 0)))
    with pytest.raises(
        ActionError, match=r"cannot reach .* this turn: the way costs 5 MP and it has 2 of 3 MP left"
    ):
        game.push(MoveUnit("a", at(6, 0)))


def test_roads_are_cheaper_and_mud_makes_cross_country_dearer():
    road = game_on(ROAD_ROW, [infantry("a", at(0, 0))])
    assert max(h.q for h in reach(road.state, road.state.units["a"])) == 6  # 0.5 MP a hex
    mud = game_on(OPEN_ROW, [infantry("a", at(0, 0))], replace(TIMED, ground="mud"))
    assert reach(mud.state, mud.state.units["a"]) == {at(0, 0): 0.0, at(1, 0): 2.0}  # 1 MP doubled


def test_entering_an_enemy_zone_of_control_ends_the_move():
    game = game_on(OPEN_ROW, [infantry("a", at(0, 0)), infantry("r", at(3, 0), "RU")])
    reached = reach(game.state, game.state.units["a"])
    assert at(2, 0) in reached and at(4, 0) not in reached  # the hex past the enemy is out of reach
    game.push(MoveUnit("a", at(2, 0)))
    assert game.state.moved["a"] == 3.0
    with pytest.raises(ActionError):
        game.push(MoveUnit("a", at(1, 0)))


def test_no_move_through_enemy_held_ground_until_it_is_seized():
    control = {at(c, r): "RU" for c in range(3, 5) for r in range(3)}
    game = game_on("\n".join([OPEN_ROW] * 3), [infantry("a", at(2, 1))], control=control)
    with pytest.raises(ActionError, match="Russia holds it .*seize it first"):
        game.push(MoveUnit("a", at(3, 1)))
    game.push(SetControl((at(3, 1),), "UA"))  # next to it: the seizure is allowed
    game.push(MoveUnit("a", at(3, 1)))


def test_a_seizure_needs_a_combat_unit_in_or_next_to_the_hex():
    game = game_on(OPEN_ROW, [infantry("a", at(0, 0))])
    with pytest.raises(ActionError, match="no combat unit of its stands in or next to it"):
        game.push(SetControl((at(5, 0),), "UA"))
    game.push(SetControl((at(1, 0),), "UA"))


def test_the_facilitator_may_rule_any_move_or_seizure_allowed_with_a_reason():
    game = game_on(OPEN_ROW, [infantry("a", at(0, 0))])
    game.push(MoveUnit("a", at(8, 0), ruling="rail move adjudicated"))
    game.push(SetControl((at(4, 0),), "UA", ruling="partisans"))
    assert "ruled: rail move adjudicated" in game.describe(0)
    assert game.actions[0].to_dict()["ruling"] == "rail move adjudicated"


def test_the_end_of_the_turn_restores_every_allowance():
    game = game_on(OPEN_ROW, [infantry("a", at(0, 0))])
    game.push(MoveUnit("a", at(3, 0)))
    game.push(EndTurn())
    game.push(EndTurn())
    assert not game.state.moved
    game.push(MoveUnit("a", at(6, 0)))


def test_without_timed_movement_a_move_has_no_range():
    game = game_on(OPEN_ROW, [infantry("a", at(0, 0))], Rules())
    game.push(MoveUnit("a", at(9, 0)))
    game.push(SetControl((at(5, 0),), "UA"))


def test_the_mud_factor_is_checked_once():
    with pytest.raises(RuleError, match="move_mud_factor must be at least 1"):
        checked_rules({"move_mud_factor": 0.5})
    assert checked_rules({"move_allowance": {"infantry": 4}}).move_allowance["infantry"] == 4.0
