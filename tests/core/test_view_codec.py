"""The view codec writes exactly what writing each value by its own checks would write."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from enum import Enum, IntEnum
from typing import Any, NamedTuple

import pytest

from wargame.core.files.scenario_file import DEFAULT_SCENARIO, load_scenario
from wargame.core.grid.hexgrid import Hex
from wargame.core.rules.analysis import analyse
from wargame.core.state import GameState
from wargame.core.view.codec import ViewFormatError, decode, encode
from wargame.core.view.side_view import side_view


def reference(value: Any) -> Any:
    """The codec's rules, checked value by value in their order (the codec decides per class)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Enum):
        return reference(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: reference(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [reference(v) for v in value]
    if isinstance(value, (frozenset, set)):
        return sorted((reference(v) for v in value), key=repr)
    if isinstance(value, Mapping):
        return sorted(([reference(k), reference(v)] for k, v in value.items()), key=repr)
    raise ViewFormatError(f"cannot write a {type(value).__name__} as JSON")


class Colour(Enum):
    RED = "r"
    BLUE = 2.5


class Level(IntEnum):
    LOW = 1
    HIGH = 12


class Pair(NamedTuple):
    a: Any
    b: Any


@dataclasses.dataclass(frozen=True)
class Record:
    name: str
    where: Hex
    extra: Any = None


ODD_VALUES = [
    {Colour.RED: 1, "r": 2, "q": 0},  # two keys that write the same: the values decide
    {1: "x", 12: "y", 2: "z", -1: "w"},  # ordered as the codec always did: by the text of the key
    {
        Hex(1, 2): Record("a", Hex(0, 0), frozenset({Level.HIGH, Level.LOW})),
        Hex(1, 12): Record("b", Hex(1, 1)),
    },
    [math.inf, -math.inf, 1.5, Colour.BLUE, Level.HIGH, True, None],
    Pair(Pair(1, "a"), Colour.RED),
    (Hex(3, -4), (Hex(0, 1), [Hex(2, 2)])),
    frozenset({"b'", 'a"', "c"}),
]


@pytest.mark.parametrize("value", ODD_VALUES, ids=range(len(ODD_VALUES)))
def test_odd_values_are_written_as_the_rules_say(value: Any) -> None:
    assert encode(value) == reference(value)
    assert repr(encode(value)) == repr(reference(value))  # the same order in every list


def test_what_cannot_be_written_is_refused() -> None:
    with pytest.raises(ViewFormatError, match="cannot write a object"):
        encode([1, object()])


def test_bakhmut_views_are_written_as_the_rules_say() -> None:
    scenario, gamemap = load_scenario(DEFAULT_SCENARIO)
    state = GameState.initial(scenario, gamemap)
    analysis = analyse(state)
    for viewer in (None, *scenario.side_ids):
        view = side_view(state, analysis, viewer)
        for part in (view.situation, view.analysis):
            assert repr(encode(part)) == repr(reference(part))


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (dict[Hex, int], [[[1, "x"], 2]], r"^view key\.r: expected int, found str$"),
        (dict[str, Record], [["k", {"name": "a"}]], r"^view\['k'\]: field 'where' is missing$"),
        (tuple[Hex, ...], [[1, 2], [3]], r"^view\[1\]: expected 2 items, found 1$"),
        (Record | None, {"name": 1, "where": [0, 0]}, r"^view\.name: expected str, found int$"),
        (frozenset[Level], [1, 5], r"^view\[\]: 5 is not a Level$"),
    ],
)
def test_a_bad_value_is_refused_saying_where(kind: Any, data: Any, message: str) -> None:
    with pytest.raises(ViewFormatError, match=message):
        decode(kind, data)


@dataclasses.dataclass(frozen=True)
class Typed:
    levels: tuple[Level, ...]
    reach: float
    colour: Colour | None
    seen: frozenset[Hex]
    by_hex: Mapping[Hex, Record]


def test_what_is_read_back_is_what_was_written() -> None:
    value = {
        Hex(1, 2): Record("a", Hex(0, -1), "x"),
        Hex(0, 0): Record("b", Hex(5, 5)),
    }
    assert decode(dict[Hex, Record], encode(value)) == value
    typed = Typed((Level.HIGH, Level.LOW), math.inf, Colour.BLUE, frozenset({Hex(1, 1), Hex(0, 2)}), value)
    assert decode(Typed, encode(typed)) == typed
