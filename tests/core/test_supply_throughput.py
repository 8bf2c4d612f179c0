"""Supply as throughput on the shipped scenarios: route cuts, seizures and mud decide who is supplied."""

from __future__ import annotations

from dataclasses import replace

import pytest

from wargame.core.actions import CutSegment, EndTurn, PlaceUnit, RemoveUnit, SetControl, SetGround
from wargame.core.errors import ActionError
from wargame.core.files.scenario_file import load_scenario
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex, line
from wargame.core.model import Echelon, Segment, Unit, UnitType
from wargame.core.reports.aar import chart_svg, review
from wargame.core.rules.analysis import analyse
from wargame.core.rules.results import Supply
from wargame.core.rules.supply import trace
from wargame.core.state import GameState


@pytest.fixture(scope="module")
def february() -> GameState:
    scenario, gamemap = load_scenario("bakhmut-2023-02")
    return GameState.initial(scenario, gamemap)


def start_of(scenario_id: str) -> GameState:
    scenario, gamemap = load_scenario(scenario_id)
    return GameState.initial(scenario, gamemap)


def garrison(state: GameState) -> list[str]:
    return [u.id for u in state.units_of("UA") if state.map.place_name(u.hex) == "Bakhmut"]


def route_path(state: GameState, name: str):
    spec = next(r for r in state.scenario.routes["UA"] if r.name == name)
    return state.map.road_path(spec.road, spec.start, spec.end)


def ua_supply(state: GameState) -> dict[str, tuple[Supply, float]]:
    units = analyse(state).sides["UA"].units
    return {uid: (u.supply, u.delivered_sp) for uid, u in units.items()}


def changed(before: dict[str, tuple[Supply, float]], after: dict[str, tuple[Supply, float]]) -> bool:
    """Some unit's status changed, or what reaches it by at least 10 %."""
    for uid, (status, sp) in before.items():
        now_status, now_sp = after[uid]
        if now_status is not status or abs(now_sp - sp) >= 0.1 * max(sp, 1e-9):
            return True
    return False


def test_december_2022_every_ukrainian_unit_is_supplied():
    units = analyse(start_of("bakhmut-2022-12")).sides["UA"].units
    assert {u.supply for u in units.values()} == {Supply.SUPPLIED}


def test_february_2023_the_garrison_is_limited_not_encircled_and_short_of_its_need(february):
    units = analyse(february).sides["UA"].units
    ids = garrison(february)
    assert len(ids) >= 6
    assert {units[u].supply for u in ids} == {Supply.LIMITED}
    assert all(0.5 <= units[u].ratio < 1.0 for u in ids)


@pytest.mark.parametrize("loss", ["cut", "seize", "fire"])
def test_february_2023_one_more_loss_on_the_o0506_puts_the_garrison_out_of_supply(february, loss):
    path = route_path(february, "O0506")
    game = Game(february.scenario, february.map)
    # The O0506 hex nearest the city that is not part of the city itself: the neck of the road.
    neck = next(h for h in path if february.map.place_name(h) != "Bakhmut" and not february.units_at(h))
    if loss == "cut":
        nxt = path[path.index(neck) + 1]
        game.push(CutSegment(Segment.of(neck, nxt)))
    elif loss == "seize":
        game.push(SetControl((neck,), "RU", "adjudicated: the neck falls"))
    else:
        spot = next(
            h for h in february.map.hexes_within(neck, 2) if not february.units_at(h) and h not in path
        )
        game.push(PlaceUnit(Unit("RU-MG", "RU", UnitType.MECHANISED, spot, reach=3)))
    units = analyse(game.state).sides["UA"].units
    assert {units[u].supply for u in garrison(february)} == {Supply.OUT_OF_SUPPLY}


def test_may_2023_the_garrison_is_fed_over_the_t0504_and_the_flanks_are_strained():
    state = start_of("bakhmut-2023-05")
    analysis = analyse(state).sides["UA"]
    ids = garrison(state)
    assert ids and all(analysis.units[u].supply in (Supply.SUPPLIED, Supply.LIMITED) for u in ids)
    t0504 = analysis.routes["T0504"]
    assert t0504.capacity_sp > 0 and t0504.status.value == "open"
    assert analysis.routes["O0506"].capacity_sp < analysis.routes["O0506"].nominal_sp


def test_stalingrad_sixth_army_supplied_before_uranus_and_encircled_once_the_pincers_meet():
    state = start_of("stalingrad-1942-11")
    sixth = [u.id for u in state.units_of("DE") if u.id.startswith("de-") and u.id != "de-kalach"]
    before = analyse(state).sides["DE"].units
    assert {before[u].supply for u in sixth} == {Supply.SUPPLIED}
    gamemap = state.map
    kalach = gamemap.settlements["Kalach-na-Donu"]
    game = Game(state.scenario, gamemap)
    game.push(RemoveUnit("de-kalach"))  # the bridge garrison is overrun
    # The northern pincer from the Kletskaya bridgehead, the southern from south of the city.
    pincers = line(Hex(-9, -10), kalach) + line(Hex(19, 0), kalach)
    taken = sorted({h for h in pincers if h in gamemap and gamemap.terrain(h).value != "water"})
    assert not [h for h in taken if any(u.side == "DE" for u in game.state.units_at(h))]
    game.push(SetControl(tuple(taken), "SU", "adjudicated: the pincers meet"))
    after = analyse(game.state).sides["DE"].units
    encircled = [u for u in sixth if after[u].supply is Supply.ENCIRCLED]
    assert {"de-6a-hq", "de-389id", "de-16pz"} <= set(encircled) and len(encircled) >= 18


