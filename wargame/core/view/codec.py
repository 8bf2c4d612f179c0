"""JSON form of the core's value types, read from their type hints.

``encode`` turns dataclasses, named tuples (``Hex``, ``Segment``), enums, tuples, frozensets
and mappings into JSON-ready values; ``decode(kind, data)`` builds the same value back from
the field types, so a field added to a dataclass travels without more code. Frozensets and
mappings are written sorted, so equal values give equal text. Non-finite floats are written
as the strings "inf", "-inf" and "nan" (JSON has no such numbers).

>>> decode(Hex, encode(Hex(2, -1)))
Hex(q=2, r=-1)
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Mapping
from enum import Enum
from functools import cache
from typing import Any

from wargame.core.errors import WargameError
from wargame.core.grid.hexgrid import Hex  # noqa: F401 - named in decoded hints


class ViewFormatError(WargameError):
    """A view or update message that does not have the expected shape."""


def encode(value: Any) -> Any:
    """The JSON-ready form of ``value``."""
    try:
        encoder = _ENCODERS[type(value)]
    except KeyError:
        encoder = _ENCODERS[type(value)] = _encoder_for(type(value))
    return encoder(value)


# What ``encode`` does depends only on the value's class, so it is decided once per class (the
# dataclass's field names looked up once, the checks' order kept) and kept here. Values of the
# plain classes below are their own JSON form; containers write them without a call.
_PLAIN: frozenset[type] = frozenset({type(None), bool, int, str})
_ENCODERS: dict[type, Any] = {}


def _same(value: Any) -> Any:
    return value


def _encode_float(value: float) -> Any:
    return value if math.isfinite(value) else str(value)


def _encode_items(value: Any) -> list[Any]:
    plain = _PLAIN
    return [v if type(v) in plain else encode(v) for v in value]


def _encode_pair(value: tuple[Any, Any]) -> list[Any]:
    """A two-field named tuple (a ``Hex``: the most common value in a view)."""
    a, b = value
    plain = _PLAIN
    return [a if type(a) in plain else encode(a), b if type(b) in plain else encode(b)]


def _encode_set(value: Any) -> list[Any]:
    return sorted(_encode_items(value), key=repr)


def _encode_mapping(value: Mapping[Any, Any]) -> list[Any]:
    plain = _PLAIN
    pairs = [
        [k if type(k) in plain else encode(k), v if type(v) in plain else encode(v)] for k, v in value.items()
    ]
    # Sorting by the repr of the whole pair ``[key, value]`` is sorting by the key's repr up to
    # the comma after it, so long as no two keys write the same: then the value's repr is never
    # needed (and never made: values are often big records).
    keys = [repr(p[0]) + "," for p in pairs]
    if len(set(keys)) < len(keys):
        return sorted(pairs, key=repr)
    order = sorted(range(len(pairs)), key=keys.__getitem__)
    return [pairs[i] for i in order]


def _encoder_for(cls: type) -> Any:
    """The encoder of values of class ``cls``: the first of ``encode``'s rules that applies."""
    if cls in _PLAIN:
        return _same
    if issubclass(cls, (bool, int, str)):
        return (lambda v: v.value) if issubclass(cls, Enum) else _same
    if issubclass(cls, float):
        return _encode_float
    if issubclass(cls, Enum):
        return lambda v: encode(v.value)
    if dataclasses.is_dataclass(cls):
        names = tuple(f.name for f in dataclasses.fields(cls))
        plain = _PLAIN

        def encode_record(value: Any) -> dict[str, Any]:
            record = {}
            for name in names:
                v = getattr(value, name)
                record[name] = v if type(v) in plain else encode(v)
            return record

        return encode_record
    if issubclass(cls, tuple):
        return _encode_pair if len(getattr(cls, "_fields", ())) == 2 else _encode_items
    if issubclass(cls, (frozenset, set)):
        return _encode_set
    if issubclass(cls, Mapping):
        return _encode_mapping
    if issubclass(cls, list):
        return _encode_items

    def refuse(value: Any) -> Any:
        raise ViewFormatError(f"cannot write a {type(value).__name__} as JSON")

    return refuse


