"""Facilitator records: overrides with reasons, adjudications and dice rolls in the log."""

import pytest

from wargame.core.actions import Note, OverrideStatus, RollDice, action_from_dict
from wargame.core.errors import ActionError
from wargame.core.game import Game
from wargame.core.grid.hexgrid import from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import RouteSpec, Unit, UnitType

GAMEMAP = make_map("""
= = = = =
. . . . .
""")


@pytest.fixture
def game():
    route = RouteSpec("R1", "R1", from_offset(0, 0), from_offset(4, 0))
    units = [
        Unit("ua1", "UA", UnitType.INFANTRY, from_offset(0, 1)),
        Unit("ru1", "RU", UnitType.ARMOUR, from_offset(4, 1)),
    ]
    return Game(make_scenario(GAMEMAP, units, routes={"UA": [route]}), GAMEMAP)


def test_override_is_recorded_with_its_reason_and_turn(game):
    game.push(OverrideStatus("UA", "unit", "ua1", "limited", "Night resupply by drone failed"))
    override = game.state.override_for("UA", "unit", "ua1")
    assert (override.status, override.reason, override.turn) == (
        "limited",
        "Night resupply by drone failed",
        1,
    )


def test_override_can_be_withdrawn(game):
    game.push(OverrideStatus("UA", "route", "R1", "cut", "Bridge destroyed by artillery"))
    game.push(OverrideStatus("UA", "route", "R1", None, "Bridge repaired by engineers"))
    assert game.state.override_for("UA", "route", "R1") is None


@pytest.mark.parametrize(
    "action, words",
    [
        (OverrideStatus("UA", "unit", "ua1", "limited", "  "), "needs a reason"),
        (OverrideStatus("UA", "unit", "ru1", "limited", "x"), "not a unit of UA"),
        (OverrideStatus("UA", "unit", "ua1", "happy", "x"), "one of supplied"),
        (OverrideStatus("UA", "route", "M99", "cut", "x"), "no route"),
        (OverrideStatus("UA", "route", "R1", "encircled", "x"), "one of open"),
        (OverrideStatus("UA", "hex", "R1", "cut", "x"), "unit or a route"),
        (OverrideStatus("UA", "route", "R1", None, "x"), "no override"),
        (RollDice(2, 6, (3,), "assault"), "needs 2 results"),
        (RollDice(1, 6, (7,), "assault"), "between 1 and 6"),
        (RollDice(0, 6, (), ""), "roll between"),
        (Note("ruling", (), "gossip"), "one of note, adjudication"),
    ],
)
def test_bad_facilitator_actions_are_refused(game, action, words):
    with pytest.raises(ActionError, match=words):
        game.push(action)
    assert len(game) == 0


def test_dice_roll_is_kept_in_the_record(game):
    game.push(RollDice(2, 6, (4, 5), "assault on Khromove"))
    record = game.state.notes[-1]
    assert record.kind == "dice"
    assert "4 + 5 = 9" in record.text and "assault on Khromove" in record.text


def test_adjudication_note_is_kept_with_its_category(game):
    game.push(Note("Russian assault on the bridge repulsed", (from_offset(2, 0),), "adjudication"))
    assert game.state.notes[-1].kind == "adjudication"


@pytest.mark.parametrize(
    "action",
    [
        OverrideStatus("UA", "unit", "ua1", "encircled", "Umpire ruling"),
        OverrideStatus("UA", "route", "R1", None, "withdrawn"),
        RollDice(3, 6, (1, 2, 3), "artillery"),
        Note("ruling", (from_offset(1, 1),), "adjudication"),
    ],
)
def test_facilitator_actions_survive_their_json_form(action):
    assert action_from_dict(action.to_dict()) == action


def test_overrides_change_the_state_hash(game):
    before = game.state.state_hash()
    game.push(OverrideStatus("UA", "unit", "ua1", "limited", "reason"))
    assert game.state.state_hash() != before
