"""Keyboard-only play: select a unit, step it, confirm, end the turn, undo — keys only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QSpinBox

from wargame.core.actions import EndTurn, MoveUnit
from wargame.core.model import Terrain
from wargame.ui.features.keyboard import STEP_KEYS
from wargame.ui.panels.key_sheet import KeySheet
from wargame.ui.window.main_window import MainWindow

KEYS = {name: getattr(Qt.Key, f"Key_{key}") for key, _, name in STEP_KEYS}
KEYS_LISTED = ("Select next own unit", "Step the target south-east", "Alt+click", "Presentation mode", "F11")


def _free_direction(window: MainWindow, unit_id: str) -> str | None:
    state = window.controller.state
    unit = state.units[unit_id]
    for _, direction, name in STEP_KEYS:
        n = unit.hex.neighbour(direction)
        if n in state.map and state.map.terrain(n) is not Terrain.WATER and not state.units_at(n):
            return name
    return None


def test_a_whole_turn_with_the_keyboard_alone(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    view.setFocus()
    game = window.controller.game
    own = [u.id for u in window.controller.state.units_of("UA")]
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert window.features.keyboard.selected_unit() == own[0]
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.features.keyboard.selected_unit() == own[0]
    while _free_direction(window, window.features.keyboard.selected_unit()) is None:
        qtbot.keyClick(view, Qt.Key.Key_Tab)
    unit_id = window.features.keyboard.selected_unit()
    start = window.controller.state.units[unit_id].hex
    name = _free_direction(window, unit_id)
    qtbot.keyClick(view, KEYS[name])
    direction = next(d for _, d, n in STEP_KEYS if n == name)
    assert window.features.keyboard.target == start.neighbour(direction)
    assert len(game.actions) == 0  # a step is only a target until Enter
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert game.actions[-1] == MoveUnit(unit_id, start.neighbour(direction))
    assert window.controller.state.units[unit_id].hex == start.neighbour(direction)
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(game.actions[-1], EndTurn) and window.controller.state.side_to_move == "RU"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(game.actions) == 0 and window.controller.state.units[unit_id].hex == start


def test_escape_drops_the_target_and_typing_in_a_field_moves_nothing(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    qtbot.keyClick(window.view, Qt.Key.Key_W)
    assert window.features.keyboard.target is not None
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.features.keyboard.target is None
    window.unit_palette.id_edit.setFocus()
    qtbot.keyClicks(window.unit_palette.id_edit, "WASDQE")
    assert window.unit_palette.id_edit.text() == "WASDQE" and window.features.keyboard.target is None


def test_every_action_has_a_tooltip_and_the_f1_sheet_lists_the_play_keys(window: MainWindow) -> None:
    for action in window.findChildren(QAction):
        if action.text() and not action.isSeparator():
            assert action.toolTip().strip(), action.text()
    keyed = {a.text() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()}
    assert {"Select next own unit", "Step the target north", "Presentation mode", "Roll dice…"} <= keyed


def test_every_button_and_field_has_a_tooltip(window: MainWindow) -> None:
    kinds = (QAbstractButton, QComboBox, QLineEdit, QSpinBox)
    missing = [
        w.objectName() or type(w).__name__
        for kind in kinds
        for w in window.findChildren(kind)
        if w.isVisible() and not w.toolTip() and not w.objectName().startswith("qt_spinbox")
    ]
    assert missing == []


def test_the_f1_sheet_lists_the_play_keys_and_the_flare_and_fits_a_1080p_screen(
    window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[KeySheet] = []
    monkeypatch.setattr(KeySheet, "exec", lambda sheet: shown.append(sheet))
    for percent in (100, 200):
        window.features.presentation.set_scale(percent, remember=False)
        window.shortcuts_action.trigger()
        sheet = shown[-1]
        texts = " ".join(label.text() for label in sheet.findChildren(QLabel))
        for line in (
            "Select next own unit",
            "Step the target south-east",
            "Alt+click",
            "Presentation mode",
            "F11",
        ):
            assert line in texts
        size = sheet.sizeHint()
        assert size.width() <= 1920 and size.height() <= 1080, (percent, size)


def test_in_a_side_view_tab_picks_only_that_sides_units(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.features.side_views.switch("RU")
    window.features.side_views.curtain.lift()
    russian = {u.id for u in window.controller.state.units_of("RU")}
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)
        assert window.features.keyboard.selected_unit() in russian


def test_replay_and_export_show_their_keys_in_their_tooltips(window: MainWindow) -> None:
    # The assembly names the keys once every feature is in: these two come late.
    assert "(Ctrl+R)" in window.features.replay.action.toolTip()
    assert "(Ctrl+E)" in window.features.export.action.toolTip()
