"""Never lose work: every way of putting a game away asks first (Save / Discard / Cancel), the
title shows the file and an unsaved mark, and Save respects the file on disk (read-only,
symlinked, changed by someone else since)."""

from __future__ import annotations

import os
import stat

import pytest

from tests.ui.conftest import open_window
from wargame.core.actions import EndTurn, Note
from wargame.core.files.gamefile import Metadata, load_game, save_game
from wargame.core.files.loading import open_source
from wargame.ui.features.dialogs import Dialogs

UNSAVED = "Unsaved changes"


@pytest.fixture
def game_file(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "seminar.wargame.json"
    game = open_source(None)
    for action in (Note("opening move"), EndTurn()):
        game.push(action)
    save_game(path, game, Metadata(title="Seminar B"))
    return path


@pytest.fixture
def playing(qtbot, settings, game_file):  # type: ignore[no-untyped-def]
    """The window on a saved game with one more note played since: unsaved."""
    window = open_window(qtbot, settings, str(game_file))
    window.controller.push(Note("played since the save"))
    return window


# --- the title ---------------------------------------------------------------------------------


def test_the_title_shows_the_file_and_an_unsaved_mark(qtbot, settings, game_file, answers):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings, str(game_file))
    assert window.windowTitle().startswith("seminar.wargame.json[*] — ") and not window.isWindowModified()
    window.controller.push(Note("a move"))
    assert window.isWindowModified()
    window.controller.undo()
    assert not window.isWindowModified()  # back to what the file holds
    window.controller.push(Note("again"))
    window.save_action.trigger()
    assert not window.isWindowModified() and answers.asked == []
    fresh = open_window(qtbot, settings)  # a scenario: no file yet
    assert fresh.windowTitle().startswith("Untitled[*] — ")


# --- asking before discarding ------------------------------------------------------------------


def test_quit_with_unsaved_moves_cancel_keeps_the_window_and_the_game(playing, answers):  # type: ignore[no-untyped-def]
    answers.replies.append("Cancel")
    playing.quit_action.trigger()
    assert answers.titles() == [UNSAVED] and playing.isVisible() and len(playing.controller.game) == 3


def test_quit_with_unsaved_moves_save_writes_the_file_then_closes(playing, game_file, answers):  # type: ignore[no-untyped-def]
    answers.replies.append("Save")
    playing.quit_action.trigger()
    assert not playing.isVisible() and len(load_game(game_file)) == 3


def test_closing_with_unsaved_moves_discard_closes_and_leaves_the_file(playing, game_file, answers):  # type: ignore[no-untyped-def]
    answers.replies.append("Discard")
    playing.close()
    assert answers.titles() == [UNSAVED] and not playing.isVisible() and len(load_game(game_file)) == 2


def test_save_on_a_game_without_a_file_asks_a_name_and_cancelling_it_keeps_the_window(
    qtbot, settings, answers, monkeypatch
):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    window.controller.push(Note("never saved"))
    answers.replies.append("Save")
    monkeypatch.setattr(Dialogs, "save_path", lambda *args: "")  # the name dialog cancelled
    window.close()
    assert window.isVisible()


def test_nothing_unsaved_means_no_question(qtbot, settings, game_file, answers):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings, str(game_file))
    window.close()
    assert answers.asked == [] and not window.isVisible()