def test_two_recon_companies_next_to_one_source_hex_encircle_nobody(february):
    source = february.scenario.supply_sources["UA"][0]
    spots = [h for h in february.map.neighbours(source) if not february.units_at(h)][:2]
    game = Game(february.scenario, february.map)
    for k, h in enumerate(spots):
        game.push(PlaceUnit(Unit(f"RU-RECON-{k}", "RU", UnitType.RECON, h, Echelon.COMPANY)))
    units = analyse(game.state).sides["UA"].units
    assert not [u for u in units.values() if u.supply is Supply.ENCIRCLED]


def sensitivity(state: GameState) -> tuple[int, int, int, int]:
    """How many single cuts and single seizures along the O0506 and T0504 change some
    Ukrainian unit's status or delivery by 10 %: (cuts that do, cuts, seizures that do, seizures)."""
    before = ua_supply(state)
    cuts = seizes = cut_hits = seize_hits = 0
    seen = set()
    for name in ("O0506", "T0504"):
        path = route_path(state, name)
        for a, b in zip(path, path[1:], strict=False):
            segment = Segment.of(a, b)
            if segment in state.cut or segment in seen:
                continue
            seen.add(segment)
            cuts += 1
            cut_hits += changed(before, ua_supply(state.evolve(cut=state.cut | {segment})))
        for h in path:
            if state.control.get(h) == "RU" or state.units_at(h):
                continue
            seizes += 1
            seize_hits += changed(before, ua_supply(state.evolve(control={**state.control, h: "RU"})))
    return cut_hits, cuts, seize_hits, seizes


@pytest.mark.slow
def test_sensitivity_half_of_single_cuts_and_seizures_on_the_o0506_and_t0504_matter(february):
    cut_hits, cuts, seize_hits, seizes = sensitivity(february)
    assert cut_hits >= cuts / 2 and seize_hits >= seizes / 2


def test_sensitivity_on_a_sample_of_the_o0506_and_t0504(february):
    """Every fourth segment and hex (the full count is the slow test above)."""
    path = route_path(february, "O0506")[::4] + route_path(february, "T0504")[::4]
    before = ua_supply(february)
    hits = [
        changed(before, ua_supply(february.evolve(control={**february.control, h: "RU"})))
        for h in path
        if february.control.get(h) != "RU" and not february.units_at(h)
    ]
    assert sum(hits) >= len(hits) / 2


def test_mud_cuts_what_arrives_and_dry_ground_restores_it(february):
    game = Game(february.scenario, february.map)
    game.push(SetGround("dry"))
    dry = analyse(game.state).sides["UA"].units
    mud = analyse(february).sides["UA"].units
    ids = garrison(february)
    assert sum(dry[u].delivered_sp for u in ids) > sum(mud[u].delivered_sp for u in ids)


def test_the_ground_is_one_of_dry_frozen_or_mud(february):
    with pytest.raises(ActionError):
        SetGround("swamp").validate(february)
    with pytest.raises(ActionError):
        SetGround("mud").validate(february)  # already mud: nothing to change


def test_delivery_never_exceeds_need_and_a_corridor_never_delivers_more_than_it_carries(february):
    analysis = analyse(february)
    for side in analysis.sides.values():
        for u in side.units.values():
            assert 0 <= u.delivered_sp <= u.need_sp + 1e-6
        for c in side.corridors:
            assert c.delivered_sp <= c.capacity_sp + 0.05


def test_report_json_carries_need_delivery_route_capacity_and_path(february):
    data = analyse(february).to_dict()["sides"]["UA"]
    unit = next(iter(data["units"].values()))
    assert {"need_sp", "delivered_sp", "supply_ratio"} <= set(unit)
    route = data["routes"]["T0504"]
    assert route["capacity_sp"] < route["nominal_sp"] and len(route["path"]) > 2
    assert all({"capacity_sp", "need_sp"} <= set(c) for c in data["corridors"])


def test_a_weakened_unit_needs_less(february):
    unit = february.units[garrison(february)[0]]
    weak = replace(unit, strength=unit.max_strength // 2)
    t = trace(february.evolve(units={**february.units, unit.id: weak}), "UA")
    assert t.delivery.need[unit.id] == pytest.approx(trace(february, "UA").delivery.need[unit.id] / 2)


def test_the_after_action_review_tracks_the_share_of_the_need_that_arrives(february):
    game = Game(february.scenario, february.map)
    game.push(EndTurn())
    game.push(EndTurn())  # turn 1 played quietly
    path = route_path(february, "O0506")
    neck = next(h for h in path if february.map.place_name(h) != "Bakhmut" and not february.units_at(h))
    game.push(SetControl((neck,), "RU", "adjudicated: the neck falls"))
    game.push(EndTurn())
    game.push(EndTurn())  # turn 2: the O0506 lost
    reviews = review(game)
    assert [r.turn for r in reviews] == [1, 2]
    assert reviews[1].delivered["UA"] < reviews[0].delivered["UA"] < 100
    assert any(line.startswith("UA garrison of Bakhmut") for line in reviews[1].forces_short)
    assert "Share of the need that arrives" in chart_svg(reviews, {"UA": "#0072B2"}, {"UA": "Ukraine"})


def test_once_the_o0506_is_cut_the_garrison_is_told_what_limits_it_each_time_it_is_asked(february):
    path = route_path(february, "O0506")
    neck = next(h for h in path if february.map.place_name(h) != "Bakhmut" and not february.units_at(h))
    state = february.evolve(cut=february.cut | {Segment.of(neck, path[path.index(neck) + 1])})
    for _ in range(2):  # the same network asked again must say the same
        units = analyse(state).sides["UA"].units
        assert all(units[u].bottleneck for u in garrison(february))
