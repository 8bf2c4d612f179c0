"""Why a unit has its supply: the traced path (checked against a brute-force search written
here from docs/rules.md), fire on it, the cheapest path when too far, and what encircles it."""

from __future__ import annotations

import heapq
import math
import random

import pytest

from wargame.core.errors import WargameError
from wargame.core.grid.hexgrid import Hex, from_offset, hex_range, ring
from wargame.core.map.gamemap import GameMap, HexInfo
from wargame.core.map.sketch import grid_map, make_map, make_scenario
from wargame.core.model import RoadClass, Rules, Segment, Terrain, Unit, UnitType
from wargame.core.rules.analysis import analyse
from wargame.core.rules.explain import explain
from wargame.core.rules.results import Supply
from wargame.core.state import GameState, Interdiction


def at(col: int, row: int) -> Hex:
    return from_offset(col, row)


def unit(uid: str, side: str, h: Hex, kind: UnitType = UnitType.INFANTRY, reach: int | None = None) -> Unit:
    return Unit(uid, side, kind, h, reach=reach)


def game_state(gamemap, units, sources, rules=None, control=None, cut=(), interdicted=None) -> GameState:
    scenario = make_scenario(gamemap, units, control, {"UA": sources}, rules=rules)
    s = GameState.initial(scenario, gamemap)
    return s.evolve(cut=frozenset(cut), interdicted=interdicted or {})


# --- an independent trace, straight from docs/rules.md ---------------------------------------


def blocked(s: GameState, side: str, h: Hex) -> bool:
    """Water, an enemy unit, or enemy control / zone of control with no friendly unit there."""
    enemy = s.enemy_of(side)
    here = [u.side for u in s.units.values() if u.hex == h]
    if s.map.hexes[h].terrain is Terrain.WATER or enemy in here:
        return True
    if side in here:
        return False
    zoc = s.scenario.rules.zoc and any(
        u.side == enemy and u.type.is_combat and u.hex.distance(h) == 1 for u in s.units.values()
    )
    return s.control.get(h) == enemy or zoc


def under_fire(s: GameState, side: str, h: Hex) -> bool:
    enemy = s.enemy_of(side)
    reached = any(u.side == enemy and u.hex.distance(h) <= u.fire_reach for u in s.units.values())
    fire = s.interdicted.get(h)
    return reached or (fire is not None and fire.side == enemy)


def step_cost(s: GameState, a: Hex, b: Hex) -> float:
    rules = s.scenario.rules
    link = s.map.roads.get(Segment.of(a, b))
    road = math.inf
    if link is not None and Segment.of(a, b) not in s.cut:
        road = rules.road_cost[link.road_class.value]
    terrain = s.map.hexes[b].terrain.value
    off = rules.terrain_cost.get(terrain, math.inf)
    if Segment.of(a, b) in s.map.river_crossings:
        off += rules.river_crossing_cost
    return min(road, off)


def brute_cost(s: GameState, side: str, target: Hex, avoid_fire: bool) -> float:
    """Cheapest trace cost from any open source to ``target`` (no limit)."""
    sources = [h for h in s.scenario.supply_sources[side] if not blocked(s, side, h)]
    best = {h: 0.0 for h in sources}
    frontier = [(0.0, h) for h in sources]
    while frontier:
        cost, h = heapq.heappop(frontier)
        if cost > best[h]:
            continue
        if avoid_fire and under_fire(s, side, h):
            continue  # supply may not leave a hex under fire on a clean path
        for n in h.neighbours():
            if n not in s.map.hexes or blocked(s, side, n):
                continue
            new = cost + step_cost(s, h, n)
            if new < best.get(n, math.inf):
                best[n] = new
                heapq.heappush(frontier, (new, n))
    return best.get(target, math.inf)


TERRAIN_MIX = make_map(
    """
    = = = = = = = = = =
    . w w . ^ . . # . .
    . w . . ^ ^ . # # .
    . . . = = = = = . .
    w w . = . ~ ~ . . .
    . . . = . . . w w .
""",
    rivers=[(at(2, 2), at(3, 2)), (at(4, 3), at(5, 3)), (at(3, 4), at(4, 4))],
)


