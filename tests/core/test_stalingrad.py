"""The Stalingrad map (5 km hexes) and the eve-of-Uranus scenario: real places, rivers, sides."""

import json
from collections import deque

import pytest
from shapely.geometry import LineString, shape

from wargame.core.files.scenario_file import load_scenario
from wargame.core.grid.geo import haversine_m
from wargame.core.map.mapdata import load_map, map_dir
from wargame.core.model import Terrain

REQUIRED_PLACES = [
    "Stalingrad", "Kalach-na-Donu", "Surovikino", "Chir station", "Kletskaya", "Serafimovich",
    "Vertyachy", "Peskovatka", "Gumrak", "Pitomnik", "Karpovka", "Marinovka", "Sovetsky",
    "Abganerovo", "Plodovitoye", "Beketovka", "Krasnoarmeysk",
]  # fmt: skip
# GeoNames coordinates (public facts): Volgograd and Kalach-na-Donu.
STALINGRAD = (44.50183, 48.71939)
KALACH = (43.5306, 48.6889)
# Who held what on 18 November 1942 (the historical record).
GERMAN_HELD = ["Kalach-na-Donu", "Surovikino", "Chir station", "Gumrak", "Pitomnik", "Karpovka",
               "Marinovka", "Sovetsky", "Abganerovo", "Vertyachy", "Stalingrad"]  # fmt: skip
SOVIET_HELD = ["Kletskaya", "Serafimovich", "Beketovka", "Krasnoarmeysk", "Srednyaya Akhtuba"]


@pytest.fixture(scope="module")
def stalingrad():
    return load_map("stalingrad")


@pytest.fixture(scope="module")
def scenario(stalingrad):
    loaded, gamemap = load_scenario("stalingrad-1942-11")
    assert gamemap is stalingrad
    return loaded


def centre_km(gamemap, a, b):
    (x0, y0), (x1, y1) = (gamemap.layout.centre(gamemap.settlements[n]) for n in (a, b))
    return ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 / 1000


def river(gamemap, name):
    """A river line in local metres, from the map's drawing features."""
    parts = [p for f in gamemap.features if f.layer == "water" and f.name == name for p in f.parts]
    assert len(parts) == 1, name
    return LineString(parts[0])


def reachable_without_crossing(gamemap, start):
    seen, todo = {start}, deque([start])
    while todo:
        h = todo.popleft()
        for n in gamemap.neighbours(h):
            if n not in seen and not gamemap.crosses_river(h, n):
                seen.add(n)
                todo.append(n)
    return seen


def test_operational_scale_map_of_the_don_bend(stalingrad):
    assert stalingrad.layout.size_m == 5000
    xs, ys = zip(*(stalingrad.layout.centre(h) for h in stalingrad), strict=True)
    assert 220_000 <= max(xs) - min(xs) <= 250_000
    assert 175_000 <= max(ys) - min(ys) <= 200_000


@pytest.mark.parametrize("place", REQUIRED_PLACES)
def test_required_place_is_in_its_own_named_hex(stalingrad, place):
    h = stalingrad.settlements[place]
    assert stalingrad.hexes[h].settlement == place


def test_kalach_to_stalingrad_is_the_real_distance(stalingrad):
    real_km = haversine_m(*KALACH, *STALINGRAD) / 1000
    assert 70 <= real_km <= 80
    assert centre_km(stalingrad, "Kalach-na-Donu", "Stalingrad") == pytest.approx(real_km, rel=0.10)


def test_stalingrad_is_urban_along_the_west_bank_of_the_volga(stalingrad):
    volga = river(stalingrad, "Volga")
    city = [h for h, info in stalingrad.hexes.items() if info.terrain is Terrain.URBAN]
    assert len(city) >= 5
    for h in city:
        x, y = stalingrad.layout.centre(h)
        # West of the river: the river line at the hex's latitude lies further east.
        crossing = volga.intersection(LineString([(x, y), (x + 50_000, y)]))
        assert not crossing.is_empty, stalingrad.describe(h)


@pytest.mark.parametrize("name, minimum", [("Don", 40), ("Volga", 40)])
def test_every_hex_link_over_the_don_and_volga_is_a_river_crossing(stalingrad, name, minimum):
    line = river(stalingrad, name)
    over = [
        (a, b)
        for a in stalingrad
        for b in stalingrad.neighbours(a)
        if a < b and line.intersects(LineString([stalingrad.layout.centre(a), stalingrad.layout.centre(b)]))
    ]
    assert len(over) >= minimum  # the river runs across the whole map
    assert all(stalingrad.crosses_river(a, b) for a, b in over)


