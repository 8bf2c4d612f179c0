"""Games played by random actions on the shipped scenarios, for tests that walk every state."""

from __future__ import annotations

import random

from wargame.core.actions import (
    Action,
    CutSegment,
    EndTurn,
    Interdict,
    MoveUnit,
    Note,
    OverrideStatus,
    RepairSegment,
    RollDice,
    SetControl,
    SetGround,
    SetStrength,
)
from wargame.core.errors import ActionError
from wargame.core.files.scenario_file import load_scenario, shipped_scenarios
from wargame.core.game import Game
from wargame.core.model import GROUNDS, Terrain
from wargame.core.state import GameState


def shipped_games() -> list[tuple[str, Game]]:
    """A fresh game of each shipped scenario, by scenario file name."""
    games = []
    for path in shipped_scenarios():
        scenario, gamemap = load_scenario(path)
        games.append((path.stem, Game(scenario, gamemap)))
    return games


def candidate(state: GameState, rng: random.Random) -> Action:
    """One action a facilitator or a side might take now (it may still be refused)."""
    units = sorted(state.units.values(), key=lambda u: u.id)
    mine = [u for u in units if u.side == state.side_to_move] or units
    unit = rng.choice(mine)
    near = [h for h in unit.hex.neighbours() if h in state.map and state.map.terrain(h) is not Terrain.WATER]
    roads = sorted(s for s in state.map.roads if unit.hex.distance(s.a) <= 4)
    kind = rng.randrange(12)
    if kind < 3 and near:
        return MoveUnit(unit.id, rng.choice(near))
    if kind < 5 and near:
        return SetControl((rng.choice(near),), state.side_to_move)
    if kind == 5 and roads:
        return CutSegment(rng.choice(roads))
    if kind == 6 and state.cut:
        return RepairSegment(rng.choice(sorted(state.cut)))
    if kind == 7:
        return Interdict(rng.choice(near or [unit.hex]), state.side_to_move)
    if kind == 8:
        return OverrideStatus(unit.side, "unit", unit.id, rng.choice(["limited", "supplied"]), "a ruling")
    if kind == 9:
        return rng.choice(
            [RollDice(2, 6, (rng.randint(1, 6), rng.randint(1, 6))), SetGround(rng.choice(GROUNDS))]
        )
    if kind == 10:
        return rng.choice([SetStrength(unit.id, rng.randint(1, unit.max_strength)), Note("assault held")])
    return EndTurn()


def play_randomly(game: Game, count: int, seed: int) -> Game:
    """Push ``count`` random actions the game accepts (refused ones are drawn again)."""
    rng = random.Random(seed)
    played = 0
    while played < count:
        action = candidate(game.state, rng)
        if action.pointless(game.state) is not None:
            continue
        try:
            game.push(action)
        except ActionError:
            continue
        played += 1
    return game
