"""Front-line import: a GeoJSON area sets control of the hexes whose centre lies inside it."""

import json
import subprocess
import sys

import pytest
from shapely.geometry import Point, shape

from wargame.cli import main
from wargame.core.errors import MapDataError
from wargame.core.files.gamefile import load_game, save_game
from wargame.core.files.scenario_file import DEFAULT_SCENARIO, load_scenario, scenario_path
from wargame.core.game import Game
from wargame.core.importers import control_area, features, hexes_held, parse_where
from wargame.core.map.mapdata import load_map
from wargame.core.model import DEFAULT_SIDES

# A square of about 7 x 7 km around Bakhmut centre (37.9999 E 48.5956 N), and a hole in it.
SQUARE = [[37.95, 48.56], [38.05, 48.56], [38.05, 48.63], [37.95, 48.63], [37.95, 48.56]]
HOLE = [[37.99, 48.585], [37.99, 48.605], [38.01, 48.605], [38.01, 48.585], [37.99, 48.585]]
# A second, separate square by Chasiv Yar (37.857 E 48.594 N).
WEST_SQUARE = [[37.83, 48.58], [37.88, 48.58], [37.88, 48.61], [37.83, 48.61], [37.83, 48.58]]
FAR_AWAY = [[10.0, 50.0], [10.1, 50.0], [10.1, 50.1], [10.0, 50.1], [10.0, 50.0]]


@pytest.fixture(scope="module")
def bakhmut():
    return load_map("bakhmut")


def polygon(*rings):
    return {"type": "Polygon", "coordinates": [list(r) for r in rings]}


def feature(geometry, **props):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(*items, **extra):
    return {"type": "FeatureCollection", "features": list(items), **extra}


