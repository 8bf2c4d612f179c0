"""Autosave: the open game written after every action, one file per running session.

Each session (a running app) has an id; its game goes to ``autosave-<id>.wargame.json`` (an
ordinary game file) and a small record ``session-<id>.json`` says whose it is: the process,
the file the game belongs to (or none), that file's fingerprint as the session last saw it,
the title, turn and time. A clean exit removes both. At the next start, every session whose
process is gone and that left a game is a crash to offer for recovery, until the user
recovers or discards it; sessions of windows still open are left alone::

    autosaves = Autosaves(default_autosave_dir())
    for crashed in autosaves.begin():           # earlier sessions that ended without a clean exit
        ...                                     # offer crashed.record.title, .file, .updated
    autosaves.write(snapshot(game), metadata, document_path, fingerprint)   # after each action
    autosaves.end()                             # on a clean exit

The folder is a parameter (the app passes its data folder; :func:`default_autosave_dir` gives
one without Qt).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wargame.core.errors import GameFileError, WargameError
from wargame.core.files.atomic import write_atomic
from wargame.core.files.file_state import Fingerprint, clean_temporaries
from wargame.core.files.gamefile import (
    EXTENSION,
    Metadata,
    SavedGame,
    Snapshot,
    game_to_json,
    pretty_json,
    read_game,
    timestamp,
)
from wargame.core.files.reader import read_json
from wargame.core.resources import user_dir

PREFIX = "autosave-"
RECORD_PREFIX = "session-"
RECORD_SUFFIX = ".json"
RECORD_FORMAT = "wargame-autosave"
MAX_RECORD_BYTES = 64 * 1024


def default_data_dir() -> Path:
    """The user's data folder for the app: $WARGAME_DATA_DIR, else the platform's usual place."""
    return user_dir("data")


def default_autosave_dir() -> Path:
    """Where autosaves go by default: ``autosave`` inside :func:`default_data_dir`."""
    return default_data_dir() / "autosave"


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """What an autosave belongs to: written beside it at every autosave."""

    session: str
    pid: int
    started: str  # ISO 8601, UTC
    updated: str = ""  # when the game was last autosaved ("" before the first time)
    file: str | None = None  # the game file the game belongs to (None: never saved)
    disk: Fingerprint | None = None  # that file as the session last saw it
    title: str = ""
    turn: int = 0
    actions: int = 0

    def to_dict(self) -> dict[str, Any]:
        disk = self.disk
        return {
            "format": RECORD_FORMAT,
            "session": self.session,
            "pid": self.pid,
            "started": self.started,
            "updated": self.updated,
            "file": self.file,
            "disk": [disk.inode, disk.size, disk.modified_ns] if disk else None,
            "title": self.title,
            "turn": self.turn,
            "actions": self.actions,
        }

    @staticmethod
    def from_dict(data: Any, where: str) -> SessionRecord:
        """Read a record back; GameFileError when it is not one."""
        try:
            if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
                raise TypeError("not an autosave record")
            disk = data.get("disk")
            return SessionRecord(
                session=_text(data["session"]),
                pid=_whole(data["pid"]),
                started=_text(data.get("started", "")),
                updated=_text(data.get("updated", "")),
                file=None if data.get("file") is None else _text(data["file"]),
                disk=Fingerprint(*(_whole(v) for v in disk))
                if isinstance(disk, list) and len(disk) == 3
                else None,
                title=_text(data.get("title", "")),
                turn=_whole(data.get("turn", 0)),
                actions=_whole(data.get("actions", 0)),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise GameFileError(f"{where}: not an autosave record ({error})") from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, not {value!r}")
    return value


def _whole(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected a whole number, not {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Crashed:
    """A session that ended without a clean exit and left a game to recover."""

    record: SessionRecord
    game_path: Path
    record_path: Path


class Autosaves:
    """One session's autosave in a folder (created when first needed), and the crashed ones."""

    def __init__(self, folder: str | Path, session: str | None = None, pid: int | None = None) -> None:
        self.folder = Path(folder)
        self.pid = os.getpid() if pid is None else pid
        self.session = session or f"{self.pid}-{secrets.token_hex(4)}"
        self.started = timestamp()

    @property
    def game_path(self) -> Path:
        return self.folder / f"{PREFIX}{self.session}{EXTENSION}"

    @property
    def record_path(self) -> Path:
        return self.folder / f"{RECORD_PREFIX}{self.session}{RECORD_SUFFIX}"

    # --- a session ---------------------------------------------------------------------------

    def begin(self) -> list[Crashed]:
        """Start this session; the crashed sessions to offer, newest first.

        Also removes what killed saves left in the folder, and records of sessions that ended
        without a game to recover.
        """
        self._make_folder()
        clean_temporaries(self.folder)
        self._write_record(SessionRecord(self.session, self.pid, self.started))
        return self.crashed()

    def crashed(self) -> list[Crashed]:
        """Sessions whose process is gone and whose game was never recovered or discarded."""
        found = []
        for record_path in sorted(self.folder.glob(f"{RECORD_PREFIX}*{RECORD_SUFFIX}")):
            try:
                record = SessionRecord.from_dict(
                    read_json(record_path, MAX_RECORD_BYTES, "an autosave record"), record_path.name
                )
            except WargameError:
                continue  # not ours to judge (or half-written by a dying session): left alone
            if record.session == self.session or _running(record.pid):
                continue  # this session, or another window still open
            game_path = self.folder / f"{PREFIX}{record.session}{EXTENSION}"
            if game_path.is_file():
                found.append(Crashed(record, game_path, record_path))
            else:
                record_path.unlink(missing_ok=True)  # it crashed with nothing unsaved
        return sorted(found, key=lambda c: c.record.updated, reverse=True)

    def write(
        self,
        game: Snapshot,
        metadata: Metadata | None,
        file: Path | None,
        disk: Fingerprint | None,
        now: datetime | None = None,
    ) -> Path:
        """Write the game as this session's autosave, and the record of what it belongs to.

        Safe to call from a worker thread: it touches only its arguments and the two files.
        """
        self._make_folder()
        moment = now or datetime.now(UTC)
        write_atomic(self.game_path, game_to_json(game, metadata))
        record = SessionRecord(
            self.session,
            self.pid,
            self.started,
            timestamp(moment),
            str(file.resolve()) if file is not None else None,
            disk,
            (metadata.title if metadata and metadata.title else game.scenario.title),
            game.state.turn,
            len(game.steps),
        )
        self._write_record(record)
        return self.game_path

    def forget_game(self) -> None:
        """Nothing to recover now (the game was saved, or a new one has no moves yet)."""
        self.game_path.unlink(missing_ok=True)

    def end(self) -> None:
        """A clean exit: this session's autosave and record go; nothing will be offered."""
        self.game_path.unlink(missing_ok=True)
        self.record_path.unlink(missing_ok=True)

    # --- crashed sessions --------------------------------------------------------------------

    @staticmethod
    def read(crashed: Crashed) -> SavedGame:
        """The game a crashed session left (GameFileError when the autosave is damaged)."""
        return read_game(crashed.game_path)

    @staticmethod
    def discard(crashed: Crashed) -> None:
        """Never offer this crashed session again."""
        crashed.game_path.unlink(missing_ok=True)
        crashed.record_path.unlink(missing_ok=True)

    # --- files -------------------------------------------------------------------------------

    def _write_record(self, record: SessionRecord) -> None:
        write_atomic(self.record_path, pretty_json(record.to_dict()) + "\n")

    def _make_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise GameFileError(
                f"cannot create the autosave folder {self.folder}: {error.strerror}"
            ) from None


def _running(pid: int) -> bool:
    """Whether a process is running; this one is (its other sessions are other windows).
    Elsewhere than POSIX, assume not: offering a recovery that is not needed costs a click,
    never offering one could cost a game."""
    if pid == os.getpid():
        return True
    if os.name != "posix" or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # another user's process
    return True
