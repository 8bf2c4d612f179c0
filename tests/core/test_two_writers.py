"""Two instances saving one file at the same moment: none ever silently overwrites the other.

Each race forks two processes that open the same game file, play a note each, wait for each
other, and save at once. With the lock (as the app opens files) the second is read-only and its
save is refused; writers that ignore the lock (another program, an old version) meet the
compare-and-write at the moment of the replace: at most one save succeeds, the other is told
the file changed. A silent overwrite is a race in which both saves report success.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from tests.core.gamefile_fixtures import small_game
from wargame.core.actions import Note
from wargame.core.errors import FileChangedError, GameFileError
from wargame.core.files.document import Document
from wargame.core.files.gamefile import load_game, save_game

GAME = small_game()


def _writer(path: str, name: str, ignore_lock: bool, ready: object, go: object, results: object) -> None:
    try:
        document = Document.open(path, read_only=True if ignore_lock else None)
        if ignore_lock:
            document.read_only = False  # a writer that never looks at locks
        document.game.push(Note(name))
        ready.wait()  # type: ignore[attr-defined]
        go.wait()  # type: ignore[attr-defined]
        document.save()
        outcome = "saved"
    except FileChangedError:
        outcome = "told: changed on disk"
    except GameFileError as error:
        outcome = f"told: {type(error).__name__}"
    results.put((name, outcome))  # type: ignore[attr-defined]
    go.wait()  # type: ignore[attr-defined]  # stay alive (a lock of a process gone is stale)


def race(folder: Path, ignore_lock: bool) -> tuple[dict[str, str], str]:
    """One race: each writer's outcome, and whose note the file holds at the end."""
    path = folder / "g.wargame.json"
    save_game(path, GAME.truncated(4))
    context = multiprocessing.get_context("fork")
    ready, go, results = context.Barrier(3), context.Event(), context.Queue()
    writers = [
        context.Process(target=_writer, args=(str(path), name, ignore_lock, ready, go, results))
        for name in ("first", "second")
    ]
    for writer in writers:
        writer.start()
    ready.wait(30)
    go.set()
    outcomes = dict(results.get(timeout=30) for _ in writers)
    for writer in writers:
        writer.join(30)
    notes = load_game(path).state.notes
    return outcomes, notes[-1].text if len(notes) and notes[-1].text in outcomes else "neither"


def silent_overwrites(tmp_path: Path, races: int, ignore_lock: bool) -> int:
    count = 0
    for number in range(races):
        folder = tmp_path / f"race-{number}"
        folder.mkdir()
        outcomes, held = race(folder, ignore_lock)
        saved = [name for name, outcome in outcomes.items() if outcome == "saved"]
        count += len(saved) == 2  # both told "saved": the first one's note is gone
        if len(saved) == 1:
            assert held == saved[0], (outcomes, held)  # the one told "saved" is in the file
    return count


def test_two_writers_ignoring_the_lock_saving_at_once_never_silently_overwrite(tmp_path):
    assert silent_overwrites(tmp_path, 1, ignore_lock=True) == 0


@pytest.mark.slow
@pytest.mark.parametrize("ignore_lock", [False, True], ids=["locked", "ignoring-the-lock"])
def test_fifty_races_no_silent_overwrite(tmp_path, ignore_lock):
    overwrites = silent_overwrites(tmp_path, 50, ignore_lock)
    kind = "writers ignoring the lock" if ignore_lock else "locked"
    print(f"50 races ({kind}): {overwrites} silent overwrites")
    assert overwrites == 0
