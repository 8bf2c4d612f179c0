"""Tidy CSV tables of a game, per turn, for a study team's spreadsheet.

One row per turn and unit (``units.csv``), per turn and route (``routes.csv``) and per turn
and warning (``warnings.csv``); each describes the situation at the start of that turn
(before its first action) and, for the last turn, the latest state as well.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from wargame.core.errors import GameFileError
from wargame.core.files.atomic import write_atomic
from wargame.core.game import Game
from wargame.core.rules.analysis import GameAnalysis
from wargame.core.rules.results import Analysis
from wargame.core.state import GameState

UNIT_COLUMNS = [
    "turn",
    "action_index",
    "side",
    "unit",
    "type",
    "echelon",
    "strength",
    "hex",
    "label",
    "place",
    "supply",
    "computed_supply",
    "ruling",
    "turns_out_of_supply",
]
# "supply" and "status" are as ruled (the facilitator's ruling where there is one); the
# computed ones stand beside them, and "ruling" gives the reason.
ROUTE_COLUMNS = ["turn", "action_index", "side", "route", "status", "computed_status", "ruling", "hexes"]
WARNING_COLUMNS = [
    "turn",
    "action_index",
    "side",
    "code",
    "severity",
    "message",
    "hexes",
    "units",
    "since_turn",
    "new",
]


def moments(game: Game) -> Iterator[tuple[int, GameState]]:
    """(action index, state) at the start of every turn, then the latest state."""
    seen = set()
    for turn in game.turns():
        index = game.index_of_turn(turn)
        seen.add(index)
        yield index, game.state_at(index)
    if game.cursor not in seen:
        yield game.cursor, game.state


def every_state(game: Game) -> Iterator[tuple[int, GameState]]:
    """(action index, state) after every action, from the start."""
    for index in range(game.cursor + 1):
        yield index, game.state_at(index)


def tables(
    game: Game, history: GameAnalysis | None = None, every_action: bool = False
) -> dict[str, list[dict[str, object]]]:
    """The rows of the three tables, from the game's one analysis chain (``history``); at the
    start of every turn and now, or after ``every_action``."""
    rows: dict[str, list[dict[str, object]]] = {"units": [], "routes": [], "warnings": []}
    history = history or GameAnalysis(game)
    for index, state in every_state(game) if every_action else moments(game):
        analysis = history.at(index)
        rows["units"] += _unit_rows(index, state, analysis)
        rows["routes"] += _route_rows(index, state, analysis)
        rows["warnings"] += _warning_rows(index, state, analysis)
    return rows


def _labels(state: GameState, hexes: object) -> str:
    return " ".join(state.map.label(h) for h in hexes)  # type: ignore[attr-defined]


def _unit_rows(index: int, state: GameState, analysis: Analysis) -> Iterator[dict[str, object]]:
    for side, side_analysis in sorted(analysis.sides.items()):
        for unit_id, supply in sorted(side_analysis.units.items()):
            unit = state.units[unit_id]
            yield {
                "turn": state.turn,
                "action_index": index,
                "side": side,
                "unit": unit_id,
                "type": unit.type.value,
                "echelon": unit.echelon.value,
                "strength": unit.strength,
                "hex": f"{unit.hex.q},{unit.hex.r}",
                "label": state.map.label(unit.hex),
                "place": state.map.place_name(unit.hex),
                "supply": supply.effective.value,
                "computed_supply": supply.supply.value,
                "ruling": supply.override_reason or "" if supply.override else "",
                "turns_out_of_supply": supply.turns_out_of_supply,
            }


def _route_rows(index: int, state: GameState, analysis: Analysis) -> Iterator[dict[str, object]]:
    for side, side_analysis in sorted(analysis.sides.items()):
        for name, route in sorted(side_analysis.routes.items()):
            yield {
                "turn": state.turn,
                "action_index": index,
                "side": side,
                "route": name,
                "status": route.effective.value,
                "computed_status": route.status.value,
                "ruling": route.override_reason or "" if route.override else "",
                "hexes": _labels(state, route.hexes),
            }


def _warning_rows(index: int, state: GameState, analysis: Analysis) -> Iterator[dict[str, object]]:
    for w in analysis.warnings:
        yield {
            "turn": state.turn,
            "action_index": index,
            "side": w.side,
            "code": w.code,
            "severity": w.severity.value,
            "message": w.message,
            "hexes": _labels(state, w.hexes),
            "units": " ".join(w.units),
            "since_turn": w.since_turn,
            "new": w.new,
        }


def write_tables(game: Game, folder: Path, history: GameAnalysis | None = None) -> list[Path]:
    """Write the three CSV files into ``folder`` (created if needed), from ``history`` (the
    window's analysis chain) when given; each file atomically
    (:func:`wargame.core.files.atomic.write_atomic`)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise GameFileError(f"cannot create {folder}: {error.strerror}") from None
    columns = {"units": UNIT_COLUMNS, "routes": ROUTE_COLUMNS, "warnings": WARNING_COLUMNS}
    written = []
    for name, rows in tables(game, history).items():
        path = folder / f"{name}.csv"
        _write_csv(path, columns[name], rows)
        written.append(path)
    return written


# A spreadsheet runs a cell that begins with one of these as a formula (=HYPERLINK(...) in a
# unit id); plain numbers and hex coordinates ("-3,5") are left as they are.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBERS = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:,-?[0-9]+)*")


def neutralised(value: object) -> object:
    """A cell as a spreadsheet shows it, never runs it: text that would start a formula gets a
    leading apostrophe (OWASP's advice for CSV injection).

    >>> neutralised('=HYPERLINK("http://x")')
    '\'=HYPERLINK("http://x")'
    >>> neutralised("-3,5")
    '-3,5'
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBERS.fullmatch(value):
        return "'" + value
    return value


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    writer.writerows({key: neutralised(value) for key, value in row.items()} for row in rows)
    write_atomic(path, text.getvalue())
