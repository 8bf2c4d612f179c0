"""Autosave: a file per end of turn, the newest ten kept, crash detection for recovery."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from tests.core.gamefile_fixtures import small_game
from wargame.core.errors import GameFileError
from wargame.core.files.autosave import Autosaves, default_autosave_dir, default_data_dir
from wargame.core.files.gamefile import Metadata, load_game, read_game

GAME = small_game()
START = datetime(2023, 2, 14, 9, 0, tzinfo=UTC)


def test_an_autosave_is_a_game_file_that_loads(tmp_path):
    path = Autosaves(tmp_path).save(GAME, Metadata(title="Seminar"), now=START)
    assert path.name == f"autosave-20230214-090000-000000-turn{GAME.state.turn:03d}.wargame.json"
    saved = read_game(path)
    assert saved.game.state.state_hash() == GAME.state.state_hash()
    assert saved.metadata.title == "Seminar"


def test_only_the_newest_ten_are_kept(tmp_path):
    autosaves = Autosaves(tmp_path)
    paths = [autosaves.save(GAME.truncated(i), now=START + timedelta(minutes=i)) for i in range(13)]
    assert autosaves.saves() == list(reversed(paths[3:]))
    assert not any(p.exists() for p in paths[:3])
    assert len(load_game(autosaves.newest())) == 12


def test_saves_in_the_same_instant_do_not_overwrite_each_other(tmp_path):
    autosaves = Autosaves(tmp_path, keep=5)
    first = autosaves.save(GAME.truncated(1), now=START)
    second = autosaves.save(GAME.truncated(2), now=START)
    assert first != second and len(autosaves.saves()) == 2


def test_leftovers_of_a_killed_save_are_cleared(tmp_path):
    leftover = tmp_path / ".autosave-20230214-090000-000000-turn001.wargame.json.abc.tmp"
    leftover.write_text("{", encoding="utf-8")
    Autosaves(tmp_path).save(GAME, now=START)
    assert not leftover.exists()


def test_other_files_in_the_folder_are_left_alone(tmp_path):
    mine = tmp_path / "my-game.wargame.json"
    mine.write_text("{}", encoding="utf-8")
    autosaves = Autosaves(tmp_path, keep=1)
    for i in range(3):
        autosaves.save(GAME, now=START + timedelta(seconds=i))
    assert mine.exists() and len(autosaves.saves()) == 1


def test_an_empty_or_missing_folder_has_no_autosave(tmp_path):
    assert Autosaves(tmp_path / "not-yet").newest() is None
    assert Autosaves(tmp_path).saves() == []


def test_a_clean_exit_means_no_recovery_next_time(tmp_path):
    autosaves = Autosaves(tmp_path)
    assert autosaves.begin_session() is False
    autosaves.save(GAME, now=START)
    autosaves.end_session()
    assert autosaves.recovery_candidate() is None


def test_after_a_crash_the_newest_autosave_is_offered(tmp_path):
    crashed_run = Autosaves(tmp_path)
    crashed_run.begin_session(pid=_finished_process_id())
    crashed_run.save(GAME.truncated(4), now=START)
    newest = crashed_run.save(GAME, now=START + timedelta(minutes=5))
    # no end_session(): the process died
    assert Autosaves(tmp_path).recovery_candidate() == newest


def test_a_crash_is_reported_once(tmp_path):
    Autosaves(tmp_path).begin_session(pid=_finished_process_id())
    assert Autosaves(tmp_path).begin_session() is True
    Autosaves(tmp_path).end_session()
    assert Autosaves(tmp_path).begin_session() is False


def test_another_window_still_open_is_not_a_crash(tmp_path):
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        Autosaves(tmp_path).begin_session(pid=other.pid)
        assert Autosaves(tmp_path).begin_session() is False
    finally:
        other.communicate(b"")


def test_an_unusable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(GameFileError, match="cannot create the autosave folder"):
        Autosaves(blocker / "autosave").save(GAME)


def test_the_data_folder_can_be_chosen_by_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WARGAME_DATA_DIR", str(tmp_path / "data"))
    assert default_data_dir() == tmp_path / "data"
    assert default_autosave_dir() == tmp_path / "data" / "autosave"


def test_the_default_data_folder_follows_the_platform(monkeypatch, tmp_path):
    monkeypatch.delenv("WARGAME_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    folder = default_data_dir()
    assert folder.name == "wargame"
    if sys.platform.startswith("linux"):
        assert folder == tmp_path / "xdg" / "wargame"


def _finished_process_id() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_starting_twice_in_one_process_is_not_a_crash(tmp_path):
    assert Autosaves(tmp_path).begin_session() is False
    assert Autosaves(tmp_path).begin_session() is False
