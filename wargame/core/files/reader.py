"""The one reader: every file the program reads from outside passes through here.

Game files, scenario files, GeoJSON imports and map folders are all read the same way. A file
must be a regular file (a FIFO or a device could hang or never end), no larger than the limit
for its kind (checked on the size the system reports before a byte is read, then again on what
is read), and UTF-8 text. Its JSON may not repeat a key in one object, hold ``NaN`` or
``Infinity``, a number longer than :data:`MAX_DIGITS` characters or beyond the finite floats, a
lone surrogate escape (``"\\ud800"``: not text), or nest deeper than the limit: the depth is
counted by a cheap scan before the parser's recursion could run away.

Every problem becomes the caller's error type (:class:`GameFileError`, :class:`MapDataError`)
in one line naming the file and the place: a line and column, or a path in the document
(``actions[12].action.to``, see :func:`place`).

>>> parse_json('{"a": [1, 2.5]}', "example.json")
{'a': [1, 2.5]}
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from wargame.core.errors import GameFileError, WargameError

# Deeper than any file the program writes or reads (a GeoJSON MultiPolygon in a scenario sits
# about ten levels down), far shallower than where recursion becomes a danger.
MAX_DEPTH = 64
# The longest number literal (digits, sign, point and exponent): 17 significant digits is all a
# float holds, and no count or coordinate in a file comes near 10**20.
MAX_DIGITS = 40
# Whole numbers beyond a 64-bit integer are refused: they fit no rule, hex, turn or count.
MAX_INTEGER = 2**63 - 1

# A string, or an unterminated one running to the end: possessive, so the scan never backtracks
# (a file cut off inside a note full of \" was quadratic: 200 KB took 140 s).
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+(?:"|\Z)', re.DOTALL)
_BRACKETS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[{]}")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_CHUNK = 1 << 20


class _Refused(ValueError):
    """A value the parser's hooks refuse; ``token`` finds its place in the text."""

    def __init__(self, message: str, token: str) -> None:
        super().__init__(message)
        self.token = token


# --- files ---------------------------------------------------------------------------------


def read_bytes(
    path: str | Path, max_bytes: int, what: str = "file", error: type[WargameError] = GameFileError
) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; ``error`` says why not.

    ``what`` names the kind of file in messages ("a game file", "a GeoJSON file").
    """
    file = Path(path)
    try:
        info = os.stat(file)
    except OSError as problem:
        raise error(f"cannot read {file}: {problem.strerror or problem}") from None
    _check_regular(file, info.st_mode, error)
    _check_size(file, info.st_size, max_bytes, what, error)
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening cannot hang.
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as problem:
        raise error(f"cannot read {file}: {problem.strerror or problem}") from None
    with os.fdopen(descriptor, "rb") as handle:
        try:
            _check_regular(file, os.fstat(handle.fileno()).st_mode, error)
            raw = handle.read(max_bytes + 1)  # the file may have grown since it was measured
        except OSError as problem:
            raise error(f"cannot read {file}: {problem.strerror or problem}") from None
    if len(raw) > max_bytes:
        raise error(f"{file.name}: the file is larger than {_megabytes(max_bytes)}; {what} is at most that")
    return raw


def _check_regular(file: Path, mode: int, error: type[WargameError]) -> None:
    if stat.S_ISREG(mode):
        return
    kind = (
        "a folder" if stat.S_ISDIR(mode) else "a pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"
    )
    raise error(f"cannot read {file}: it is {kind}, not a regular file (nothing was read)")


def _check_size(file: Path, size: int, max_bytes: int, what: str, error: type[WargameError]) -> None:
    if size > max_bytes:
        raise error(
            f"{file.name}: the file is {_megabytes(size)}; {what} is at most {_megabytes(max_bytes)}, "
            "so this is not one (nothing was read)"
        )


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def decode(raw: bytes, name: str, error: type[WargameError] = GameFileError) -> str:
    """UTF-8 text (a leading byte-order mark is dropped); ``error`` names the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise error(f"{name}: not a text (UTF-8) file: bad byte at offset {problem.start}") from None


