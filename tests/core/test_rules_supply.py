"""Supply tracing on small sketch maps: costs, blocking, zones of control, fire, counting."""

from __future__ import annotations

import pytest

from wargame.core.actions import CutSegment, EndTurn, MoveUnit
from wargame.core.errors import GameFileError
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex, from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Echelon, RoadClass, Rules, Segment, Unit, UnitType
from wargame.core.rules.analysis import analyse
from wargame.core.rules.results import Supply
from wargame.core.state import GameState, Interdiction


def at(col: int, row: int) -> Hex:
    return from_offset(col, row)


def ua(uid: str, h: Hex, kind: UnitType = UnitType.INFANTRY) -> Unit:
    return Unit(uid, "UA", kind, h)


def ru(uid: str, h: Hex, kind: UnitType = UnitType.INFANTRY, reach: int | None = None) -> Unit:
    return Unit(uid, "RU", kind, h, reach=reach)


def state(gamemap, units, source=None, rules=None, control=None) -> GameState:
    sources = {"UA": [source or at(0, 0)]}
    scenario = make_scenario(gamemap, units, control, sources, rules=rules)
    return GameState.initial(scenario, gamemap)


def supply_of(s: GameState, uid: str):
    return analyse(s).sides["UA"].units[uid]


ROAD_ROW = make_map("= = = = = = = = = =")


def test_a_unit_exactly_at_the_maximum_trace_length_is_supplied_and_one_hex_beyond_is_not():
    rules = Rules(max_trace_cost=3.0)  # a main road costs 0.5 a hex: six hexes
    s = state(ROAD_ROW, [ua("edge", at(6, 0)), ua("beyond", at(7, 0))], rules=rules)
    edge, beyond = supply_of(s, "edge"), supply_of(s, "beyond")
    assert (edge.supply, edge.cost) == (Supply.SUPPLIED, 3.0)
    assert (beyond.supply, beyond.cost) == (Supply.OUT_OF_SUPPLY, None)


def test_the_traced_path_runs_from_the_source_to_the_unit():
    s = state(ROAD_ROW, [ua("a", at(3, 0))])
    assert supply_of(s, "a").path == tuple(at(c, 0) for c in range(4))


def test_no_connection_at_all_is_encircled_not_out_of_supply():
    s = state(make_map(". . ~ . ."), [ua("a", at(4, 0))])
    assert supply_of(s, "a").supply is Supply.ENCIRCLED


def test_cross_country_cost_is_the_terrain_entered():
    s = state(make_map(". w ^ # ."), [ua("a", at(4, 0))])
    assert supply_of(s, "a").cost == 3.0 + 3.0 + 2.0 + 2.0  # woods, high, urban, open


def test_road_classes_have_their_own_costs():
    highway = make_map("= = = =", road_class=RoadClass.HIGHWAY)
    minor = make_map("= = = =", road_class=RoadClass.MINOR)
    rules = Rules(road_cost={"highway": 0.25, "main": 0.5, "secondary": 0.75, "minor": 1.0})
    assert supply_of(state(highway, [ua("a", at(3, 0))], rules=rules), "a").cost == 0.75
    assert supply_of(state(minor, [ua("a", at(3, 0))], rules=rules), "a").cost == 3.0


def test_a_river_costs_extra_without_a_bridge_and_nothing_with_one():
    river = [(at(0, 0), at(1, 0))]
    ford = make_map(". . .", rivers=river)
    bridge = make_map("= = .", rivers=river)
    assert supply_of(state(ford, [ua("a", at(2, 0))]), "a").cost == 2.0 + 4.0 + 2.0
    assert supply_of(state(bridge, [ua("a", at(2, 0))]), "a").cost == 0.5 + 2.0


def test_a_blown_bridge_costs_the_river_crossing_again():
    gamemap = make_map("= = .", rivers=[(at(0, 0), at(1, 0))])
    s = state(gamemap, [ua("a", at(2, 0))])
    s = s.evolve(cut=frozenset({Segment.of(at(0, 0), at(1, 0))}))
    assert supply_of(s, "a").cost == 2.0 + 4.0 + 2.0


