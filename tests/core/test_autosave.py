"""Autosave: one file per session, a record of what it belongs to, crashed sessions offered
until they are recovered or discarded, a clean exit leaving nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.core.gamefile_fixtures import small_game
from wargame.core.errors import GameFileError
from wargame.core.files.autosave import Autosaves, default_autosave_dir, default_data_dir
from wargame.core.files.file_state import fingerprint
from wargame.core.files.gamefile import Metadata, read_game, snapshot

GAME = small_game()
START = datetime(2023, 2, 14, 9, 0, tzinfo=UTC)


def finished_process_id() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def crashed_session(folder: Path, game=GAME, file: Path | None = None, now=START) -> Autosaves:  # type: ignore[no-untyped-def]
    """A session of a process that is gone, which autosaved ``game`` and never ended."""
    session = Autosaves(folder, pid=finished_process_id())
    session.begin()
    session.write(snapshot(game), Metadata(title="Seminar B"), file, fingerprint(file) if file else None, now)
    return session


def test_an_autosave_is_a_game_file_that_loads_with_a_record_of_its_file(tmp_path):
    played = tmp_path / "seminar.wargame.json"
    played.write_text("{}", encoding="utf-8")
    session = Autosaves(tmp_path / "autosave")
    session.begin()
    path = session.write(snapshot(GAME), Metadata(title="Seminar B"), played, fingerprint(played), START)
    assert path.name == f"autosave-{session.session}.wargame.json"
    saved = read_game(path)
    assert saved.game.state.state_hash() == GAME.state.state_hash() and saved.metadata.title == "Seminar B"
    assert session.crashed() == []  # a session never offers itself


def test_the_record_names_the_file_title_turn_and_time(tmp_path):
    played = tmp_path / "seminar.wargame.json"
    played.write_text("{}", encoding="utf-8")
    crashed_session(tmp_path, file=played)
    (crashed,) = Autosaves(tmp_path).begin()
    record = crashed.record
    assert record.file == str(played.resolve()) and record.disk == fingerprint(played)
    assert (record.title, record.turn, record.actions) == ("Seminar B", GAME.state.turn, len(GAME))
    assert record.updated == "2023-02-14T09:00:00Z"


def test_each_write_replaces_the_sessions_one_autosave(tmp_path):
    session = Autosaves(tmp_path)
    session.begin()
    for count in (2, 5, 9):
        session.write(snapshot(GAME.truncated(count)), None, None, None)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [session.game_path.name, session.record_path.name]
    )
    assert len(read_game(session.game_path).game) == 9


def test_a_clean_end_leaves_nothing_to_offer(tmp_path):
    session = Autosaves(tmp_path)
    session.begin()
    session.write(snapshot(GAME), None, None, None)
    session.end()
    assert list(tmp_path.iterdir()) == [] and Autosaves(tmp_path).begin() == []


def test_a_crashed_session_is_offered_until_it_is_discarded(tmp_path):
    crashed_session(tmp_path)
    first = Autosaves(tmp_path).begin()
    assert len(first) == 1
    assert len(Autosaves(tmp_path).begin()) == 1  # "Later": offered again
    Autosaves.discard(first[0])
    assert Autosaves(tmp_path).begin() == []


def test_two_crashed_sessions_are_offered_newest_first(tmp_path):
    crashed_session(tmp_path, GAME.truncated(3), now=START)
    crashed_session(tmp_path, GAME.truncated(7), now=START + timedelta(minutes=5))
    offered = Autosaves(tmp_path).begin()
    assert [c.record.actions for c in offered] == [7, 3]
    assert len(Autosaves.read(offered[0]).game) == 7


def test_another_window_still_open_is_not_a_crash(tmp_path):
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        running = Autosaves(tmp_path, pid=other.pid)
        running.begin()
        running.write(snapshot(GAME), None, None, None)
        assert Autosaves(tmp_path).begin() == []
    finally:
        other.communicate(b"")


def test_a_session_that_crashed_with_nothing_unsaved_is_not_offered(tmp_path):
    session = crashed_session(tmp_path)
    session.forget_game()  # its game was saved just before the crash
    assert Autosaves(tmp_path).begin() == []
    assert not session.record_path.exists()


def test_a_damaged_record_is_left_alone_and_not_offered(tmp_path):
    (tmp_path / "session-1-abc.json").write_text(
        '{"format": "wargame-autosave", "pid": "x"}', encoding="utf-8"
    )
    (tmp_path / "session-2-abc.json").write_text("[" * 100, encoding="utf-8")
    assert Autosaves(tmp_path).begin() == []
    assert (tmp_path / "session-1-abc.json").exists()


def test_leftovers_of_killed_saves_are_removed_at_the_start(tmp_path):
    old = tmp_path / ".autosave-1-abc.wargame.json.k2j4h6g8.wargame-tmp"
    fresh = tmp_path / ".seminar.wargame.json.abcdefgh.wargame-tmp"  # a save in progress elsewhere
    other = tmp_path / ".notes.txt.abcdefgh.tmp"  # not ours
    for path in (old, fresh, other):
        path.write_text("{", encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    os.utime(other, (hour_ago, hour_ago))
    Autosaves(tmp_path).begin()
    assert not old.exists() and fresh.exists() and other.exists()


def test_an_unusable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(GameFileError, match="cannot create the autosave folder"):
        Autosaves(blocker / "autosave").begin()


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


# --- planted and torn records ------------------------------------------------------------------


def test_a_record_naming_another_session_or_a_path_is_never_acted_on(tmp_path):
    import json

    outside = tmp_path / "precious.wargame.json"
    outside.write_text("keep me", encoding="utf-8")
    folder = tmp_path / "autosave"
    crashed_session(folder)
    (record_path,) = folder.glob("session-*.json")
    for session in ("../precious", "1-abcdef12/../../precious"):
        data = json.loads(record_path.read_text(encoding="utf-8"))
        data["session"] = session
        planted = folder / "session-planted.json"
        planted.write_text(json.dumps(data), encoding="utf-8")
        offered = Autosaves(folder).begin()
        assert all(c.record_path != planted for c in offered)
        for crashed in offered:
            assert crashed.game_path.parent == folder
    assert outside.read_text(encoding="utf-8") == "keep me"


def test_a_far_future_or_nonsense_time_in_a_record_is_shown_as_unknown(tmp_path):
    import json

    crashed_session(tmp_path)
    (record_path,) = tmp_path.glob("session-*.json")
    data = json.loads(record_path.read_text(encoding="utf-8"))
    for stamp in ("9999-12-31T23:59:59Z", "banana", "1970-01-01T00:00:00Z"):
        data["updated"] = stamp
        record_path.write_text(json.dumps(data), encoding="utf-8")
        (crashed,) = Autosaves(tmp_path).crashed()
        assert crashed.record.updated == ""


def test_a_record_left_behind_its_autosave_is_described_from_the_autosave(tmp_path):
    """Killed between the two writes: the record says the older count, the autosave holds more."""
    session = crashed_session(tmp_path, game=GAME.truncated(3))
    old_record = session.record_path.read_bytes()
    session.write(snapshot(GAME), Metadata(title="Seminar B"), None, None, START)
    session.record_path.write_bytes(old_record)  # the record of the write before
    (crashed,) = Autosaves(tmp_path).begin()
    assert crashed.record.actions == len(GAME) == len(Autosaves.read(crashed).game)
