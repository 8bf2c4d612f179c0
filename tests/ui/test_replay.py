"""Replay mode: stepping by action and turn, playing, finding warnings, branching a "what if"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QPushButton

from tests.ui.conftest import open_window
from tests.ui.test_export import cut_t0504_game
from wargame.core.actions import CutSegment, EndTurn
from wargame.core.files.gamefile import load_game, save_game
from wargame.core.rules import warnings as codes
from wargame.core.rules.analysis import analyse
from wargame.ui.replay.replay_window import ReplayWindow, Timeline

GAME = cut_t0504_game()  # 0 note, 1 end, 2 cut T0504 (RU), 3 end, 4 end, 5 end
CUT_INDEX = next(i for i, a in enumerate(GAME.actions) if isinstance(a, CutSegment))


@pytest.fixture
def replay(qtbot):  # type: ignore[no-untyped-def]
    window = ReplayWindow(GAME, analyse)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # its keys are window shortcuts: they need the window active
    qtbot.waitUntil(window.isActiveWindow, timeout=30_000)
    return window


def button(window: ReplayWindow, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    assert found is not None, name
    return found


def warning_codes(window: ReplayWindow) -> set[str]:
    return {w.code for w in window.warnings.warnings_shown()}


# --- the timeline, without a window ----------------------------------------------------------


def test_timeline_steps_by_turn_and_clamps_at_the_ends():
    timeline = Timeline(GAME)
    assert timeline.turn_starts() == [0, 4, 6]  # turn 1, turn 2 (after both sides ended turn 1), turn 3
    assert timeline.next_turn() == 4 and timeline.next_turn() == 6 and timeline.next_turn() == 6
    assert timeline.previous_turn() == 4
    timeline.go(5)
    assert timeline.previous_turn() == 4 and timeline.previous_turn() == 0 and timeline.previous_turn() == 0
    assert timeline.step(-5) == 0 and timeline.step(100) == len(GAME)


def test_first_warning_is_found_at_the_action_that_raised_it():
    moments = {}

    def analysis_at(index):
        moments[index] = analyse(GAME.state_at(index), None)
        return moments[index]

    assert Timeline(GAME).first_with(codes.ROUTE_CUT, analysis_at) is not None
    found = Timeline(GAME).first_with("NO_SUCH_WARNING", analysis_at)
    assert found is None


# --- the replay window ------------------------------------------------------------------------


def test_stepping_forward_and_back_by_action_shows_each_moment(replay, qtbot):  # type: ignore[no-untyped-def]
    assert replay.index == 0 and "start of the game" in replay.label.text()
    qtbot.mouseClick(button(replay, "replayNextAction"), Qt.MouseButton.LeftButton)
    assert replay.index == 1
    assert replay.scene.state is GAME.state_at(1)
    assert "action 1 of 6" in replay.label.text() and "UA digs in" in replay.label.text()
    qtbot.keyClick(replay, Qt.Key.Key_Right)
    qtbot.keyClick(replay, Qt.Key.Key_Right)
    assert replay.index == 3 and replay.slider.value() == 3
    qtbot.mouseClick(button(replay, "replayPreviousAction"), Qt.MouseButton.LeftButton)
    assert replay.index == 2 and replay.scene.state is GAME.state_at(2)


def test_stepping_by_turn_and_to_the_ends(replay, qtbot):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button(replay, "replayNextTurn"), Qt.MouseButton.LeftButton)
    state = replay.timeline.state
    assert replay.index == 4 and (state.turn, state.side_to_move) == (2, "UA")
    qtbot.keyClick(replay, Qt.Key.Key_PageDown)
    assert replay.timeline.state.turn == 3 and replay.index == 6
    qtbot.keyClick(replay, Qt.Key.Key_PageUp)
    assert replay.index == 4
    qtbot.mouseClick(button(replay, "replayLast"), Qt.MouseButton.LeftButton)
    assert replay.index == len(GAME) and replay.timeline.state.turn == 3
    replay.slider.setValue(3)
    qtbot.mouseClick(button(replay, "replayPreviousTurn"), Qt.MouseButton.LeftButton)
    assert replay.index == 0
    qtbot.keyClick(replay, Qt.Key.Key_Home)
    assert replay.index == 0


def test_the_warnings_and_overlay_are_those_of_the_moment(replay):  # type: ignore[no-untyped-def]
    replay.slider.setValue(CUT_INDEX)
    before = replay.warnings.warnings_shown()
    replay.slider.setValue(CUT_INDEX + 1)
    after = replay.warnings.warnings_shown()
    assert not any("T0504 cut" in w.message for w in before)
    assert any("T0504 cut" in w.message for w in after)
    cut = GAME.actions[CUT_INDEX].segment
    assert cut in replay.scene.state.cut
    replay.slider.setValue(0)
    assert cut not in replay.scene.state.cut and replay.scene.analysis is replay.analyses(0)


def test_play_runs_to_the_end_and_stops(replay, qtbot):  # type: ignore[no-untyped-def]
    replay.speed.setCurrentIndex(replay.speed.findText("5 actions a second"))
    qtbot.mouseClick(button(replay, "replayPlay"), Qt.MouseButton.LeftButton)
    assert replay.playing and "Pause" in replay.play_button.text()
    assert replay.timer.interval() == 200  # the chosen speed
    shown = []
    while replay.playing and len(shown) < len(GAME):  # each tick of the real timer, however late
        with qtbot.waitSignal(replay.timer.timeout, timeout=30_000):
            pass
        shown.append(replay.index)
    assert shown == list(range(1, len(GAME) + 1))  # one action a tick, to the end
    assert not replay.playing and "Play" in replay.play_button.text()


def test_pause_stops_where_it_is(replay, qtbot):  # type: ignore[no-untyped-def]
    replay.speed.setCurrentIndex(replay.speed.findText("1 turn a second"))
    replay.play()
    assert replay.timer.interval() == 1000
    replay.timer.timeout.emit()  # a second has passed: one turn on (no waiting on the clock)
    assert replay.playing and replay.index == Timeline(GAME).turn_starts()[1]
    qtbot.keyClick(replay, Qt.Key.Key_Space)
    assert not replay.playing and "Play" in replay.play_button.text()
    assert replay.index == Timeline(GAME).turn_starts()[1]  # stopped where it was


def test_jump_to_the_first_route_cut(replay, qtbot):  # type: ignore[no-untyped-def]
    replay.kind.setCurrentIndex(replay.kind.findData(codes.ROUTE_CUT))
    first = Timeline(GAME).first_with(codes.ROUTE_CUT, replay.analyses)
    replay.slider.setValue(len(GAME))
    qtbot.mouseClick(button(replay, "replayFindWarning"), Qt.MouseButton.LeftButton)
    assert replay.index == first
    assert codes.ROUTE_CUT in warning_codes(replay)
    if first > 0:
        assert codes.ROUTE_CUT not in {w.code for w in replay.analyses(first - 1).warnings}


def test_continue_from_here_makes_a_new_game_and_leaves_the_original(replay):  # type: ignore[no-untyped-def]
    branches = []
    replay.branch_requested.connect(branches.append)
    replay.slider.setValue(CUT_INDEX)
    branch = replay.request_branch(confirm=False)
    assert branches == [branch]
    assert len(branch) == CUT_INDEX and branch is not GAME and len(GAME) == 6
    branch.push(EndTurn())  # the what-if goes another way
    assert len(GAME) == 6 and isinstance(GAME.actions[CUT_INDEX], CutSegment)


def test_the_main_window_opens_a_replay_and_plays_on_from_a_branch(qtbot, settings):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    for action in GAME.actions:
        assert window.controller.push(action)
    hook = window.features.replay
    menu_titles = [a.text() for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()]
    assert "&Replay this game…" in menu_titles
    hook.action.trigger()
    replay = hook.replay
    assert replay is not None and replay.isVisible() and replay.timeline.last == 6
    replay.slider.setValue(CUT_INDEX)
    window.controller.push(EndTurn())  # the open game goes on; the replay is a snapshot
    assert replay.timeline.last == 6
    replay.request_branch(confirm=False)
    assert len(window.controller.game) == CUT_INDEX
    assert window.scene.state is window.controller.game.state
    assert not replay.isVisible()


def test_saving_a_branch_asks_for_a_new_name_and_never_overwrites_the_replayed_file(
    qtbot, settings, tmp_path, monkeypatch
):  # type: ignore[no-untyped-def]
    original = tmp_path / "seminar.wargame.json"
    save_game(original, GAME)
    window = open_window(qtbot, settings, str(original))
    assert window.controller.document.path == original
    replay = window.features.replay.open()
    replay.slider.setValue(CUT_INDEX)
    replay.request_branch(confirm=False)
    assert len(window.controller.game) == CUT_INDEX and window.controller.document.path is None
    asked: list[str] = []
    branch_file = tmp_path / "what-if.wargame.json"

    def save_dialog(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append("save as")
        return str(branch_file), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    assert (
        window.save_action.shortcut().matches(QKeySequence("Ctrl+S")) == QKeySequence.SequenceMatch.ExactMatch
    )
    window.save_action.trigger()  # Ctrl+S
    assert asked == ["save as"]
    assert len(load_game(original)) == len(GAME) == 6  # the replayed file is as it was
    assert len(load_game(branch_file)) == CUT_INDEX
    assert window.controller.document.path == branch_file and not window.controller.document.unsaved


def test_a_warning_is_new_only_in_the_turn_it_appeared_wherever_the_replay_jumps(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = ReplayWindow(GAME, analyse)
    qtbot.addWidget(window)
    window.slider.setValue(len(GAME))  # straight to turn 3: turns 1 and 2 never shown
    cut = [w for w in window.warnings.warnings_shown() if "T0504 cut" in w.message]
    assert cut and not any(w.new for w in cut)  # raised in turn 1, so not new in turn 3
    assert all(w.since_turn == GAME.state_at(CUT_INDEX + 1).turn for w in cut)