def write(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def centres_inside(gamemap, geometry):
    """The expected answer, computed point by point without the importer."""
    area = shape(geometry)
    return {
        h for h in gamemap if area.contains(Point(gamemap.projection.to_lonlat(*gamemap.layout.centre(h))))
    }


def test_hexes_in_a_hole_stay_out(bakhmut):
    held = hexes_held(bakhmut, control_area(polygon(SQUARE, HOLE)))
    assert bakhmut.settlements["Bakhmut"] not in held
    assert held == centres_inside(bakhmut, polygon(SQUARE)) - centres_inside(bakhmut, polygon(HOLE))
    assert centres_inside(bakhmut, polygon(HOLE))  # the hole is large enough to matter


def test_a_multipolygon_takes_every_part(bakhmut):
    multi = {"type": "MultiPolygon", "coordinates": [[SQUARE], [WEST_SQUARE]]}
    held = hexes_held(bakhmut, control_area(multi))
    assert bakhmut.settlements["Chasiv Yar"] in held and bakhmut.settlements["Bakhmut"] in held
    assert held == centres_inside(bakhmut, polygon(SQUARE)) | centres_inside(bakhmut, polygon(WEST_SQUARE))


@pytest.mark.parametrize("wrap", ["geometry", "feature", "collection"])
def test_feature_collection_and_bare_geometry_give_the_same_area(bakhmut, wrap):
    geometry = polygon(SQUARE)
    data = {"geometry": geometry, "feature": feature(geometry), "collection": collection(feature(geometry))}[
        wrap
    ]
    assert hexes_held(bakhmut, control_area(data)) == centres_inside(bakhmut, geometry)


def test_where_picks_only_the_matching_features(bakhmut):
    data = collection(
        feature(polygon(SQUARE), category="occupied"),
        feature(polygon(WEST_SQUARE), category="grey_zone"),
        feature({"type": "Point", "coordinates": [38.0, 48.6]}, category="occupied"),
    )
    held = hexes_held(bakhmut, control_area(data, parse_where("category=occupied")))
    assert held == centres_inside(bakhmut, polygon(SQUARE))


def test_where_without_a_match_lists_the_values_found():
    data = collection(feature(polygon(SQUARE), category="occupied"))
    with pytest.raises(MapDataError, match="category=liberated.*occupied"):
        control_area(data, parse_where("category=liberated"))


@pytest.mark.parametrize("text", ["category", "=occupied"])
def test_where_must_be_key_equals_value(text):
    with pytest.raises(MapDataError, match="KEY=VALUE"):
        parse_where(text)


@pytest.mark.parametrize(
    "crs",
    ["urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326"],
)
def test_a_crs_member_naming_wgs84_is_accepted(bakhmut, crs):
    data = collection(feature(polygon(SQUARE)), crs={"type": "name", "properties": {"name": crs}})
    assert hexes_held(bakhmut, control_area(data))


def test_a_crs_member_naming_another_system_is_refused():
    data = collection(
        feature(polygon(SQUARE)), crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    )
    with pytest.raises(MapDataError, match="EPSG::3857.*EPSG:4326"):
        control_area(data)


def test_coordinates_in_metres_are_refused():
    metres = [[4_227_000, 6_200_000], [4_237_000, 6_200_000], [4_237_000, 6_210_000], [4_227_000, 6_200_000]]
    with pytest.raises(MapDataError, match="projected"):
        control_area(polygon(metres))


@pytest.mark.parametrize(
    "data, words",
    [
        ({"type": "Topology", "objects": {}}, "not GeoJSON"),
        (collection(feature({"type": "Point", "coordinates": [38.0, 48.6]})), "no polygons.*Point"),
        (collection(), "no polygons"),
        ({"type": "FeatureCollection", "features": "none"}, "'features' list"),
        ({"type": "Polygon", "coordinates": "square"}, "geometry: a Polygon needs a 'coordinates' list"),
    ],
)
def test_bad_input_is_a_clear_error(data, words):
    with pytest.raises(MapDataError, match=words):
        control_area(data)


def test_an_area_outside_the_map_is_refused(bakhmut):
    with pytest.raises(MapDataError, match="outside the map"):
        hexes_held(bakhmut, control_area(polygon(FAR_AWAY)))


def test_features_without_a_geometry_are_ignored():
    data = collection(feature(None), feature(polygon(SQUARE)))
    assert len(features(data)) == 1


# --- the command ----------------------------------------------------------------------------


@pytest.fixture
def scenario_file(tmp_path):
    """Ukraine holds the whole Bakhmut map; one Ukrainian unit stands in Bakhmut."""
    data = {
        "format": "wargame-scenario",
        "version": 1,
        "id": "import-test",
        "title": "Import test",
        "map": "bakhmut",
        "sides": [{"id": s.id, "name": s.name} for s in DEFAULT_SIDES],
        "units": [{"id": "ua-1", "side": "UA", "type": "infantry", "lonlat": [37.9999, 48.5956]}],
        "control": {"UA": {"rest": True}},
    }
    return write(tmp_path / "scenario.json", data)


def run(*args):
    return subprocess.run([sys.executable, "-m", "wargame", *args], capture_output=True, text=True)


def test_import_control_sets_the_area_and_spares_enemy_units(bakhmut, scenario_file, tmp_path, capsys):
    area = write(tmp_path / "area.geojson", collection(feature(polygon(SQUARE))))
    out = tmp_path / "out.json"
    assert (
        main(["import-control", str(area), "--side", "RU", "--into", str(scenario_file), "-o", str(out)]) == 0
    )
    expected = centres_inside(bakhmut, polygon(SQUARE)) - {bakhmut.settlements["Bakhmut"]}
    assert f"{len(expected)} hexes changed to RU" in capsys.readouterr().out
    scenario, _ = load_scenario(out)
    assert {h for h, side in scenario.control.items() if side == "RU"} == expected
    assert scenario.control[bakhmut.settlements["Bakhmut"]] == "UA"  # the UA unit still holds it


def test_importing_twice_changes_nothing_the_second_time(scenario_file, tmp_path, capsys):
    area = write(tmp_path / "area.geojson", polygon(SQUARE))
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    main(["import-control", str(area), "--side", "RU", "--into", str(scenario_file), "-o", str(first)])
    capsys.readouterr()
    main(["import-control", str(area), "--side", "RU", "--into", str(first), "-o", str(second)])
    assert "0 hexes changed" in capsys.readouterr().out


def test_import_control_into_a_game_file_appends_one_action(bakhmut, scenario_file, tmp_path):
    game_path = tmp_path / "game.wargame.json"
    save_game(game_path, Game(*load_scenario(scenario_file)))
    area = write(tmp_path / "area.geojson", polygon(SQUARE))
    out = tmp_path / "after.wargame.json"
    assert main(["import-control", str(area), "--side", "RU", "--into", str(game_path), "-o", str(out)]) == 0
    game = load_game(out)
    assert len(game) == 1 and game.actions[0].kind == "control"
    expected = centres_inside(bakhmut, polygon(SQUARE)) - {bakhmut.settlements["Bakhmut"]}
    assert {h for h, side in game.state.control.items() if side == "RU"} == expected


def test_import_control_on_the_default_scenario_changes_the_expected_hexes(bakhmut, tmp_path, capsys):
    if scenario_path(DEFAULT_SCENARIO) is None:
        pytest.skip(f"the default scenario {DEFAULT_SCENARIO} is not shipped yet")
    before, _ = load_scenario(DEFAULT_SCENARIO)
    area = write(tmp_path / "area.geojson", polygon(WEST_SQUARE))
    out = tmp_path / "out.json"
    assert main(["import-control", str(area), "--side", "RU", "-o", str(out)]) == 0
    occupied = {u.hex for u in before.units if u.side != "RU"}
    expected = {
        h
        for h in centres_inside(bakhmut, polygon(WEST_SQUARE))
        if before.control.get(h) != "RU" and h not in occupied
    }
    assert expected  # Chasiv Yar is Ukrainian in the default scenario
    assert f"{len(expected)} hexes changed to RU" in capsys.readouterr().out
    after, _ = load_scenario(out)
    assert {h for h in after.control if after.control[h] != before.control.get(h)} == expected


@pytest.mark.parametrize(
    "data, args, words",
    [
        (polygon(SQUARE), ["--side", "XX"], "unknown side 'XX'"),
        (polygon(FAR_AWAY), ["--side", "RU"], "outside the map"),
        (
            collection(feature({"type": "Point", "coordinates": [38.0, 48.6]})),
            ["--side", "RU"],
            "no polygons",
        ),
        (
            {
                **collection(feature(polygon(SQUARE))),
                "crs": {"type": "name", "properties": {"name": "EPSG:32637"}},
            },
            ["--side", "RU"],
            "EPSG:32637",
        ),
        ([1, 2, 3], ["--side", "RU"], "not GeoJSON"),
    ],
)
def test_command_errors_are_one_line_and_leave_the_output_alone(
    scenario_file, tmp_path, capsys, data, args, words
):
    area = write(tmp_path / "area.geojson", data)
    out = tmp_path / "out.json"
    out.write_text("previous contents")
    assert main(["import-control", str(area), *args, "--into", str(scenario_file), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1
    assert out.read_text() == "previous contents"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_no_traceback_reaches_the_user(scenario_file, tmp_path):
    area = write(tmp_path / "area.geojson", polygon(FAR_AWAY))
    result = run(
        "import-control", str(area), "--side", "RU", "--into", str(scenario_file), "-o", str(tmp_path / "o")
    )
    assert result.returncode == 2
    assert "outside the map" in result.stderr and "Traceback" not in result.stderr


# --- the real record (shared reference data, tests only) ---------------------------------------

RUSSIAN_ON_2023_02_15 = ["Soledar", "Krasna Hora", "Paraskoviivka"]
UKRAINIAN_ON_2023_02_15 = ["Khromove", "Chasiv Yar", "Ivanivske"]


def test_deepstate_front_line_of_15_february_2023(shared_data, bakhmut, scenario_file, tmp_path):
    source = shared_data / "frontline_deepstate_2023-02-15.geojson"
    out = tmp_path / "out.json"
    code = main(
        [
            "import-control",
            str(source),
            "--where",
            "category=occupied_dissolved",
            "--side",
            "RU",
            "--into",
            str(scenario_file),
            "-o",
            str(out),
        ]
    )
    assert code == 0
    scenario, _ = load_scenario(out)
    for town in RUSSIAN_ON_2023_02_15:
        assert scenario.control[bakhmut.settlements[town]] == "RU", town
    for town in UKRAINIAN_ON_2023_02_15:
        assert scenario.control[bakhmut.settlements[town]] == "UA", town


def test_a_self_intersecting_outline_is_repaired_to_its_areas(bakhmut):
    bowtie = [[37.95, 48.56], [38.05, 48.63], [38.05, 48.56], [37.95, 48.63], [37.95, 48.56]]
    area = control_area(polygon(bowtie))
    assert area.is_valid and area.geom_type == "MultiPolygon"
    assert hexes_held(bakhmut, area) == centres_inside(bakhmut, area.__geo_interface__)


def test_a_damaged_target_file_is_a_clear_error(tmp_path, capsys):
    area = write(tmp_path / "area.geojson", polygon(SQUARE))
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"format": "wargame-game", "version": 1, ')
    assert (
        main(["import-control", str(area), "--side", "RU", "--into", str(damaged), "-o", str(tmp_path / "o")])
        == 2
    )
    assert "damaged.json" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
