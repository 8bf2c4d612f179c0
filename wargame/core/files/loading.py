"""Open whatever the user names: a game file, a scenario file, or a shipped scenario id."""

from __future__ import annotations

from pathlib import Path

from wargame.core.errors import GameFileError
from wargame.core.files.gamefile import load_game
from wargame.core.files.scenario_file import DEFAULT_SCENARIO, load_scenario
from wargame.core.game import Game


def open_source(source: str | None) -> Game:
    """A Game from a game file, a scenario file or id (default: the built-in Bakhmut scenario)."""
    if source is None:
        scenario, gamemap = load_scenario(DEFAULT_SCENARIO)
        return Game(scenario, gamemap)
    path = Path(source)
    if path.is_file() and _is_game_file(path):
        return load_game(path)
    if not path.exists() and ("/" in source or source.endswith(".json")):
        raise GameFileError(f"file not found: {source}")
    scenario, gamemap = load_scenario(source)
    return Game(scenario, gamemap)


def _is_game_file(path: Path) -> bool:
    if path.name.endswith(".wargame.json"):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        raise GameFileError(f"cannot read {path}: {error.strerror}") from None
    return b'"wargame-game"' in head or b'"actions"' in head and b'"scenario"' in head
