"""Game files: one self-contained JSON document (``*.wargame.json``) holding a whole game.

A game file carries a format name and version, metadata (title, facilitator, times,
players), the full scenario the game started from, and the action log with the turn and
side of each action. Loading never trusts the file: it is size-limited, parsed with a guard
against deep nesting, checked against its shape (:mod:`wargame.core.files.shapes`) and
replayed action by action, so every problem becomes a :class:`GameFileError` that says what
is wrong and where. Loading returns a new :class:`Game` and never touches one already open.
Saving is atomic. The format is described in ``docs/game-file.md`` and
``wargame/core/files/schema/game-file.schema.json``.

>>> save_game("battle.wargame.json", game)      # doctest: +SKIP
>>> again = load_game("battle.wargame.json")     # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wargame import __version__
from wargame.core.actions import (
    Action,
    action_from_dict,
)
from wargame.core.actors import actor_of_entry, default_actor
from wargame.core.errors import ActionError, GameFileError
from wargame.core.files.atomic import write_atomic
from wargame.core.files.reader import check_writable, read_json
from wargame.core.files.scenario_file import (
    SCENARIO_SHAPE,
    scenario_from_dict,
    scenario_to_dict,
)
from wargame.core.files.shapes import NULL, Fields, ListOf, check, check_format, kind_of
from wargame.core.game import Game
from wargame.core.map.gamemap import MAP_NAME
from wargame.core.model import Scenario
from wargame.core.resources import package_file
from wargame.core.state import GameState

GAME_FORMAT = "wargame-game"
GAME_VERSION = 2  # 2: each logged action names its actor (a side id or "facilitator")
EXTENSION = ".wargame.json"
SCHEMA_PATH = package_file("wargame.core.files", "schema", "game-file.schema.json")

# A real game is well under a megabyte; refuse anything far larger before reading a byte.
MAX_FILE_BYTES = 32 * 1024 * 1024
# Map names in a game file are folder names under maps/, never paths.
LINE_WIDTH = 100
ITEM_WIDTH = 180
TEXT_WIDTH = 200  # of an entry's readable "text"


# --- metadata ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Player:
    """A player or team member, with the side they play (None: facilitator or observer)."""

    name: str
    side: str | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a game file says about the game besides its scenario and log."""

    title: str = ""
    facilitator: str = ""
    created: str = ""  # ISO 8601, UTC; set on first save
    modified: str = ""  # ISO 8601, UTC; set on every save
    players: tuple[Player, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "facilitator": self.facilitator,
            "created": self.created,
            "modified": self.modified,
            "players": [{"name": p.name, "side": p.side} for p in self.players],
        }


@dataclass(frozen=True, slots=True)
class SavedGame:
    """A game read from a file, with its metadata."""

    game: Game
    metadata: Metadata = field(default_factory=Metadata)


def timestamp(now: datetime | None = None) -> str:
    """ISO 8601 UTC time to the second, as written in game files: ``2023-02-14T09:30:00Z``."""
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


# --- writing -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A game's scenario and log as they stand: each action with the state it was played in.

    Everything in it is immutable, so it can be written out (an autosave) on another thread
    while play goes on.
    """

    scenario: Scenario
    steps: tuple[tuple[GameState, Action], ...]
    state: GameState  # after the last step
    actors: tuple[str, ...] = ()  # who did each step (empty: whoever does such an action)


def snapshot(game: Game) -> Snapshot:
    """The game as it stands now (cheap: references to the cached states and actions)."""
    actions = game.actions
    steps = tuple((game.state_at(i), actions[i]) for i in range(len(actions)))
    return Snapshot(game.scenario, steps, game.state, tuple(game.actors))


def game_to_dict(game: Game | Snapshot, metadata: Metadata | None = None) -> dict[str, Any]:
    """The JSON form of a game: the actions in effect (undone ones are not kept)."""
    log = game if isinstance(game, Snapshot) else snapshot(game)
    meta = metadata or Metadata(title=log.scenario.title)
    actors = log.actors or tuple(default_actor(action, before) for before, action in log.steps)
    return {
        "format": GAME_FORMAT,
        "version": GAME_VERSION,
        "app": f"wargame {__version__}",
        "metadata": meta.to_dict(),
        "scenario": scenario_to_dict(log.scenario),
        "actions": [
            _entry(before, action, actor) for (before, action), actor in zip(log.steps, actors, strict=True)
        ],
    }


def _entry(before: GameState, action: Action, actor: str) -> dict[str, Any]:
    return {
        "turn": before.turn,
        "side": before.side_to_move,
        "actor": actor,
        "action": action.to_dict(),
        "text": _shortened(action.describe(before)),  # for people reading the file; ignored on load
    }


def _shortened(text: str) -> str:
    """A log line for people: a note's text is stored once, in its action, never twice."""
    return text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + "…"


