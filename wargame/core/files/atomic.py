"""Atomic writes: a file is replaced whole or not at all, whatever stops the write.

A symlink is written through to its target (the link stays a link) and a read-only file is
refused (see :func:`wargame.core.files.file_state.writable_target`); the temporary file beside
the target has the program's own name pattern, so one a killed save leaves can be cleaned up.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from wargame.core.errors import GameFileError
from wargame.core.files.file_state import temporary_affixes, writable_target


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write a temporary file beside ``path``, flush and fsync it, then rename it over ``path``.

    Text is written as UTF-8; bytes (pictures) as they are.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_file(path) as out:
        out.write(data)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path`` through, a piece at a time (a long GIF), as :func:`write_atomic`:
    it replaces ``path`` only when the block ends without an error."""
    path = writable_target(path)
    folder = path.parent if str(path.parent) else Path(".")
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
        os.chmod(temporary, _file_mode(path))
        os.replace(temporary, path)
    except BaseException as error:
        # Whatever stopped the save (disk full, Ctrl+C), the old file was never touched.
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise GameFileError(f"cannot save {path}: {error.strerror or error}") from None
        raise
    _sync_folder(folder)


def _file_mode(path: Path) -> int:
    """Keep an existing file's permissions; new files get the usual rw-r--r--."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o644


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
