"""Phases read from the log: each side's move, then adjudication until the first side acts."""

from __future__ import annotations

from wargame.core.actions import EndTurn, MoveUnit, Note, RollDice
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Unit, UnitType
from wargame.core.phases import ADJUDICATION, current_phase

MAP = make_map("\n".join([". " * 8] * 4))


def _game() -> Game:
    units = (Unit("ua", "UA", UnitType.INFANTRY, Hex(1, 0)), Unit("ru", "RU", UnitType.INFANTRY, Hex(6, 0)))
    return Game(make_scenario(MAP, units), MAP)


def test_the_turn_goes_through_each_sides_move() -> None:
    game = _game()
    first = game.state.turn
    phase = current_phase(game)
    assert phase.names == ("Ukraine move", "Russia move", ADJUDICATION)
    assert (phase.current, phase.turn) == ("Ukraine move", first)
    game.push(EndTurn())
    assert current_phase(game).current == "Russia move"


def test_after_the_last_side_the_facilitator_adjudicates_until_the_first_side_moves() -> None:
    game = _game()
    first = game.state.turn
    game.push(EndTurn())
    game.push(EndTurn())
    assert (current_phase(game).current, current_phase(game).turn) == (ADJUDICATION, first)
    game.push(Note("assault on 0504 fails", category="adjudication"))
    game.push(RollDice(2, 6, (3, 4), "counter-battery"))
    assert current_phase(game).current == ADJUDICATION
    game.push(MoveUnit("ua", Hex(2, 0)))
    assert (current_phase(game).current, current_phase(game).turn) == ("Ukraine move", first + 1)
    game.undo()
    assert current_phase(game).current == ADJUDICATION