def read_json(
    path: str | Path,
    max_bytes: int,
    what: str = "file",
    error: type[WargameError] = GameFileError,
    max_depth: int = MAX_DEPTH,
    max_lists: int | None = None,
    name: str | None = None,
    max_objects: int | None = None,
) -> Any:
    """The JSON document in a file, read and parsed with every check of this module.

    ``max_lists``: how many JSON lists the file may hold (a GeoJSON position is one), counted
    before parsing: a file of millions of vertices is refused before it fills the memory.
    ``max_objects``: the same for JSON objects ({ }): millions of empty ones cost gigabytes.
    ``name``: how messages name the file (default: its name without the folder).
    """
    file = Path(path)
    name = name or file.name
    raw = read_bytes(file, max_bytes, what, error)
    lists = raw.count(b"[")
    if max_lists is not None and lists > max_lists:
        raise error(
            f"{name}: the file holds about {lists:,} lists ([ ]; each position is one), more than "
            f"the {max_lists:,} {what} may hold (nothing was parsed): split it or simplify it"
        )
    objects = raw.count(b"{") if max_objects is not None else 0
    if max_objects is not None and objects > max_objects:
        raise error(
            f"{name}: the file holds about {objects:,} objects ({{ }}), more than the {max_objects:,} "
            f"{what} may hold (nothing was parsed): split it or simplify it"
        )
    return _parse(decode(raw, name, error), raw, name, error, max_depth)


# --- JSON ----------------------------------------------------------------------------------


def parse_json(
    text: str, where: str, error: type[WargameError] = GameFileError, max_depth: int = MAX_DEPTH
) -> Any:
    """Parse JSON text with the checks of this module; ``error`` gives the place of a problem.

    ``where`` (the file's name) starts every message.
    """
    return _parse(text, text.encode("utf-8", "surrogatepass"), where, error, max_depth)


def _parse(text: str, raw: bytes, where: str, error: type[WargameError], max_depth: int) -> Any:
    """:func:`parse_json` of ``text``, whose UTF-8 bytes ``raw`` the scans look at."""
    _check_depth(raw, where, error, max_depth)
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_no_constant,
            parse_int=_integer,
            parse_float=_float,
        )
    except json.JSONDecodeError as problem:
        # An unterminated string also means the text stopped before the string closed.
        if problem.pos >= len(text.rstrip()) or problem.msg.startswith("Unterminated string"):
            raise error(
                f"{where}: the file ends too early (line {problem.lineno}): it was probably cut off "
                "while being written or copied; try an autosave"
            ) from None
        raise error(
            f"{where}: not valid JSON at line {problem.lineno}, column {problem.colno}: {problem.msg}"
        ) from None
    except _Refused as problem:
        raise error(f"{where}: {problem}{_near(text, problem.token)}") from None
    except RecursionError:  # the scan above should have caught it; the parser's own guard
        raise error(f"{where}: the JSON is nested far too deeply (more than {max_depth} levels)") from None
    if _SURROGATE_ESCAPE.search(raw):
        _check_text(value, where, error)
    return value


def _check_depth(raw: bytes, where: str, error: type[WargameError], max_depth: int) -> None:
    """Refuse nesting deeper than ``max_depth`` before the parser recurses into it.

    Strings are removed first (a bracket inside one is text), then only the brackets are
    kept, as +1 and -1, and their running sum taken chunk by chunk: C-speed work, no recursion.
    """
    if raw.count(b"[") + raw.count(b"{") <= max_depth:
        return
    steps = np.frombuffer(_STRING.sub(b"", raw).translate(_BRACKETS, _NOT_BRACKETS), dtype=np.int8)
    depth = 0
    for start in range(0, len(steps), _CHUNK):
        running = np.cumsum(steps[start : start + _CHUNK], dtype=np.int64) + depth
        if int(running.max()) > max_depth:
            raise error(
                f"{where}: the JSON is nested far too deeply (more than {max_depth} levels of "
                "[ and {); no file of the program goes near that"
            )
        depth = int(running[-1])


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"the key {key!r} appears twice in one object", json.dumps(key) + ":")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number a file may hold", name)


