"""Movement, the timeline and the defenders' board on screen (the default scenario as shipped,
with timed movement)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QDockWidget

from tests.ui.conftest import drag, hex_point
from wargame.core.actions import EndTurn, SetControl
from wargame.core.model import Terrain
from wargame.ui.features.defenders_board import DefendersBoardHook
from wargame.ui.window.main_window import MainWindow


def far_open_hex(window: MainWindow, unit_id: str):  # type: ignore[no-untyped-def]
    """A hex of open ground the unit's side may enter, beyond its reach this turn."""
    state = window.controller.state
    unit = state.units[unit_id]
    return next(
        h
        for h in sorted(state.map.hexes, key=lambda h: (abs(h.distance(unit.hex) - 8), h))
        if state.map.terrain(h) is not Terrain.WATER
        and not state.units_at(h)
        and state.controller(h) != state.enemy_of(unit.side)
        and h.distance(unit.hex) >= 6
    )


def test_a_move_beyond_the_allowance_is_refused_in_the_window_with_the_reason(
    timed_window: MainWindow,
) -> None:
    window = timed_window
    unit = window.controller.state.units["UA-LOG"]
    target = far_open_hex(window, unit.id)
    window.view.centre_on_hexes([unit.hex, target])
    counter = window.scene.counters[unit.id]
    drag(window.view.viewport(), [window.view.mapFromScene(counter.pos()), hex_point(window, target)])
    assert window.controller.state.units[unit.id].hex == unit.hex
    message = window.statusBar().currentMessage()
    assert "MP left" in message or "in the way" in message


def test_selecting_a_unit_shades_the_hexes_it_can_still_reach(timed_window: MainWindow) -> None:
    window = timed_window
    window.scene.select_units(["UA-17TB"])
    assert window.scene.reach.isVisible() and window.scene.reach.unit_id == "UA-17TB"
    window.scene.clearSelection()
    assert not window.scene.reach.isVisible()


def test_the_timeline_dock_shows_each_threatened_force_and_the_schedule(timed_window: MainWindow) -> None:
    panel = timed_window.findChild(QDockWidget, "timelineDock").widget()
    assert "UA garrison of Bakhmut" in panel.rows()
    assert "47th Mech Bde" in panel.toolTip() and "the ring can close in turn" in panel.toolTip()


def test_the_defenders_board_is_readable_whole_and_stays_when_the_other_side_moves(
    timed_window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = timed_window
    window.resize(1920, 1080)
    board_hook = next(h for h in window.findChildren(DefendersBoardHook))
    qtbot.keyClick(window, Qt.Key.Key_F11)  # F11
    board = board_hook.board
    assert board.isVisible() and "garrison of Bakhmut" in board.text() and "Ring closes" in board.text()
    assert QFontInfo(board.font()).pixelSize() >= 18
    assert board.height() >= board.heightForWidth(board.width())  # never cut
    window.controller.push(EndTurn())  # Russia to move: its warnings lead the strip
    assert board.isVisible() and "Ukraine — defenders' board" in board.text()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not board.isVisible()


def test_a_decision_point_reached_is_announced_in_a_banner(timed_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = timed_window
    qtbot.keyClick(window, Qt.Key.Key_F11)
    window.controller.push(EndTurn())
    board_hook = next(h for h in window.findChildren(DefendersBoardHook))
    for _ in range(9):
        analysis = window.controller.analysis
        f = next(f for f in analysis.sides["UA"].forecasts if "Bakhmut" in f.force)
        if f.width_hexes <= 3:
            break
        h = next(h for h in f.critical_hexes if not window.controller.state.units_at(h))
        window.controller.push(SetControl((h,), "RU", ruling="assault adjudicated"))
    assert "Last road narrows" in board_hook._announced
    assert board_hook.presentation.banner.isVisible()
    assert "Decision point reached: Last road narrows" in board_hook.presentation.banner.text()