def decode(kind: Any, data: Any, where: str = "view") -> Any:
    """The value of type ``kind`` whose JSON form is ``data``; ViewFormatError names ``where``."""
    try:
        reader = _reader(kind)
    except TypeError:  # a kind that cannot be a cache key: read it step by step
        return _decode(kind, data, where)
    try:
        return reader(data)
    except _Refused:  # read it again step by step, which says where and what is wrong
        return _decode(kind, data, where)


def _decode(kind: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if kind is Any:
        return data
    if origin in (typing.Union, types.UnionType):
        return _decode_union(args, data, where)
    if kind is type(None):
        return _expect(data, data is None, "null", where)
    if isinstance(kind, type) and issubclass(kind, Enum):
        try:
            return kind(data)
        except ValueError:
            raise ViewFormatError(f"{where}: {data!r} is not a {kind.__name__}") from None
    if kind is float:
        if isinstance(data, str) and data in ("inf", "-inf", "nan"):
            return float(data)
        return float(
            _expect(data, isinstance(data, (int, float)) and not isinstance(data, bool), "number", where)
        )
    if kind in (int, str, bool):
        ok = isinstance(data, kind) and (kind is bool or not isinstance(data, bool))
        return _expect(data, ok, kind.__name__, where)
    if origin is tuple:
        items = _expect(data, isinstance(data, list), "list", where)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v, f"{where}[{i}]") for i, v in enumerate(items))
        if len(items) != len(args):
            raise ViewFormatError(f"{where}: expected {len(args)} items, found {len(items)}")
        return tuple(_decode(a, v, f"{where}[{i}]") for i, (a, v) in enumerate(zip(args, items, strict=True)))
    if origin in (frozenset, set):
        items = _expect(data, isinstance(data, list), "list", where)
        return frozenset(_decode(args[0], v, f"{where}[]") for v in items)
    if origin in (dict, Mapping):
        pairs = _expect(data, isinstance(data, list), "list of [key, value] pairs", where)
        out = {}
        for pair in pairs:
            if not (isinstance(pair, list) and len(pair) == 2):
                raise ViewFormatError(f"{where}: expected [key, value] pairs")
            out[_decode(args[0], pair[0], f"{where} key")] = _decode(
                args[1], pair[1], f"{where}[{pair[0]!r}]"
            )
        return out
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _decode_dataclass(kind, data, where)
    if isinstance(kind, type) and issubclass(kind, tuple) and hasattr(kind, "_fields"):
        items = _expect(data, isinstance(data, list), "list", where)
        hints = _hints(kind)
        if len(items) != len(kind._fields):
            raise ViewFormatError(f"{where}: expected {len(kind._fields)} items, found {len(items)}")
        return kind(*(_decode(hints[n], v, f"{where}.{n}") for n, v in zip(kind._fields, items, strict=True)))
    raise ViewFormatError(f"{where}: cannot read a {kind!r}")


def _decode_union(args: tuple[Any, ...], data: Any, where: str) -> Any:
    if data is None and type(None) in args:
        return None
    errors = []
    for arg in args:
        if arg is type(None):
            continue
        try:
            return _decode(arg, data, where)
        except ViewFormatError as error:
            errors.append(str(error))
    raise ViewFormatError(errors[0] if errors else f"{where}: unexpected {data!r}")


