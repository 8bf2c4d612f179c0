"""Open whatever the user names: a game file, a scenario file, or a shipped scenario id.

A named file is read once, through the one reader (:mod:`wargame.core.files.reader`); what it
holds says whether it is a game or a scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wargame.core.errors import GameFileError
from wargame.core.files.gamefile import EXTENSION, GAME_FORMAT, MAX_FILE_BYTES, Metadata, game_from_dict
from wargame.core.files.reader import read_json
from wargame.core.files.scenario_file import DEFAULT_SCENARIO, load_scenario, names_a_file, scenario_from_dict
from wargame.core.game import Game


@dataclass(frozen=True, slots=True)
class Opened:
    """A game as opened: from a game file (with its metadata and path) or from a scenario."""

    game: Game
    metadata: Metadata | None = None  # None: not from a game file
    path: Path | None = None  # the game file it was read from; None for a scenario


def open_game(source: str | None) -> Opened:
    """The game ``source`` names (None: the built-in Bakhmut scenario); GameFileError if none."""
    if source is None:
        return Opened(Game(*load_scenario(DEFAULT_SCENARIO)))
    path = Path(source)
    if not names_a_file(path, source):
        if "/" in source or "\\" in source or source.endswith(".json"):
            raise GameFileError(f"file not found: {source}")
        return Opened(Game(*load_scenario(source)))  # a shipped scenario's id
    data = read_json(path, MAX_FILE_BYTES, "a game or scenario file")
    if _is_game(data, path):
        saved = game_from_dict(data, path.name)
        return Opened(saved.game, saved.metadata, path)
    return Opened(Game(*scenario_from_dict(data, where=path.name)))


def open_source(source: str | None) -> Game:
    """A Game from a game file, a scenario file or id (default: the built-in Bakhmut scenario)."""
    return open_game(source).game


def _is_game(data: Any, path: Path) -> bool:
    if path.name.endswith(EXTENSION):
        return True
    return isinstance(data, dict) and (
        data.get("format") == GAME_FORMAT or ("actions" in data and "scenario" in data)
    )
