"""Autosave in the app: End Turn writes a game file; after a crash the newest is offered."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import open_window
from wargame.core.actions import EndTurn, Note
from wargame.core.files.autosave import Autosaves
from wargame.core.files.gamefile import load_game
from wargame.ui.features.autosave import AutosaveHook


def install_autosave(window, folder, ask=True) -> AutosaveHook:  # type: ignore[no-untyped-def]
    """The app's autosave, in a folder of the test's own (the assembly builds none in tests)."""
    hook = AutosaveHook(window, folder)
    hook.start(ask)
    return hook


def dead_process_id() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_end_turn_writes_an_autosave_that_loads(qtbot, settings, tmp_path):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    hook = install_autosave(window, tmp_path, ask=False)
    assert hook.autosaves.saves() == []
    window.controller.push(Note("before the end of the turn"))
    assert hook.autosaves.saves() == []
    window.end_turn_action.trigger()
    saves = hook.autosaves.saves()
    assert len(saves) == 1
    assert load_game(saves[0]).state.state_hash() == window.controller.state.state_hash()
    window.controller.undo()  # undoing the End Turn is not a new end of turn
    assert len(hook.autosaves.saves()) == 1


def test_after_a_crash_the_newest_autosave_is_recovered(qtbot, settings, tmp_path):  # type: ignore[no-untyped-def]
    crashed = Autosaves(tmp_path)
    crashed.begin_session(pid=dead_process_id())
    window = open_window(qtbot, settings)
    for action in (Note("played before the crash"), EndTurn(), EndTurn()):
        window.controller.game.push(action)
    newest = crashed.save(window.controller.game)
    fresh = open_window(qtbot, settings)
    assert len(fresh.controller.game) == 0
    assert install_autosave(fresh, tmp_path, ask=False).autosaves.folder == tmp_path
    assert len(fresh.controller.game) == 3
    assert fresh.controller.state.state_hash() == load_game(newest).state.state_hash()


def test_declining_recovery_keeps_the_game_open(qtbot, settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    crashed = Autosaves(tmp_path)
    crashed.begin_session(pid=dead_process_id())
    window = open_window(qtbot, settings)
    window.controller.game.push(EndTurn())
    crashed.save(window.controller.game)
    asked = []

    def decline(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", decline)
    fresh = open_window(qtbot, settings)
    install_autosave(fresh, tmp_path)
    assert len(asked) == 1 and len(fresh.controller.game) == 0


def test_a_clean_exit_means_no_offer_next_time(qtbot, settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    install_autosave(window, tmp_path, ask=False).end()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: asked.append(args))
    assert install_autosave(open_window(qtbot, settings), tmp_path).start() is None
    assert asked == []
