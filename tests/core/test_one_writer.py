"""One writer at a time: the lock file beside an open game, the compare-and-write at the moment
of the replace, and what a save keeps of the old file (hard links, owner, mode) and cleans up
(the temporary files of killed saves)."""

from __future__ import annotations

import json
import multiprocessing
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.gamefile_fixtures import small_game
from wargame.core.actions import Note
from wargame.core.errors import FileChangedError, GameFileError
from wargame.core.files.document import Document, ReadOnlyError
from wargame.core.files.gamefile import MAX_FILE_BYTES, game_to_json, load_game, save_game
from wargame.core.files.lock import FileLock, LockedError, holder_of, lock_path

GAME = small_game()


@pytest.fixture
def game_file(tmp_path: Path) -> Path:
    path = tmp_path / "g.wargame.json"
    save_game(path, GAME.truncated(3))
    return path


def dead_pid() -> int:
    """The pid of a process that has ended."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def plant_lock(path: Path, host: str, pid: int) -> None:
    holder = {
        "format": "wargame-lock",
        "user": "anna",
        "host": host,
        "pid": pid,
        "since": "2023-02-14T09:30:00Z",
    }
    lock_path(path).write_text(json.dumps(holder), encoding="utf-8")


# --- the lock ---------------------------------------------------------------------------------


def test_opening_a_game_file_locks_it_and_closing_removes_the_lock(game_file):
    document = Document.open(str(game_file))
    lock = lock_path(game_file)
    assert lock.name == ".~lock.g.wargame.json#" and lock.exists()
    held = json.loads(lock.read_text(encoding="utf-8"))
    assert (held["host"], held["pid"]) == (socket.gethostname(), os.getpid())
    document.close()
    assert not lock.exists()


def test_a_second_writer_is_told_who_holds_the_file_and_may_open_it_read_only(game_file):
    plant_lock(game_file, "laptop-3", 4120)  # another computer's window: cannot be checked
    with pytest.raises(LockedError, match=r"open for editing by anna on laptop-3 \(process 4120\)"):
        Document.open(str(game_file))
    reader = Document.open(str(game_file), read_only=None)
    assert reader.read_only and reader.held_by is not None and reader.held_by.host == "laptop-3"
    reader.game.push(Note("mine"))
    with pytest.raises(ReadOnlyError, match="Save as"):
        reader.save()
    assert len(load_game(game_file)) == 3  # untouched
    copy = game_file.with_name("copy.wargame.json")
    reader.save(copy)  # Save As: the copy is this window's now
    assert not reader.read_only and lock_path(copy).exists() and len(load_game(copy)) == 4
    assert lock_path(game_file).exists()  # the other window's lock is left alone


def test_a_lock_left_by_a_killed_process_on_this_host_is_stale_and_taken_over(game_file):
    plant_lock(game_file, socket.gethostname(), dead_pid())
    assert holder_of(game_file) is None
    document = Document.open(str(game_file))
    assert not document.read_only
    assert json.loads(lock_path(game_file).read_text(encoding="utf-8"))["pid"] == os.getpid()


def test_a_damaged_lock_file_is_taken_over(game_file):
    lock_path(game_file).write_bytes(b"\xff\x00 not a lock")
    assert not Document.open(str(game_file)).read_only


def test_reopening_in_the_same_process_keeps_the_lock_until_the_last_document_lets_go(game_file):
    first = Document.open(str(game_file))
    second = Document.open(str(game_file))
    first.close()
    assert lock_path(game_file).exists()
    second.close()
    assert not lock_path(game_file).exists()


def _take_lock(path: str, results: multiprocessing.Queue, done: object) -> None:  # type: ignore[type-arg]
    try:
        FileLock.acquire(Path(path))
        results.put("locked")
    except LockedError:
        results.put("refused")
    done.wait(30)  # type: ignore[attr-defined]  # stay alive: a lock of a process gone is stale


def test_of_many_windows_opening_at_once_exactly_one_gets_the_lock(game_file):
    context = multiprocessing.get_context("fork")
    results, done = context.Queue(), context.Event()
    workers = [context.Process(target=_take_lock, args=(str(game_file), results, done)) for _ in range(6)]
    for worker in workers:
        worker.start()
    outcomes = sorted(results.get(timeout=30) for _ in workers)
    done.set()
    for worker in workers:
        worker.join(30)
    assert outcomes == ["locked"] + ["refused"] * 5


# --- compare-and-write ------------------------------------------------------------------------


def test_a_file_written_between_the_check_and_the_replace_is_not_overwritten(game_file, monkeypatch):
    """The check runs at the moment of the replace: another writer that wrote while this save
    was serialising its game is noticed."""
    import wargame.core.files.document as document_module

    mine = Document.open(str(game_file), read_only=True)
    mine.read_only = False  # a writer that ignores locks (another program)
    mine.game.push(Note("mine"))
    real = document_module.game_to_json

    def slow_serialise(*args):  # type: ignore[no-untyped-def]
        text = real(*args)
        theirs = GAME.truncated(5)
        save_game(game_file, theirs)  # the other window's save lands meanwhile
        return text

    monkeypatch.setattr(document_module, "game_to_json", slow_serialise)
    with pytest.raises(FileChangedError):
        mine.save()
    assert len(load_game(game_file)) == 5
    assert not [p for p in game_file.parent.iterdir() if p.name.endswith(".wargame-tmp")]


# --- what a save keeps and cleans -------------------------------------------------------------


def test_saving_keeps_hard_links_and_the_mode(game_file):
    other = game_file.with_name("link.wargame.json")
    os.link(game_file, other)
    os.chmod(game_file, 0o600)
    document = Document.open(str(game_file))
    document.game.push(Note("through the link"))
    document.save()
    assert os.stat(game_file).st_ino == os.stat(other).st_ino
    assert load_game(other).state.notes[-1].text == "through the link"
    assert stat.S_IMODE(os.stat(game_file).st_mode) == 0o600
    assert not document.changed_on_disk()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="giving a file away needs root")
def test_saving_as_root_keeps_the_files_owner(game_file):
    os.chown(game_file, 65534, 65534)  # nobody's file
    os.chmod(game_file, 0o600)
    document = Document.open(str(game_file))
    document.game.push(Note("root was here"))
    document.save()
    info = os.stat(game_file)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o600)


def test_the_next_save_removes_what_a_killed_save_left(game_file):
    killed = game_file.with_name(f".g.wargame.json.{dead_pid()}-abcd1234.wargame-tmp")
    running = game_file.with_name(f".g.wargame.json.{os.getppid()}-efgh5678.wargame-tmp")
    for path in (killed, running):
        path.write_bytes(b"x" * 1000)
    save_game(game_file, GAME)
    assert not killed.exists() and running.exists()


# --- the writer refuses what the reader refuses ------------------------------------------------


def test_a_note_is_stored_once():
    game = GAME.truncated(2)
    game.push(Note("ä" * 100_000))
    text = game_to_json(game)
    assert text.count("ä") < 100_000 + 300


def test_a_game_larger_than_the_reader_takes_is_refused_before_writing(tmp_path):
    game = GAME.truncated(2)
    game.push(Note("x" * (MAX_FILE_BYTES + 10)))
    path = tmp_path / "big.wargame.json"
    with pytest.raises(GameFileError, match="at most 32 MB"):
        save_game(path, game)
    assert list(tmp_path.iterdir()) == []