def random_state(seed: int) -> GameState:
    rng = random.Random(seed)
    land = sorted(h for h, info in TERRAIN_MIX.hexes.items() if info.terrain is not Terrain.WATER)
    picks = rng.sample(land, 7)
    units = [unit(f"ua{k}", "UA", h) for k, h in enumerate(picks[:4])]
    kinds = [UnitType.INFANTRY, UnitType.ARTILLERY]
    for k, h in enumerate(picks[4:]):
        units.append(unit(f"ru{k}", "RU", h, rng.choice(kinds), rng.choice([0, 1, 2])))
    roads = sorted(TERRAIN_MIX.roads)
    cut = rng.sample(roads, 2)
    rules = Rules(max_trace_cost=rng.choice([6.0, 9.0, 14.0, 40.0]))
    return game_state(TERRAIN_MIX, units, [at(0, 0), at(0, 3)], rules=rules, cut=cut)


@pytest.mark.parametrize("seed", range(25))
def test_the_explained_path_is_a_cheapest_trace_and_its_steps_add_up(seed):
    s = random_state(seed)
    for uid in sorted(u.id for u in s.units.values() if u.side == "UA"):
        e = explain(s, uid)
        clean = brute_cost(s, "UA", e.hex, avoid_fire=True)
        anyway = brute_cost(s, "UA", e.hex, avoid_fire=False)
        limit = s.scenario.rules.max_trace_cost
        if e.reach is Supply.SUPPLIED:
            assert e.cost == pytest.approx(clean) and clean <= limit
        elif e.reach is Supply.LIMITED:
            assert clean > limit and anyway <= limit and e.cost == pytest.approx(anyway)
        elif e.reach is Supply.OUT_OF_SUPPLY:
            assert anyway > limit and e.cost == pytest.approx(anyway)
            assert e.excess == pytest.approx(anyway - limit)
        else:
            assert anyway == math.inf and e.path == ()
            assert_blockers_close_the_region(s, e)
            continue
        assert e.path[0] in s.scenario.supply_sources["UA"] and e.path[-1] == e.hex
        assert all(a.distance(b) == 1 for a, b in zip(e.path, e.path[1:], strict=False))
        assert [(st.start, st.end) for st in e.steps] == list(zip(e.path, e.path[1:], strict=False))
        assert sum(st.cost for st in e.steps) == pytest.approx(e.cost)
        assert all(st.cost == pytest.approx(step_cost(s, st.start, st.end)) for st in e.steps)


def assert_blockers_close_the_region(s: GameState, e) -> None:
    """The region is the unblocked hexes joined to the unit; the blockers, the blocked hexes
    next to it (every step has a finite cost on this map, so only hexes block)."""
    region, frontier = {e.hex}, [e.hex]
    while frontier:
        for n in frontier.pop().neighbours():
            if n in s.map.hexes and n not in region and not blocked(s, "UA", n):
                region.add(n)
                frontier.append(n)
    around = {n for h in region for n in h.neighbours() if n in s.map.hexes} - region
    assert set(e.region) == region
    assert set(e.blocking_hexes) == around and all(blocked(s, "UA", h) for h in around)


def test_the_explanation_agrees_with_the_analysis():
    s = random_state(3)
    for uid, supply in analyse(s).sides["UA"].units.items():
        e = explain(s, uid)
        assert (e.supply, e.cost if supply.cost is not None else None) == (supply.supply, supply.cost)


# --- limited: the hexes under fire -----------------------------------------------------------

LANE = make_map("""
    . . . . . . .
    = = = = = = =
    . . . . . . .
""")


def test_a_limited_unit_is_told_which_hexes_on_its_path_are_under_fire_and_by_whom():
    gun = unit("ru-gun", "RU", at(3, 0), UnitType.ARTILLERY, reach=1)
    s = game_state(LANE, [unit("a", "UA", at(6, 1)), gun], [at(0, 1)], rules=Rules(max_trace_cost=4.0))
    e = explain(s, "a")
    assert e.reach is Supply.LIMITED and e.cost == 3.0
    assert [o.hex for o in e.fire] == [at(2, 1), at(3, 1), at(4, 1)]
    assert all([r.units for r in o.reasons] == [("ru-gun",)] for o in e.fire)
    assert e.clean_cost == pytest.approx(brute_cost(s, "UA", at(6, 1), avoid_fire=True))
    assert any("within reach of ru-gun" in line for line in e.lines())