ROAD_AND_FIELDS = make_map("""
    = = = = = =
    . . . . . .
""")


def test_a_cut_road_segment_is_crossed_cross_country_at_the_terrain_cost():
    s = state(ROAD_AND_FIELDS, [ua("a", at(5, 0))])
    assert supply_of(s, "a").cost == 2.5
    cut = CutSegment(Segment.of(at(2, 0), at(3, 0)))
    after = supply_of(cut.apply(s), "a")
    assert after.cost == 4 * 0.5 + 2.0
    assert at(2, 0) in after.path and at(3, 0) in after.path


def test_when_the_road_is_cut_and_blocked_supply_detours_through_the_fields():
    blocked = {at(3, 0): "RU"}
    s = state(ROAD_AND_FIELDS, [ua("a", at(5, 0))], control=blocked)
    after = supply_of(s, "a")
    assert after.supply is Supply.SUPPLIED
    assert at(3, 0) not in after.path
    assert after.cost > 2.5


def test_water_hexes_are_impassable():
    s = state(make_map(". ~ ."), [ua("a", at(2, 0))])
    assert supply_of(s, "a").supply is Supply.ENCIRCLED


def test_enemy_occupied_hexes_block_even_without_a_zone_of_control():
    s = state(ROAD_ROW, [ua("a", at(5, 0)), ru("gun", at(3, 0), UnitType.ARTILLERY)])
    assert supply_of(s, "a").supply is Supply.ENCIRCLED


def test_enemy_controlled_hexes_block():
    s = state(ROAD_ROW, [ua("a", at(5, 0))], control={at(2, 0): "RU"})
    assert supply_of(s, "a").supply is Supply.ENCIRCLED


def test_a_friendly_unit_in_an_enemy_controlled_hex_keeps_it_open():
    s = state(ROAD_ROW, [ua("a", at(5, 0)), ua("post", at(2, 0))], control={at(2, 0): "RU"})
    assert supply_of(s, "a").supply is Supply.SUPPLIED


# One passable row; the enemy stands on a spur north of it (reach 0: no fire, only ZOC).
SPUR = make_map("""
    ~ ~ . ~ ~ ~ ~
    . . . . . . .
    ~ ~ ~ ~ ~ ~ ~
""")


def test_an_enemy_zone_of_control_blocks_supply():
    s = state(SPUR, [ua("a", at(6, 1)), ru("r", at(2, 0), reach=0)], source=at(0, 1))
    assert supply_of(s, "a").supply is Supply.ENCIRCLED


def test_a_friendly_unit_negates_the_enemy_zone_of_control_where_it_stands():
    units = [ua("a", at(6, 1)), ua("post", at(2, 1)), ru("r", at(2, 0), reach=0)]
    s = state(SPUR, units, source=at(0, 1))
    assert supply_of(s, "a").supply is Supply.SUPPLIED


def test_non_combat_units_exert_no_zone_of_control():
    s = state(SPUR, [ua("a", at(6, 1)), ru("hq", at(2, 0), UnitType.HQ)], source=at(0, 1))
    assert supply_of(s, "a").supply is Supply.SUPPLIED


def test_zones_of_control_can_be_switched_off_by_the_rules():
    units = [ua("a", at(6, 1)), ru("r", at(2, 0), reach=0)]
    s = state(SPUR, units, source=at(0, 1), rules=Rules(zoc=False))
    assert supply_of(s, "a").supply is Supply.SUPPLIED


def brigade(uid: str, h: Hex) -> Unit:
    """Needs 3 SP a turn: more than a link under fire carries cross-country or by a minor road."""
    return Unit(uid, "UA", UnitType.INFANTRY, h, Echelon.BRIGADE)


