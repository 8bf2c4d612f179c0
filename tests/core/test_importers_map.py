"""Map import: OpenStreetMap GeoJSON sorted into the project's layers and built into a map."""

import json

import pytest
from shapely.geometry import LineString, Polygon, box, shape

from wargame.cli import main
from wargame.core.errors import MapDataError
from wargame.core.importers import check_size, classify, hex_estimate, import_map, parse_bbox
from wargame.core.map.mapdata import load_map_folder
from wargame.core.model import RoadClass, Terrain

# A made-up 10 x 9 km box in open country, and OSM-style features in and around it.
BBOX = (9.98, 49.99, 10.12, 50.07)
INSIDE = box(*BBOX)


def line(*points, **tags):
    return {
        "type": "Feature",
        "properties": tags,
        "geometry": {"type": "LineString", "coordinates": list(points)},
    }


def area(west, south, east, north, **tags):
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Feature", "properties": tags, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def point(lon, lat, **tags):
    return {"type": "Feature", "properties": tags, "geometry": {"type": "Point", "coordinates": [lon, lat]}}


ROADS = [
    line([9.9, 50.03], [10.05, 50.031], [10.2, 50.032], highway="motorway", ref="A7;E45", name="Autobahn"),
    line([10.03, 49.95], [10.031, 50.1], highway="primary", ref="B27"),
    line([9.99, 50.0], [10.1, 50.06], highway="tertiary"),
    line([10.0, 50.05], [10.1, 50.05], tags={"highway": "track"}),  # tags nested, as some exporters do
    line([10.0, 50.01], [10.1, 50.01], highway="footway"),
    line([10.08, 49.9], [10.081, 50.2], waterway="river", name="Fluss"),
    line([9.95, 50.065], [10.15, 50.0651], railway="rail"),
    line([11.0, 50.0], [11.1, 50.0], highway="primary", ref="FAR"),  # outside the box
    area(10.04, 50.02, 10.06, 50.04, landuse="residential", name="Stadt"),
    area(10.09, 50.04, 10.11, 50.06, natural="wood"),
    area(10.0, 50.0, 10.02, 50.015, natural="water", water="reservoir"),
    point(10.05, 50.03, shop="bakery"),  # a tag the importer does not use
]
PLACES = [
    point(10.05, 50.03, place="town", name="Stadt", **{"name:en": "Town"}),
    point(10.1, 49.995, place="village", name="Dorf"),
    point(10.02, 50.06, place="hamlet"),  # no name: nothing to label
    point(12.0, 50.0, place="city", name="Far City"),
]


def write(path, features, **extra):
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features, **extra}), encoding="utf-8"
    )
    return path


@pytest.fixture
def inputs(tmp_path):
    return [write(tmp_path / "roads.geojson", ROADS), write(tmp_path / "places.geojson", PLACES)]


@pytest.fixture
def built(tmp_path, inputs):
    result = import_map("testland", BBOX, inputs, hex_size_m=500, maps_dir=tmp_path / "maps")
    return result, tmp_path / "maps" / "testland"


def layer(folder, name):
    return json.loads((folder / f"{name}.geojson").read_text())["features"]


def test_the_new_folder_loads_as_a_map(built):
    result, folder = built
    gamemap = load_map_folder(folder)
    assert len(gamemap) == result.hexes > 300
    meta = json.loads((folder / "map.json").read_text())
    assert meta["bbox"] == list(BBOX) and meta["hex_size_m"] == 500
    assert "roads.geojson" in (folder / "SOURCES.md").read_text()


def test_osm_road_tags_become_road_classes_and_refs(built):
    _, folder = built
    roads = {(f["properties"]["ref"], f["properties"]["class"]) for f in layer(folder, "roads")}
    assert roads == {("A7", "highway"), ("B27", "main"), (None, "secondary"), (None, "minor")}
    gamemap = load_map_folder(folder)
    assert {gamemap.roads[s].road_class for s in gamemap.road_segments("A7")} == {RoadClass.HIGHWAY}


def test_places_and_areas_go_to_their_layers(built):
    _, folder = built
    assert {(f["properties"]["name"], f["properties"]["kind"]) for f in layer(folder, "settlements")} == {
        ("Town", "town"),
        ("Dorf", "village"),
    }
    assert layer(folder, "settlements")[1]["properties"]["name_local"] == "Stadt"
    assert [f["properties"]["kind"] for f in layer(folder, "urban")] == ["urban"]
    assert [f["properties"]["kind"] for f in layer(folder, "woods")] == ["woods"]
    water = {f["geometry"]["type"]: f["properties"]["kind"] for f in layer(folder, "water")}
    assert water == {"LineString": "river", "Polygon": "reservoir"}
    assert len(layer(folder, "railways")) == 1


def test_the_map_shows_the_imported_terrain(built):
    _, folder = built
    gamemap = load_map_folder(folder)
    town = gamemap.settlements["Town"]
    assert gamemap.hexes[town].settlement == "Town"
    assert gamemap.terrain(town) is Terrain.URBAN
    assert gamemap.river_crossings  # the river runs across the box


