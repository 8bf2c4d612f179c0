"""Autosave in the app: every change autosaved (debounced, on a worker thread); after a crash,
each crashed session's game offered by title, file and time, recovered into its own file."""

from __future__ import annotations

import subprocess
import sys

from tests.ui.conftest import open_window
from wargame.core.actions import EndTurn, Note
from wargame.core.files.autosave import Autosaves
from wargame.core.files.file_state import fingerprint
from wargame.core.files.gamefile import Metadata, load_game, save_game, snapshot
from wargame.core.files.loading import open_source
from wargame.ui.features.autosave import AutosaveHook


def install_autosave(window, folder, ask=True, delay_ms=60_000) -> AutosaveHook:  # type: ignore[no-untyped-def]
    """The app's autosave, in a folder of the test's own (the assembly builds none in tests).
    A long delay: the tests flush it when they want it written."""
    hook = AutosaveHook(window, folder, delay_ms)
    hook.start(ask)
    return hook


def dead_process_id() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def crashed_session(folder, game, file=None, title="Seminar B"):  # type: ignore[no-untyped-def]
    session = Autosaves(folder, pid=dead_process_id())
    session.begin()
    session.write(snapshot(game), Metadata(title=title), file, fingerprint(file) if file else None)
    return session


def played(moves: int):  # type: ignore[no-untyped-def]
    game = open_source(None)
    for index in range(moves):
        game.push(Note(f"move {index}") if index % 3 else EndTurn())
    return game


