"""The analysis as a whole: since_turn across turns, cached versus from scratch, invariants."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.core.actions import (
    CutSegment,
    EndTurn,
    Interdict,
    MoveUnit,
    RemoveUnit,
    SetControl,
)
from wargame.core.errors import ActionError
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex, from_offset, hex_range
from wargame.core.grid.layout import HexLayout
from wargame.core.map.gamemap import GameMap, HexInfo, RoadLink
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import RoadClass, RouteSpec, Segment, Terrain, Unit, UnitType
from wargame.core.rules import analysis as analysis_module
from wargame.core.rules import graph
from wargame.core.rules.analysis import GameAnalysis, analyse, analysis_at, turn_ends
from wargame.core.state import GameState


def at(col: int, row: int) -> Hex:
    return from_offset(col, row)


def unit(uid: str, side: str, h: Hex, kind: UnitType = UnitType.INFANTRY) -> Unit:
    return Unit(uid, side, kind, h)


BATTLEFIELD = make_map("""
    = = = = = = = = = =
    . . . w w . . . . .
    . . # # . . ^ . . .
    . . # # . . ^ . . .
    = = = = = = = = = =
    . . . . . w w . . .
    . . . . . . . . . .
""")
ROUTES = {"UA": [RouteSpec("North", "R1", at(9, 0), at(0, 0)), RouteSpec("South", "R1", at(9, 4), at(0, 4))]}


def battle_game() -> Game:
    units = [
        unit("ua1", "UA", at(8, 2)),
        unit("ua2", "UA", at(7, 4), UnitType.MECHANISED),
        unit("ua3", "UA", at(2, 3), UnitType.ARTILLERY),
        unit("ru1", "RU", at(5, 2)),
        unit("ru2", "RU", at(5, 6)),
        unit("ru3", "RU", at(9, 6), UnitType.ARTILLERY),
    ]
    sources = {"UA": [at(0, 0), at(0, 4)], "RU": [at(9, 6), at(5, 6)]}
    scenario = make_scenario(BATTLEFIELD, units, {}, sources, ROUTES)
    return Game(scenario, BATTLEFIELD)


def random_actions(game: Game, rng: random.Random, count: int) -> None:
    """Push ``count`` valid random actions of every kind that changes supply."""
    hexes = sorted(BATTLEFIELD.hexes)
    roads = sorted(BATTLEFIELD.roads)
    pushed = 0
    while pushed < count:
        s = game.state
        mine = [u for u in s.units.values() if u.side == s.side_to_move]
        choice = rng.randrange(7)
        if choice <= 2 and mine:
            action = MoveUnit(rng.choice(sorted(mine, key=lambda u: u.id)).id, rng.choice(hexes))
        elif choice == 3:
            action = SetControl((rng.choice(hexes),), rng.choice(["UA", "RU", None]))
        elif choice == 4:
            action = CutSegment(rng.choice(roads))
        elif choice == 5:
            action = Interdict(rng.choice(hexes), rng.choice(["UA", "RU"]))
        elif rng.random() < 0.1 and mine:
            action = RemoveUnit(rng.choice(sorted(mine, key=lambda u: u.id)).id)
        else:
            action = EndTurn()
        try:
            game.push(action)
        except ActionError:
            continue
        pushed += 1


def fresh_analysis(state: GameState, previous):
    graph.clear_cache(state.map)  # with the map's graph go its cached cuts and control
    return analyse(state, previous)


def from_scratch(game: Game) -> list[dict]:
    """Every state analysed with all caches forgotten, chained by hand through the turn ends
    (the states EndTurn was played in): each state's previous is the last turn end before it."""
    ends = turn_ends(game, game.cursor)
    at_end = {}
    previous = None
    for index in ends:
        previous = at_end[index] = fresh_analysis(game.state_at(index), previous)
    result = []
    for index in range(game.cursor + 1):
        before = [e for e in ends if e < index]
        previous = at_end[before[-1]] if before else None
        result.append(fresh_analysis(game.state_at(index), previous).to_dict())
    return result


