"""One analysis chain: the window, the replay, the AAR's moments, the trends and the CSV agree
on every state of the shipped scenarios, each played 30 random actions deep."""

from __future__ import annotations

import random
from functools import cache

import pytest

from tests.core.random_play import play_randomly, shipped_games
from wargame.core.files.document import Document
from wargame.core.game import Game
from wargame.core.reports.aar import chain, moment_at
from wargame.core.reports.csv_export import tables
from wargame.core.rules.analysis import analyse
from wargame.core.rules.results import Analysis
from wargame.ui.panels.trends import side_point, trends
from wargame.ui.replay.replay_window import ReplayAnalyses
from wargame.ui.window.controller import GameController

DEPTH = 30
NAMES = ["bakhmut-2022-12", "bakhmut-2023-02", "bakhmut-2023-05", "stalingrad-1942-11"]


@cache
def fresh(name: str) -> Game:
    """A new game of the shipped scenario ``name`` (the maps are loaded once)."""
    return dict(shipped_games())[name]


def _warnings(analysis: Analysis) -> list[tuple[object, ...]]:
    return [(w.side, w.code, w.message, w.since_turn, w.new) for w in analysis.warnings]


def disagreements(game: Game, seed: int) -> list[str]:
    """Every state where the replay, the AAR, the trends or the CSV differ from the window."""
    window = GameController(Document(game))
    truth = {i: window.analysis_at(i) for i in range(len(game) + 1)}  # forward, as played
    order = list(truth)
    random.Random(seed).shuffle(order)  # the replay jumps about
    replay = ReplayAnalyses(game.truncated(len(game)), analyse)
    aar = chain(game)
    csv_rows = tables(game, every_action=True)
    found = []
    for index in order:
        expected = truth[index]
        assert expected is not None
        if replay(index).to_dict() != expected.to_dict():  # type: ignore[union-attr]
            found.append(f"replay at {index}")
        if moment_at(game, index, aar).analysis.to_dict() != expected.to_dict():
            found.append(f"AAR at {index}")
        rows = [r for r in csv_rows["warnings"] if r["action_index"] == index]
        if [(r["side"], r["code"], r["message"], r["since_turn"], r["new"]) for r in rows] != _warnings(
            expected
        ):
            found.append(f"CSV at {index}")
    for side, points in trends(window).items():
        boundaries = sorted({game.index_of_turn(t) for t in game.turns()} | {len(game)})
        wanted = [side_point(truth[i], side, game.state_at(i).turn, i == len(game)) for i in boundaries]  # type: ignore[arg-type]
        if points != wanted:
            found.append(f"trends of {side}")
    return found


def test_every_screen_reads_the_same_chain(qapp) -> None:  # type: ignore[no-untyped-def]
    # The default run walks one game 12 actions deep (four chains analyse each state); the slow
    # run below walks every shipped scenario 30 deep, three times.
    game = play_randomly(fresh("stalingrad-1942-11").truncated(0), 12, seed=19)
    assert disagreements(game, seed=19) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_screen_reads_the_same_chain_in_every_shipped_scenario(name: str, seed: int, qapp) -> None:  # type: ignore[no-untyped-def]
    game = play_randomly(fresh(name).truncated(0), DEPTH, seed=seed)
    assert disagreements(game, seed=seed) == []


def test_the_shipped_scenarios_are_the_ones_walked() -> None:
    assert sorted(name for name, _ in shipped_games()) == NAMES
