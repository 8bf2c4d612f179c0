"""Damaged, hostile or foreign game files: each gives a GameFileError naming what and where."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.core.gamefile_fixtures import small_game
from wargame.core.errors import GameFileError
from wargame.core.files.gamefile import game_to_dict, load_game, read_game

GAME = small_game()
VALID = json.loads(json.dumps(game_to_dict(GAME)))
# The log of small_game(): 0 move ua-1, 1 control, 2 cut, 3 note, 4 end_turn, 5 place ru-2,
# ... 11 override, 12 repair, 13 remove ua-2, 14 control, 15 end_turn.


def edited(change: Callable[[dict[str, Any]], object]) -> str:
    data = copy.deepcopy(VALID)
    change(data)
    return json.dumps(data)


def setter(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set a field by a dotted path such as "actions.0.action.to"."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[int(last) if isinstance(node, list) else last] = value

    return change


def remove_entry(index: int) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["actions"].pop(index)


VALID_TEXT = json.dumps(VALID, indent=2)
CASES: dict[str, tuple[str | bytes, str]] = {
    "future version": (edited(setter("version", 7)), r"version 7, made by a newer wargame.*update the app"),
    "version not a number": (edited(setter("version", "1")), r"'version' must be a whole number"),
    "not a game file": (edited(setter("format", "wargame-scenario")), r"not a game file"),
    "not an object": ("[1, 2, 3]", r"must hold a JSON object, not a list"),
    "truncated": (VALID_TEXT[: len(VALID_TEXT) // 2], r"ends too early \(line \d+\).*cut off"),
    "empty": ("", r"ends too early"),
    "cut inside a string": ('{"format": "wargame-game", "metadata": {"title": "Bakh', r"ends too early"),
    "invalid JSON": (
        VALID_TEXT.replace('"version": 2,', '"version": 2', 1),
        r"not valid JSON at line 4, column 3: Expecting ',' delimiter",
    ),
    "not UTF-8": (
        b'{"format": "wargame-game", "title": "\xff\xfe"}',
        r"not a text \(UTF-8\) file: bad byte at offset 37",
    ),
    "duplicate key": ('{"format": "wargame-game", "format": "x"}', r"key 'format' appears twice"),
    "NaN": (VALID_TEXT.replace('"turn_length_days": 1.0', '"turn_length_days": NaN'), r"NaN is not a number"),
    "number with thousands of digits": ('{"version": ' + "9" * 5000 + "}", r"digits"),
    "deep nesting": ("[" * 100_000 + "]" * 100_000, r"nested far too deeply"),
    "deep nesting in a field": (
        edited(setter("actions.0.action.to", json.loads("[" * 40 + "]" * 40))),
        r"actions\[0\]\.action\.to: expected a hex",
    ),
    "deeper nesting in a field than any file needs": (
        edited(setter("actions.0.action.to", json.loads("[" * 500 + "]" * 500))),
        r"nested far too deeply \(more than 64 levels",
    ),
    "metadata of the wrong type": (
        edited(setter("metadata.title", 5)),
        r"metadata\.title: expected text, found a whole number",
    ),
    "actions not a list": (
        edited(setter("actions", {"0": {}})),
        r"^bad\.wargame\.json: actions: expected a list, found an object$",
    ),
    "turn of the wrong type": (
        edited(setter("actions.2.turn", "1")),
        r"actions\[2\]\.turn: expected a whole number, found text",
    ),
    "boolean as a number": (
        edited(setter("actions.2.turn", True)),
        r"actions\[2\]\.turn: expected a whole number, found true or false",
    ),
    "missing scenario": (
        edited(lambda d: d.pop("scenario")),
        r"^bad\.wargame\.json: the field 'scenario' is missing$",
    ),
    "units not a list": (edited(setter("scenario.units", "none")), r"scenario\.units: expected a list"),
    "route without an end": (
        edited(setter("scenario.routes", {"UA": [{"name": "T0504", "from": {"hex": [0, 0]}}]})),
        r"scenario\.routes\.UA\[0\]: the field 'to' is missing",
    ),
    "bad control": (
        edited(setter("scenario.control", {"UA": {"hexes": 3}})),
        r"scenario\.control\.UA\.hexes: expected a list",
    ),
    "strength of the wrong type": (
        edited(setter("scenario.units.0.strength", "full")),
        r"^bad\.wargame\.json: scenario\.units\[0\]\.strength: expected a whole number, found text$",
    ),
    "unknown unit type in the scenario": (
        edited(setter("scenario.units.0.type", "dragon")),
        r"units\[0\]: unknown unit type 'dragon'",
    ),
    "unknown unit type in an action": (
        edited(setter("actions.5.action.unit.type", "dragon")),
        r"actions\[5\]\.action\.unit: unknown unit type 'dragon'",
    ),
    "unknown action type": (
        edited(setter("actions.3.action.type", "teleport")),
        r"actions\[3\]\.action: unknown action type 'teleport'",
    ),
    "unit off the map": (
        edited(setter("scenario.units.0.hex", [900, 900])),
        r"units\[0\]: hex .* is off the map",
    ),
    "move off the map": (
        edited(setter("actions.0.action.to", [900, 900])),
        r"actions\[0\] \(move\) is not valid.*off the map",
    ),
    "hex of the wrong shape": (
        edited(setter("actions.0.action.to", [1, 2, 3])),
        r"actions\[0\]\.action\.to: expected a hex as \[q, r\]",
    ),
    "duplicate unit id in the scenario": (
        edited(setter("scenario.units.1.id", "ua-1")),
        r"units\[1\]: duplicate unit id 'ua-1'",
    ),
    "duplicate unit id placed": (
        edited(setter("actions.5.action.unit.id", "ua-1")),
        r"actions\[5\] \(place\) is not valid.*'ua-1' is already in use",
    ),
    "moving out of turn": (
        edited(setter("actions.0.action.unit_id", "ru-1")),
        r"actions\[0\] \(move\) is not valid at that point.*turn",
    ),
    "an action on a removed unit": (
        edited(lambda d: d["actions"].insert(14, d["actions"][13])),
        r"actions\[14\] \(remove\) is not valid.*no unit 'ua-2'",
    ),
    "a lost end of turn": (
        edited(remove_entry(4)),
        r"actions\[4\]: recorded in turn 1 \(RU to move\).*turn 1 \(UA to move\)",
    ),
    "map named by a path": (
        edited(setter("scenario.map", "../../etc")),
        r"scenario\.map must be the name of a map folder",
    ),
    "unknown map": (edited(setter("scenario.map", "atlantis")), r"scenario: no map 'atlantis'"),
    "player of an unknown side": (
        edited(setter("metadata.players", [{"name": "Ann", "side": "NATO"}])),
        r"metadata\.players\[0\]\.side 'NATO'",
    ),
    "bad date": (
        edited(setter("metadata.created", "yesterday")),
        r"metadata\.created: 'yesterday' is not a date",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_file_gives_a_clear_error(case, tmp_path):
    # That the game open in the window stays untouched is tests/ui/test_window.py's to check.
    path = write_case(case, tmp_path)
    with pytest.raises(GameFileError) as caught:
        load_game(path)
    assert re.search(CASES[case][1], str(caught.value)), str(caught.value)
    assert str(caught.value).startswith("bad.wargame.json") or "cannot read" in str(caught.value)


def write_case(case: str, folder: Path) -> Path:
    """The damaged or hostile file of ``case``, written as ``bad.wargame.json`` in ``folder``."""
    content = CASES[case][0]
    path = folder / "bad.wargame.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_the_unedited_file_loads(tmp_path):
    path = tmp_path / "good.wargame.json"
    path.write_text(VALID_TEXT, encoding="utf-8")
    assert load_game(path).state.state_hash() == GAME.state.state_hash()


def test_a_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.wargame.json"
    with path.open("wb") as handle:
        handle.truncate(300 * 2**20)  # sparse: costs no disk
    opened = []
    monkeypatch.setattr(type(path), "open", lambda self, *a, **k: opened.append(self))
    with pytest.raises(GameFileError, match=r"the file is 300 MB; a game file is at most 32 MB"):
        load_game(path)
    assert opened == []


def test_a_file_over_a_smaller_limit_is_refused(tmp_path):
    path = tmp_path / "g.wargame.json"
    path.write_text(VALID_TEXT, encoding="utf-8")
    with pytest.raises(GameFileError, match="at most"):
        read_game(path, max_bytes=1000)


def test_a_missing_file(tmp_path):
    with pytest.raises(GameFileError, match=r"cannot read .*missing\.wargame\.json: No such file"):
        load_game(tmp_path / "missing.wargame.json")


def test_a_folder_is_not_a_game_file(tmp_path):
    with pytest.raises(GameFileError, match="cannot read"):
        load_game(tmp_path)
