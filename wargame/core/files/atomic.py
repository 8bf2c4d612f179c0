"""Atomic writes: a file is replaced whole or not at all, whatever stops the write.

A symlink is written through to its target (the link stays a link) and a read-only file is
refused (see :func:`wargame.core.files.file_state.writable_target`); the temporary file beside
the target has the program's own name pattern (with the writer's process id), so one a killed
save leaves is removed at the next save into that folder.

What the new file keeps of the old one: its permission bits, its owner and group (when the
system lets this process give them), and its hard links. A file with other hard links, or whose
owner cannot be given to a new file, is rewritten in place from the complete, synced temporary
file (as editors do), so every name keeps seeing the same file; that copy is the one step that
is not all-or-nothing, and the complete new version stays in the temporary file until it ends.

A ``guard`` is called at the moment of the replace, with the folder locked against the other
saves of this program (POSIX ``flock``): a document checks there that no one wrote the file
since it last saw it (compare-and-write), so two windows saving at once never silently
overwrite each other.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from wargame.core.errors import GameFileError
from wargame.core.files.file_state import (
    Fingerprint,
    clean_temporaries,
    temporary_affixes,
    writable_target,
)

Guard = Callable[[], None]


def write_atomic(path: Path, content: str | bytes, guard: Guard | None = None) -> Fingerprint:
    """Write a temporary file beside ``path``, flush and fsync it, then rename it over ``path``;
    the written file's fingerprint (taken while the folder is locked, so it is ours).

    Text is written as UTF-8; bytes (pictures) as they are. ``guard``: see the module.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    written: list[Fingerprint] = []
    with atomic_file(path, guard, written) as out:
        out.write(data)
    return written[0]


@contextmanager
def atomic_file(
    path: Path, guard: Guard | None = None, written: list[Fingerprint] | None = None
) -> Iterator[BinaryIO]:
    """A file to write ``path`` through, a piece at a time (a long GIF), as :func:`write_atomic`:
    it replaces ``path`` only when the block ends without an error (``written`` receives the
    new file's fingerprint)."""
    path = writable_target(path)
    folder = path.parent if str(path.parent) else Path(".")
    clean_temporaries(folder)  # what earlier killed saves left here
    prefix, suffix = temporary_affixes(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=suffix)
    except OSError as error:
        raise GameFileError(f"cannot save {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        with _folder_lock(folder):
            if guard is not None:
                guard()
            new = _commit(Path(temporary), path)
        if written is not None:
            written.append(new)
    except BaseException as error:
        # Whatever stopped the save (disk full, Ctrl+C, a changed file), the old file is intact.
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise GameFileError(f"cannot save {path}: {error.strerror or error}") from None
        raise
    _sync_folder(folder)


def replace_with(temporary: Path, path: Path, complete: Callable[[bytes], bool] | None = None) -> None:
    """Put a file another writer made (a PDF painted by Qt) in the place of ``path``, as
    :func:`atomic_file` does: synced first, the old file's mode, owner and links kept. Only once
    ``complete(last bytes)`` says so: a writer that hit a full disk may stop without a word.

    GameFileError (and ``temporary`` removed) when it is not complete or cannot be put there.
    """
    try:
        with temporary.open("rb+") as handle:
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - 1024))
            tail = handle.read()
            os.fsync(handle.fileno())
        if complete is not None and not complete(tail):
            raise GameFileError(
                f"cannot save {path}: the file was not written completely (is the disk full?); "
                "nothing was replaced"
            )
        folder = path.parent if str(path.parent) else Path(".")
        with _folder_lock(folder):
            _commit(temporary, writable_target(path))
        _sync_folder(folder)
    except OSError as error:
        raise GameFileError(f"cannot save {path}: {error.strerror or error}") from None
    finally:
        temporary.unlink(missing_ok=True)


def _commit(temporary: Path, path: Path) -> Fingerprint:
    """Put the complete ``temporary`` in the place of ``path``, keeping what the old file had."""
    try:
        old = os.stat(path)
    except FileNotFoundError:
        os.chmod(temporary, 0o644)  # new files get the usual rw-r--r--
        return _replace(temporary, path)
    os.chmod(temporary, stat.S_IMODE(old.st_mode))
    if old.st_nlink > 1 or not _same_owner(temporary, old):
        return _rewrite_in_place(temporary, path)
    return _replace(temporary, path)


def _replace(temporary: Path, path: Path) -> Fingerprint:
    info = os.stat(temporary)  # a rename keeps the inode, size and time: this is the new file
    os.replace(temporary, path)
    return Fingerprint(info.st_ino, info.st_size, info.st_mtime_ns)


def _same_owner(temporary: Path, old: os.stat_result) -> bool:
    """Give the new file the old one's owner and group; False when the system will not."""
    if os.name != "posix":
        return True
    new = os.stat(temporary)
    if (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid):
        return True
    try:
        os.chown(temporary, old.st_uid, old.st_gid)
    except OSError:
        return False
    return True


def _rewrite_in_place(temporary: Path, path: Path) -> Fingerprint:
    with temporary.open("rb") as source, path.open("r+b") as target:
        shutil.copyfileobj(source, target, 1 << 20)
        target.truncate()
        target.flush()
        os.fsync(target.fileno())
        info = os.fstat(target.fileno())
    temporary.unlink()
    return Fingerprint(info.st_ino, info.st_size, info.st_mtime_ns)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold off this program's other saves into ``folder`` between the check and the replace."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; the check runs just before the replace all the same
        yield
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; Windows cannot open folders)."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on folders; the file itself is already safe
    finally:
        os.close(descriptor)
