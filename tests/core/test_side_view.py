"""The side view in the core: what one side (or the facilitator) may see, and its JSON form."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.core.actions import EndTurn, Interdict, MoveUnit, Note, OverrideStatus, SetControl
from wargame.core.errors import ActionError
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex, from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Unit, UnitType
from wargame.core.rules.analysis import GameAnalysis
from wargame.core.view.codec import ViewFormatError
from wargame.core.view.side_view import SideView, side_view
from wargame.core.view.update import Update, update_for

MAP = make_map(
    "\n".join(
        ["= . . . . . . . . . . =", ". . w . # # . . ^ . . .", ". . . . # # . . . . . ."] + [". " * 12] * 3
    )
)
HEXES = sorted(MAP.hexes)
TYPES = [UnitType.INFANTRY, UnitType.RECON, UnitType.ARTILLERY, UnitType.MECHANISED]


def _game(ua: list[tuple[int, int]], ru: list[tuple[int, int]]) -> Game:
    units = [Unit(f"ua{i}", "UA", TYPES[i % 4], from_offset(c, r)) for i, (c, r) in enumerate(ua)]
    units += [Unit(f"ru{i}", "RU", TYPES[(i + 1) % 4], from_offset(c, r)) for i, (c, r) in enumerate(ru)]
    control = {h: ("UA" if h.q < 6 else "RU") for h in MAP.hexes}
    return Game(
        make_scenario(MAP, units, control=control, sources={"UA": [Hex(0, 0)], "RU": [from_offset(11, 0)]}),
        MAP,
    )


def _play(game: Game, draws: list[int]) -> None:
    """Push what of a few kinds of action the state allows, chosen by ``draws``."""
    for n in draws:
        state = game.state
        mine = state.units_of(state.side_to_move)
        candidates = [EndTurn(), Interdict(HEXES[n % len(HEXES)], state.side_to_move), Note(f"note {n}")]
        candidates.append(SetControl((HEXES[(n * 7) % len(HEXES)],), state.side_to_move))
        if mine:
            unit = mine[n % len(mine)]
            candidates.append(MoveUnit(unit.id, HEXES[(n * 13) % len(HEXES)]))
            candidates.append(OverrideStatus(unit.side, "unit", unit.id, "limited", "a ruling"))
        action = candidates[n % len(candidates)]
        try:
            action.validate(state)
        except ActionError:  # a refused draw is simply skipped
            continue
        if action.pointless(state) is None:
            game.push(action)


positions = st.lists(st.tuples(st.integers(0, 11), st.integers(0, 5)), min_size=1, max_size=4, unique=True)


@settings(max_examples=25, deadline=None)
@given(positions, positions, st.lists(st.integers(0, 10_000), max_size=8))
def test_every_view_reads_back_from_json_unchanged(ua, ru, draws) -> None:  # type: ignore[no-untyped-def]
    ru = [p for p in ru if p not in ua] or [(11, 5) if (11, 5) not in ua else (10, 5)]
    game = _game(ua, ru)
    _play(game, draws)
    analysis = GameAnalysis(game).current
    for viewer in (None, "UA", "RU"):
        view = side_view(game.state, analysis, viewer)
        text = view.to_json()
        back = SideView.from_json(text)
        assert back == view
        assert back.to_json() == text  # sorted: equal views give equal text
        assert back.attach(game.scenario, game.map).state.to_dict() == view.state.to_dict()


def test_a_side_sees_no_unit_out_of_sight_and_no_enemy_supply() -> None:
    game = _game([(2, 1), (0, 3)], [(3, 1), (9, 4)])
    view = side_view(game.state, GameAnalysis(game).current, "UA")
    seen_enemy = [u for u in view.state.units.values() if u.side == "RU"]
    assert [u.id for u in seen_enemy] == ["ru0"]  # next to ua0; ru1 is far away
    text = view.to_json()
    assert "ru1" not in text
    assert view.supply_of("ru0") is None and not view.knows_supply_of("ru0")
    assert view.supply_of("ua0") is not None
    assert set(view.own_sides) == {"UA"} and all(w.side == "UA" for w in view.analysis.warnings)
    assert {side for side, _ in json.loads(text)["analysis"]["sides"]} == {"UA"}


def test_the_facilitator_view_is_the_same_type_with_everything() -> None:
    game = _game([(2, 1)], [(9, 4)])
    analysis = GameAnalysis(game).current
    view = side_view(game.state, analysis, None)
    assert view.facilitator and view.visible == {"ua0", "ru0"}
    assert view.analysis is analysis and view.state is game.state
    assert view.supply_of("ru0") is not None


def test_an_update_names_no_enemy_move_out_of_sight() -> None:
    game = _game([(0, 0)], [(9, 4)])
    game.push(EndTurn())
    before = game.state
    changes = game.push(MoveUnit("ru0", from_offset(10, 4)))
    view = side_view(game.state, GameAnalysis(game).current, "UA")
    update = update_for(changes, view, before, game.state, "ru0 moves to 10,4")
    assert "ru0" not in update.changes.units and from_offset(10, 4) not in update.changes.hexes
    assert update.description == ""
    back = Update.from_json(update.to_json())
    assert back == update and back.to_json() == update.to_json()
    facilitator = update_for(changes, side_view(game.state, None, None), before, game.state, "moves")
    assert facilitator.changes == changes and facilitator.description == "moves"


@pytest.mark.parametrize(
    "text",
    ["[]", "{}", '{"format": "wargame-side-view", "version": 99}', "not json"],
)
def test_a_malformed_view_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ViewFormatError):
        SideView.from_json(text)