def test_the_don_and_the_volga_divide_the_map(stalingrad):
    west_of_don = reachable_without_crossing(stalingrad, stalingrad.settlements["Surovikino"])
    assert stalingrad.settlements["Kalach-na-Donu"] not in west_of_don
    city = reachable_without_crossing(stalingrad, stalingrad.settlements["Stalingrad"])
    assert stalingrad.settlements["Krasnaya Sloboda"] not in city
    assert stalingrad.settlements["Gumrak"] in city


def test_the_kalach_road_crosses_the_don_by_the_bridge(stalingrad):
    path = stalingrad.road_path(
        "Kalach road", stalingrad.settlements["Surovikino"], stalingrad.settlements["Stalingrad"]
    )
    assert stalingrad.settlements["Kalach-na-Donu"] in path
    assert sum(stalingrad.crosses_river(a, b) for a, b in zip(path, path[1:], strict=False)) >= 1


def test_layers_are_wgs84_inside_the_box_and_polygons_run_counter_clockwise():
    folder = map_dir("stalingrad")
    meta = json.loads((folder / "map.json").read_text())
    west, south, east, north = meta["bbox"]
    for filename in meta["layers"].values():
        for item in json.loads((folder / filename).read_text())["features"]:
            geometry = shape(item["geometry"])
            x0, y0, x1, y1 = geometry.bounds
            assert west - 0.5 <= x0 and x1 <= east + 0.5 and south - 0.5 <= y0 and y1 <= north + 0.5
            if geometry.geom_type == "Polygon":
                assert geometry.exterior.is_ccw, item["properties"]["name"]


# --- the scenario ------------------------------------------------------------------------------


def test_the_scenario_has_both_sides_with_okabe_ito_colours(scenario):
    assert scenario.side_ids == ("DE", "SU")
    assert {s.colour for s in scenario.sides} == {"#0072B2", "#D55E00"}
    assert scenario.date == "1942-11-18"


@pytest.mark.parametrize("name", [
    "5th Tank Army", "21st Army", "65th Army", "24th Army", "66th Army", "62nd Army", "64th Army",
    "57th Army", "51st Army", "16th Panzer Division", "Romanian 1st Armoured Division",
])  # fmt: skip
def test_the_order_of_battle_names_the_armies_and_divisions(scenario, name):
    assert any(u.name.startswith(name) for u in scenario.units)


def test_every_unit_stands_on_land_its_side_holds(scenario, stalingrad):
    for unit in scenario.units:
        assert scenario.control[unit.hex] == unit.side, unit.name
        assert stalingrad.terrain(unit.hex) is not Terrain.WATER, unit.name


@pytest.mark.parametrize("place", GERMAN_HELD)
def test_german_held_on_the_eve_of_uranus(scenario, stalingrad, place):
    assert scenario.control[stalingrad.settlements[place]] == "DE"


@pytest.mark.parametrize("place", SOVIET_HELD)
def test_soviet_held_on_the_eve_of_uranus(scenario, stalingrad, place):
    assert scenario.control[stalingrad.settlements[place]] == "SU"


def test_german_supply_comes_from_over_the_don_and_the_south_west(scenario, stalingrad):
    west_of_don = reachable_without_crossing(stalingrad, stalingrad.settlements["Surovikino"])
    city_x, city_y = stalingrad.layout.centre(stalingrad.settlements["Stalingrad"])
    sources = scenario.supply_sources["DE"]
    assert sum(h in west_of_don for h in sources) >= 2
    for h in sources:
        x, y = stalingrad.layout.centre(h)
        assert scenario.control[h] == "DE" and x < city_x and y <= city_y + 100_000, stalingrad.describe(h)


def test_soviet_supply_comes_from_the_north_and_across_the_volga(scenario, stalingrad):
    city = reachable_without_crossing(stalingrad, stalingrad.settlements["Stalingrad"])
    _, front_y = stalingrad.layout.centre(stalingrad.settlements["Kotluban"])
    for h in scenario.supply_sources["SU"]:
        _, y = stalingrad.layout.centre(h)
        assert scenario.control[h] == "SU" and (y >= front_y or h not in city), stalingrad.describe(h)


def test_named_supply_routes_follow_their_roads(scenario, stalingrad):
    names = {side: {r.name for r in routes} for side, routes in scenario.routes.items()}
    assert {"Kalach bridge road", "Chir railway"} <= names["DE"]
    assert len(names["SU"]) >= 3
    for routes in scenario.routes.values():
        for route in routes:
            assert len(stalingrad.road_path(route.road, route.start, route.end)) >= 3, route.name


def test_a_supply_trace_reaches_100_to_150_km_along_minor_roads(scenario, stalingrad):
    rules = scenario.rules
    reach_km = rules.max_trace_cost / rules.road_cost["minor"] * stalingrad.layout.size_m / 1000
    assert 100 <= reach_km <= 150
    cross_country_km = rules.max_trace_cost / rules.terrain_cost["open"] * stalingrad.layout.size_m / 1000
    assert cross_country_km < reach_km  # roads matter at this scale too
