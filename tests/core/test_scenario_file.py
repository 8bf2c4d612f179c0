"""Scenario files: positions, control areas, rules, and clear errors for bad input."""

import copy

import pytest

from wargame.core.errors import GameFileError
from wargame.core.files.scenario_file import load_scenario, scenario_from_dict, scenario_to_dict
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.mapdata import load_map
from wargame.core.model import Terrain

BASE = {
    "format": "wargame-scenario",
    "version": 1,
    "id": "test",
    "title": "Test",
    "map": "bakhmut",
    "sides": [{"id": "UA", "name": "Ukraine"}, {"id": "RU", "name": "Russia"}],
    "units": [
        {"id": "a", "side": "UA", "type": "infantry", "lonlat": [37.94, 48.60]},
        {"id": "b", "side": "RU", "type": "armour", "label": "3010"},
        {"id": "c", "side": "RU", "type": "recon", "hex": [4, -1], "strength": 2},
    ],
    "control": {
        "RU": {"areas": [[[[38.05, 48.55], [38.15, 48.55], [38.15, 48.65], [38.05, 48.65], [38.05, 48.55]]]]},
        "UA": {"rest": True},
    },
    "supply_sources": {"UA": [{"lonlat": [37.81, 48.59]}]},
    "routes": {
        "UA": [
            {
                "name": "O0506",
                "road": "O0506",
                "from": {"lonlat": [38.0, 48.596]},
                "to": {"lonlat": [37.80, 48.59]},
            }
        ]
    },
    "rules": {"max_trace_cost": 30, "road_cost": {"minor": 1.5}},
}


def test_positions_by_lonlat_label_and_hex():
    scenario, gamemap = scenario_from_dict(copy.deepcopy(BASE))
    units = {u.id: u for u in scenario.units}
    assert (
        units["a"].hex == gamemap.settlements["Khromove"]
        or units["a"].hex.distance(gamemap.settlements["Khromove"]) <= 1
    )
    assert gamemap.label(units["b"].hex) == "3010"
    assert units["c"].hex == Hex(4, -1) and units["c"].strength == 2


def test_control_areas_and_rest():
    scenario, gamemap = scenario_from_dict(copy.deepcopy(BASE))
    assert scenario.control[gamemap.hex_at_lonlat(38.10, 48.60)] == "RU"
    assert scenario.control[gamemap.settlements["Chasiv Yar"]] == "UA"
    land = {h for h in gamemap.hexes if gamemap.terrain(h) is not Terrain.WATER}
    assert set(scenario.control) == land  # a water hex has no controller
    assert land != set(gamemap.hexes)


def test_routes_follow_their_road():
    scenario, gamemap = scenario_from_dict(copy.deepcopy(BASE))
    route = scenario.routes["UA"][0]
    path = gamemap.road_path(route.road, route.start, route.end)
    assert path[0].distance(gamemap.settlements["Bakhmut"]) <= 2
    assert (
        gamemap.settlements["Khromove"] in {h for p in path for h in [p]}
        or min(p.distance(gamemap.settlements["Khromove"]) for p in path) <= 1
    )


def test_rules_override_defaults_and_keep_the_rest():
    scenario, _ = scenario_from_dict(copy.deepcopy(BASE))
    assert scenario.rules.max_trace_cost == 30
    assert scenario.rules.road_cost["minor"] == 1.5
    assert scenario.rules.road_cost["highway"] == 0.5


def test_written_form_reads_back_the_same():
    scenario, _ = scenario_from_dict(copy.deepcopy(BASE))
    again, _ = scenario_from_dict(scenario_to_dict(scenario))
    assert again == scenario


def broken(mutate):
    data = copy.deepcopy(BASE)
    mutate(data)
    return data


@pytest.mark.parametrize(
    "mutate, words",
    [
        (lambda d: d.update(map="atlantis"), "atlantis"),
        (lambda d: d.pop("map"), "map"),
        (lambda d: d["units"].append(dict(d["units"][0])), "duplicate unit id"),
        (lambda d: d["units"][0].update(type="dragon"), "unknown unit type"),
        (lambda d: d["units"][0].update(side="NATO"), "unknown side"),
        (lambda d: d["units"][2].update(hex=[400, 0]), "off the map"),
        (lambda d: d["units"][2].update(hex="4,-1"), "[q, r]"),
        (lambda d: d["units"][1].update(label="99xx"), "four digits"),
        (lambda d: d["units"][2].update(strength=9), "strength"),
        (lambda d: d["rules"].update(gravity=9.8), "unknown rule parameter"),
        (lambda d: d["rules"].update(max_trace_cost="far"), "must be a number"),
        (lambda d: d.update(sides=[{"id": "UA"}]), "exactly two"),
        (lambda d: d["control"].update(XX={"rest": True}), "unknown side"),
        (lambda d: d["routes"]["UA"][0].update(road="A999"), "A999"),
    ],
)
def test_bad_scenarios_give_clear_errors(mutate, words):
    with pytest.raises(GameFileError, match=words.replace("[", r"\[").replace("]", r"\]")):
        scenario_from_dict(broken(mutate))


def test_unknown_scenario_id_is_a_clear_error():
    with pytest.raises(GameFileError, match="no scenario"):
        load_scenario("no-such-scenario")


def test_map_is_built_once():
    assert load_map("bakhmut") is load_map("bakhmut")
