"""Four cases where the engine and docs/rules.md once disagreed, each settled and checked here."""

from __future__ import annotations

from wargame.core.grid.hexgrid import Hex, from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import RoadClass, RouteSpec, Rules, Unit, UnitType
from wargame.core.rules.analysis import analyse
from wargame.core.rules.results import RouteState, Supply
from wargame.core.state import GameState


def at(col: int, row: int) -> Hex:
    return from_offset(col, row)


ROW = make_map(". . . . . . . .", roads={"R1": [at(c, 0) for c in range(8)]}, road_class=RoadClass.MINOR)
WIDE = make_map(
    """
    . . . . . . . .
    . . . . . . . .
    . . . . . . . .
""",
    roads={"R1": [at(c, 1) for c in range(8)]},
)


def start(gamemap, units, sources, routes=None, control=None, rules=None) -> GameState:
    scenario = make_scenario(gamemap, units, control, sources, routes, rules=rules)
    return GameState.initial(scenario, gamemap)


def test_a_road_dearer_than_the_ground_beside_it_is_not_taken_supply_pays_the_cheaper():
    rules = Rules(road_cost={"highway": 5.0, "main": 5.0, "secondary": 5.0, "minor": 5.0})
    s = start(ROW, [Unit("a", "UA", UnitType.INFANTRY, at(3, 0))], {"UA": [at(0, 0)]}, rules=rules)
    assert analyse(s).sides["UA"].units["a"].cost == 3 * 2.0  # three open hexes, not 3 x 5


def test_a_unit_standing_on_its_own_source_under_fire_is_supplied():
    units = [
        Unit("a", "UA", UnitType.INFANTRY, at(0, 1)),
        Unit("gun", "RU", UnitType.ARTILLERY, at(4, 1), reach=4),
    ]
    s = start(WIDE, units, {"UA": [at(0, 1)]})
    a = analyse(s).sides["UA"].units["a"]
    assert (a.supply, a.delivered_sp) == (Supply.SUPPLIED, a.need_sp)


def test_an_enemy_held_route_hex_with_a_friendly_unit_on_it_keeps_the_route_open():
    routes = {"UA": [RouteSpec("R1", "R1", at(7, 1), at(0, 1))]}
    units = [Unit("post", "UA", UnitType.INFANTRY, at(4, 1)), Unit("far", "UA", UnitType.INFANTRY, at(7, 1))]
    s = start(WIDE, units, {"UA": [at(0, 1)]}, routes, control={at(4, 1): "RU"})
    route = analyse(s).sides["UA"].routes["R1"]
    assert route.status is RouteState.OPEN and route.capacity_sp == route.nominal_sp
    assert analyse(s).sides["UA"].units["far"].supply is Supply.SUPPLIED


def test_a_source_in_an_enemy_zone_of_control_with_a_friendly_unit_on_it_still_supplies():
    units = [
        Unit("guard", "UA", UnitType.INFANTRY, at(0, 1)),
        Unit("far", "UA", UnitType.INFANTRY, at(7, 1)),
        Unit("raid", "RU", UnitType.INFANTRY, at(0, 0), reach=0),  # next to the source
    ]
    s = start(WIDE, units, {"UA": [at(0, 1)]})
    assert analyse(s).sides["UA"].units["far"].supply is not Supply.ENCIRCLED
    alone = start(WIDE, units[1:], {"UA": [at(0, 1)]})  # without the guard the zone denies it
    assert analyse(alone).sides["UA"].units["far"].supply is Supply.ENCIRCLED


def test_shares_and_supply_points_are_written_so_that_rounding_never_contradicts_a_status() -> None:
    from wargame.core.rules.results import share_text, sp_text

    # Rounded to the nearest, 0.499 would read "50%" beside "out of supply" (exactly 50 % is
    # limited), and 1.98 of 2.5 would read "2 of 2.5 (79%)".
    assert share_text(0.4999) == "49%" and share_text(0.5) == "50%"
    assert share_text(0.999) == "99%" and share_text(1.0) == "100%"
    assert share_text(0.001) == "1%" and share_text(0.0) == "0%"
    assert sp_text(1.98) == "1.98" and sp_text(2.0) == "2" and sp_text(19.44) == "19.4"