def game_to_json(game: Game | Snapshot, metadata: Metadata | None = None) -> str:
    """The text of a game file; GameFileError when it holds what no file can (see pretty_json),
    or is larger than the reader takes: nothing is saved that cannot be opened again."""
    text = pretty_json(game_to_dict(game, metadata)) + "\n"
    size = len(text) if text.isascii() else len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise GameFileError(
            f"cannot save the game: it would be {size / 2**20:.0f} MB, and a game file is at most "
            f"{MAX_FILE_BYTES // 2**20} MB (the largest the program opens); shorten the longest notes"
        )
    return text


def save_game(
    path: str | Path, game: Game | Snapshot, metadata: Metadata | None = None, now: datetime | None = None
) -> Metadata:
    """Write ``game`` to ``path`` atomically; returns the metadata with its times updated.

    The previous file at ``path`` stays intact if anything fails on the way.
    """
    meta = stamped(metadata, game, now)
    write_atomic(Path(path), game_to_json(game, meta))
    return meta


def stamped(metadata: Metadata | None, game: Game | Snapshot, now: datetime | None = None) -> Metadata:
    """The metadata a save writes: created (first save) and modified set to now."""
    meta = metadata or Metadata(title=game.scenario.title)
    stamp = timestamp(now)
    return replace(meta, created=meta.created or stamp, modified=stamp)


