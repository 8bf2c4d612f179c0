"""The `report` command: the state of a game at a turn, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from wargame.core.game import Game
from wargame.core.state import GameState
from wargame.loading import open_source


def state_for(game: Game, turn: int | None) -> GameState:
    if turn is None:
        return game.state
    return game.state_at(game.index_of_turn(turn))


def report_dict(state: GameState) -> dict[str, Any]:
    sides: dict[str, Any] = {}
    for side in state.scenario.sides:
        units = state.units_of(side.id)
        sides[side.id] = {
            "name": side.name,
            "units": {
                u.id: {"hex": [u.hex.q, u.hex.r], "label": state.map.label(u.hex), "type": u.type.value,
                       "strength": u.strength}
                for u in units
            },
            "hexes_controlled": sum(1 for s in state.control.values() if s == side.id),
        }
    return {
        "scenario": state.scenario.id,
        "turn": state.turn,
        "side_to_move": state.side_to_move,
        "sides": sides,
    }


def report_text(state: GameState) -> str:
    lines = [f"{state.scenario.title} — turn {state.turn}, {state.scenario.side(state.side_to_move).name} to move"]
    for side in state.scenario.sides:
        units = state.units_of(side.id)
        held = Counter(state.control.values())[side.id]
        lines.append(f"\n{side.name} ({side.id}): {len(units)} units, {held} hexes held")
        for u in units:
            lines.append(f"  {u.id:<12} {u.type.value:<11} {state.map.describe(u.hex)}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    game = open_source(args.source)
    state = state_for(game, args.turn)
    if args.json:
        json.dump(report_dict(state), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(report_text(state))
    return 0
