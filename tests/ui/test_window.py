"""The window around the map: status bar, road tools, context menu, layout, errors, screenshot."""

from __future__ import annotations

import re
import sys

import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QImage, QMouseEvent, QPainter
from PySide6.QtWidgets import QFileDialog, QMenu

from tests.ui.conftest import hex_point, mouse, open_window
from wargame.core.actions import EVERYTHING, Note
from wargame.core.files.document import Document
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Segment
from wargame.ui.map.scene import MapScene
from wargame.ui.panels.action_log import ActionLogPanel
from wargame.ui.window import app
from wargame.ui.window.assembly import build_main_window
from wargame.ui.window.controller import GameController
from wargame.ui.window.main_window import MainWindow


def _road_hex(window: MainWindow) -> tuple[Hex, Hex]:
    """A road link inside the visible area, from a hex with exactly... any road."""
    state = window.controller.state
    centre = window.view.view_centre_hex()
    assert centre is not None
    segment = min((s for s in state.map.roads if s not in state.cut), key=lambda s: (s.a.distance(centre), s))
    return segment.a, segment.b


def test_status_bar_describes_the_hex_under_the_cursor(window: MainWindow) -> None:
    h = window.controller.game.map.settlements["Bakhmut"]
    window.view.centre_on_hexes([h])
    mouse(
        window.view.viewport(),
        QMouseEvent.Type.MouseMove,
        hex_point(window, h),
        Qt.MouseButton.NoButton,
    )
    text = window.hex_label.text()
    label = window.controller.game.map.label(h)
    assert f"Hex {label} ({h.q},{h.r})" in text
    assert "Bakhmut" in text and "urban" in text and "control: UA" in text and "supply: " in text


def test_cut_tool_cuts_the_road_link_towards_the_cursor_and_repair_restores_it(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    a, b = _road_hex(window)
    window.view.centre_on_hexes([a, b])
    window.tools.set_mode("cut")
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=hex_point(window, a, b, 0.3))
    assert Segment.of(a, b) in window.controller.state.cut
    assert Segment.of(a, b) in window.scene.routes.cut
    window.tools.set_mode("repair")
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=hex_point(window, a, b, 0.3))
    assert Segment.of(a, b) not in window.controller.state.cut


def test_context_menu_offers_the_hex_and_road_actions(window: MainWindow) -> None:
    a, b = _road_hex(window)
    point = (window.scene.geometry.centre(a) * 0.7) + (window.scene.geometry.centre(b) * 0.3)
    menu = window.tools.hex_menu(a, QPointF(point))
    texts = [action.text() for action in menu.actions()]
    assert texts[0].startswith(f"Hex {window.controller.game.map.label(a)}")
    assert "Seize for Ukraine" in texts and "Seize for Russia" in texts
    cut = next(action for action in menu.actions() if action.text().startswith("Cut "))
    assert window.controller.game.map.label(b) in cut.text()
    cut.trigger()
    assert Segment.of(a, b) in window.controller.state.cut
    fire = next(action.menu() for action in menu.actions() if action.text() == "Interdict by fire")
    assert isinstance(fire, QMenu)
    fire.actions()[1].trigger()
    assert window.controller.state.interdicted[a].side == "RU"
    empty = next(h for h in sorted(window.controller.state.map) if not window.controller.state.units_at(h))
    seize = next(
        x for x in window.tools.hex_menu(empty, QPointF()).actions() if x.text() == "Seize for Russia"
    )
    seize.trigger()
    assert window.controller.state.controller(empty) == "RU"
    unit = window.controller.state.units_of("UA")[0]
    [unit_menu] = [
        x.menu() for x in window.tools.hex_menu(unit.hex, QPointF()).actions() if x.text().startswith("Unit ")
    ][:1]
    next(x for x in unit_menu.actions() if x.text() == "Remove").trigger()
    assert unit.id not in window.controller.state.units