def test_open_with_unsaved_moves_asks_first_and_cancel_opens_nothing(playing, answers, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(Dialogs, "open_path", lambda *args: pytest.fail("no file dialog after Cancel"))
    answers.replies.append("Cancel")
    game = playing.controller.game
    playing.open_action.trigger()
    assert answers.titles() == [UNSAVED] and playing.controller.game is game


def test_continue_from_here_asks_first_and_the_branch_has_no_file(playing, game_file, answers):  # type: ignore[no-untyped-def]
    replay = playing.features.replay.open()
    replay.slider.setValue(1)
    answers.replies.append("Cancel")
    replay.request_branch(confirm=False)
    assert playing.controller.document.path == game_file and len(playing.controller.game) == 3
    answers.replies.append("Discard")
    replay.request_branch(confirm=False)
    document = playing.controller.document
    assert answers.titles() == [UNSAVED, UNSAVED]
    assert document.path is None and len(document.game) == 1 and document.unsaved
    assert playing.windowTitle().startswith("Untitled[*]")
    branch_file = game_file.parent / "what-if.wargame.json"
    answers.paths.append(str(branch_file))
    playing.save_action.trigger()  # a new name, never the replayed file
    assert len(load_game(branch_file)) == 1 and len(load_game(game_file)) == 2


def test_file_dialogs_start_in_the_last_folder_used(playing, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    elsewhere = tmp_path / "syndicate-b"
    elsewhere.mkdir()
    starts: list[str] = []
    monkeypatch.setattr(
        Dialogs,
        "save_path",
        lambda self, parent, caption, start, filters: (
            starts.append(start) or str(elsewhere / "b.wargame.json")
        ),
    )
    monkeypatch.setattr(
        Dialogs, "open_path", lambda self, parent, caption, start, filters: starts.append(start) or ""
    )
    playing.files.save_file_as()
    playing.files.open_file()
    assert starts[0] == str(tmp_path.resolve() / "seminar.wargame.json")  # where the game was opened
    assert starts[1] == str(elsewhere.resolve())


# --- saving respects the file ------------------------------------------------------------------


def test_a_read_only_file_is_refused_with_a_clear_message(playing, game_file, answers):  # type: ignore[no-untyped-def]
    before = game_file.read_bytes()
    game_file.chmod(0o444)
    try:
        assert playing.files.save_file() is False
    finally:
        game_file.chmod(0o644)
    assert "read-only" in answers.told[0] and "Save as" in answers.told[0]
    assert game_file.read_bytes() == before and playing.isWindowModified()


def test_a_symlinked_file_is_written_through_to_its_target(qtbot, settings, game_file, tmp_path):  # type: ignore[no-untyped-def]
    link = tmp_path / "shared" / "current.wargame.json"
    link.parent.mkdir()
    link.symlink_to(game_file)
    window = open_window(qtbot, settings, str(link))
    window.controller.push(Note("through the link"))
    assert window.files.save_file()
    assert link.is_symlink() and os.readlink(link) == str(game_file)
    assert len(load_game(game_file)) == 3 and stat.S_ISREG(os.lstat(game_file).st_mode)


def test_a_file_changed_on_disk_since_it_was_opened_asks_before_overwriting(
    qtbot, settings, game_file, answers
):  # type: ignore[no-untyped-def]
    mine = open_window(qtbot, settings, str(game_file))
    theirs = open_window(qtbot, settings, str(game_file))  # another instance on the same file
    theirs.controller.push(Note("theirs"))
    assert theirs.files.save_file()
    mine.controller.push(Note("mine"))
    mine.controller.push(Note("mine again"))
    answers.replies.append("Cancel")
    assert mine.files.save_file() is False
    assert answers.titles() == ["The file changed on disk"]
    assert load_game(game_file).state.notes[-1].text == "theirs"
    answers.replies.append("Overwrite")
    assert mine.files.save_file()
    assert load_game(game_file).state.notes[-1].text == "mine again"
    mine.controller.push(Note("and once more"))
    assert mine.files.save_file() and len(answers.asked) == 2  # its own save is no change by another


def test_at_start_temporary_files_of_killed_saves_are_removed_beside_the_file(qtbot, settings, game_file):  # type: ignore[no-untyped-def]
    import time

    killed = game_file.parent / f".{game_file.name}.k1ll3d00.wargame-tmp"
    killed.write_text('{"format": "wargame-ga', encoding="utf-8")
    old = time.time() - 3600
    os.utime(killed, (old, old))
    window = open_window(qtbot, settings, str(game_file))
    window.files.clean_leftovers()
    assert not killed.exists() and game_file.exists()


# --- one writer at a time ------------------------------------------------------------------------


def test_a_file_open_for_editing_elsewhere_is_offered_read_only_and_save_asks_another_name(
    qtbot, settings, game_file, answers, tmp_path
):  # type: ignore[no-untyped-def]
    import json

    from wargame.core.files.lock import lock_path

    holder = {
        "format": "wargame-lock",
        "user": "anna",
        "host": "laptop-3",
        "pid": 4120,
        "since": "2023-02-14T09:30:00Z",
    }
    lock_path(game_file).write_text(json.dumps(holder), encoding="utf-8")
    window = open_window(qtbot, settings)
    answers.replies.append("Open read-only")
    answers.paths += [str(game_file), str(tmp_path / "mine.wargame.json")]
    window.open_action.trigger()
    title, text, choices = answers.asked[-1]
    assert "anna on laptop-3 (process 4120)" in text and choices == ("Open read-only", "Cancel")
    assert "[read-only]" in window.windowTitle()
    window.controller.push(Note("my copy"))
    window.save_action.trigger()  # asks for a name: the file is the other window's
    assert len(load_game(game_file)) == 2 and len(load_game(tmp_path / "mine.wargame.json")) == 3
    assert "[read-only]" not in window.windowTitle() and window.windowTitle().startswith("mine.wargame.json")
