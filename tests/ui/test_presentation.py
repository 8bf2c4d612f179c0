"""Presentation mode (F11) and the scale of text and counters."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from tests.ui.conftest import open_window
from wargame.core.actions import Note
from wargame.ui.features.presentation import SCALE_KEY, scaled_style_sheet
from wargame.ui.window.main_window import MainWindow


def _counter_width(window: MainWindow) -> float:
    item = next(iter(window.scene.counters.values()))
    return item.sceneBoundingRect().width()


def test_f11_folds_the_panels_into_a_full_screen_map_and_back(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert window.warnings_dock.isVisible() and window.tool_bar.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    hook = window.features.presentation
    assert hook.presenting and window.isFullScreen()
    assert not window.warnings_dock.isVisible() and not window.log_dock.isVisible()
    assert not window.tool_bar.isVisible() and not window.menuBar().isVisible()
    assert window.turn_bar.isVisible() and hook.warnings_bar.isVisible()
    assert hook.top_warnings.text()  # the most severe warnings stay on screen
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not hook.presenting and not window.isFullScreen()
    assert window.warnings_dock.isVisible() and window.tool_bar.isVisible() and window.menuBar().isVisible()
    assert not hook.warnings_bar.isVisible()


def test_presentation_mode_enlarges_counters_and_text(window: MainWindow) -> None:
    hook = window.features.presentation
    width, label, zoom = _counter_width(window), window.turn_label.font().pointSizeF(), window.view.zoom
    hook.set_presenting(True)
    window.view.zoom_by(zoom / window.view.zoom)  # the same zoom as before: only the counters grow
    window.turn_label.ensurePolished()
    assert abs(_counter_width(window) - width * 1.5) < 1e-3
    assert window.turn_label.font().pointSizeF() == 27 > label  # the turn banner: 18 pt at 150 %
    hook.set_presenting(False)
    window.view.zoom_by(zoom / window.view.zoom)
    window.turn_label.ensurePolished()
    assert abs(_counter_width(window) - width) < 1e-3


def test_scale_grows_text_and_counters_and_is_remembered(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    hook = window.features.presentation
    width = _counter_width(window)
    hook.scale_actions[200].trigger()
    window.warnings.list.ensurePolished()
    assert abs(_counter_width(window) - 2 * width) < 1e-3
    assert window.warnings.list.font().pointSizeF() == 28  # 14 pt in the style sheet, doubled
    assert int(settings.value(SCALE_KEY)) == 200
    window.close()
    again = open_window(qtbot, settings)
    assert again.features.presentation.percent == 200
    assert again.features.presentation.scale_actions[200].isChecked()


def test_scaled_style_sheet_grows_every_font_size() -> None:
    sheet = scaled_style_sheet("QLabel#a { font-size: 18pt; }\nQListWidget { font-size: 12pt; }", 150)
    assert "QLabel#a { font-size: 27pt; }" in sheet and "QListWidget { font-size: 18pt; }" in sheet
    assert "QWidget { font-size: 19.5pt; }" in sheet


def test_the_panels_stay_folded_while_the_game_goes_on(window: MainWindow) -> None:
    window.features.presentation.set_presenting(True)
    window.controller.push(Note("the room talks"))
    window.controller.undo()
    assert not window.log_dock.isVisible() and not window.warnings_dock.isVisible()
    window.features.presentation.set_presenting(False)
    assert window.log_dock.isVisible()
