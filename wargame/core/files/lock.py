"""One writer at a time: the lock file beside a game that is open for editing.

As office suites do, a window that opens ``battle.wargame.json`` for editing creates
``.~lock.battle.wargame.json#`` beside it, saying who holds it: the user, the machine (host),
the process id and since when. A second window (on this machine or another sharing the folder)
that opens the file finds the lock and is told who holds it; it may open the game read-only or
save it under another name. A lock whose process is gone (same host, pid not running: the app
was killed) is stale and taken over at once. A lock from another host cannot be checked from
here, so it holds until its owner closes the file (or a user removes it, as the message says).

The lock is taken with ``O_CREAT | O_EXCL``, so of two windows opening at the same moment only
one gets it. The compare-and-write at the moment of the replace (:mod:`.atomic`) stays the last
line of defence for writers that ignore locks.

>>> lock = FileLock.acquire(Path("battle.wargame.json"))   # doctest: +SKIP
>>> lock.release()                                        # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wargame.core.errors import GameFileError
from wargame.core.files.file_state import process_running
from wargame.core.files.reader import read_bytes

LOCK_FORMAT = "wargame-lock"
MAX_LOCK_BYTES = 4096
# How many documents of this process hold each lock file (a file reopened in the same window):
# the file goes when the last lets go.
_HELD: dict[Path, int] = {}


class LockedError(GameFileError):
    """The file is open for editing elsewhere; ``holder`` says by whom."""

    def __init__(self, message: str, holder: LockHolder) -> None:
        super().__init__(message)
        self.holder = holder


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds a lock: as written in the lock file."""

    user: str
    host: str
    pid: int
    since: str  # ISO 8601 UTC

    def describe(self) -> str:
        """ "Anna on laptop-3 (process 4120) since 2023-02-14 09:30 UTC" """
        since = self.since.replace("T", " ").replace("Z", " UTC")
        who, host = self.user or "someone", self.host or "another computer"
        return f"{who} on {host} (process {self.pid}) since {since}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": LOCK_FORMAT,
            "user": self.user,
            "host": self.host,
            "pid": self.pid,
            "since": self.since,
        }

    @staticmethod
    def from_bytes(raw: bytes) -> LockHolder | None:
        """The holder a lock file names; None when it is not a lock file (damaged: stale)."""
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or data.get("format") != LOCK_FORMAT:
            return None
        user, host, pid, since = (data.get(k) for k in ("user", "host", "pid", "since"))
        if not all(isinstance(v, str) for v in (user, host, since)):
            return None
        if not isinstance(pid, int) or isinstance(pid, bool) or not 0 < pid < 2**31:
            return None
        return LockHolder(user[:100], host[:255], pid, since[:40])  # type: ignore[index]

    @property
    def stale(self) -> bool:
        """Whether the holder is known to be gone: its process, on this host, no longer runs."""
        return self.host == this_host() and not process_running(self.pid)


def lock_path(path: Path) -> Path:
    """``.~lock.<name>#`` beside the file (the name office suites use), through a symlink."""
    target = Path(os.path.realpath(path))
    return target.with_name(f".~lock.{target.name}#")


def this_host() -> str:
    return socket.gethostname()


def holder_of(path: Path) -> LockHolder | None:
    """Who holds ``path`` open for editing now (None: nobody, or only a stale lock)."""
    try:
        raw = read_bytes(lock_path(path), MAX_LOCK_BYTES, "a lock file")
    except GameFileError:
        return None
    holder = LockHolder.from_bytes(raw)
    if holder is None or holder.stale or holder == _me_holding(holder):
        return None
    return holder


def _me_holding(holder: LockHolder) -> LockHolder | None:
    return holder if holder.host == this_host() and holder.pid == os.getpid() else None


@dataclass
class FileLock:
    """This process's lock on one file (release it when the file is closed)."""

    path: Path  # the lock file
    holder: LockHolder
    released: bool = False

    @classmethod
    def acquire(cls, document: Path) -> FileLock:
        """Lock ``document`` for this process; LockedError names the live holder of an existing
        lock (a stale one is taken over; a lock of this process is simply kept)."""
        where = lock_path(document)
        me = LockHolder(_user(), this_host(), os.getpid(), time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        for _ in range(5):  # a stale lock taken over by another window at the same moment: again
            if _create(where, me, document):
                return cls._held(where, me)
            found = _read_holder(where)
            if found is not None and _me_holding(found) is not None:
                return cls._held(where, found)
            if found is not None and not found.stale:
                raise LockedError(f"{document.name} is open for editing by {found.describe()}", found)
            _take_over(where, document)
        raise GameFileError(f"cannot lock {document.name} for editing: its lock file keeps changing")

    @classmethod
    def _held(cls, where: Path, holder: LockHolder) -> FileLock:
        _HELD[where] = _HELD.get(where, 0) + 1
        return cls(where, holder)

    def release(self) -> None:
        """Remove the lock file, if it is still this process's (and no other document of this
        process holds it)."""
        if self.released:
            return
        self.released = True
        _HELD[self.path] = _HELD.get(self.path, 1) - 1
        if _HELD[self.path] > 0:
            return
        del _HELD[self.path]
        found = _read_holder(self.path)
        if found is not None and _me_holding(found) is not None:
            self.path.unlink(missing_ok=True)


def _create(where: Path, me: LockHolder, document: Path) -> bool:
    """Create the lock file whole (written aside, then hard-linked into place: it never exists
    half-written); False when one exists already."""
    aside = where.with_name(f"{where.name}.{os.getpid()}.{time.monotonic_ns()}")
    try:
        aside.write_text(json.dumps(me.to_dict()), encoding="utf-8")
        try:
            os.link(aside, where)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: exclusive creation instead
            try:
                descriptor = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                return False
            with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                json.dump(me.to_dict(), out)
        return True
    except OSError as error:
        # A folder we cannot write: saving there fails anyway; reading needs no lock.
        raise GameFileError(f"cannot lock {document.name} for editing: {error.strerror or error}") from None
    finally:
        aside.unlink(missing_ok=True)


def _take_over(where: Path, document: Path) -> None:
    """Move a stale lock aside (atomically: of two windows, one moves it); should what was moved
    turn out to be a live lock another window just took, put it back."""
    aside = where.with_name(f"{where.name}.stale.{os.getpid()}")
    try:
        os.rename(where, aside)
    except OSError:
        return  # already gone
    moved = _read_holder(aside)
    if moved is not None and not moved.stale:
        with contextlib.suppress(OSError):
            os.link(aside, where)
    aside.unlink(missing_ok=True)


def _read_holder(where: Path) -> LockHolder | None:
    try:
        return LockHolder.from_bytes(read_bytes(where, MAX_LOCK_BYTES, "a lock file"))
    except GameFileError:
        return None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return ""
