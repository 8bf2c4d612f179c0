"""The Bakhmut map: real towns in the right hexes, real distances, connected roads."""

import json
from collections import Counter

import pytest
from shapely.geometry import Point, shape

from wargame.core.grid.geo import haversine_m
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.mapdata import load_map
from wargame.core.model import Terrain

REQUIRED_TOWNS = [
    "Bakhmut",
    "Soledar",
    "Yahidne",
    "Berkhivka",
    "Krasna Hora",
    "Paraskoviivka",
    "Zaitseve",
    "Opytne",
    "Klishchiivka",
    "Ivanivske",
    "Khromove",
    "Bohdanivka",
    "Chasiv Yar",
]
NAMED_ROADS = ["M03", "T0504", "O0506", "T0513"]
# Centre-to-centre distances from GeoNames coordinates (public facts), in km.
KNOWN_KM = {("Bakhmut", "Soledar"): 11.4, ("Bakhmut", "Chasiv Yar"): 10.5, ("Bakhmut", "Klishchiivka"): 7.4}


@pytest.fixture(scope="module")
def bakhmut():
    return load_map("bakhmut")


def centre_distance_km(gamemap, a, b):
    (x0, y0), (x1, y1) = (
        gamemap.layout.centre(gamemap.settlements[a]),
        gamemap.layout.centre(gamemap.settlements[b]),
    )
    return ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 / 1000


def test_map_covers_about_25_by_20_km_at_500_m_hexes(bakhmut):
    xs, ys = zip(*(bakhmut.layout.centre(h) for h in bakhmut), strict=True)
    assert 23_000 <= max(xs) - min(xs) <= 30_000
    assert 18_000 <= max(ys) - min(ys) <= 25_000
    assert bakhmut.layout.size_m == 500


@pytest.mark.parametrize("town", REQUIRED_TOWNS)
def test_required_town_is_on_the_map_in_a_named_hex(bakhmut, town):
    h = bakhmut.settlements[town]
    assert h in bakhmut
    assert bakhmut.hexes[h].settlement == town


@pytest.mark.parametrize("pair, km", sorted(KNOWN_KM.items()))
def test_known_distances_within_ten_percent(bakhmut, pair, km):
    assert centre_distance_km(bakhmut, *pair) == pytest.approx(km, rel=0.10)


def test_bakhmut_is_an_urban_area_not_a_dot(bakhmut):
    names = Counter(info.settlement for info in bakhmut.hexes.values() if info.terrain is Terrain.URBAN)
    assert names["Bakhmut"] >= 80  # about 25 km² of city
    assert bakhmut.terrain(bakhmut.settlements["Bakhmut"]) is Terrain.URBAN


@pytest.mark.parametrize("ref", NAMED_ROADS + ["T1302"])
def test_each_named_road_is_one_connected_chain(bakhmut, ref):
    segments = bakhmut.road_segments(ref)
    assert len(segments) >= 10
    assert all(s.a.distance(s.b) == 1 for s in segments)
    # Flood along the road's own links: every hex of the road is reached from any one.
    graph = {}
    for s in segments:
        graph.setdefault(s.a, set()).add(s.b)
        graph.setdefault(s.b, set()).add(s.a)
    start = next(iter(graph))
    seen, todo = {start}, [start]
    while todo:
        for n in graph[todo.pop()] - seen:
            seen.add(n)
            todo.append(n)
    assert seen == set(graph)


@pytest.mark.parametrize(
    "ref, town",
    [
        ("M03", "Bakhmut"),
        ("T0504", "Ivanivske"),
        ("O0506", "Khromove"),
        ("O0506", "Chasiv Yar"),
        ("T0513", "Soledar"),
    ],
)
def test_roads_pass_through_their_towns(bakhmut, ref, town):
    road_hexes = {h for s in bakhmut.road_segments(ref) for h in s}
    assert bakhmut.settlements[town].distance(min(road_hexes, key=bakhmut.settlements[town].distance)) <= 1