def test_interdiction_on_the_path_is_named():
    s = game_state(
        LANE,
        [unit("a", "UA", at(6, 1))],
        [at(0, 1)],
        rules=Rules(max_trace_cost=3.0),
        interdicted={at(2, 1): Interdiction("RU", 1)},
    )
    e = explain(s, "a")
    assert e.reach is Supply.LIMITED
    assert [(o.hex, [r.kind for r in o.reasons]) for o in e.fire] == [(at(2, 1), ["interdicted"])]


# --- out of supply: how far over ---------------------------------------------------------------

ROAD_ROW = make_map("= = = = = = = = = =")


def test_out_of_supply_gives_the_cheapest_path_and_how_much_it_is_over_the_limit():
    s = game_state(ROAD_ROW, [unit("a", "UA", at(9, 0))], [at(0, 0)], rules=Rules(max_trace_cost=3.0))
    e = explain(s, "a")
    assert e.supply is Supply.OUT_OF_SUPPLY
    assert e.path == tuple(at(c, 0) for c in range(10)) and e.source == at(0, 0)
    assert (e.cost, e.excess) == (4.5, 1.5)
    assert "1.5 over the limit of 3" in "\n".join(e.lines())


def test_a_cut_road_that_makes_the_trace_too_long_is_named_with_the_cost_without_it():
    segment = Segment.of(at(1, 0), at(2, 0))
    s = game_state(
        ROAD_ROW, [unit("a", "UA", at(4, 0))], [at(0, 0)], rules=Rules(max_trace_cost=3.0), cut=[segment]
    )
    e = explain(s, "a")
    assert e.supply is Supply.OUT_OF_SUPPLY and e.cost == 3.5  # 0.5 + 2 cross-country + 0.5 + 0.5
    assert [r.segment for o in e.cut_roads for r in o.reasons] == [segment]
    assert e.uncut_cost == 2.0
    assert e.steps[1].how == "cross-country into open (road cut)"


# --- encircled: what blocks ----------------------------------------------------------------

OPEN = grid_map(11, 11)
CENTRE = at(5, 5)


def test_a_ring_of_enemy_units_is_exactly_what_blocks():
    ring_units = [unit(f"ru{k}", "RU", h) for k, h in enumerate(ring(CENTRE, 2))]
    s = game_state(OPEN, [unit("a", "UA", CENTRE), *ring_units], [at(0, 0)], rules=Rules(zoc=False))
    e = explain(s, "a")
    assert e.supply is Supply.ENCIRCLED
    assert set(e.region) == set(hex_range(CENTRE, 1))
    assert set(e.blocking_hexes) == set(ring(CENTRE, 2))
    for blocker in e.blockers:
        (reason,) = blocker.reasons
        assert reason.kind == "enemy_unit" and reason.units == tuple(u.id for u in s.units_at(blocker.hex))
        assert reason.text == f"{reason.units[0]} stands there"


def test_enemy_held_hexes_block_with_their_holder_named():
    held = {h: "RU" for h in ring(CENTRE, 1)}
    s = game_state(OPEN, [unit("a", "UA", CENTRE)], [at(0, 0)], control=held)
    e = explain(s, "a")
    assert set(e.blocking_hexes) == set(ring(CENTRE, 1))
    assert {r.text for b in e.blockers for r in b.reasons} == {"held by RU"}
    assert e.lines()[1].startswith("  Cut off in 1 hex;")


NOTCH = make_map("""
    ~ ~ ~ . ~ ~ ~
    . . . . . . .
    ~ ~ ~ ~ ~ ~ ~
""")


def test_a_zone_of_control_blocks_with_the_unit_exerting_it():
    s = game_state(NOTCH, [unit("a", "UA", at(6, 1)), unit("ru-inf", "RU", at(3, 0))], [at(0, 1)])
    e = explain(s, "a")
    assert e.supply is Supply.ENCIRCLED
    assert set(e.region) == {at(5, 1), at(6, 1)}
    land = [b for b in e.blockers if b.reasons[0].kind != "water"]
    assert [b.hex for b in land] == [at(4, 1)]
    assert [(r.kind, r.units) for r in land[0].reasons] == [("zoc", ("ru-inf",))]
    assert e.blocking_units == ("ru-inf",)
    assert all([r.kind for r in b.reasons] == ["water"] for b in e.blockers if b not in land)