def test_a_warning_keeps_the_turn_it_first_appeared_and_is_new_only_then():
    game = battle_game()
    game.push(SetControl((at(4, 0),), "RU"))  # cuts the northern route
    game.push(EndTurn())
    game.push(EndTurn())  # turn 2
    analysis = GameAnalysis(game).current
    (cut,) = [w for w in analysis.warnings if w.code == "ROUTE_CUT" and w.side == "UA"]
    assert (cut.since_turn, cut.new) == (1, False)
    game.push(SetControl((at(4, 4),), "RU"))  # the southern route now goes too
    analysis = GameAnalysis(game).current
    south = [w for w in analysis.warnings if w.code == "ROUTE_CUT" and "South" in w.message]
    assert [(w.since_turn, w.new) for w in south] == [(2, True)]


def test_a_warning_that_goes_away_is_listed_as_cleared():
    game = battle_game()
    game.push(SetControl((at(4, 0),), "RU"))
    game.push(EndTurn())
    game.push(SetControl((at(4, 0),), "UA"))
    analysis = GameAnalysis(game).current
    assert "ROUTE_CUT" in [w.code for w in analysis.cleared]
    assert "ROUTE_CUT" not in [w.code for w in analysis.warnings]


def test_scrubbing_back_gives_the_same_since_turn_as_playing_forward():
    game = battle_game()
    random_actions(game, random.Random(3), 30)
    forward = [GameAnalysis(game).at(i).to_dict() for i in (game.cursor,)]
    scrubber = GameAnalysis(game)
    for i in (game.cursor // 2, 0, game.cursor, 5):
        scrubber.at(i)
    assert scrubber.at(game.cursor).to_dict() == forward[0]
    assert analysis_at(game, game.cursor).to_dict() == forward[0]


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_cached_and_incremental_results_equal_from_scratch_over_random_actions(seed):
    game = battle_game()
    random_actions(game, random.Random(seed), 25)
    order = list(range(game.cursor + 1))
    random.Random(seed).shuffle(order)
    cached = GameAnalysis(game)
    seen = {i: cached.at(i).to_dict() for i in order}
    expected = from_scratch(game)
    assert [seen[i] for i in range(game.cursor + 1)] == expected


def test_warnings_are_judged_against_the_end_of_the_last_turn():
    game = battle_game()
    game.push(SetControl((at(4, 0),), "RU"))
    game.push(SetControl((at(4, 0),), "UA"))  # came and went within the turn: not cleared
    assert "ROUTE_CUT" not in [w.code for w in GameAnalysis(game).current.cleared]


def test_scrubbing_to_the_end_of_a_long_game_analyses_turn_ends_not_every_action(monkeypatch):
    game = battle_game()
    random_actions(game, random.Random(11), 60)
    calls = []
    real = analysis_module.analyse
    monkeypatch.setattr(analysis_module, "analyse", lambda s, p=None: calls.append(s) or real(s, p))
    GameAnalysis(game).at(game.cursor)
    assert len(calls) <= len(turn_ends(game, game.cursor)) + 1 < game.cursor


def test_undo_and_a_different_action_do_not_reuse_the_undone_analysis():
    game = battle_game()
    analyses = GameAnalysis(game)
    game.push(SetControl((at(4, 0),), "RU"))
    cut = analyses.current
    game.undo()
    game.push(EndTurn())
    assert analyses.current.to_dict() != cut.to_dict()
    assert analyses.current.to_dict() == analyse(game.state, analyse(game.state_at(0))).to_dict()


# --- invariants ---------------------------------------------------------------------------

FIELD = sorted(BATTLEFIELD.hexes)
unit_kinds = st.sampled_from([UnitType.INFANTRY, UnitType.MECHANISED, UnitType.ARTILLERY, UnitType.HQ])


@st.composite
def placements(draw, hexes=FIELD, max_units=8):
    spots = draw(st.lists(st.sampled_from(hexes), min_size=1, max_size=max_units, unique=True))
    return [(f"u{i}", draw(st.sampled_from(["UA", "RU"])), h, draw(unit_kinds)) for i, h in enumerate(spots)]


def battle_state(placed, order=None) -> GameState:
    units = [unit(uid, side, h, kind) for uid, side, h, kind in placed]
    if order is not None:
        units = [units[i] for i in order]
    sources = {"UA": [at(0, 0), at(0, 4)], "RU": [at(9, 6), at(9, 2)]}
    scenario = make_scenario(BATTLEFIELD, units, {}, sources, ROUTES)
    return GameState.initial(scenario, BATTLEFIELD)


@settings(max_examples=25, deadline=None)
@given(placed=placements())
def test_the_analysis_is_deterministic(placed):
    s = battle_state(placed)
    first = analyse(s).to_dict()
    graph.clear_cache(s.map)
    assert analyse(s).to_dict() == first
    assert analyse(battle_state(placed)).to_dict() == first


@settings(max_examples=25, deadline=None)
@given(placed=placements(), data=st.data())
def test_the_analysis_does_not_depend_on_the_order_of_the_units(placed, data):
    order = data.draw(st.permutations(range(len(placed))))
    assert analyse(battle_state(placed, order)).to_dict() == analyse(battle_state(placed)).to_dict()


# A hexagonal map is symmetric under h -> -h: mirror the units and swap the sides.
RADIUS = 4


def mirrored_map(seed: int) -> GameMap:
    rng = random.Random(seed)
    kinds = [Terrain.OPEN, Terrain.OPEN, Terrain.WOODS, Terrain.URBAN, Terrain.WATER]
    hexes: dict[Hex, HexInfo] = {}
    for h in sorted(hex_range(Hex(0, 0), RADIUS)):
        if h not in hexes:
            info = HexInfo(rng.choice(kinds) if h != Hex(0, 0) else Terrain.OPEN)
            hexes[h] = hexes[Hex(-h.q, -h.r)] = info
    axis = [Hex(q, 0) for q in range(-RADIUS, RADIUS + 1)]  # a road through the centre
    roads = {Segment.of(a, b): RoadLink(RoadClass.MAIN, ("R",)) for a, b in zip(axis, axis[1:], strict=False)}
    return GameMap("mirror", "mirror", HexLayout(500.0), hexes, roads)


def flip(h: Hex) -> Hex:
    return Hex(-h.q, -h.r)


OTHER = {"UA": "RU", "RU": "UA"}


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 50), data=st.data())
def test_mirroring_the_map_and_swapping_the_sides_mirrors_the_analysis(seed, data):
    gamemap = mirrored_map(seed)
    land = sorted(h for h, info in gamemap.hexes.items() if info.terrain is not Terrain.WATER)
    placed = data.draw(placements(land, max_units=6))
    source = Hex(-RADIUS, 0)

    def build(mirror: bool) -> GameState:
        flip_if = flip if mirror else (lambda h: h)
        units = [
            unit(uid, OTHER[side] if mirror else side, flip_if(h), kind) for uid, side, h, kind in placed
        ]
        sources = {"UA": [source], "RU": [flip(source)]}  # swapping the sides mirrors these too
        scenario = make_scenario(gamemap, units, {}, sources)
        return GameState.initial(scenario, gamemap)

    plain, mirrored = analyse(build(False)), analyse(build(True))
    for side in ("UA", "RU"):
        a, b = plain.sides[side], mirrored.sides[OTHER[side]]
        assert {k: (u.supply, u.cost) for k, u in a.units.items()} == {
            k: (u.supply, u.cost) for k, u in b.units.items()
        }
        assert [(p.units, {flip(h) for h in p.hexes}) for p in a.pockets] == [
            (p.units, set(p.hexes)) for p in b.pockets
        ]
        assert [(c.units, c.width_hexes, {flip(h) for h in c.critical_hexes}) for c in a.corridors] == [
            (c.units, c.width_hexes, set(c.critical_hexes)) for c in b.corridors
        ]
        assert {flip(h) for h in a.supplied_hexes} == set(b.supplied_hexes)