class FakeClock:
    """A monotonic clock the test moves by hand: the autosave's pace reads it instead of the
    machine's, so what is due when never depends on how fast a loaded machine runs."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_every_action_is_autosaved_once_play_pauses(qtbot, settings, tmp_path):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    hook = install_autosave(window, tmp_path, ask=False, delay_ms=50)
    hook.clock = clock = FakeClock()
    assert not hook.autosaves.game_path.exists()
    for text in ("first", "second", "third"):
        window.controller.push(Note(text))  # no End Turn: a crash now must not lose these
        clock.now += 0.01
    assert hook.timer.isActive() and hook.submitted == 0  # debounced: nothing written while playing
    assert hook.timer.interval() == 50  # due one pause after the last change, not the first
    # play pauses: the timer fires (waiting on its effect, not its signal, which a busy
    # machine can deliver before the wait begins); 30 s only matters if it never comes
    qtbot.waitUntil(lambda: hook.submitted >= 1, timeout=30_000)
    assert hook.submitted == 1
    hook.flush()  # wait for the worker's write
    assert load_game(hook.autosaves.game_path).state.state_hash() == window.controller.state.state_hash()


def test_in_steady_play_the_autosave_is_never_further_behind_than_its_bound(qtbot, settings, tmp_path):  # type: ignore[no-untyped-def]
    """An action every 0.1 s never leaves the 0.3 s pause: the 0.6 s bound writes it anyway.

    Played on a simulated clock: after each action the test reads when the hook's timer is due
    and, if that comes before the next action, moves the clock there and fires the timer."""
    window = open_window(qtbot, settings)
    hook = install_autosave(window, tmp_path, ask=False, delay_ms=300)
    hook.pace.most_behind = 0.6
    hook.clock = clock = FakeClock()
    before = len(window.controller.game)
    oldest: float | None = None  # when the oldest action the autosave lacks was played
    behind = []  # how far behind play each autosave was when written
    for index in range(12):
        window.controller.push(Note(f"steady {index}"))
        oldest = clock.now if oldest is None else oldest
        assert hook.timer.isActive()
        due, next_action = clock.now + hook.timer.interval() / 1000, clock.now + 0.1
        if due <= next_action:
            clock.now = due
            hook.timer.stop()
            hook.timer.timeout.emit()  # the timer fires at its time
            assert hook.pending is not None and hook.pending.result() is None  # written
            assert len(load_game(hook.autosaves.game_path)) == before + index + 1  # all played so far
            behind.append(clock.now - oldest)
            oldest = None
        clock.now = next_action
    assert hook.submitted == len(behind) >= 2  # written while play went on, more than once
    assert max(behind) <= 0.6 + 1e-9, behind
    hook.flush()
    assert len(load_game(hook.autosaves.game_path)) == before + 12


def test_a_saved_game_leaves_nothing_to_recover_and_a_clean_close_removes_the_session(
    qtbot, settings, tmp_path, answers
):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    hook = install_autosave(window, tmp_path / "autosave", ask=False)
    window.controller.push(Note("played"))
    hook.flush()
    assert hook.autosaves.game_path.exists()
    answers.paths.append(str(tmp_path / "kept.wargame.json"))
    assert window.files.save_file()
    hook.flush()
    hook.worker.submit(lambda: None).result()  # the forget queued behind the write
    assert not hook.autosaves.game_path.exists() and hook.autosaves.record_path.exists()
    window.close()
    assert list((tmp_path / "autosave").iterdir()) == []


def test_the_crashed_game_is_recovered_into_its_own_file_not_the_one_opened_at_start(
    qtbot, settings, tmp_path, answers
):  # type: ignore[no-untyped-def]
    x_file, z_file = tmp_path / "x.wargame.json", tmp_path / "z.wargame.json"
    save_game(x_file, played(4), Metadata(title="Game X"))
    save_game(z_file, played(30), Metadata(title="Game Z"))
    crashed_session(tmp_path / "autosave", played(9), x_file, title="Game X")  # X played on, then a crash
    window = open_window(qtbot, settings, str(z_file))  # the restart happens to open Z
    answers.replies.append("Recover")
    install_autosave(window, tmp_path / "autosave")
    (title, text, choices) = answers.asked[0]
    assert choices == ("Recover", "Discard", "Later")
    assert "Game X" in text and str(x_file.resolve()) in text and "turn" in text
    document = window.controller.document
    assert document.path == x_file.resolve() and document.unsaved and len(document.game) == 9
    assert window.isWindowModified() and window.windowTitle().startswith("x.wargame.json[*]")
    window.save_action.trigger()  # Ctrl+S: into X, the game's own file
    assert len(load_game(x_file)) == 9 and len(load_game(z_file)) == 30
    assert Autosaves(tmp_path / "autosave").begin() == []  # recovered: not offered again


def test_a_recovered_game_whose_file_changed_since_asks_before_overwriting(
    qtbot, settings, tmp_path, answers
):  # type: ignore[no-untyped-def]
    x_file = tmp_path / "x.wargame.json"
    save_game(x_file, played(4))
    crashed_session(tmp_path / "autosave", played(9), x_file)
    save_game(x_file, played(12))  # another window saved X after the crashed session last saw it
    window = open_window(qtbot, settings)
    answers.replies += ["Recover", "Cancel"]
    install_autosave(window, tmp_path / "autosave")
    assert window.files.save_file() is False
    assert answers.titles()[-1] == "The file changed on disk" and len(load_game(x_file)) == 12


def test_a_game_never_saved_is_recovered_without_a_file(qtbot, settings, tmp_path, answers):  # type: ignore[no-untyped-def]
    crashed_session(tmp_path, played(5))
    window = open_window(qtbot, settings)
    answers.replies.append("Recover")
    install_autosave(window, tmp_path)
    assert "never saved" in answers.asked[0][1]
    assert window.controller.document.path is None and len(window.controller.game) == 5
    target = tmp_path / "named.wargame.json"
    answers.paths.append(str(target))
    window.save_action.trigger()  # asks for a name
    assert len(load_game(target)) == 5


def test_later_offers_it_again_and_discard_forgets_it(qtbot, settings, tmp_path, answers):  # type: ignore[no-untyped-def]
    crashed_session(tmp_path, played(3))
    answers.replies.append("Later")
    install_autosave(open_window(qtbot, settings), tmp_path)
    answers.replies.append("Discard")
    install_autosave(open_window(qtbot, settings), tmp_path)
    install_autosave(open_window(qtbot, settings), tmp_path)
    assert answers.titles() == ["Recover a game?", "Recover a game?"]  # not a third time


def test_each_crashed_session_is_offered_and_another_running_window_is_not(
    qtbot, settings, tmp_path, answers
):  # type: ignore[no-untyped-def]
    crashed_session(tmp_path, played(3), title="first")
    crashed_session(tmp_path, played(6), title="second")
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        running = Autosaves(tmp_path, pid=other.pid)
        running.begin()
        running.write(snapshot(played(2)), Metadata(title="still open elsewhere"), None, None)
        install_autosave(open_window(qtbot, settings), tmp_path)  # answered "Later" twice
    finally:
        other.communicate(b"")
    offered = " ".join(text for _, text, _ in answers.asked)
    assert len(answers.asked) == 2 and "first" in offered and "second" in offered
    assert "still open elsewhere" not in offered


def test_an_autosave_failure_shows_a_warning_that_stays_until_one_succeeds(qtbot, settings, tmp_path):  # type: ignore[no-untyped-def]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    window = open_window(qtbot, settings)
    hook = install_autosave(window, tmp_path / "autosave", ask=False)
    hook.autosaves.folder = blocker / "autosave"  # the disk went away after the start
    window.controller.push(Note("one"))
    hook.flush()
    assert hook.banner_action.isVisible() and "Autosave failed" in hook.banner.text()
    assert "cannot create the autosave folder" in hook.banner.toolTip()
    window.controller.push(Note("two"))  # the next action's status message does not hide it
    window.statusBar().showMessage("something else", 1000)
    assert hook.banner_action.isVisible()
    hook.autosaves.folder = tmp_path / "autosave"
    window.controller.push(Note("three"))
    hook.flush()
    assert not hook.banner_action.isVisible() and hook.last_error is None