def _decode_dataclass(kind: type, data: Any, where: str) -> Any:
    record = _expect(data, isinstance(data, dict), "object", where)
    hints = _hints(kind)
    values = {}
    for f in dataclasses.fields(kind):
        if not f.init:
            continue
        if f.name in record:
            values[f.name] = _decode(hints[f.name], record[f.name], f"{where}.{f.name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise ViewFormatError(f"{where}: field {f.name!r} is missing")
    return kind(**values)


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _expect(data: Any, ok: bool, what: str, where: str) -> Any:
    if not ok:
        raise ViewFormatError(f"{where}: expected {what}, found {type(data).__name__}")
    return data


# --- reading fast --------------------------------------------------------------------------
# ``decode`` first reads with a reader made once per kind (the checks' order of ``_decode``
# kept, no text for ``where`` made); only when a reader refuses does ``_decode`` read again,
# step by step, to say where and what is wrong.


class _Refused(Exception):
    """Raised by a reader where ``_decode`` would raise a ViewFormatError."""


def _refuse(data: Any) -> Any:
    raise _Refused


def _same_data(data: Any) -> Any:
    return data


@cache
def _reader(kind: Any) -> Any:  # noqa: C901 - one branch per rule of _decode, in its order
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if kind is Any:
        return _same_data
    if origin in (typing.Union, types.UnionType):
        return _union_reader(args)
    if kind is type(None):
        return lambda data: None if data is None else _refuse(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        enum = kind

        def read_enum(data: Any) -> Any:
            try:
                return enum(data)
            except ValueError:
                raise _Refused from None

        return read_enum
    if kind is float:

        def read_float(data: Any) -> float:
            if type(data) is float or (type(data) is int):
                return float(data)
            if isinstance(data, str) and data in ("inf", "-inf", "nan"):
                return float(data)
            if isinstance(data, (int, float)) and not isinstance(data, bool):
                return float(data)
            raise _Refused

        return read_float
    if kind in (int, str, bool):
        plain = kind

        def read_plain(data: Any) -> Any:
            if type(data) is plain or (
                isinstance(data, plain) and (plain is bool or not isinstance(data, bool))
            ):
                return data
            raise _Refused

        return read_plain
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _lazy(args[0])

            def read_items(data: Any) -> tuple[Any, ...]:
                if not isinstance(data, list):
                    raise _Refused
                read = item()
                return tuple([read(v) for v in data])

            return read_items
        items = [_lazy(a) for a in args]

        def read_fixed(data: Any) -> tuple[Any, ...]:
            if not isinstance(data, list) or len(data) != len(items):
                raise _Refused
            return tuple([r()(v) for r, v in zip(items, data, strict=True)])

        return read_fixed
    if origin in (frozenset, set):
        member = _lazy(args[0])

        def read_set(data: Any) -> frozenset[Any]:
            if not isinstance(data, list):
                raise _Refused
            read = member()
            return frozenset([read(v) for v in data])

        return read_set
    if origin in (dict, Mapping):
        key, value = _lazy(args[0]), _lazy(args[1])

        def read_mapping(data: Any) -> dict[Any, Any]:
            if not isinstance(data, list):
                raise _Refused
            read_key, read_value = key(), value()
            out = {}
            for pair in data:
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise _Refused
                out[read_key(pair[0])] = read_value(pair[1])
            return out

        return read_mapping
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass_reader(kind)
    if isinstance(kind, type) and issubclass(kind, tuple) and hasattr(kind, "_fields"):
        named = kind
        fields = [_lazy(_hints(kind)[n]) for n in kind._fields]

        def read_named(data: Any) -> Any:
            if not isinstance(data, list) or len(data) != len(fields):
                raise _Refused
            return named(*[r()(v) for r, v in zip(fields, data, strict=True)])

        return read_named
    return _refuse


def _lazy(kind: Any) -> Any:
    """The reader of ``kind``, made when first needed (a dataclass may name itself)."""
    made: list[Any] = []

    def get() -> Any:
        if not made:
            made.append(_reader(kind))
        return made[0]

    return get


def _union_reader(args: tuple[Any, ...]) -> Any:
    optional = type(None) in args
    choices = [_lazy(a) for a in args if a is not type(None)]

    def read_union(data: Any) -> Any:
        if data is None and optional:
            return None
        for choice in choices:
            try:
                return choice()(data)
            except _Refused:
                continue
        raise _Refused

    return read_union


def _dataclass_reader(kind: type) -> Any:
    plan: list[tuple[str, Any, bool]] = []  # name, reader, required; made on first read

    def read_record(data: Any) -> Any:
        if not isinstance(data, dict):
            raise _Refused
        if not plan:
            hints = _hints(kind)
            for f in dataclasses.fields(kind):
                if f.init:
                    required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
                    plan.append((f.name, _lazy(hints[f.name]), required))
        values = {}
        for name, read, required in plan:
            if name in data:
                values[name] = read()(data[name])
            elif required:
                raise _Refused
        return kind(**values)

    return read_record
