"""Road plates and place names on the map: spaced by hexes and screen distance, and grown by
the View menu's text size; and Save keeps a game file's metadata."""

from __future__ import annotations

import itertools
import json
import math
from datetime import UTC, datetime

from PySide6.QtCore import QPointF

from wargame.core.files.gamefile import Metadata, Player, read_game, save_game
from wargame.core.files.loading import open_source
from wargame.core.files.scenario_file import load_scenario
from wargame.core.rules.analysis import analyse
from wargame.ui.map.items.base_map import PLATE_EVERY_HEXES, PLATE_GAP_PX, MapLabelsItem, map_bounds
from wargame.ui.map.items.geometry import HexGeometry
from wargame.ui.map.scene import MapScene


def _labels(scenario_id: str) -> tuple[MapLabelsItem, float, dict[str, float]]:
    """The labels of a shipped map, the zoom that fits it into 1900 px, and each road's length."""
    _, gamemap = load_scenario(scenario_id)
    geometry = HexGeometry(gamemap)
    item = MapLabelsItem(gamemap, geometry)
    lengths: dict[str, float] = {}
    for feature in gamemap.features:
        if feature.layer == "roads" and feature.ref:
            for part in feature.parts:
                length = sum(math.dist(a, b) for a, b in itertools.pairwise(part))
                lengths[str(feature.ref)] = lengths.get(str(feature.ref), 0.0) + length
    return item, 1900 / map_bounds(geometry).width(), lengths


def test_stalingrad_plates_are_few_per_road_and_far_apart_on_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    item, fit, lengths = _labels("stalingrad-1942-11")
    hex_m = item.hex_size
    for zoom in (fit, 2 * fit, 6 * fit):
        plates = item.plates_at(zoom)
        assert plates
        by_road: dict[str, list[QPointF]] = {}
        for point, ref, _ in plates:
            by_road.setdefault(ref, []).append(point)
        for ref, points in by_road.items():
            assert len(points) <= 1 + lengths[ref] / (PLATE_EVERY_HEXES * hex_m), ref
            for a, b in itertools.combinations(points, 2):
                assert math.hypot(a.x() - b.x(), a.y() - b.y()) * zoom >= PLATE_GAP_PX, ref


def test_bakhmut_keeps_a_plate_on_every_named_road(qtbot) -> None:  # type: ignore[no-untyped-def]
    item, fit, _ = _labels("bakhmut-2023-02")
    for zoom in (fit, 4 * fit):
        shown = {ref for _, ref, _ in item.plates_at(zoom)}
        assert {"M03", "T0504", "O0506", "T0513"} <= shown


def _sizes(scene: MapScene) -> dict[str, int]:
    """The pixel size of each kind of label placed (the largest of the kind)."""
    sizes: dict[str, int] = {}
    for text in scene.text_boxes(scene.zoom):
        sizes[text.kind] = max(sizes.get(text.kind, 0), round(text.pixel_size))
    return sizes


def test_text_size_200_percent_grows_every_kind_of_label_and_100_percent_brings_it_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    game = open_source("bakhmut-2023-02")
    scene = MapScene(game.map, game.scenario.sides)
    scene.show_state(game.state, analyse(game.state, None))
    scene.set_zoom(120 / game.map.layout.size_m)  # hexes 120 px wide: hex numbers show
    normal = _sizes(scene)
    assert {"city", "route", "corridor", "hex"} <= set(normal)
    scene.set_counter_size(2.0)
    large = _sizes(scene)
    assert all(large[kind] >= 2 * normal[kind] - 1 for kind in normal if kind in large)
    assert {"city", "route", "corridor"} <= set(large)
    scene.set_counter_size(1.0)
    assert _sizes(scene) == normal


def test_save_keeps_the_game_files_metadata_and_updates_modified(qtbot, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.conftest import open_window
    from wargame.core.files.loading import open_source

    game = open_source("bakhmut-2023-02")
    side = game.scenario.sides[0].id
    before = Metadata(
        title="Bakhmut seminar",
        facilitator="Maj. Example",
        players=(Player("Ann", side), Player("Observer")),
    )
    path = tmp_path / "seminar.wargame.json"
    written = save_game(path, game, before, now=datetime(2024, 1, 2, 9, 0, tzinfo=UTC))
    window = open_window(qtbot, settings, str(path))
    window.end_turn_action.trigger()
    window.files.save_file()
    after = read_game(path).metadata
    assert (after.title, after.facilitator, after.players, after.created) == (
        "Bakhmut seminar",
        "Maj. Example",
        written.players,
        written.created,
    )
    assert after.modified > written.modified
    assert json.loads(path.read_text(encoding="utf-8"))["metadata"]["facilitator"] == "Maj. Example"
