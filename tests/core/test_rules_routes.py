"""Named routes: open, under fire or cut, with the hexes responsible; route warnings."""

from __future__ import annotations

from wargame.core.actions import CutSegment
from wargame.core.grid.hexgrid import Hex, from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import RouteSpec, Rules, Segment, Unit, UnitType
from wargame.core.rules.analysis import analyse
from wargame.core.rules.results import RouteState, Severity
from wargame.core.state import GameState, Interdiction


def at(col: int, row: int) -> Hex:
    return from_offset(col, row)


# Two roads from the garrison at the east end to the west edge: R1 along row 1, R2 along row 5.
TWO_ROADS = make_map(
    """
    . . . . . . . .
    . . . . . . . .
    . . . . . . . .
    . . . . . . . .
    . . . . . . . .
    . . . . . . . .
    . . . . . . . .
""",
    roads={
        "R1": [at(c, 1) for c in range(8)],
        "R2": [at(c, 5) for c in range(8)],
    },
)
ROUTES = {"UA": [RouteSpec("R1", "R1", at(7, 1), at(0, 1)), RouteSpec("R2", "R2", at(7, 5), at(0, 5))]}
SOURCES = {"UA": [at(0, 1), at(0, 5)]}
ROUTE_HEXES_R1 = {at(c, 1) for c in range(8)}


def state(units=(), control=None, rules=None) -> GameState:
    scenario = make_scenario(TWO_ROADS, units, control, SOURCES, ROUTES, rules=rules)
    return GameState.initial(scenario, TWO_ROADS)


def routes(s: GameState):
    return analyse(s).sides["UA"].routes


def codes(s: GameState) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for w in analyse(s).warnings:
        found.setdefault(w.code, []).append(w.message)
    return found


def test_routes_with_no_enemy_near_are_open_and_list_their_hexes():
    r1 = routes(state())["R1"]
    assert r1.status is RouteState.OPEN and r1.hexes == ()
    assert r1.route_hexes == tuple(at(c, 1) for c in range(7, -1, -1))


def test_an_enemy_held_hex_cuts_the_route_there():
    r1 = routes(state(control={at(4, 1): "RU"}))["R1"]
    assert (r1.status, r1.hexes) == (RouteState.CUT, (at(4, 1),))


def test_a_cut_segment_cuts_the_route_at_both_its_hexes():
    s = CutSegment(Segment.of(at(3, 1), at(4, 1))).apply(state())
    r1 = routes(s)["R1"]
    assert (r1.status, r1.hexes) == (RouteState.CUT, (at(4, 1), at(3, 1)))


def test_an_enemy_zone_of_control_cuts_the_route_unless_a_friendly_unit_stands_there():
    enemy = Unit("r", "RU", UnitType.INFANTRY, at(4, 0), reach=0)
    covered = [h for h in at(4, 0).neighbours() if h in ROUTE_HEXES_R1]
    r1 = routes(state([enemy]))["R1"]
    assert r1.status is RouteState.CUT and set(r1.hexes) == set(covered)
    posts = [Unit(f"p{i}", "UA", UnitType.INFANTRY, h) for i, h in enumerate(covered)]
    assert routes(state([enemy, *posts]))["R1"].status is RouteState.OPEN


def test_enemy_direct_fire_puts_the_route_under_fire_at_the_hexes_in_reach():
    mech = Unit("m", "RU", UnitType.MECHANISED, at(4, 3))  # reach 2, zone of control 1
    r1 = routes(state([mech]))["R1"]
    assert r1.status is RouteState.UNDER_FIRE
    assert set(r1.hexes) == {h for h in ROUTE_HEXES_R1 if h.distance(at(4, 3)) <= 2}


def test_interdiction_by_the_enemy_puts_the_route_under_fire():
    s = state().evolve(interdicted={at(2, 5): Interdiction("RU", 1)})
    r2 = routes(s)["R2"]
    assert (r2.status, r2.hexes) == (RouteState.UNDER_FIRE, (at(2, 5),))


def test_a_cut_route_warns_with_the_place():
    s = state(control={at(4, 1): "RU"})
    where, label = TWO_ROADS.describe(at(4, 1)), TWO_ROADS.label(at(4, 1))
    assert codes(s)["ROUTE_CUT"] == [f"R1 cut at {where} ({label} held by RU): carries 0 of 8 SP"]


def test_only_one_route_left_open_is_critical():
    s = state(control={at(4, 1): "RU"})
    warning = next(w for w in analyse(s).warnings if w.code == "ONE_ROUTE_LEFT")
    assert warning.message.startswith("Only R2 remains open (")
    assert warning.severity is Severity.CRITICAL and warning.side == "UA"


def test_no_route_open_is_critical_and_replaces_the_one_route_warning():
    s = state(control={at(4, 1): "RU"}).evolve(interdicted={at(2, 5): Interdiction("RU", 1)})
    found = codes(s)
    assert "NO_ROUTE_OPEN" in found and "ONE_ROUTE_LEFT" not in found
    where = TWO_ROADS.describe(at(2, 5))
    assert found["ROUTE_UNDER_FIRE"] == [f"R2 under fire at {where}: carries 2 of 8 SP"]


def test_all_routes_open_gives_no_route_warning():
    assert not {"ROUTE_CUT", "ROUTE_UNDER_FIRE", "ONE_ROUTE_LEFT", "NO_ROUTE_OPEN"} & set(codes(state()))


def test_warnings_come_most_severe_first_then_by_code():
    s = state(control={at(4, 1): "RU"}, rules=Rules()).evolve(interdicted={at(2, 5): Interdiction("RU", 1)})
    warnings = analyse(s).warnings
    keys = [(-w.severity.rank, w.code) for w in warnings]
    assert keys == sorted(keys) and len(warnings) >= 3
