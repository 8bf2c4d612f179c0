"""The facilitator is an actor: who did each action is logged, checked, saved and credited."""

from __future__ import annotations

import pytest

from tests.core.gamefile_fixtures import small_game
from wargame.core.actions import EndTurn, MoveUnit, Note, OverrideStatus, RollDice, SetGround, SetStrength
from wargame.core.actors import FACILITATOR
from wargame.core.errors import ActionError, GameFileError
from wargame.core.files.gamefile import GAME_VERSION, game_from_dict, game_to_dict
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Unit, UnitType
from wargame.core.phases import ADJUDICATION, current_phase
from wargame.core.reports.aar import aar_markdown, review

MAP = make_map("\n".join([". " * 8] * 4))


def _game() -> Game:
    units = (Unit("ua", "UA", UnitType.INFANTRY, Hex(1, 0)), Unit("ru", "RU", UnitType.INFANTRY, Hex(6, 0)))
    return Game(make_scenario(MAP, units), MAP)


def test_rulings_are_the_facilitators_and_moves_the_side_to_moves() -> None:
    game = _game()
    game.push(RollDice(2, 6, (3, 4), "Wagner assault"))
    game.push(OverrideStatus("UA", "unit", "ua", "limited", "convoy ambushed"))
    game.push(SetGround("mud"))
    game.push(SetStrength("ru", 3))
    game.push(Note("bridge down"))
    game.push(MoveUnit("ua", Hex(2, 0)))
    game.push(EndTurn())
    assert game.actors == [FACILITATOR] * 5 + ["UA", "UA"]
    assert {n.side for n in game.state.notes} == {FACILITATOR}  # the roll and the note


def test_a_side_may_not_rule_nor_act_out_of_turn() -> None:
    game = _game()
    with pytest.raises(ActionError, match="facilitator's ruling"):
        game.push(RollDice(2, 6, (3, 4)), "UA")
    with pytest.raises(ActionError, match="Ukraine's turn, not Russia's"):
        game.push(EndTurn(), "RU")
    with pytest.raises(ActionError, match="unknown actor"):
        game.push(EndTurn(), "umpire")
    game.push(Note("our own plan"), "UA")  # a side's own note
    game.push(MoveUnit("ua", Hex(2, 0)), FACILITATOR)  # the facilitator moves for the side at the screen
    assert game.actors == ["UA", FACILITATOR]


def test_changing_the_ground_does_not_end_the_adjudication() -> None:
    game = _game()
    game.push(EndTurn())
    game.push(EndTurn())
    game.push(SetGround("mud"))
    game.push(RollDice(1, 6, (5,)))
    assert current_phase(game).current == ADJUDICATION
    game.push(MoveUnit("ua", Hex(2, 0)))
    assert current_phase(game).current == "Ukraine move"


def test_the_aar_and_the_file_credit_the_facilitator() -> None:
    game = small_game()
    text = aar_markdown(game, review(game))
    assert "Facilitator: 2d6 for assault on the bridge: 3 + 5 = 8" in text
    assert "UA: 2d6" not in text and "RU: 2d6" not in text
    data = game_to_dict(game)
    assert data["version"] == GAME_VERSION == 2
    dice = next(e for e in data["actions"] if e["action"]["type"] == "dice")
    assert (dice["side"], dice["actor"]) == ("RU", FACILITATOR)
    again = game_from_dict(data).game
    assert again.actors == game.actors and again.state.state_hash() == game.state.state_hash()


def test_a_version_1_file_is_migrated_and_a_version_2_file_needs_actors() -> None:
    game = small_game()
    data = game_to_dict(game)
    old = {
        **data,
        "version": 1,
        "actions": [{k: v for k, v in e.items() if k != "actor"} for e in data["actions"]],
    }
    migrated = game_from_dict(old).game
    assert migrated.actors == game.actors
    assert game_to_dict(migrated)["version"] == 2
    missing = {**data, "actions": [{k: v for k, v in e.items() if k != "actor"} for e in data["actions"]]}
    with pytest.raises(GameFileError, match=r"actions\[0\]: field 'actor' is missing"):
        game_from_dict(missing)
