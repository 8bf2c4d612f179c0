"""Official supply: fixed when a side's turn begins, while projected supply follows every move;
turns out of supply count from the official status."""

from __future__ import annotations

import json

import pytest

from wargame.core.actions import EndTurn, MoveUnit, OverrideStatus, PlaceUnit, RemoveUnit
from wargame.core.game import Game
from wargame.core.grid.hexgrid import from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Unit, UnitType
from wargame.core.reports.report import report_text
from wargame.core.rules.analysis import analyse
from wargame.core.rules.results import Supply


def at(col: int, row: int):
    return from_offset(col, row)


GAP = make_map(". . . ~ . . .")  # a water gap: east of it no supply reaches


@pytest.fixture
def game() -> Game:
    units = [
        Unit("a", "UA", UnitType.INFANTRY, at(2, 0)),
        Unit("far", "UA", UnitType.INFANTRY, at(5, 0)),
        Unit("r", "RU", UnitType.ARTILLERY, at(6, 0)),
    ]
    scenario = make_scenario(GAP, units, sources={"UA": [at(0, 0)], "RU": [at(6, 0)]})
    return Game(scenario, GAP)


def ua(game: Game, uid: str):
    return analyse(game.state).sides["UA"].units[uid]


def test_the_first_side_has_its_official_supply_at_the_start_and_the_other_none_yet(game):
    assert dict(game.state.official) == {"a": "supplied", "far": "encircled"}
    assert analyse(game.state).sides["RU"].units["r"].official is None
    assert ua(game, "a").official is Supply.SUPPLIED


def test_a_move_changes_projected_supply_at_once_and_official_supply_only_when_the_turn_begins(game):
    game.push(MoveUnit("a", at(4, 0)))
    assert (ua(game, "a").supply, ua(game, "a").official) == (Supply.ENCIRCLED, Supply.SUPPLIED)
    game.push(EndTurn())  # RU's turn begins: UA's official status stays
    assert ua(game, "a").official is Supply.SUPPLIED
    assert analyse(game.state).sides["RU"].units["r"].official is Supply.SUPPLIED
    game.push(EndTurn())  # UA's turn 2 begins
    assert ua(game, "a").official is Supply.ENCIRCLED


def test_turns_out_of_supply_count_from_the_official_status(game):
    game.push(MoveUnit("a", at(4, 0)))  # out of supply now, but officially supplied this turn
    game.push(MoveUnit("far", at(1, 0)))  # back in supply now, but officially encircled this turn
    game.push(EndTurn())
    counts = game.state.turns_out_of_supply
    assert (counts.get("a", 0), counts.get("far", 0)) == (0, 1)
    game.push(EndTurn())
    game.push(EndTurn())  # UA ends turn 2, each as its official status was when it began
    counts = game.state.turns_out_of_supply
    assert (counts.get("a", 0), counts.get("far", 0)) == (1, 0)


def test_a_facilitators_ruling_in_force_when_the_turn_begins_is_the_official_status(game):
    game.push(OverrideStatus("UA", "unit", "a", "out_of_supply", "convoy ambushed"))
    assert ua(game, "a").official is Supply.SUPPLIED  # the ruling counts from the next turn start
    game.push(EndTurn())
    game.push(EndTurn())
    assert ua(game, "a").official is Supply.OUT_OF_SUPPLY and ua(game, "a").supply is Supply.SUPPLIED
    game.push(EndTurn())
    assert game.state.turns_out_of_supply.get("a", 0) == 1


def test_a_unit_placed_during_the_turn_has_no_official_status_and_counts_as_it_stands(game):
    game.push(PlaceUnit(Unit("new", "UA", UnitType.INFANTRY, at(4, 0))))
    assert ua(game, "new").official is None
    game.push(EndTurn())
    assert game.state.turns_out_of_supply.get("new", 0) == 1


def test_a_removed_unit_loses_its_official_status(game):
    game.push(RemoveUnit("far"))
    assert "far" not in game.state.official


def test_official_supply_is_part_of_the_state_and_its_hash(game):
    state = game.state
    changed = state.evolve(official={**state.official, "a": "limited"})
    assert changed.state_hash() != state.state_hash()
    replayed = Game(game.scenario, game.map, [MoveUnit("a", at(4, 0)), EndTurn(), EndTurn()])
    again = Game(game.scenario, game.map, [MoveUnit("a", at(4, 0)), EndTurn(), EndTurn()])
    assert replayed.state.state_hash() == again.state.state_hash()
    official = replayed.state.to_dict()["official"]
    assert official == [["a", "encircled"], ["far", "encircled"], ["r", "supplied"]]


def test_the_report_shows_both_projected_and_official_supply(game):
    game.push(MoveUnit("a", at(4, 0)))
    analysis = analyse(game.state)
    data = analysis.to_dict()["sides"]["UA"]["units"]["a"]
    assert (data["supply"], data["official_supply"]) == ("encircled", "supplied")
    line = next(x for x in report_text(game.state, analysis).splitlines() if x.strip().startswith("a "))
    assert line.rstrip().endswith("encircled; official: supplied")
    json.dumps(analysis.to_dict())