def _integer(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise _Refused(f"a number with {len(text)} digits is far too long", text[:12])
    value = int(text)
    if abs(value) > MAX_INTEGER:
        raise _Refused(f"the whole number {text} is out of range (beyond 64 bits)", text)
    return value


def _float(text: str) -> float:
    if len(text) > MAX_DIGITS:
        raise _Refused(f"a number of {len(text)} characters is far too long", text[:12])
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"the number {text} is too large to hold", text)
    return value


def _near(text: str, token: str) -> str:
    """`` (line L, column C)`` of the first ``token`` in ``text`` outside strings, if found."""
    masked = _STRING.sub(
        lambda m: b'"' + b" " * (len(m.group()) - 2) + b'"', text.encode("utf-8", "surrogatepass")
    )
    needle = token.encode("utf-8", "surrogatepass")
    index = masked.find(needle) if not needle.startswith(b'"') else _key_index(text, token)
    if index < 0:
        return ""
    before = text.encode("utf-8", "surrogatepass")[:index].decode("utf-8", "replace")
    line = before.count("\n") + 1
    return f" (line {line}, column {len(before) - before.rfind(chr(10))})"


def _key_index(text: str, token: str) -> int:
    """Where a repeated key appears the second time (a key is a string, so it is not masked)."""
    needle = token.encode("utf-8", "surrogatepass")
    raw = text.encode("utf-8", "surrogatepass")
    spaced = re.compile(re.escape(needle[:-1]) + rb"\s*:")
    found = [m.start() for m in spaced.finditer(raw)]
    return found[1] if len(found) > 1 else -1


def _check_text(value: Any, where: str, error: type[WargameError], path: tuple[str | int, ...] = ()) -> None:
    """Refuse strings holding a lone surrogate: such a string is not text and cannot be saved."""
    if isinstance(value, str):
        if not is_text(value):
            raise error(
                f"{where}: {place(path)}: the text holds a lone surrogate escape (\\ud800–\\udfff), "
                "which is not text"
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, where, error, path)
            _check_text(item, where, error, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(item, where, error, (*path, index))


def check_writable(value: Any, what: str = "the file", path: tuple[str | int, ...] = ()) -> None:
    """Refuse (GameFileError, naming the place) a value the reader would refuse once written:
    NaN or infinite numbers, whole numbers beyond :data:`MAX_INTEGER`, text with a lone
    surrogate, keys that are not text, nesting deeper than :data:`MAX_DEPTH`.

    ``what`` names what is being saved in the message ("the game").
    """
    if len(path) > MAX_DEPTH:
        raise GameFileError(f"cannot save {what}: {place(path)} is nested too deeply")
    problem = _unwritable(value)
    if problem:
        raise GameFileError(f"cannot save {what}: {place(path)} {problem}, which no file can hold")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not is_text(key):
                raise GameFileError(f"cannot save {what}: {place(path)} has a key {key!r} that is not text")
            check_writable(item, what, (*path, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_writable(item, what, (*path, index))


def _unwritable(value: Any) -> str:
    """Why a single value cannot be written ("" when it can, or when it is a container)."""
    if isinstance(value, str):
        return "" if is_text(value) else "holds a lone surrogate (not text)"
    if isinstance(value, bool) or value is None or isinstance(value, dict | list | tuple):
        return ""
    if isinstance(value, int):
        return "" if abs(value) <= MAX_INTEGER else f"is {value}, a number out of range"
    if isinstance(value, float):
        return "" if math.isfinite(value) else f"is {value!r}"
    return f"is a {type(value).__name__}"


def is_text(value: str) -> bool:
    """Whether ``value`` is text UTF-8 can hold (no lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def place(path: Iterable[str | int]) -> str:
    """A place in a document as messages name it: ``actions[12].action.to``.

    >>> place(["actions", 12, "action", "to"])
    'actions[12].action.to'
    """
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the document"
