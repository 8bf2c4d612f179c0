"""Every action's validation and effect, on a small sketch map."""

import pytest

from wargame.core.actions import (
    CutSegment,
    EndTurn,
    Interdict,
    MoveUnit,
    Note,
    PlaceUnit,
    RemoveUnit,
    RepairSegment,
    SetControl,
    SetStrength,
    action_from_dict,
)
from wargame.core.errors import ActionError
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex, from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Segment, Unit, UnitType

SKETCH = """
. . . . .
= = = = =
. ~ . . .
. . . . .
"""


def at(col, row):
    return from_offset(col, row)


@pytest.fixture
def game():
    gamemap = make_map(SKETCH)
    units = [
        Unit("ua1", "UA", UnitType.INFANTRY, at(0, 1)),
        Unit("ru1", "RU", UnitType.ARMOUR, at(4, 3)),
    ]
    return Game(make_scenario(gamemap, units), gamemap)


def refused(game, action, *words):
    before = game.state.state_hash()
    with pytest.raises(ActionError) as info:
        game.push(action)
    assert game.state.state_hash() == before
    for word in words:
        assert word in str(info.value)
    return str(info.value)


def test_move_changes_the_units_hex(game):
    game.push(MoveUnit("ua1", at(2, 1)))
    assert game.state.units["ua1"].hex == at(2, 1)


def test_move_onto_water_is_refused_with_reason(game):
    refused(game, MoveUnit("ua1", at(1, 2)), "water")


def test_move_off_the_map_is_refused(game):
    refused(game, MoveUnit("ua1", Hex(40, 40)), "off the map")


def test_move_of_unknown_unit_is_refused(game):
    refused(game, MoveUnit("nobody", at(2, 1)), "no unit", "nobody")


def test_move_of_the_other_sides_unit_is_refused(game):
    refused(game, MoveUnit("ru1", at(3, 3)), "Russia", "Ukraine's turn")


def test_move_onto_an_enemy_unit_is_refused(game):
    refused(game, MoveUnit("ua1", at(4, 3)), "enemy")


def test_move_to_the_same_hex_is_refused(game):
    refused(game, MoveUnit("ua1", at(0, 1)), "already")


def test_place_adds_a_unit(game):
    game.push(PlaceUnit(Unit("ua2", "UA", UnitType.ARTILLERY, at(2, 0))))
    assert game.state.units["ua2"].hex == at(2, 0)


@pytest.mark.parametrize(
    "unit, reason",
    [
        (Unit("ua1", "UA", UnitType.RECON, at(2, 0)), "already in use"),
        (Unit("x", "NATO", UnitType.RECON, at(2, 0)), "unknown side"),
        (Unit("x", "UA", UnitType.RECON, at(1, 2)), "water"),
        (Unit("x", "UA", UnitType.RECON, at(4, 3)), "enemy"),
        (Unit("x", "UA", UnitType.RECON, at(2, 0), strength=5, max_strength=4), "strength"),
        (Unit(" ", "UA", UnitType.RECON, at(2, 0)), "needs an id"),
    ],
)
def test_place_refusals(game, unit, reason):
    refused(game, PlaceUnit(unit), reason)


def test_remove_and_unknown_remove(game):
    game.push(RemoveUnit("ru1"))
    assert "ru1" not in game.state.units
    refused(game, RemoveUnit("ru1"), "no unit")


def test_set_strength_within_bounds(game):
    game.push(SetStrength("ua1", 2))
    assert game.state.units["ua1"].strength == 2
    refused(game, SetStrength("ua1", 0), "between 1 and 4")
    refused(game, SetStrength("ua1", 9), "between 1 and 4")


def test_set_control_of_an_area_and_refusals(game):
    game.push(SetControl((at(2, 2), at(3, 2)), "RU"))
    assert game.state.control[at(2, 2)] == "RU"
    game.push(SetControl((at(2, 2),), None))
    assert at(2, 2) not in game.state.control
    refused(game, SetControl((at(0, 1),), "RU"), "enemy")
    refused(game, SetControl((), "RU"), "at least one hex")
    refused(game, SetControl((Hex(50, 0),), "RU"), "off the map")
    refused(game, SetControl((at(2, 2),), "XX"), "unknown side")


