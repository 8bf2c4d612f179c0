"""Autosave: a game file written at every end of turn into a folder, keeping the newest few.

The folder is a parameter (the app passes its data folder; :func:`default_autosave_dir` gives
one without Qt). A session marker in the folder tells the next start whether the last
session ended cleanly; if it did not, the newest autosave can be offered for recovery::

    autosaves = Autosaves(default_autosave_dir())
    crashed = autosaves.begin_session()           # True: the last run did not end cleanly
    offer = autosaves.newest() if crashed else None
    ...
    autosaves.save(game, metadata)                # at every End Turn
    ...
    autosaves.end_session()                       # on a clean exit
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from wargame.core.errors import GameFileError
from wargame.core.files.gamefile import EXTENSION, Metadata, save_game
from wargame.core.game import Game
from wargame.core.resources import user_dir

KEEP = 10
PREFIX = "autosave-"
MARKER_PREFIX = "session-"
MARKER_SUFFIX = ".running"


def default_data_dir() -> Path:
    """The user's data folder for the app: $WARGAME_DATA_DIR, else the platform's usual place."""
    return user_dir("data")


def default_autosave_dir() -> Path:
    """Where autosaves go by default: ``autosave`` inside :func:`default_data_dir`."""
    return default_data_dir() / "autosave"


class Autosaves:
    """The autosaves and session markers in one folder (created when first needed)."""

    def __init__(self, folder: str | Path, keep: int = KEEP) -> None:
        self.folder = Path(folder)
        self.keep = max(1, keep)

    # --- saving --------------------------------------------------------------------------

    def save(self, game: Game, metadata: Metadata | None = None, now: datetime | None = None) -> Path:
        """Write the game as a new autosave and drop all but the newest ``keep``."""
        self._make_folder()
        moment = (now or datetime.now(UTC)).astimezone(UTC)
        path = self._free_name(moment, game.state.turn)
        save_game(path, game, metadata, now=moment)
        self.prune()
        return path

    def saves(self) -> list[Path]:
        """Autosaves, newest first (names sort by time)."""
        if not self.folder.is_dir():
            return []
        found = [p for p in self.folder.glob(f"{PREFIX}*{EXTENSION}") if p.is_file()]
        return sorted(found, key=lambda p: p.name, reverse=True)

    def newest(self) -> Path | None:
        saves = self.saves()
        return saves[0] if saves else None

    def prune(self) -> None:
        """Delete autosaves beyond the newest ``keep``, and temporary files of killed saves."""
        for old in self.saves()[self.keep :]:
            old.unlink(missing_ok=True)
        for leftover in self.folder.glob(f".{PREFIX}*.tmp"):
            leftover.unlink(missing_ok=True)

    def _free_name(self, moment: datetime, turn: int) -> Path:
        stem = f"{PREFIX}{moment:%Y%m%d-%H%M%S-%f}-turn{turn:03d}"
        path = self.folder / f"{stem}{EXTENSION}"
        serial = 1
        while path.exists():  # two saves in one microsecond (tests, fast clocks)
            path = self.folder / f"{stem}-{serial}{EXTENSION}"
            serial += 1
        return path

    # --- sessions ------------------------------------------------------------------------

    def begin_session(self, pid: int | None = None) -> bool:
        """Mark a session as running; True when an earlier session ended without a clean exit.

        Markers of sessions still running (another window open, or this process itself)
        do not count as crashes.
        """
        self._make_folder()
        crashed = False
        for marker in self.folder.glob(f"{MARKER_PREFIX}*{MARKER_SUFFIX}"):
            other = _marker_pid(marker)
            if other == _pid(pid) or (other is not None and _alive(other)):
                continue  # this very process, or another window still open
            crashed = True
            marker.unlink(missing_ok=True)
        self._marker(pid).write_text(f"{datetime.now(UTC).isoformat()}\n", encoding="utf-8")
        return crashed

    def end_session(self, pid: int | None = None) -> None:
        """Record a clean exit: the next start will not offer recovery."""
        self._marker(pid).unlink(missing_ok=True)

    def recovery_candidate(self, pid: int | None = None) -> Path | None:
        """Begin a session; the newest autosave if the last session crashed, else None."""
        crashed = self.begin_session(pid)
        return self.newest() if crashed else None

    def _marker(self, pid: int | None) -> Path:
        return self.folder / f"{MARKER_PREFIX}{_pid(pid)}{MARKER_SUFFIX}"

    def _make_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise GameFileError(
                f"cannot create the autosave folder {self.folder}: {error.strerror}"
            ) from None


def _pid(pid: int | None) -> int:
    return os.getpid() if pid is None else pid


def _marker_pid(marker: Path) -> int | None:
    text = marker.name[len(MARKER_PREFIX) : -len(MARKER_SUFFIX)]
    return int(text) if text.isdigit() else None


def _alive(pid: int) -> bool:
    """Whether a process is running. Elsewhere than POSIX, assume not: offering a recovery
    that is not needed costs a click, never offering one could cost a game."""
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
