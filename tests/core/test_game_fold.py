"""The game is a fold of its action log: replay equals step-by-step application."""

import contextlib
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.core.actions import (
    ACTION_TYPES,
    CutSegment,
    EndTurn,
    Interdict,
    MoveUnit,
    Note,
    PlaceUnit,
    SetControl,
    action_from_dict,
)
from wargame.core.errors import ActionError
from wargame.core.game import Game, fold, start
from wargame.core.grid.hexgrid import from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Unit, UnitType

GAMEMAP = make_map("""
= = = = = =
. . = . . .
. . = . . .
. . = = = =
""")
SCENARIO = make_scenario(
    GAMEMAP,
    [
        Unit("ua1", "UA", UnitType.INFANTRY, from_offset(0, 0)),
        Unit("ru1", "RU", UnitType.INFANTRY, from_offset(5, 3)),
    ],
)


def random_actions(seed: int, count: int) -> list:
    rng = random.Random(seed)
    hexes = sorted(GAMEMAP.hexes)
    roads = sorted(GAMEMAP.roads)
    game = Game(SCENARIO, GAMEMAP)
    for i in range(count):
        state = game.state
        own = state.units_of(state.side_to_move)
        candidates = [
            EndTurn(),
            SetControl((rng.choice(hexes),), rng.choice(["UA", "RU"])),
            CutSegment(rng.choice(roads)),
            Interdict(rng.choice(hexes), rng.choice(["UA", "RU"])),
            Note(f"note {i}"),
            PlaceUnit(Unit(f"u{i}", state.side_to_move, UnitType.RECON, rng.choice(hexes))),
        ]
        if own:
            candidates.append(MoveUnit(rng.choice(own).id, rng.choice(hexes)))
        with contextlib.suppress(ActionError):
            game.push(rng.choice(candidates))
    return game.actions


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_replaying_the_log_gives_the_same_state(seed):
    actions = random_actions(seed, 40)
    step_by_step = Game(SCENARIO, GAMEMAP, actions)
    folded = fold(start(SCENARIO, GAMEMAP), actions)
    assert folded.state_hash() == step_by_step.state.state_hash()


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_actions_survive_their_json_form(seed):
    actions = random_actions(seed, 30)
    again = [action_from_dict(a.to_dict()) for a in actions]
    assert again == actions


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_undo_all_then_redo_all_returns_to_the_same_state(seed):
    game = Game(SCENARIO, GAMEMAP, random_actions(seed, 30))
    hashes = [game.state_at(i).state_hash() for i in range(len(game) + 1)]
    end = game.state.state_hash()
    while game.can_undo():
        game.undo()
        assert game.state.state_hash() == hashes[len(game)]
    while game.can_redo():
        game.redo()
    assert game.state.state_hash() == end


def test_equal_states_have_equal_hashes_whatever_the_path():
    a = Game(SCENARIO, GAMEMAP, [MoveUnit("ua1", from_offset(1, 0)), MoveUnit("ua1", from_offset(2, 0))])
    b = Game(SCENARIO, GAMEMAP, [MoveUnit("ua1", from_offset(2, 0))])
    assert a.state.state_hash() == b.state.state_hash()
    c = Game(SCENARIO, GAMEMAP, [MoveUnit("ua1", from_offset(3, 0))])
    assert c.state.state_hash() != a.state.state_hash()


def test_an_invalid_action_in_a_log_names_its_index():
    import pytest

    with pytest.raises(ActionError, match="action 1"):
        Game(SCENARIO, GAMEMAP, [EndTurn(), MoveUnit("ua1", from_offset(1, 0))])


def test_every_action_type_is_registered():
    assert set(ACTION_TYPES) == {
        "place",
        "ground",
        "move",
        "remove",
        "strength",
        "control",
        "cut",
        "repair",
        "interdict",
        "note",
        "end_turn",
        "override",
        "dice",
        "reschedule",
        "decision_point",
        "decision",
        "supply_priority",
    }


def test_index_of_turn_finds_the_first_action_of_that_turn():
    game = Game(SCENARIO, GAMEMAP, [Note("a"), EndTurn(), EndTurn(), Note("b")])
    assert game.index_of_turn(1) == 0
    assert game.index_of_turn(2) == 3
    assert game.state_at(game.index_of_turn(2)).turn == 2