def test_seizing_what_the_side_already_holds_changes_nothing_and_play_says_so(game):
    game.push(SetControl((at(2, 2),), "RU"))
    assert SetControl((at(2, 2),), "RU").pointless(game.state) == (
        f"Russia already holds {game.map.describe(at(2, 2))}: nothing changes"
    )
    assert "already neutral" in (SetControl((at(3, 3),), None).pointless(game.state) or "")
    assert SetControl((at(2, 2), at(3, 2)), "RU").pointless(game.state) is None  # one hex changes
    assert SetControl((at(2, 2),), "UA").pointless(game.state) is None


def test_a_water_hex_has_no_controller(game):
    water, land = at(1, 2), at(2, 2)
    assert "water: nobody holds it" in (SetControl((water,), "RU").pointless(game.state) or "")
    game.push(SetControl((water, land), "RU"))
    assert water not in game.state.control and game.state.control[land] == "RU"


def test_cut_and_repair_a_road_segment(game):
    seg = Segment.of(at(1, 1), at(2, 1))
    game.push(CutSegment(seg))
    assert seg in game.state.cut
    refused(game, CutSegment(seg), "already cut")
    game.push(RepairSegment(seg))
    assert seg not in game.state.cut
    refused(game, RepairSegment(seg), "not cut")


def test_cut_where_no_road_runs_is_refused(game):
    refused(game, CutSegment(Segment.of(at(0, 3), at(1, 3))), "no road")


def test_cut_of_non_adjacent_hexes_is_refused(game):
    refused(game, CutSegment(Segment.of(at(0, 1), at(3, 1))), "not adjacent")


def test_interdiction_lasts_until_the_interdicting_sides_next_turn(game):
    game.push(Interdict(at(2, 1), "UA"))
    assert at(2, 1) in game.state.interdicted
    game.push(EndTurn())  # Russia moves: still under fire
    assert at(2, 1) in game.state.interdicted
    game.push(EndTurn())  # Ukraine's next turn: lifted
    assert at(2, 1) not in game.state.interdicted


def test_end_turn_alternates_sides_and_counts_turns(game):
    assert (game.state.turn, game.state.side_to_move) == (1, "UA")
    game.push(EndTurn())
    assert (game.state.turn, game.state.side_to_move) == (1, "RU")
    game.push(EndTurn())
    assert (game.state.turn, game.state.side_to_move) == (2, "UA")


def test_note_is_recorded_and_empty_note_refused(game):
    game.push(Note("Bridge at Khromove is down", (at(2, 1),)))
    assert game.state.notes[-1].text == "Bridge at Khromove is down"
    refused(game, Note("   "), "text")


def test_undo_and_redo_restore_states(game):
    start = game.state.state_hash()
    game.push(MoveUnit("ua1", at(2, 1)))
    moved = game.state.state_hash()
    game.undo()
    assert game.state.state_hash() == start
    game.redo()
    assert game.state.state_hash() == moved


def test_push_after_undo_drops_the_redo_tail(game):
    game.push(MoveUnit("ua1", at(2, 1)))
    game.undo()
    game.push(MoveUnit("ua1", at(3, 1)))
    assert not game.can_redo()
    assert game.state.units["ua1"].hex == at(3, 1)


@pytest.mark.parametrize(
    "data, reason",
    [
        ({"type": "teleport"}, "unknown action type"),
        ({"type": "move", "unit_id": "ua1", "to": [1]}, "expected a hex"),
        ({"type": "move", "unit_id": 5, "to": [1, 1]}, "unit_id"),
        (
            {"type": "place", "unit": {"id": "x", "side": "UA", "type": "dragon", "hex": [0, 0]}},
            "unknown unit type",
        ),
        ([], "expected an object"),
    ],
)
def test_bad_action_json_names_the_problem(data, reason):
    with pytest.raises(ActionError, match=reason):
        action_from_dict(data)