def test_supply_through_enemy_direct_fire_arrives_reduced():
    units = [brigade("a", at(6, 1)), ua("post", at(2, 1)), ru("r", at(2, 0), reach=1)]
    rules = Rules(offroad_capacity={"dry": 2.0, "frozen": 2.0, "mud": 2.0}, last_mile_hexes=0)
    quiet = supply_of(state(SPUR, units[:1], source=at(0, 1), rules=rules), "a")
    fired = supply_of(state(SPUR, units, source=at(0, 1), rules=rules), "a")
    # One lane of open ground: 2 SP a turn, and a quarter of that through the hexes under fire,
    # shared with the post (need 1) behind the same fire in proportion to need: 3/4 of 0.5.
    assert (quiet.supply, quiet.delivered_sp) == (Supply.LIMITED, 2.0)
    assert (fired.supply, fired.delivered_sp) == (Supply.OUT_OF_SUPPLY, 0.375)


def test_fire_on_the_units_own_hex_does_not_limit_its_supply():
    units = [ua("post", at(2, 1)), ru("r", at(2, 0), reach=1)]
    s = state(SPUR, units, source=at(0, 1))
    assert supply_of(s, "post").supply is Supply.SUPPLIED


def test_supply_through_a_hex_the_enemy_interdicts_is_limited():
    s = state(ROAD_ROW, [brigade("a", at(5, 0))])  # a main road carries 8 SP, under fire 2
    fired = s.evolve(interdicted={at(2, 0): Interdiction("RU", 1)})
    own = s.evolve(interdicted={at(2, 0): Interdiction("UA", 1)})
    assert (supply_of(fired, "a").supply, supply_of(fired, "a").delivered_sp) == (Supply.LIMITED, 2.0)
    assert supply_of(own, "a").supply is Supply.SUPPLIED


def test_a_source_the_enemy_holds_supplies_nobody():
    s = state(ROAD_ROW, [ua("a", at(5, 0))], control={at(0, 0): "RU"})
    assert supply_of(s, "a").supply is Supply.ENCIRCLED


@pytest.fixture
def cut_off_game() -> Game:
    """UA unit "a" stands beyond a water gap; RU unit "b" is supplied."""
    gamemap = make_map(". . ~ . . .")
    units = [ua("a", at(3, 0)), ru("b", at(5, 0), UnitType.ARTILLERY)]
    scenario = make_scenario(gamemap, units, sources={"UA": [at(0, 0)], "RU": [at(5, 0)]})
    return Game(scenario, gamemap)


def test_turns_out_of_supply_are_counted_when_the_sides_turn_ends(cut_off_game):
    game = cut_off_game
    game.push(EndTurn())  # UA ends turn 1
    assert game.state.turns_out_of_supply.get("a", 0) == 1
    game.push(EndTurn())  # RU ends turn 1: UA counts are kept, supplied RU counts nothing
    assert game.state.turns_out_of_supply.get("a", 0) == 1
    assert game.state.turns_out_of_supply.get("b", 0) == 0
    game.push(EndTurn())  # UA ends turn 2
    assert game.state.turns_out_of_supply.get("a", 0) == 2
    assert analyse(game.state).sides["UA"].units["a"].turns_out_of_supply == 2


def test_the_count_resets_once_the_unit_is_officially_back_in_supply(cut_off_game):
    game = cut_off_game
    game.push(EndTurn())
    game.push(EndTurn())
    game.push(MoveUnit("a", at(1, 0)))
    game.push(EndTurn())  # UA ends turn 2: "a" was encircled when the turn began, so it counts
    assert game.state.turns_out_of_supply.get("a", 0) == 2
    game.push(EndTurn())  # UA's turn 3 begins with "a" officially supplied
    game.push(EndTurn())
    assert game.state.turns_out_of_supply.get("a", 0) == 0


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (Rules(terrain_cost={"open": 0.0, "urban": 2.0, "woods": 3.0, "high": 3.0}), "terrain_cost.open"),
        (Rules(river_crossing_cost=-1.0), "river_crossing_cost must be a number from 0 up"),
        (Rules(max_trace_cost=-5.0), "max_trace_cost must not be negative"),
    ],
)
def test_rules_that_would_break_the_trace_give_a_clear_error(rules, message):
    with pytest.raises(GameFileError, match=message):
        analyse(state(ROAD_ROW, [ua("a", at(3, 0))], rules=rules))