def pretty_json(value: Any, indent: int = 0, width: int = LINE_WIDTH) -> str:
    """JSON laid out for people: short lists and objects on one line, long ones broken up.

    An item of a list (a unit, a logged action) stays on one line up to ``ITEM_WIDTH``. The
    whole document is first checked (:func:`check_writable`): what is written can be read back.
    """
    if indent == 0:
        check_writable(value)
    flat = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
    if indent + len(flat) <= width or not isinstance(value, dict | list) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = [
            f"{pad}{json.dumps(k, ensure_ascii=False)}: {pretty_json(v, indent + 2)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    parts = [pretty_json(v, indent + 2, ITEM_WIDTH) for v in value]
    if all("\n" not in p and len(p) <= 24 for p in parts):
        return "[\n" + ",\n".join(_wrap(parts, pad)) + "\n" + " " * indent + "]"
    return "[\n" + ",\n".join(pad + p for p in parts) + "\n" + " " * indent + "]"


def _wrap(parts: list[str], pad: str) -> Iterator[str]:
    """Many short items (hexes, numbers) fill lines instead of taking one line each."""
    line: list[str] = []
    for part in parts:
        if line and len(pad) + len(", ".join([*line, part])) > LINE_WIDTH:
            yield pad + ", ".join(line)
            line = []
        line.append(part)
    if line:
        yield pad + ", ".join(line)


# --- reading -------------------------------------------------------------------------------


def load_game(path: str | Path) -> Game:
    """A new Game from a game file; GameFileError says what is wrong and where."""
    return read_game(path).game


def read_game(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> SavedGame:
    """The game and metadata in a game file (see :func:`load_game`)."""
    file = Path(path)
    return game_from_dict(read_json(file, max_bytes, "a game file"), file.name)


def game_from_dict(data: Any, where: str = "game") -> SavedGame:
    """Check and replay the JSON form of a game; GameFileError names the failing field."""
    if not isinstance(data, dict):
        raise GameFileError(f"{where}: a game file must hold a JSON object, not {kind_of(data)}")
    _check_header(data, where)
    check(data, GAME_SHAPE, source=where)
    data = migrate(data, where)
    scenario_data = data["scenario"]
    if not MAP_NAME.fullmatch(scenario_data["map"]):
        raise GameFileError(f'{where}: scenario.map must be the name of a map folder, e.g. "bakhmut"')
    scenario, gamemap = scenario_from_dict(scenario_data, where=f"{where}: scenario")
    metadata = _metadata(data.get("metadata", {}), scenario.side_ids, where)
    game = Game(scenario, gamemap)
    for index, entry in enumerate(data["actions"]):
        _replay(game, entry, f"{where}: actions[{index}]")
    return SavedGame(game, metadata)


def migrate(data: dict[str, Any], where: str = "game") -> dict[str, Any]:
    """The JSON form of a game in the newest format version (a copy when it was older).

    Version 1 named no actor: each action gets the one who does such an action
    (:func:`wargame.core.actors.actor_of_entry`): the facilitator for rulings, dice, notes,
    the ground, strengths, removals and placements; the firing side for fire; else the side
    to move.
    """
    if data["version"] >= 2:
        for index, entry in enumerate(data["actions"]):
            if "actor" not in entry:
                raise GameFileError(f"{where}: actions[{index}]: field 'actor' is missing")
        return data
    entries = [
        {**entry, "actor": actor_of_entry(str(entry["action"].get("type")), entry["side"], entry["action"])}
        for entry in data["actions"]
    ]
    return {**data, "version": 2, "actions": entries}


def _check_header(data: dict[str, Any], where: str) -> None:
    check_format(data, where, "a game file", GAME_FORMAT, GAME_VERSION)


def _metadata(raw: dict[str, Any], side_ids: tuple[str, ...], where: str) -> Metadata:
    for key in ("created", "modified"):
        if raw.get(key):
            _check_time(raw[key], f"{where}: metadata.{key}")
    players = []
    for index, item in enumerate(raw.get("players", [])):
        side = item.get("side")
        if side is not None and side not in side_ids:
            raise GameFileError(
                f"{where}: metadata.players[{index}].side {side!r} is not a side of the scenario "
                f"({', '.join(side_ids)})"
            )
        players.append(Player(item["name"], side))
    return Metadata(
        title=raw.get("title", ""),
        facilitator=raw.get("facilitator", ""),
        created=raw.get("created", ""),
        modified=raw.get("modified", ""),
        players=tuple(players),
    )


def _check_time(value: str, where: str) -> None:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise GameFileError(f"{where}: {value!r} is not a date and time like 2023-02-14T09:30:00Z") from None


def _replay(game: Game, entry: dict[str, Any], where: str) -> None:
    """Push one logged action, checking the turn and side the file says it was played in."""
    try:
        action: Action = action_from_dict(entry["action"], f"{where}.action")
    except ActionError as error:
        raise GameFileError(str(error)) from None
    state = game.state
    if entry["turn"] != state.turn or entry["side"] != state.side_to_move:
        raise GameFileError(
            f"{where}: recorded in turn {entry['turn']} ({entry['side']} to move), but replaying the "
            f"log reaches it in turn {state.turn} ({state.side_to_move} to move); the log was edited "
            "or damaged"
        )
    try:
        game.push(action, entry["actor"])
    except ActionError as error:
        raise GameFileError(
            f"{where} ({action.kind}) is not valid at that point of the game: {error}"
        ) from None


# --- shapes ----------------------------------------------------------------------------------
# The structure is checked (wargame.core.files.shapes) before the scenario and action readers
# see it; the scenario's own shape is the scenario reader's.

METADATA_SHAPE = Fields(
    {
        "title": str,
        "facilitator": str,
        "created": str,
        "modified": str,
        "players": ListOf(Fields({"name": str, "side": (str, NULL)}, required=("name",))),
    }
)
ACTION_ENTRY_SHAPE = Fields(
    {"turn": int, "side": str, "actor": str, "action": dict, "text": str}, required=("turn", "side", "action")
)
GAME_SHAPE = Fields(
    {
        "format": str,
        "version": int,
        "app": str,
        "metadata": METADATA_SHAPE,
        "scenario": SCENARIO_SHAPE,
        "actions": ListOf(ACTION_ENTRY_SHAPE),
    },
    required=("format", "version", "scenario", "actions"),
)
