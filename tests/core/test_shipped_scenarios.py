"""Every shipped scenario loads and analyses; the Bakhmut scenarios tell the history of their dates.

The headline of the default scenario (late February 2023) is tested in
``test_scenario_bakhmut.py``; this module covers what all scenarios share, the two other
Bakhmut dates (mid-December 2022, mid-May 2023), and each Bakhmut scenario's front line
against the DeepState map of the nearest date (reference data, skipped when absent).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from wargame.core.actions import EndTurn
from wargame.core.files.scenario_file import load_scenario, shipped_scenarios
from wargame.core.game import Game
from wargame.core.model import Terrain
from wargame.core.rules.analysis import analyse
from wargame.core.rules.results import Analysis, RouteState, Supply
from wargame.core.rules.warnings import CORRIDOR_NARROW, ONE_ROUTE_LEFT
from wargame.core.state import GameState

SCENARIO_FILES = shipped_scenarios()
BAKHMUT_FILES = [p for p in SCENARIO_FILES if p.parent.parent.name == "bakhmut"]
LIVE = {Supply.SUPPLIED, Supply.LIMITED}
# The DeepState snapshot used for a scenario must be this close to its date.
SNAPSHOT_DAYS = 10
AGREEMENT = 0.85


def start_of(source: str | Path) -> tuple[GameState, Analysis]:
    scenario, gamemap = load_scenario(source)
    state = GameState.initial(scenario, gamemap)
    return state, analyse(state)


@pytest.fixture(scope="module")
def december():
    return start_of("bakhmut-2022-12")


@pytest.fixture(scope="module")
def may():
    return start_of("bakhmut-2023-05")


def garrison(state: GameState) -> list[str]:
    """Ukrainian units in Bakhmut itself (hexes the map names after the city)."""
    return [u.id for u in state.units_of("UA") if state.map.place_name(u.hex) == "Bakhmut"]


def place(state: GameState, name: str):
    return state.map.settlements[name]


# --- every shipped scenario ---------------------------------------------------------------


def test_the_three_bakhmut_dates_and_stalingrad_are_shipped():
    names = {p.stem for p in SCENARIO_FILES}
    assert {"bakhmut-2022-12", "bakhmut-2023-02", "bakhmut-2023-05", "stalingrad-1942-11"} <= names


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenario_loads_and_analyses_for_both_sides(path):
    state, analysis = start_of(path)
    scenario = state.scenario
    assert scenario.id == path.stem
    assert set(analysis.sides) == set(scenario.side_ids)
    for side in scenario.side_ids:
        assert set(analysis.sides[side].units) == {u.id for u in state.units_of(side)}
        assert set(analysis.sides[side].routes) == {r.name for r in scenario.routes.get(side, ())}
    json.dumps(analysis.to_dict())  # what `report --json` prints


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_units_and_sources_stand_on_passable_ground_their_side_holds(path):
    state, _ = start_of(path)
    gamemap = state.map
    for unit in state.scenario.units:
        assert gamemap.terrain(unit.hex) is not Terrain.WATER, unit.id
        assert state.control.get(unit.hex) == unit.side, f"{unit.id} at {gamemap.describe(unit.hex)}"
    for side, sources in state.scenario.supply_sources.items():
        assert sources, side
        for h in sources:
            assert gamemap.terrain(h) is not Terrain.WATER and state.control.get(h) == side, side


@pytest.mark.parametrize("path", BAKHMUT_FILES, ids=lambda p: p.stem)
def test_bakhmut_scenario_has_dates_briefings_and_an_order_of_battle(path):
    state, analysis = start_of(path)
    scenario = state.scenario
    date.fromisoformat(scenario.date)
    assert scenario.turn_length_days == 2
    assert all(len(scenario.briefings[side].split()) >= 60 for side in ("UA", "RU"))
    for side in ("UA", "RU"):
        assert 12 <= len(state.units_of(side)) <= 30, side
        # Recon companies raid behind the lines; everyone else starts supplied or limited.
        main = [u for uid, u in analysis.sides[side].units.items() if state.units[uid].type.value != "recon"]
        assert all(u.supply in LIVE for u in main), side


@pytest.mark.parametrize("path", BAKHMUT_FILES, ids=lambda p: p.stem)
def test_bakhmut_scenario_plays_two_turns_with_no_unit_out_of_supply(path):
    scenario, gamemap = load_scenario(path)
    game = Game(scenario, gamemap)
    game.push(EndTurn())
    game.push(EndTurn())
    assert game.state.turn == scenario.first_turn + 1
    counted = [uid for uid, n in game.state.turns_out_of_supply.items() if n]
    assert all(game.state.units[uid].type.value == "recon" for uid in counted)


def test_the_russian_held_area_grows_from_december_to_may():
    held = []
    for scenario_id in ("bakhmut-2022-12", "bakhmut-2023-02", "bakhmut-2023-05"):
        scenario, _ = load_scenario(scenario_id)
        held.append(sum(side == "RU" for side in scenario.control.values()))
    assert held[0] < held[1] < held[2]


# --- mid-December 2022: all three roads open ----------------------------------------------


def test_december_all_three_ukrainian_routes_are_open(december):
    _, analysis = december
    routes = analysis.sides["UA"].routes
    assert {name: r.status for name, r in routes.items()} == {
        "M03": RouteState.OPEN, "T0504": RouteState.OPEN, "O0506": RouteState.OPEN,
    }  # fmt: skip
    assert not [w for w in analysis.warnings if w.side == "UA"]


def test_december_no_ukrainian_unit_is_encircled_or_cut_off(december):
    state, analysis = december
    ua = analysis.sides["UA"]
    assert not ua.pockets
    assert all(u.supply is Supply.SUPPLIED for u in ua.units.values())
    narrow = state.scenario.rules.narrow_corridor_hexes
    assert all(c.width_hexes > narrow for c in ua.corridors)
    assert len(garrison(state)) >= 6


def test_december_the_enemy_is_east_and_south_and_soledar_holds(december):
    state, _ = december
    for town in ("Bakhmut", "Soledar", "Opytne", "Klishchiivka", "Khromove", "Berkhivka", "Yahidne"):
        assert state.control[place(state, town)] == "UA", town
    for town in ("Zaitseve", "Pokrovske"):
        assert state.control[place(state, town)] == "RU", town
    centre = state.map.layout.centre(place(state, "Bakhmut"))
    for unit in state.units_of("RU"):
        x, y = state.map.layout.centre(unit.hex)
        assert x > centre[0] or y < centre[1], unit.id  # east or south of the city centre


# --- mid-May 2023: the garrison at the city's western edge ----------------------------------


def test_may_the_m03_is_cut_and_the_garrison_lives_on_the_t0504(may):
    _, analysis = may
    routes = analysis.sides["UA"].routes
    assert routes["M03"].status is RouteState.CUT
    assert routes["T0504"].status is not RouteState.CUT
    (warning,) = [w for w in analysis.warnings if w.code == ONE_ROUTE_LEFT]
    assert warning.side == "UA" and warning.message.startswith("Only T0504 remains open (8 of 8 SP)")


def test_may_the_o0506_is_under_fire_at_khromove(may):
    state, analysis = may
    o0506 = analysis.sides["UA"].routes["O0506"]
    assert o0506.status is RouteState.UNDER_FIRE
    khromove = place(state, "Khromove")
    assert min(h.distance(khromove) for h in o0506.hexes) <= 1


def test_may_the_garrison_holds_the_western_edge_of_a_city_the_enemy_holds(may):
    state, _ = may
    ids = garrison(state)
    assert 2 <= len(ids) <= 5
    city = state.map.settlements["Bakhmut"]
    assert state.control[city] == "RU"
    assert all(state.units[u].hex.q < city.q for u in ids)  # west of the centre
    bakhmut = [h for h in state.map if state.map.place_name(h) == "Bakhmut"]
    assert sum(state.control[h] == "RU" for h in bakhmut) >= 0.85 * len(bakhmut)


def test_may_the_garrison_is_not_encircled_but_its_corridor_is_narrow(may):
    state, analysis = may
    ids = set(garrison(state))
    ua = analysis.sides["UA"]
    assert not ua.pockets
    assert all(ua.units[u].supply in LIVE for u in ids)
    (corridor,) = [c for c in ua.corridors if ids & set(c.units)]
    assert ids <= set(corridor.units)
    assert 1 <= corridor.width_hexes <= state.scenario.rules.narrow_corridor_hexes
    city, khromove = place(state, "Bakhmut"), place(state, "Khromove")
    assert all(khromove.q <= h.q < city.q for h in corridor.critical_hexes)  # the neck, west of the city
    (warning,) = [w for w in analysis.warnings if w.code == CORRIDOR_NARROW and w.side == "UA"]
    assert ids <= set(warning.units)


def test_may_the_flanks_stand_where_the_counter_attacks_left_them(may):
    state, _ = may
    for town in ("Ivanivske", "Khromove", "Bohdanivka", "Chasiv Yar"):
        assert state.control[place(state, town)] == "UA", town
    for town in ("Klishchiivka", "Andriivka", "Berkhivka", "Yahidne", "Dubovo-Vasylivka", "Soledar"):
        assert state.control[place(state, town)] == "RU", town


# --- against the public record (DeepState snapshots; skipped when ../shared is absent) ------


def nearest_snapshot(shared: Path, when: str) -> Path | None:
    """The DeepState front-line file closest in time to ``when``, if within SNAPSHOT_DAYS."""
    target = date.fromisoformat(when)
    dated = [
        (abs((date.fromisoformat(p.stem.rsplit("_", 1)[1]) - target).days), p)
        for p in shared.glob("frontline_deepstate_????-??-??.geojson")
    ]
    days, path = min(dated, default=(None, None))
    return path if days is not None and days <= SNAPSHOT_DAYS else None


def occupied_area(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    (feature,) = [f for f in data["features"] if f["properties"].get("category") == "occupied_dissolved"]
    return shape(feature["geometry"])


@pytest.mark.parametrize("path", BAKHMUT_FILES, ids=lambda p: p.stem)
def test_control_agrees_with_the_deepstate_map_of_its_date(path, shared_data):
    scenario, gamemap = load_scenario(path)
    snapshot = nearest_snapshot(shared_data, scenario.date)
    if snapshot is None:
        pytest.skip(f"no DeepState snapshot within {SNAPSHOT_DAYS} days of {scenario.date}")
    occupied = occupied_area(snapshot)
    hexes = sorted(h for h in gamemap if gamemap.terrain(h) is not Terrain.WATER)  # water: nobody's
    lonlat = [gamemap.projection.to_lonlat(*gamemap.layout.centre(h)) for h in hexes]
    inside = shapely.contains_xy(occupied, [p[0] for p in lonlat], [p[1] for p in lonlat])
    held = [h for h, i in zip(hexes, inside, strict=True) if i]
    free = [h for h, i in zip(hexes, inside, strict=True) if not i]
    russian = sum(scenario.control[h] == "RU" for h in held) / len(held)
    ukrainian = sum(scenario.control[h] == "UA" for h in free) / len(free)
    assert russian >= AGREEMENT, f"{russian:.1%} of the occupied area is Russian against {snapshot.name}"
    assert ukrainian >= AGREEMENT, f"{ukrainian:.1%} of the rest is Ukrainian against {snapshot.name}"
