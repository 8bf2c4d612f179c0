"""Fuzzing: a mutated game file either loads or raises GameFileError, never anything else."""

from __future__ import annotations

import contextlib
import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.gamefile_fixtures import small_game
from wargame.core.errors import GameFileError
from wargame.core.files.gamefile import game_from_dict, game_to_dict
from wargame.core.files.reader import parse_json

VALID = json.loads(json.dumps(game_to_dict(small_game())))
VALID_TEXT = json.dumps(VALID, indent=1)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["UA", "RU", "ua-1", "move", "end_turn", "infantry", "bakhmut"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the document a value sits, parents before children."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


PATHS = paths(VALID)[1:]


def mutate(data: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "delete":
        del parent[last]
    elif how == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    elif how == "swap" and isinstance(parent, list) and len(parent) > 1:
        other = (last + 1) % len(parent)
        parent[last], parent[other] = parent[other], parent[last]
    elif how == "wrap":
        parent[last] = [parent[last]]
    return data


def load_or_refuse(data: Any) -> None:
    with contextlib.suppress(GameFileError):
        game_from_dict(data, "fuzz.wargame.json")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(PATHS),
            st.sampled_from(["replace", "delete", "duplicate", "swap", "wrap"]),
            json_values,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_a_mutated_document_loads_or_gives_a_game_file_error(edits):
    data = copy.deepcopy(VALID)
    for path, how, value in edits:
        try:
            data = mutate(data, path, how, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or reshaped this place
    load_or_refuse(data)


@settings(max_examples=200, deadline=None)
@given(
    cut=st.integers(0, len(VALID_TEXT)),
    position=st.integers(0, len(VALID_TEXT)),
    junk=st.text(max_size=6),
)
def test_mutated_text_loads_or_gives_a_game_file_error(cut, position, junk):
    text = VALID_TEXT[:position] + junk + VALID_TEXT[position:]
    for candidate in (text, text[:cut]):
        with contextlib.suppress(GameFileError):
            load_or_refuse(parse_json(candidate, "fuzz.wargame.json"))
