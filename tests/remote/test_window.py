"""Remote play in the window, as a facilitator and a side would use it: File ▸ Host game…
in the facilitator's window, File ▸ Join game… with the UA code, a move on UA's map, the
facilitator's own action and undo, and the control cell listing the game."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings

from wargame.core.actions import MoveUnit, Note
from wargame.core.errors import ActionError
from wargame.core.files.document import Document
from wargame.core.visibility import visible_units
from wargame.remote.codes import JoinCode
from wargame.remote.visible_scenario import scenario_for
from wargame.ui.remote import event_loop
from wargame.ui.remote.remote_hook import THIS_MACHINE
from wargame.ui.remote.side_window import RemoteSideWindow
from wargame.ui.window.assembly import build_main_window
from wargame.ui.window.controller import GameController
from wargame.ui.window.main_window import MainWindow

from .conftest import MAP, sketch_game

WAIT = 10000  # ms, at most: a step takes tens of milliseconds


def sketch_window(code: JoinCode) -> RemoteSideWindow:
    """A side's window on the sketch map (which no map folder holds: given, not loaded)."""
    game = sketch_game()
    viewer = None if code.role.startswith("observer") else code.role
    return RemoteSideWindow(code, lambda data: (scenario_for(game.scenario, viewer), MAP))


@pytest.fixture
def host_window(qtbot, tmp_path, monkeypatch) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARGAME_DATA_DIR", str(tmp_path / "data"))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = build_main_window(GameController(Document(sketch_game())), settings)
    qtbot.addWidget(window)
    window.show()
    yield window
    hook = window.features.remote
    hosting = hook.hosting
    for opened in hook.windows:
        opened.close()
    if hosting is not None and hosting.server is not None:
        hosting.server.stop(kill=True)  # a temporary store: no need for a clean stop
    hook.stop()
    event_loop.shutdown()


def _a_move(window: MainWindow, side: str) -> MoveUnit:
    state = window.controller.state
    for unit in state.units_of(side):
        for h in unit.hex.neighbours():
            move = MoveUnit(unit.id, h)
            try:
                move.validate(state)
            except ActionError:
                continue
            return move
    raise AssertionError(f"{side} has no unit that can move")


def test_host_join_move_and_watch_from_the_control_cell(host_window: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, hook = host_window, host_window.features.remote
    monkeypatch.setattr(window.dialogs, "ask", lambda *args: THIS_MACHINE)
    hook.side_window = sketch_window
    window.findChild(type(hook.host_action), "hostGameAction").trigger()  # File ▸ Host game…
    qtbot.waitUntil(lambda: hook.codes is not None and hook.codes.isVisible(), timeout=WAIT)
    lines = dict(line.split(": ", 1) for line in hook.codes.text.toPlainText().splitlines() if ": " in line)
    assert {"UA", "RU", "observer"} <= set(lines)
    assert JoinCode.parse(lines["UA"]).role == "UA"

    hook.ask_code = lambda: lines["UA"]
    side = hook.ask_and_join()  # File ▸ Join game…, the UA code pasted
    assert side is not None
    qtbot.waitUntil(lambda: side.view is not None, timeout=WAIT)
    truth = window.controller.game
    assert side.scene.shown_units() == visible_units(truth.state, "UA")  # its own view, no more
    assert "your move" in side.turn_label.text() and side.end_turn.isEnabled()

    move = _a_move(window, "UA")
    side.scene.unit_move_requested.emit(move.unit_id, move.to)  # UA drags a counter
    qtbot.waitUntil(lambda: len(truth) == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: side.view.situation.units[move.unit_id].hex == move.to, timeout=WAIT)
    assert window.scene.state.units[move.unit_id].hex == move.to  # the facilitator's map redrew

    facilitator = hook.facilitator
    assert window.controller.push(Note("a ruling from the umpire"))  # the facilitator's own
    qtbot.waitUntil(lambda: facilitator.logged == 2, timeout=WAIT)
    window.controller.undo()  # refused while hosting: the log only grows
    qtbot.waitUntil(lambda: len(truth) == 2, timeout=WAIT)

    hook.ask_code = lambda: lines["observer"]
    cell = hook.open_control_cell()
    cell.add_game(lines["observer"])
    qtbot.waitUntil(lambda: cell.row_text(0)[1].startswith("turn 1"), timeout=WAIT)
    assert cell.row_text(0)[0] == facilitator.names.game
    assert "UA: routes" in cell.row_text(0)[2] and "RU: routes" in cell.row_text(0)[2]