def test_m03_leaves_bakhmut_to_the_north_west_edge(bakhmut):
    north_edge = min(bakhmut.layout.centre(h)[1] for h in bakhmut) * -1
    path = bakhmut.road_path(
        "M03",
        bakhmut.nearest_road_hex("M03", bakhmut.settlements["Bakhmut"]),
        max((h for s in bakhmut.road_segments("M03") for h in s), key=lambda h: bakhmut.layout.centre(h)[1]),
    )
    end_x, end_y = bakhmut.layout.centre(path[-1])
    start_x, _ = bakhmut.layout.centre(path[0])
    assert end_y > 9_000 and end_x < start_x and north_edge > 0


def test_o0506_bridges_the_canal(bakhmut):
    bridges = [s for s in bakhmut.road_segments("O0506") if s in bakhmut.river_crossings]
    assert bridges, "the O0506 must cross the canal (and the Bakhmutka) on bridges"


def test_the_bakhmutka_runs_through_the_city(bakhmut):
    river_hexes = [h for h, info in bakhmut.hexes.items() if info.river and info.settlement == "Bakhmut"]
    assert len(river_hexes) >= 5


def test_labels_round_trip_at_every_corner(bakhmut):
    hexes = sorted(bakhmut)
    corners = [
        min(hexes, key=lambda h: bakhmut.layout.centre(h)[0] + bakhmut.layout.centre(h)[1] * s)
        for s in (1, -1)
    ]
    corners += [
        max(hexes, key=lambda h: bakhmut.layout.centre(h)[0] + bakhmut.layout.centre(h)[1] * s)
        for s in (1, -1)
    ]
    for h in corners + hexes[::97]:
        assert bakhmut.hex_from_label(bakhmut.label(h)) == h
    assert min(bakhmut.label(h) for h in hexes) == "0101"


# --- against the real reference data (skipped when ../shared is absent) -------------------


def reference_places(shared_data):
    data = json.loads((shared_data / "settlements_bakhmut.geojson").read_text())
    places = {}
    for feature in data["features"]:
        props = feature["properties"]
        name = props.get("name_latn") or props.get("name_en")
        places.setdefault(name, feature["geometry"]["coordinates"])
    return places


@pytest.mark.parametrize("town", REQUIRED_TOWNS)
def test_town_sits_where_it_really_is(bakhmut, shared_data, town):
    places = reference_places(shared_data)
    if town not in places:
        pytest.skip(f"{town} is not in the reference data")
    real_hex = bakhmut.hex_at_lonlat(*places[town])
    assert real_hex.distance(bakhmut.settlements[town]) <= 2  # within 1 km


def test_distances_match_the_reference_points(bakhmut, shared_data):
    places = reference_places(shared_data)
    for a, b in KNOWN_KM:
        real_km = haversine_m(*places[a], *places[b]) / 1000
        assert centre_distance_km(bakhmut, a, b) == pytest.approx(real_km, rel=0.10)


def test_bakhmut_urban_hexes_overlap_the_real_built_up_area(bakhmut, shared_data):
    data = json.loads((shared_data / "urban_areas_guardian_daylight.geojson").read_text())
    outlines = [shape(f["geometry"]) for f in data["features"]]
    city = max(outlines, key=lambda g: g.intersection(Point(37.9999, 48.5956).buffer(0.01)).area)
    ours = [h for h, i in bakhmut.hexes.items() if i.terrain is Terrain.URBAN and i.settlement == "Bakhmut"]
    inside = [
        h for h in ours if city.contains(Point(bakhmut.projection.to_lonlat(*bakhmut.layout.centre(h))))
    ]
    assert len(inside) / len(ours) >= 0.6


def test_hex_is_a_value():
    assert Hex(1, 2) == Hex(1, 2) and hash(Hex(1, 2)) == hash(Hex(1, 2))


@pytest.mark.parametrize("name", ["bakhmut", "stalingrad"])
def test_even_numbered_columns_sit_half_a_hex_lower_on_every_map(name):
    gamemap = load_map(name)
    by_label = {gamemap.label(h): h for h in gamemap}
    first_row = min(label[2:] for label in by_label)
    for col in range(1, 12):
        left = by_label.get(f"{col:02d}{first_row}")
        right = by_label.get(f"{col + 1:02d}{first_row}")
        if left is None or right is None:
            continue
        lower = gamemap.layout.centre(right)[1] < gamemap.layout.centre(left)[1]  # y grows north
        assert lower == (col % 2 == 1), f"column {col + 1:02d} on {name}"
