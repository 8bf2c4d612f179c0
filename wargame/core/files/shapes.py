"""Shapes of JSON input: the one declarative description of what the objects, lists and values
of a game file, a scenario file and a logged action must be.

A reader checks its input against a shape before it builds anything, so it only ever meets the
JSON types it expects; what does not fit becomes one message naming the place exactly
(``actions[12].action.to: expected a hex as [q, r] integers, got [1, 2, 3]``). Shapes say what
type each place holds; what a value means (a side that exists, a number in range, a hex on the
map) is checked by the reader, with the model's one check of each rule and unit.

>>> check({"to": [1, 2, 3]}, Fields({"to": HEX}), path="move")
Traceback (most recent call last):
...
wargame.core.errors.GameFileError: move.to: expected a hex as [q, r] integers, got [1, 2, 3]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from wargame.core.errors import GameFileError, WargameError

NULL = type(None)
NUMBER = (int, float)
# What a message calls each JSON type.
TYPE_NAMES: dict[type, str] = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
    NULL: "null",
    object: "anything",
}
# A value shown in a message is cut short: a field may hold a list of a million items.
SHOWN_CHARACTERS = 60


@dataclass(frozen=True, slots=True)
class Fields:
    """An object with known keys: ``required`` must be present; unknown keys are allowed."""

    shapes: Mapping[str, Shape]
    required: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EachValue:
    """An object mapping any keys (side ids, rule names) to values of one shape."""

    shape: Shape


@dataclass(frozen=True, slots=True)
class ListOf:
    """A list whose items all have one shape."""

    shape: Shape


@dataclass(frozen=True, slots=True)
class Row:
    """A list of a fixed length, each item of its own shape (``[q, r]``); ``name`` is what a
    message calls it."""

    items: tuple[Shape, ...]
    name: str


# A JSON type (or several), or one of the shapes above.
Shape: TypeAlias = type | tuple[type, ...] | Fields | EachValue | ListOf | Row

HEX = Row((int, int), "a hex as [q, r] integers")
LONLAT = Row((NUMBER, NUMBER), "[longitude, latitude] in degrees")


def check(
    value: Any, shape: Shape, path: str = "", source: str = "", error: type[WargameError] = GameFileError
) -> None:
    """Raise ``error`` naming ``source`` and the place under ``path`` where ``value`` does not
    fit ``shape``; return quietly when it fits."""
    problem = _problem(value, shape, path)
    if problem is not None:
        place, what = problem
        raise error(": ".join(part for part in (source, place, what) if part))


def kind_of(value: Any) -> str:
    """What a message calls the JSON type of ``value``: ``kind_of([]) == "a list"``."""
    return TYPE_NAMES.get(type(value), type(value).__name__)


def field(path: str, key: str) -> str:
    """The place of ``key`` inside ``path``: ``field("scenario", "units") == "scenario.units"``."""
    return f"{path}.{key}" if path else key


def _problem(value: Any, shape: Shape, path: str) -> tuple[str, str] | None:
    """The place and what is wrong there, or None when ``value`` fits ``shape``."""
    if isinstance(shape, Fields):
        return _type_problem(value, dict, path) or _fields_problem(value, shape, path)
    if isinstance(shape, EachValue):
        return _type_problem(value, dict, path) or _first(
            _problem(item, shape.shape, field(path, key)) for key, item in value.items()
        )
    if isinstance(shape, ListOf):
        return _type_problem(value, list, path) or _first(
            _problem(item, shape.shape, f"{path}[{index}]") for index, item in enumerate(value)
        )
    if isinstance(shape, Row):
        return _row_problem(value, shape, path)
    return _type_problem(value, shape, path)


def _fields_problem(value: dict[str, Any], shape: Fields, path: str) -> tuple[str, str] | None:
    for key in shape.required:
        if key not in value:
            return path, f"the field {key!r} is missing"
    return _first(
        _problem(value[key], sub, field(path, key)) for key, sub in shape.shapes.items() if key in value
    )


def _row_problem(value: Any, shape: Row, path: str) -> tuple[str, str] | None:
    fits = isinstance(value, list) and len(value) == len(shape.items)
    if fits and all(_problem(item, sub, path) is None for item, sub in zip(value, shape.items, strict=True)):
        return None
    shown = json.dumps(value)  # as the file has it: [true, 1], not [True, 1] (inf: Infinity)
    if len(shown) > SHOWN_CHARACTERS:
        shown = shown[: SHOWN_CHARACTERS - 1] + "…"
    return path, f"expected {shape.name}, got {shown}"


def _type_problem(value: Any, expected: type | tuple[type, ...], path: str) -> tuple[str, str] | None:
    allowed = expected if isinstance(expected, tuple) else (expected,)
    # JSON true/false are Python bools, which are ints: never accept them as numbers.
    if isinstance(value, bool) and bool not in allowed and object not in allowed:
        fits = False
    else:
        fits = isinstance(value, allowed)
    if fits:
        return None
    wanted = " or ".join(TYPE_NAMES.get(t, t.__name__) for t in allowed)
    return path, f"expected {wanted}, found {kind_of(value)}"


def _first(problems: Iterable[tuple[str, str] | None]) -> tuple[str, str] | None:
    return next((p for p in problems if p is not None), None)


def check_format(data: Mapping[str, Any], where: str, what: str, name: str, newest: int) -> None:
    """The format ``name`` and version (1 to ``newest``) a document of ours carries: one from a
    newer program, or something else altogether, is refused, never half-read. ``what`` names
    the document ("a game file", "a scenario")."""
    if data.get("format") != name:
        raise GameFileError(f'{where}: not {what} (its "format" should be "{name}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise GameFileError(f"{where}: 'version' must be a whole number from 1, not {version!r:.40}")
    if version > newest:
        raise GameFileError(
            f"{where}: {what[2:] if what.startswith('a ') else what} is format version {version}, made by a "
            f"newer wargame; this one reads versions up to {newest}: please update the app"
        )
