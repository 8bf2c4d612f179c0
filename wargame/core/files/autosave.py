"""Autosave: the open game written shortly after every change, one file per running session.

**The bound.** An autosave is written once play pauses for :data:`QUIET_SECONDS` after a change,
and never later than :data:`MOST_BEHIND_SECONDS` after the oldest change it does not yet hold,
even when play never pauses (an action a second): a crash loses at most the last five seconds
of play (:class:`AutosavePace` decides; the app's timer and any other loop ask it).

Each session (a running app) has an id; its game goes to ``autosave-<id>.wargame.json`` (an
ordinary game file) and a small record ``session-<id>.json`` says whose it is: the process,
the file the game belongs to (or none), that file's fingerprint as the session last saw it,
the title, turn and time, and the digest of the autosave it describes (written after it): a
record whose digest does not match its autosave (a crash between the two writes) is described
from the autosave itself, so what is offered is what is recovered. A clean exit removes both.
At the next start, every session whose process is gone and that left a game is a crash to
offer for recovery, until the user recovers or discards it; sessions of windows still open are left alone::

    autosaves = Autosaves(default_autosave_dir())
    for crashed in autosaves.begin():           # earlier sessions that ended without a clean exit
        ...                                     # offer crashed.record.title, .file, .updated
    autosaves.write(snapshot(game), metadata, document_path, fingerprint)   # after each action
    autosaves.end()                             # on a clean exit

The folder is a parameter (the app passes its data folder; :func:`default_autosave_dir` gives
one without Qt).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from wargame.core.errors import GameFileError, WargameError
from wargame.core.files.atomic import write_atomic
from wargame.core.files.file_state import Fingerprint, clean_temporaries, process_running
from wargame.core.files.gamefile import (
    EXTENSION,
    MAX_FILE_BYTES,
    Metadata,
    SavedGame,
    Snapshot,
    game_to_json,
    pretty_json,
    read_game,
    timestamp,
)
from wargame.core.files.reader import read_bytes, read_json
from wargame.core.resources import user_dir

PREFIX = "autosave-"
RECORD_PREFIX = "session-"
RECORD_SUFFIX = ".json"
RECORD_FORMAT = "wargame-autosave"
MAX_RECORD_BYTES = 64 * 1024
QUIET_SECONDS = 1.5  # a pause in play this long writes the autosave
MOST_BEHIND_SECONDS = 5.0  # the autosave is never further behind the oldest change it lacks
# A session id as this module makes them ("<pid>-<8 hex digits>"): never a path.
SESSION_ID = re.compile(r"[0-9]{1,10}-[0-9a-f]{8}")
# Times in a record before this, or ahead of the clock by more than a day, are not believed.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SLACK = timedelta(days=1)


@dataclass
class AutosavePace:
    """When the next autosave is due: after a pause in play, and within a bound in steady play.

    >>> pace = AutosavePace()
    >>> for second in range(5):          # an action a second: play never pauses
    ...     pace.changed(now=second)
    >>> pace.due_in(now=4.0)             # by five seconds after the first change (less the write)
    0.75
    """

    quiet: float = QUIET_SECONDS
    most_behind: float = MOST_BEHIND_SECONDS
    oldest: float | None = None  # the oldest change the autosave lacks (None: it has them all)
    last: float = 0.0  # the latest change
    # How long a write takes (the longest of late): it starts that much before the bound, so
    # it is on disk by the bound (a long game's file takes longer to write).
    writing: float = 0.25

    def changed(self, now: float) -> None:
        """Note a change made at ``now`` (seconds, a monotonic clock)."""
        if self.oldest is None:
            self.oldest = now
        self.last = now

    def due_in(self, now: float) -> float | None:
        """Seconds until the autosave is due (0: now; None: nothing to write)."""
        if self.oldest is None:
            return None
        bound = self.oldest + max(0.0, self.most_behind - self.writing)
        return max(0.0, min(self.last + self.quiet, bound) - now)

    def taken(self) -> None:
        """The game was just taken for writing: it holds every change so far."""
        self.oldest = None

    def wrote(self, seconds: float) -> None:
        """A write took ``seconds``: later ones start early enough (slowly forgetting a slow one)."""
        self.writing = max(seconds * 1.5, self.writing * 0.8, 0.05)


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
    autosave: str = ""  # SHA-256 of the autosave this record describes ("" before the first)

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
            "autosave": self.autosave,
        }

    @staticmethod
    def from_dict(data: Any, where: str) -> SessionRecord:
        """Read a record back; GameFileError when it is not one."""
        try:
            if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
                raise TypeError("not an autosave record")
            disk = data.get("disk")
            session = _text(data["session"])
            if not SESSION_ID.fullmatch(session):
                raise ValueError(f"session {session[:40]!r} is not a session id")
            file = None if data.get("file") is None else _text(data["file"])
            if file is not None and not (Path(file).is_absolute() and file.endswith(".json")):
                raise ValueError("its game file is not an absolute path to a .json file")
            return SessionRecord(
                session=session,
                pid=_whole(data["pid"]),
                started=_sane_time(_text(data.get("started", ""))),
                updated=_sane_time(_text(data.get("updated", ""))),
                file=file,
                disk=Fingerprint(*(_whole(v) for v in disk))
                if isinstance(disk, list) and len(disk) == 3
                else None,
                title=_text(data.get("title", ""))[:200],
                turn=_whole(data.get("turn", 0)),
                actions=_whole(data.get("actions", 0)),
                autosave=_text(data.get("autosave", "")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise GameFileError(f"{where}: not an autosave record ({error})") from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, not {value!r}")
    return value


def _whole(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
        raise TypeError(f"expected a whole number, not {value!r:.40}")
    return value


def _sane_time(stamp: str) -> str:
    """An ISO 8601 time a clock could have written ("" when not: shown as unknown)."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if not EARLIEST <= moment <= datetime.now(UTC) + CLOCK_SLACK:
        return ""
    return stamp


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
            if record_path.name != f"{RECORD_PREFIX}{record.session}{RECORD_SUFFIX}":
                continue  # a record naming another session: planted or copied, never acted on
            if record.session == self.session or _running(record.pid):
                continue  # this session, or another window still open
            game_path = self.folder / f"{PREFIX}{record.session}{EXTENSION}"
            if game_path.is_file():
                found.append(Crashed(_as_written(record, game_path), game_path, record_path))
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
        text = game_to_json(game, metadata).encode("utf-8")
        write_atomic(self.game_path, text)
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
            hashlib.sha256(text).hexdigest(),
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


def _as_written(record: SessionRecord, game_path: Path) -> SessionRecord:
    """The record, its turn and count of actions taken from the autosave itself when the
    record does not describe it (the session died between writing the two)."""
    try:
        raw = read_bytes(game_path, MAX_FILE_BYTES, "an autosave")
    except WargameError:
        return record
    if hashlib.sha256(raw).hexdigest() == record.autosave:
        return record
    try:
        data = read_json(game_path, MAX_FILE_BYTES, "an autosave")
        actions = data["actions"]
        turn = actions[-1]["turn"] if actions else data["scenario"].get("first_turn", 1)
        title = data.get("metadata", {}).get("title") or record.title
        if not (isinstance(turn, int) and isinstance(title, str)):
            return record
    except (WargameError, KeyError, TypeError, IndexError, AttributeError):
        return record  # damaged: recovery will say so
    return replace(record, turn=turn, actions=len(actions), title=title[:200])


def _running(pid: int) -> bool:
    """Whether a process is running; this one is (its other sessions are other windows).
    Elsewhere than POSIX, assume not: offering a recovery that is not needed costs a click,
    never offering one could cost a game."""
    return process_running(pid, unknown=False)
