"""A 1366×768 laptop at 100 % text: every top-level window fits, and every control of the main
window, the replay window and presentation mode can be reached (shown inside the window, or
behind its tool bar's » button)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QComboBox,
    QDockWidget,
    QLineEdit,
    QMainWindow,
    QToolBar,
    QToolButton,
    QWidget,
)

from tests.ui.conftest import open_window
from wargame.ui.features.presentation import room_frame
from wargame.ui.features.screen_fit import fitting_size
from wargame.ui.map.map_view import MapView

LAPTOP = QSize(1366, 768)
WINDOW = QSize(1366, 768 - 40)  # less a desktop's panel


def settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        QGuiApplication.processEvents()
    qtbot.wait(10)


def inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    bottom_right = widget.mapTo(window, widget.rect().bottomRight())
    return window.rect().contains(top_left) and window.rect().contains(bottom_right)


def out_of_reach(window: QMainWindow) -> list[str]:
    """The controls of ``window``'s shown tool bars, and of its other widgets, that the user
    cannot see or reach."""
    lost = []
    for bar in window.findChildren(QToolBar):
        if not bar.isVisible():
            continue
        extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        for action in bar.actions():
            widget = bar.widgetForAction(action)
            if action.isSeparator() or not action.isVisible() or widget is None:
                continue
            shown = widget.isVisible() and inside(widget, window)
            if not shown and not (
                extension is not None and extension.isVisible() and inside(extension, window)
            ):
                lost.append(f"{bar.objectName()}: {action.text() or type(widget).__name__}")
    for kind in (QAbstractButton, QComboBox, QLineEdit, QAbstractSlider):
        for widget in window.findChildren(kind):
            if isinstance(widget.parentWidget(), QToolBar) or not widget.isVisibleTo(window):
                continue
            if widget.parentWidget() is not None and not widget.parentWidget().isVisible():
                continue
            if widget.objectName().startswith("qt_"):
                continue  # Qt's own (dock title buttons, the » button)
            if _scrolled(widget) or _behind_a_tab(widget, window):
                continue
            if not inside(widget, window):
                lost.append(f"{type(widget).__name__} {widget.objectName() or widget.toolTip()[:30]}")
    return lost


def _behind_a_tab(widget: QWidget, window: QMainWindow) -> bool:
    """In a dock tabbed with others and not in front: reached by its tab."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    return (
        isinstance(parent, QDockWidget)
        and bool(window.tabifiedDockWidgets(parent))
        and parent.visibleRegion().isEmpty()
    )


def _scrolled(widget: QWidget) -> bool:
    """Inside a scroll area or the map (reached by scrolling), not placed in the window."""
    parent = widget.parentWidget()
    while parent is not None:
        if parent.objectName() == "qt_scrollarea_viewport" or isinstance(parent, MapView):
            return True
        parent = parent.parentWidget()
    return False


def fits_a_laptop(top: QWidget) -> bool:
    least = top.minimumSizeHint().expandedTo(top.minimumSize())
    return least.width() <= WINDOW.width() and least.height() <= WINDOW.height()


def test_the_main_window_fits_a_laptop_with_every_control_in_reach(qtbot, settings):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    screen = window.screen().availableGeometry()
    fitted = fitting_size(window, QSize(1600, 1000))  # what it opens at
    assert fitted.width() <= screen.width() and fitted.height() <= screen.height()
    assert fits_a_laptop(window)
    window.resize(WINDOW)
    settle(qtbot)
    assert window.size() == WINDOW
    assert out_of_reach(window) == []
    for action in (window.redo_action, window.undo_action, window.end_turn_action):
        assert window.turn_bar.widgetForAction(action).isVisible()  # not behind the » button


def test_the_replay_window_fits_a_laptop_with_every_control_in_reach(qtbot, settings):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    replay = window.features.replay.open()
    qtbot.addWidget(replay)
    assert fits_a_laptop(replay)
    replay.resize(WINDOW)
    settle(qtbot)
    assert replay.size() == WINDOW
    branch = replay.findChild(QAbstractButton, "replayBranch")
    assert branch is not None and branch.isVisible() and inside(branch, replay)
    assert out_of_reach(replay) == []


def test_presentation_mode_uses_the_whole_width_of_a_laptop(qtbot, settings):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    presentation = window.features.presentation
    presentation.set_presenting(True)
    window.setGeometry(QRect(0, 0, LAPTOP.width(), LAPTOP.height()))  # the laptop's screen
    settle(qtbot)
    presentation.frame_for_the_room()
    settle(qtbot)
    assert out_of_reach(window) == []
    view = window.view
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    on_map = shown.intersected(window.scene.map_rect())
    # The map fills the view's width (no empty margins beside it), the units framed.
    assert on_map.width() >= 0.97 * shown.width()


def test_the_room_frame_takes_the_screen_shape_inside_the_map():
    bounds = QRect(0, 0, 2500, 2000).toRectF()
    tall = QRect(1000, 500, 400, 900).toRectF()
    frame = room_frame(tall, bounds, 2.0)
    assert round(frame.width() / frame.height(), 6) == 2.0
    assert bounds.contains(frame) and frame.contains(tall.center())
    assert frame.height() == tall.height()  # widened, not shrunk
    wide = room_frame(QRect(0, 0, 2400, 1500).toRectF(), bounds, 2.0)
    assert wide.width() == bounds.width() and wide.height() == bounds.width() / 2


def test_every_other_top_level_window_fits_a_laptop(qtbot, settings, monkeypatch):  # type: ignore[no-untyped-def]
    from wargame.ui.features.facilitator import DiceDialog, OverrideDialog
    from wargame.ui.output.print_dialog import PrintDialog
    from wargame.ui.panels import key_sheet
    from wargame.ui.panels.key_sheet import KeySheet

    # The F1 sheet lays itself out for the screen it is on: here the laptop's, not the suite's.
    share = key_sheet.SCREEN_SHARE
    monkeypatch.setattr(KeySheet, "_room", lambda self: QSize(round(1366 * share), round(768 * share)))
    window = open_window(qtbot, settings)
    controller = window.controller
    windows = {
        "setup editor": window.features.setup.edit_scenario(),
        "briefing": window.features.briefing.show_briefing(),
        "print map": PrintDialog(controller.game, window),
        "keys (F1)": KeySheet(window.frame.shortcut_list(), window),
        "override": OverrideDialog(controller.state, controller.analysis, None, window),
        "dice": DiceDialog(window),
    }
    for name, top in windows.items():
        qtbot.addWidget(top)
        assert fits_a_laptop(top), f"{name}: {top.minimumSizeHint()}"
        top.close()


def test_f11_on_a_laptop_stays_within_the_screen_and_gives_the_size_back(qtbot, settings):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    window.resize(QSize(1350, 728))
    settle(qtbot)
    before = window.size()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    window.setGeometry(QRect(0, 0, LAPTOP.width(), LAPTOP.height()))  # the laptop's screen
    settle(qtbot)
    hook = window.features.presentation
    assert hook.presenting and "│" in hook.top_warnings.text()  # two long warnings, wrapped
    # Nothing asks for more than the laptop's width (the unwrapped strip asked 1822 px), so a
    # full-screen window there is the screen's width; the suite's own screen is 1920 px wide.
    assert window.minimumSizeHint().width() <= LAPTOP.width()
    assert hook.warnings_bar.minimumSizeHint().width() <= LAPTOP.width()
    assert out_of_reach(window) == []
    qtbot.keyClick(window, Qt.Key.Key_F11)
    settle(qtbot)
    assert not hook.presenting and window.size() == before
    assert out_of_reach(window) == []
