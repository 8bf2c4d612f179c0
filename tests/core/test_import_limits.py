"""Imports are bounded: a time budget and position (vertex) limits stop them with a clear
message, before anything is written."""

from __future__ import annotations

import json

import pytest

from tests.core.test_importers_map import BBOX, PLACES, ROADS, write
from wargame.core.errors import MapDataError
from wargame.core.files import geometry
from wargame.core.files.geometry import PositionBudget
from wargame.core.importers import control_area, features, import_map, read_geojson
from wargame.core.importers import geojson as geojson_module
from wargame.core.importers.geojson import ImportBudget

SQUARE = [[37.95, 48.56], [38.05, 48.56], [38.05, 48.63], [37.95, 48.63], [37.95, 48.56]]


def test_an_import_over_its_time_budget_stops_and_writes_nothing(tmp_path):
    inputs = [write(tmp_path / "roads.geojson", ROADS), write(tmp_path / "places.geojson", PLACES)]
    words = r"took more than 0 s \(reading .*roads.geojson\).*nothing was written"
    with pytest.raises(MapDataError, match=words):
        import_map("slow", BBOX, inputs, maps_dir=tmp_path / "maps", budget=ImportBudget(seconds=0))
    assert not (tmp_path / "maps").exists()


def test_a_control_import_over_its_time_budget_stops():
    data = {"type": "Polygon", "coordinates": [SQUARE]}
    with pytest.raises(MapDataError, match="took more than 0 s"):
        control_area(data, budget=ImportBudget(seconds=0))


def test_inputs_together_may_hold_only_so_many_positions(tmp_path):
    budget = ImportBudget(positions=PositionBudget("the inputs", left=10))
    inputs = [write(tmp_path / "roads.geojson", ROADS), write(tmp_path / "places.geojson", PLACES)]
    with pytest.raises(MapDataError, match=r"roads.geojson: more than 2,000,000 positions in one file"):
        import_map("big", BBOX, inputs, maps_dir=tmp_path / "maps", budget=budget)
    assert not (tmp_path / "maps").exists()


def test_one_geometry_may_hold_only_so_many_positions(monkeypatch):
    monkeypatch.setattr(geometry, "MAX_GEOMETRY_POSITIONS", 4)
    with pytest.raises(MapDataError, match=r"geometry has 5 positions; one geometry may have at most 4"):
        features({"type": "Polygon", "coordinates": [SQUARE]}, "front.geojson")


def test_a_file_of_too_many_positions_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(geojson_module, "MAX_LISTS", 100)
    path = tmp_path / "dense.geojson"
    path.write_text(json.dumps({"type": "LineString", "coordinates": [[38.0, 48.6]] * 200}), encoding="utf-8")
    monkeypatch.setattr(json, "loads", lambda *a, **k: pytest.fail("parsed"))
    words = r"dense.geojson: the file holds about 201 lists .*nothing was parsed"
    with pytest.raises(MapDataError, match=words):
        read_geojson(path)


def test_an_outline_that_crosses_itself_a_little_is_repaired_a_lot_is_refused_before_geos():
    import math

    import shapely
    from shapely.geometry import Polygon

    from wargame.core.files.geometry import MAX_CROSSINGS, count_crossings, repaired

    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    assert count_crossings(bowtie, MAX_CROSSINGS) == 1 and repaired(bowtie, "x").is_valid
    points = 20_000
    star = Polygon(
        [
            (math.cos(2 * math.pi * 9_999 * i / points), math.sin(2 * math.pi * 9_999 * i / points))
            for i in range(points)
        ]
    )
    teeth = [(x / 1000, y) for i in range(1000) for x, y in ((i, 0.0), (i + 0.5, 1.0))]
    comb = Polygon([*teeth, (1000 / 1000, 1.0), (0.0, 1.0)])  # every tooth touches the back
    for shape in (star, comb):
        assert count_crossings(shape, MAX_CROSSINGS) > MAX_CROSSINGS
        with pytest.raises(MapDataError, match="crosses or touches itself at more than 200 places"):
            repaired(shape, "the area")
    assert shapely.is_valid(repaired(Polygon([(0, 0), (1, 0), (1, 1), (0, 1)]), "a square"))