RIDGE = make_map(
    "= = ^ ^ = =",
    roads={"R7": [at(1, 0), at(2, 0), at(3, 0), at(4, 0)]},
    road_class=RoadClass.SECONDARY,
)
NO_CLIMBING = Rules(terrain_cost={"open": 2.0, "urban": 2.0, "woods": 3.0})  # high ground: roads only


def test_a_cut_road_with_no_way_around_is_the_blocking_segment():
    segment = Segment.of(at(2, 0), at(3, 0))
    s = game_state(RIDGE, [unit("a", "UA", at(5, 0))], [at(0, 0)], rules=NO_CLIMBING, cut=[segment])
    e = explain(s, "a")
    assert e.supply is Supply.ENCIRCLED
    assert e.blocking_hexes == (at(2, 0),) and e.blocking_segments == (segment,)
    assert "road R7 cut between" in e.lines()[2]


def test_the_same_ridge_uncut_is_supplied_over_the_road():
    s = game_state(RIDGE, [unit("a", "UA", at(5, 0))], [at(0, 0)], rules=NO_CLIMBING)
    assert explain(s, "a").supply is Supply.SUPPLIED


def test_a_source_the_enemy_holds_is_named():
    s = game_state(ROAD_ROW, [unit("a", "UA", at(5, 0))], [at(0, 0)], control={at(0, 0): "RU"})
    e = explain(s, "a")
    assert e.supply is Supply.ENCIRCLED
    assert [(o.hex, o.reasons[0].text) for o in e.blocked_sources] == [(at(0, 0), "held by RU")]


# --- output --------------------------------------------------------------------------------


def test_lines_name_hexes_with_their_labels_and_places():
    gamemap = make_map("= = = =")
    hexes = {**gamemap.hexes, at(3, 0): HexInfo(settlement="Bakhmut")}
    named = GameMap(
        gamemap.name, gamemap.title, gamemap.layout, hexes, gamemap.roads, settlements={"Bakhmut": at(3, 0)}
    )
    s = game_state(named, [unit("a", "UA", at(3, 0))], [at(0, 0)])
    lines = explain(s, "a").lines()
    assert lines[0] == f"a (UA) at {named.label(at(3, 0))} (Bakhmut): supplied"
    assert lines[1] == "  Needs 1 SP a turn; 1 arrive (100%)"
    assert lines[3].endswith("1.5 by road R1 (main), 3 hexes")


def test_the_explanation_is_deterministic_and_serialisable():
    s = random_state(7)
    first = [explain(s, uid).to_dict() for uid in sorted(s.units)]
    again = [explain(s, uid).to_dict() for uid in sorted(s.units)]
    assert first == again
    assert {"supply", "official_supply", "path", "steps", "fire", "blockers", "excess"} <= set(first[0])


def test_an_unknown_unit_is_a_clear_error_listing_some_ids():
    s = random_state(1)
    with pytest.raises(WargameError, match="there is no unit 'zz'; units are ru0, ru1, ru2, ua0"):
        explain(s, "zz")


def test_a_one_way_link_is_explained_as_what_cuts_the_unit_off():
    # Entering the ridge needs the road; leaving it does not. Cut the road at the ridge's
    # foot: supply cannot climb, though the unit's side of it still touches the source's.
    ridge = make_map("= = ^ . .", roads={"R7": [at(1, 0), at(2, 0)]})
    segment = Segment.of(at(1, 0), at(2, 0))
    s = game_state(ridge, [unit("a", "UA", at(4, 0))], [at(0, 0)], rules=NO_CLIMBING, cut=[segment])
    e = explain(s, "a")
    assert e.path == () and set(e.region) == {at(2, 0), at(3, 0), at(4, 0)}
    assert e.blocking_hexes == (at(1, 0),) and e.blocking_segments == (segment,)
    assert e.lines()[1] == "  Cut off in 3 hexes; every way out is blocked:"


def test_a_hex_blocked_several_ways_lists_every_reason_unit_first():
    first, second = ring(CENTRE, 1)[:2]  # neighbours of each other
    held = {h: "RU" for h in ring(CENTRE, 1)}
    units = [unit("a", "UA", CENTRE), unit("ru0", "RU", first), unit("ru1", "RU", second)]
    e = explain(game_state(OPEN, units, [at(0, 0)], control=held), "a")
    (blocker,) = [b for b in e.blockers if b.hex == first]
    assert [r.text for r in blocker.reasons] == ["ru0 stands there", "held by RU", "zone of control of ru1"]