def test_everything_is_clipped_to_the_box(built):
    result, folder = built
    for name in ("roads", "railways", "water", "urban", "woods", "settlements"):
        for item in layer(folder, name):
            assert INSIDE.buffer(1e-5).contains(shape(item["geometry"])), name
    assert result.outside == 2  # the far road and the far city


def test_features_without_known_tags_are_skipped_and_counted(built):
    result, folder = built
    assert result.skipped == 3  # the footway, the bakery and the nameless hamlet
    assert all(f["properties"]["class"] != "footway" for f in layer(folder, "roads"))


def test_the_command_reports_what_it_built(inputs, tmp_path, capsys):
    args = [
        "import-map",
        "--name",
        "cli-land",
        "--bbox",
        ",".join(map(str, BBOX)),
        *map(str, inputs),
        "--maps-dir",
        str(tmp_path / "maps"),
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    gamemap = load_map_folder(tmp_path / "maps" / "cli-land")
    assert f"{len(gamemap)} hexes" in out and f"{len(gamemap.roads)} road links" in out


@pytest.mark.parametrize(
    "tags, kind, expected",
    [
        ({"highway": "trunk"}, "line", ("roads", "highway")),
        ({"highway": "motorway_link"}, "line", ("roads", "highway")),
        ({"highway": "secondary"}, "line", ("roads", "secondary")),
        ({"highway": "residential"}, "line", ("roads", "minor")),
        ({"highway": "path"}, "line", None),
        ({"waterway": "canal"}, "line", ("water", "canal")),
        ({"waterway": "stream"}, "line", None),
        ({"landuse": "forest"}, "area", ("woods", "woods")),
        ({"waterway": "riverbank"}, "area", ("water", "water")),
        ({"landuse": "farmland"}, "area", None),
        ({"place": "city", "name": "X"}, "area", ("settlements", "city")),
        ({"place": "suburb", "name": "X"}, "point", None),
    ],
)
def test_classify(tags, kind, expected):
    geometry = {
        "line": LineString([(0, 0), (1, 1)]),
        "area": Polygon([(0, 0), (1, 0), (1, 1)]),
        "point": shape({"type": "Point", "coordinates": [0, 0]}),
    }[kind]
    got = classify(tags, geometry)
    assert (got[0], got[1].get("class") or got[1]["kind"]) == expected if expected else got is None


@pytest.mark.parametrize(
    "text, words",
    [
        ("1,2,3", "four numbers"),
        ("a,b,c,d", "four numbers"),
        ("10,50,9,51", "W < E"),
        ("10,51,11,50", "S < N"),
        ("10,50,200,51", "≤ 180"),
        ("nan,1,2,3", "four numbers"),
    ],
)
def test_a_malformed_bbox_is_refused(text, words):
    with pytest.raises(MapDataError, match=words):
        parse_bbox(text)


def test_a_bbox_too_large_for_the_hex_size_says_how_many_hexes():
    bbox = parse_bbox("9,49,12,52")
    count = hex_estimate(bbox, 500)
    assert count > 250_000
    with pytest.raises(MapDataError, match=f"{count:,} hexes"):
        check_size(bbox, 500)
    assert check_size(bbox, 2000) == hex_estimate(bbox, 2000)  # larger hexes fit


def test_hex_estimate_matches_the_built_map(built):
    result, _ = built
    assert hex_estimate(BBOX, 500) == pytest.approx(result.hexes, rel=0.05)


def test_wrong_crs_is_refused(tmp_path):
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    source = write(tmp_path / "roads.geojson", ROADS, crs=crs)
    with pytest.raises(MapDataError, match="EPSG:4326"):
        import_map("x", BBOX, [source], maps_dir=tmp_path)


def test_projected_coordinates_are_refused(tmp_path):
    source = write(
        tmp_path / "roads.geojson", [line([1_113_000, 6_450_000], [1_114_000, 6_451_000], highway="primary")]
    )
    with pytest.raises(MapDataError, match="projected"):
        import_map("x", BBOX, [source], maps_dir=tmp_path)


def test_empty_input_is_refused(tmp_path):
    with pytest.raises(MapDataError, match="no features"):
        import_map("x", BBOX, [write(tmp_path / "empty.geojson", [])], maps_dir=tmp_path)
    assert not (tmp_path / "x").exists()


def test_input_with_nothing_in_the_box_is_refused(tmp_path):
    source = write(tmp_path / "far.geojson", [ROADS[7], PLACES[3]])
    with pytest.raises(MapDataError, match="2 lie outside"):
        import_map("x", BBOX, [source], maps_dir=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["far.geojson"]  # no half-built folder


def test_an_existing_map_is_never_overwritten(built, inputs):
    _, folder = built
    before = (folder / "map.json").read_text()
    with pytest.raises(MapDataError, match="already exists"):
        import_map("testland", BBOX, inputs, maps_dir=folder.parent)
    assert (folder / "map.json").read_text() == before


def test_command_errors_exit_2_with_one_line(inputs, tmp_path, capsys):
    args = [
        "import-map",
        "--name",
        "big",
        "--bbox",
        "0,40,10,50",
        *map(str, inputs),
        "--maps-dir",
        str(tmp_path),
    ]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "hexes" in err and "limit 250,000" in err and len(err.strip().splitlines()) == 1