def test_dock_layout_is_remembered_between_runs(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    first = open_window(qtbot, settings)
    assert first.legend_dock.isVisible()
    first.legend_dock.hide()
    first.close()
    second = open_window(qtbot, QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert not second.legend_dock.isVisible()
    assert second.warnings_dock.isVisible()


def test_without_the_engine_the_window_says_analysis_unavailable(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    gamemap = make_map("""
        . . = = .
        . ~ = . .
    """)
    controller = GameController(Game(make_scenario(gamemap), gamemap))
    controller.chained, controller.analyser = None, None
    window = build_main_window(controller, settings)
    qtbot.addWidget(window)
    assert "Analysis unavailable" in window.warnings.routes.text()
    assert window.hex_label is not None


def test_map_scene_paints_offscreen_into_an_image(qtbot) -> None:  # type: ignore[no-untyped-def]
    from wargame.core.files.loading import open_source

    game = open_source(None)
    scene = MapScene(game.map, game.scenario.sides)
    scene.show_state(game.state, None, EVERYTHING)
    image = QImage(400, 300, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    scene.render(painter, source=scene.map_rect())
    painter.end()
    colours = {image.pixel(x, y) for x in range(0, 400, 7) for y in range(0, 300, 7)}
    assert len(colours) > 20
    assert len(scene.counters) == len(game.state.units)


def test_screenshot_command_writes_an_image_of_the_asked_size(tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shot.png"
    assert app.main(["--screenshot", str(out), "--size", "1024x700"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1024, 700)
    colours = {image.pixel(x, y) for x in range(0, 1024, 9) for y in range(0, 700, 9)}
    assert len(colours) > 50


@pytest.mark.parametrize(
    "args",
    [
        ["no/such/file.json"],
        ["--screenshot", "x.png", "missing.json"],
        ["--screenshot", "x.png", "--size", "huge"],
    ],
)
def test_bad_input_is_one_message_and_exit_2(args: list[str], capsys, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert app.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_unexpected_errors_are_logged_and_told_in_words(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(app, "log_path", lambda: tmp_path / "log.txt")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app.install_excepthook(show_dialog=False)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert "Traceback" in (tmp_path / "log.txt").read_text()
    err = capsys.readouterr().err
    assert "boom in a slot" in err and "Traceback" not in err


def test_layer_toggles_hide_and_show_their_layers(window: MainWindow) -> None:
    window.layer_actions["grid"].setChecked(False)
    assert not window.scene.grid.isVisible()
    window.layer_actions["supply:RU"].setChecked(False)
    assert not window.scene.supply["RU"].isVisible() and window.scene.supply["UA"].isVisible()
    window.layer_actions["grid"].setChecked(True)
    assert window.scene.grid.isVisible()


def test_zoom_keys_and_fit_map(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.setFocus()
    start = window.view.zoom
    qtbot.keyClick(window.view, Qt.Key.Key_Plus)
    assert window.view.zoom > start
    qtbot.keyClick(window.view, Qt.Key.Key_Minus)
    qtbot.keyClick(window.view, Qt.Key.Key_Minus)
    assert window.view.zoom < start
    qtbot.keyClick(window, Qt.Key.Key_F)
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.map_rect().adjusted(1, 1, -1, -1))


def test_hovering_outlines_the_hex_under_the_cursor(window: MainWindow) -> None:
    h = window.controller.game.map.settlements["Bakhmut"]
    window.view.centre_on_hexes([h])
    mouse(
        window.view.viewport(),
        QMouseEvent.Type.MouseMove,
        hex_point(window, h),
        Qt.MouseButton.NoButton,
    )
    assert window.view.hover_hex == h
    assert window.scene.hex_at(window.view._hover_item.boundingRect().center()) == h


def test_opening_a_game_on_another_map_rebuilds_the_map_and_panels(window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    gamemap = make_map("""
        . . = = .
        . ~ = . .
        . . = . .
    """)
    other = Game(make_scenario(gamemap), gamemap)
    old_scene = window.scene
    window.open_document(Document(other))
    assert window.scene is not old_scene and window.scene.map is gamemap
    assert window.view.scene() is window.scene
    assert window.controller.game is other
    assert set(window.layer_actions) >= {"grid", "supply:UA", "supply:RU"}
    window.layer_actions["grid"].setChecked(False)
    assert not window.scene.grid.isVisible()


def test_layer_choices_are_remembered_between_runs(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    first = open_window(qtbot, settings)
    first.layer_actions["grid"].setChecked(False)
    first.close()
    second = open_window(qtbot, QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert not second.layer_actions["grid"].isChecked() and not second.scene.grid.isVisible()
    assert second.layer_actions["routes"].isChecked() and second.scene.routes.isVisible()


def test_a_failing_analysis_keeps_the_game_and_says_so(qtbot, settings: QSettings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from wargame.core.files.loading import open_source

    told: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: told.append(error))

    def broken(state, previous):  # type: ignore[no-untyped-def]
        raise RuntimeError("engine bug")

    controller = GameController(open_source(None), analyser=broken)
    window = build_main_window(controller, settings)
    qtbot.addWidget(window)
    window.resize(1600, 1000)  # room for the side's full name (it opens no larger than the screen)
    window.show()
    assert told and "engine bug" in str(told[0])
    assert "Analysis unavailable" in window.warnings.routes.text()
    window.end_turn_action.trigger()
    assert window.controller.state.side_to_move == "RU" and "Russia" in window.turn_label.text()


def test_the_window_opens_framing_the_first_sides_units(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    from wargame.core.files.loading import open_source

    window = build_main_window(GameController(open_source(None)), settings)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    shown = window.view.viewport().rect()

    def framed() -> bool:
        points = [
            window.view.mapFromScene(window.scene.geometry.centre(u.hex))
            for u in window.controller.state.units_of("UA")
        ]
        return all(shown.contains(p) for p in points) and window.view.zoom > 0.03

    qtbot.waitUntil(framed, timeout=30_000)  # framed from a zero-delay timer after the show


def test_save_as_then_save_writes_a_game_file_that_opens_again(
    window: MainWindow, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from wargame.core.files.loading import open_source

    target = tmp_path / "seminar.wargame.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window.end_turn_action.trigger()
    window.files.save_file()  # no file yet: asks where, as Save as does
    assert len(open_source(str(target))) == 1
    window.end_turn_action.trigger()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: ("", ""))
    window.files.save_file()  # now saves in place without asking
    assert len(open_source(str(target))) == 2


def test_action_log_follows_pushes_undos_and_a_new_branch(window: MainWindow) -> None:
    c = window.controller
    for _ in range(3):
        window.end_turn_action.trigger()
    assert [line.split(" · ")[0] for line in window.log.lines()] == ["1. T1 UA", "2. T1 RU", "3. T2 UA"]
    c.undo()
    c.undo()
    lines = window.log.lines()
    assert len(lines) == 2 and lines[0].startswith("1. T1 UA") and lines[-1].startswith("(undone")
    c.push(Note("a new branch"))
    assert [line.split(" · ")[-1] for line in window.log.lines()] == ["UA ends turn 1", "note: a new branch"]
    fresh = ActionLogPanel()
    fresh.show_game(c.game)
    assert fresh.lines() == window.log.lines()


def test_note_tool_pins_the_note_on_its_hex_and_the_status_bar_reads_it(
    window: MainWindow, qtbot, answers
) -> None:  # type: ignore[no-untyped-def]
    answers.typed.append("Bridge mined")  # typed in the "Add note" question
    h = window.controller.game.map.settlements["Bakhmut"]
    window.view.centre_on_hexes([h])
    window.tools.set_mode("note")
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=hex_point(window, h))
    assert window.controller.state.notes[-1].text == "Bridge mined"
    assert window.scene.notes.hexes == [h] and window.scene.notes.isVisible()
    window.show_hex(h)
    assert "note: Bridge mined" in window.hex_label.text()
    assert window.log.lines()[-1].endswith("note: Bridge mined")


def test_typing_an_id_does_not_fire_single_key_shortcuts(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    zoom = window.view.zoom
    window.unit_palette.id_edit.setFocus()
    qtbot.keyClicks(window.unit_palette.id_edit, "FG 12")
    assert window.unit_palette.id_edit.text() == "FG 12"
    assert window.view.zoom == zoom and window.scene.grid.isVisible() and window.view.mode == "select"


@pytest.mark.parametrize("case", ["invalid JSON", "an action on a removed unit", "unknown map", "not UTF-8"])
def test_file_open_of_a_bad_file_says_why_and_the_open_game_is_untouched(
    case: str, window: MainWindow, tmp_path, monkeypatch, answers
) -> None:  # type: ignore[no-untyped-def]
    from tests.core.test_gamefile_errors import CASES, write_case

    window.controller.push(Note("before the bad file"))
    document, game, title = window.controller.document, window.controller.game, window.windowTitle()
    before = (game.state.state_hash(), len(game), window.scene.state)
    bad = write_case(case, tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(bad), ""))
    window.open_action.trigger()  # the unsaved note: asked first, and answered Discard
    told = answers.told
    assert answers.titles() == ["Unsaved changes"]
    assert len(told) == 1 and re.search(CASES[case][1], told[0])
    assert window.controller.document is document and window.controller.game is game
    assert (game.state.state_hash(), len(game), window.scene.state) == before
    assert window.windowTitle() == title
