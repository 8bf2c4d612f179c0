"""The default scenario must come out as the situation it depicts (late February 2023)."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import Point, shape

from wargame.core.actions import EndTurn
from wargame.core.files.scenario_file import DEFAULT_SCENARIO, load_scenario
from wargame.core.game import Game
from wargame.core.rules.analysis import analyse
from wargame.core.rules.results import RouteState, Supply
from wargame.core.state import GameState

LIVE = {Supply.SUPPLIED, Supply.LIMITED}


@pytest.fixture(scope="module")
def start():
    scenario, gamemap = load_scenario(DEFAULT_SCENARIO)
    state = GameState.initial(scenario, gamemap)
    return state, analyse(state)


def garrison(state: GameState) -> list[str]:
    """Ukrainian units in Bakhmut itself (in or next to the city's urban hexes)."""
    gamemap = state.map
    return [u.id for u in state.units_of("UA") if gamemap.place_name(u.hex) == "Bakhmut"]


def route_hexes(state: GameState, name: str):
    spec = next(r for r in state.scenario.routes["UA"] if r.name == name)
    return state.map.road_path(spec.road, spec.start, spec.end)


def test_the_scenario_is_the_built_in_default(start):
    state, _ = start
    scenario = state.scenario
    assert scenario.id == "bakhmut-2023-02" and scenario.date == "2023-02-25"
    assert scenario.turn_length_days == 2
    assert all(len(scenario.briefings[side].split()) >= 30 for side in ("UA", "RU"))


def test_each_side_fields_fifteen_to_twenty_five_units_on_its_own_ground(start):
    state, _ = start
    for side in ("UA", "RU"):
        units = state.units_of(side)
        assert 15 <= len(units) <= 25
        assert all(state.control.get(u.hex) == side for u in units), side


def test_m03_north_of_the_city_is_cut(start):
    _, analysis = start
    assert analysis.sides["UA"].routes["M03"].status is RouteState.CUT


def test_t0504_via_ivanivske_is_under_fire_or_cut(start):
    _, analysis = start
    assert analysis.sides["UA"].routes["T0504"].status in (RouteState.UNDER_FIRE, RouteState.CUT)


def test_o0506_is_open_with_the_enemy_a_few_hexes_away(start):
    state, analysis = start
    assert analysis.sides["UA"].routes["O0506"].status is RouteState.OPEN
    road = route_hexes(state, "O0506")
    nearest = min(u.hex.distance(h) for u in state.units_of("RU") if u.type.is_combat for h in road)
    assert 2 <= nearest <= 4


def test_only_one_route_remains_open_and_a_warning_says_so(start):
    _, analysis = start
    (warning,) = [w for w in analysis.warnings if w.code == "ONE_ROUTE_LEFT"]
    assert warning.side == "UA" and warning.message.startswith("Only O0506 remains open (4 of 4 SP)")


def test_the_bakhmut_garrison_is_supplied_not_encircled(start):
    state, analysis = start
    ids = garrison(state)
    assert len(ids) >= 6
    assert all(analysis.sides["UA"].units[u].supply in LIVE for u in ids)
    assert not analysis.sides["UA"].pockets


def test_the_corridor_to_the_garrison_is_single_digits_wide_west_of_the_city(start):
    state, analysis = start
    ids = set(garrison(state))
    (corridor,) = [c for c in analysis.sides["UA"].corridors if ids & set(c.units)]
    assert ids <= set(corridor.units)
    assert 2 <= corridor.width_hexes <= 9
    assert corridor.width_m == corridor.width_hexes * state.map.layout.size_m
    held = {state.units[u].hex for u in corridor.units}
    sources = set(state.scenario.supply_sources["UA"])
    assert not (held | sources) & set(corridor.critical_hexes)
    city = state.map.settlements["Bakhmut"]
    khromove = state.map.settlements["Khromove"]
    assert all(khromove.q <= h.q <= city.q for h in corridor.critical_hexes)  # between the two


def test_the_russian_side_is_supplied_from_the_east_and_south(start):
    state, analysis = start
    # Only the recon company raiding across the Bakhmutka, which carries nothing in the mud.
    out = [uid for uid, u in analysis.sides["RU"].units.items() if u.supply not in LIVE]
    assert out == ["RU-WG-REC"] and state.units["RU-WG-REC"].type.value == "recon"


def test_the_towns_taken_by_late_february_are_russian_and_bakhmut_centre_is_not(start):
    state, _ = start
    places = state.map.settlements
    for town in ("Soledar", "Krasna Hora", "Paraskoviivka", "Opytne", "Klishchiivka"):
        assert state.control[places[town]] == "RU", town
    for town in ("Bakhmut", "Khromove", "Ivanivske", "Chasiv Yar", "Bohdanivka"):
        assert state.control[places[town]] == "UA", town


def test_the_russian_held_area_agrees_with_the_public_record(start, shared_data):
    """At least 85% of hexes agree with DeepState's map of 1 March 2023 (grey zone either way)."""
    state, _ = start
    data = json.loads((shared_data / "frontline_deepstate_2023-03-01.geojson").read_text())
    features = {
        f["properties"]["category"]: shape(f["geometry"])
        for f in data["features"]
        if f["properties"]["category"] in ("occupied_dissolved", "unknown_status")
    }
    occupied, grey = features["occupied_dissolved"], features["unknown_status"]
    gamemap = state.map
    agree = total = 0
    for h in gamemap:
        point = Point(gamemap.projection.to_lonlat(*gamemap.layout.centre(h)))
        if grey.contains(point):
            continue
        total += 1
        agree += (state.control.get(h) == "RU") == occupied.contains(point)  # water: nobody holds it
    assert agree / total >= 0.85


def test_the_scenario_plays_end_turn_without_error():
    scenario, gamemap = load_scenario(DEFAULT_SCENARIO)
    game = Game(scenario, gamemap)
    game.push(EndTurn())
    game.push(EndTurn())
    assert game.state.turn == 2
    assert dict(game.state.turns_out_of_supply) == {"RU-WG-REC": 1}  # the raiding recon company
