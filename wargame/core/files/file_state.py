"""What saving needs to know of a file on disk before it writes.

- a **fingerprint** (inode, size, modification time) taken when a file is opened or saved, so a
  later save can tell that someone else (another window, another program) changed it since;
- the **target** to write: a symlink is followed to the file it names (the link stays a link),
  and a read-only file is refused with a clear message instead of being replaced;
- the program's own **temporary files** (written beside the target and renamed over it): a save
  killed half-way leaves one, and :func:`clean_temporaries` removes those left behind.
"""

from __future__ import annotations

import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from wargame.core.errors import GameFileError

# ".<file name>.<pid>-<8 random characters>.wargame-tmp": the names tempfile.mkstemp gives with
# the prefix and suffix of :func:`temporary_affixes` (older versions wrote no pid), and nothing
# else is ever removed.
TEMPORARY_SUFFIX = ".wargame-tmp"
TEMPORARY_NAME = re.compile(r"\..+(?:\.|\.(?P<pid>[0-9]{1,10})-)[a-z0-9_]{8}" + re.escape(TEMPORARY_SUFFIX))
# A save takes well under a second; a temporary file older than this is a killed save's.
STALE_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A file as it was on disk: a save renames a new file into place, so the inode changes."""

    inode: int
    size: int
    modified_ns: int


def fingerprint(path: Path) -> Fingerprint | None:
    """The file's fingerprint now (following symlinks); None when there is no file."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return Fingerprint(info.st_ino, info.st_size, info.st_mtime_ns)


def writable_target(path: Path) -> Path:
    """The file a save of ``path`` really writes: a symlink's target (so the link stays a link).

    GameFileError when the file may not be written: read-only, or not a regular file.
    """
    try:
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        info = os.stat(target)
    except FileNotFoundError:
        return target  # a new file
    except OSError as error:
        raise GameFileError(f"cannot save {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise GameFileError(f"cannot save {path}: it is not a regular file")
    # The permission bits, not os.access: an administrator may write anything, but a file
    # someone made read-only is meant to stay as it is.
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not _may_write(target):
        raise GameFileError(
            f"cannot save {path}: the file is read-only; save under another name (Save as…) or "
            "make it writable first"
        )
    return target


def _may_write(path: Path) -> bool:
    return os.name != "posix" or os.geteuid() == 0 or os.access(path, os.W_OK)


def temporary_affixes(path: Path) -> tuple[str, str]:
    """The prefix and suffix of the temporary file a save of ``path`` writes beside it: the
    process id in it tells a killed save's file from one being written."""
    return f".{path.name}.{os.getpid()}-", TEMPORARY_SUFFIX


def clean_temporaries(folder: Path, stale_seconds: float = STALE_SECONDS) -> list[Path]:
    """Remove the program's own temporary files left in ``folder`` by saves that were killed
    (only names of :data:`TEMPORARY_NAME`: those of a process no longer running, and any older
    than ``stale_seconds``); those removed. Every save calls it for its folder, so a killed
    save's file goes at the next save."""
    removed = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = TEMPORARY_NAME.fullmatch(entry.name)
        if not match:
            continue
        pid = match.group("pid")
        try:
            killed = pid is not None and not process_running(int(pid))
            if entry.is_file(follow_symlinks=False) and (
                killed or now - entry.stat().st_mtime > stale_seconds
            ):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # another instance removed it, or it is not ours to remove
    return removed


def process_running(pid: int, unknown: bool = True) -> bool:
    """Whether process ``pid`` runs on this machine; this one does. Elsewhere than POSIX the
    answer is ``unknown`` (by default that it does: nothing is removed or taken over on a
    guess)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return unknown
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # another user's process
    return True
