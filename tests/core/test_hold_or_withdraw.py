"""Hold or withdraw on the February 2023 scenario: the garrison's forecast and window, what a
seizure does to them, refusals in game files, older files, the schedule and decisions."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest

from wargame.core.actions import Decide, EndTurn, Reschedule, SetControl
from wargame.core.files.gamefile import game_from_dict, game_to_dict
from wargame.core.files.scenario_file import load_scenario
from wargame.core.game import Game
from wargame.core.reports.timeline import timeline_report
from wargame.core.rules.analysis import GameAnalysis


@pytest.fixture(scope="module")
def february():
    return load_scenario("bakhmut-2023-02")


def garrison(analysis):
    return next(f for f in analysis.sides["UA"].forecasts if "Bakhmut" in f.force)


def open_critical_hex(game, forecast):
    """The first critical hex no unit stands in (a hex with a defender cannot be seized)."""
    return next(h for h in forecast.critical_hexes if not game.state.units_at(h))


def far_hex(game):
    """A hex in Bakhmut Ukraine may enter, far from the logistics battalion in the west."""
    hq = game.state.units["UA-HQ-BKH"].hex
    return next(h for h in hq.neighbours() if not game.state.units_at(h) and game.state.controller(h) != "RU")


def test_the_garrison_has_a_forecast_and_a_window_at_the_start(february):
    game = Game(*february)
    data = GameAnalysis(game).current.to_dict()
    force = next(f for f in data["sides"]["UA"]["forces"] if "Bakhmut" in f["name"] and "forecast" in f)
    assert force["corridor_width_hexes"] >= 1
    assert isinstance(force["forecast"]["earliest_close_turn"], int)
    assert force["forecast"]["pace_close_turn"] is None  # no trend at the start
    assert force["withdrawal"]["turns_needed"] >= 1
    assert force["withdrawal"]["last_turn_to_start"] < force["forecast"]["earliest_close_turn"]


def test_each_seizure_of_a_critical_hex_brings_the_earliest_close_no_later(february):
    game = Game(*february)
    analyses = GameAnalysis(game)
    game.push(EndTurn())  # Russia to move
    for _ in range(3):
        before = garrison(analyses.current)
        game.push(SetControl((open_critical_hex(game, before),), "RU", ruling="assault adjudicated"))
        after = next((f for f in analyses.current.sides["UA"].forecasts if f.force == before.force), None)
        if after is None:
            break  # the ring closed
        assert after.earliest_close_turn is not None
        assert after.earliest_close_turn <= before.earliest_close_turn


def test_a_move_beyond_the_allowance_in_a_game_file_is_one_line_and_exit_2(february, tmp_path):
    game = Game(*february)
    data = game_to_dict(game)
    h = far_hex(game)
    far_move = {"type": "move", "unit_id": "UA-LOG", "to": [h.q, h.r]}  # the west edge to Bakhmut
    data["actions"].append({"turn": 1, "side": "UA", "actor": "UA", "action": far_move})
    path = tmp_path / "far.wargame.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "wargame", "report", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "UA-LOG" in result.stderr or "Logistics" in result.stderr
    assert "MP left" in result.stderr


def test_a_seizure_with_no_unit_near_in_a_game_file_is_refused_with_the_reason(february):
    game = Game(*february)
    data = game_to_dict(game)
    h = next(
        h
        for h in sorted(game.state.control)
        if game.state.control[h] == "RU"
        and not game.state.units_at(h)
        and all(u.hex.distance(h) > 1 for u in game.state.units_of("UA"))
    )
    data["actions"].append(
        {
            "turn": 1,
            "side": "UA",
            "actor": "UA",
            "action": {"type": "control", "hexes": [[h.q, h.r]], "side": "UA"},
        }
    )
    with pytest.raises(Exception, match="no combat unit of its stands in or next to it"):
        game_from_dict(data)


def test_an_older_game_file_replays_its_moves_as_played(february):
    game = Game(*february)
    data = game_to_dict(game)
    h = far_hex(game)
    del data["scenario"]["rules"]["timed_movement"]  # files older than timed movement
    data["actions"].append(
        {
            "turn": 1,
            "side": "UA",
            "actor": "UA",
            "action": {"type": "move", "unit_id": "UA-LOG", "to": [h.q, h.r]},
        }
    )
    assert game_from_dict(data).game.state.units["UA-LOG"].hex == h


def test_reinforcements_arrive_on_schedule_and_the_facilitator_can_bring_them_forward(february):
    game = Game(*february)
    report = timeline_report(game.state, GameAnalysis(game).current)
    (leopards,) = report["reinforcements"]
    assert leopards["turn"] == 53 and not leopards["arrived"]
    game.push(Reschedule(leopards["id"], 2, "the brigade is sent to Bakhmut at once"))
    game.push(EndTurn())
    assert "UA-47-1" not in game.state.units
    game.push(EndTurn())  # turn 2 begins
    assert "UA-47-1" in game.state.units and game.state.happened[leopards["id"]] == 2
    assert any("arrives" in n.text for n in game.state.notes if n.kind == "schedule")
    game.undo()
    assert "UA-47-1" not in game.state.units  # undo and branches follow the log


def test_a_decision_is_logged_and_reported(february):
    game = Game(*february)
    game.push(Decide("UA", "hold", "the city ties down Wagner", "Bakhmut garrison"))
    report = timeline_report(game.state, GameAnalysis(game).current)
    assert report["decisions"] == [
        {
            "turn": 1,
            "side": "UA",
            "choice": "hold",
            "rationale": "the city ties down Wagner",
            "force": "Bakhmut garrison",
        }
    ]
    assert replace(game.state.decisions[0]).choice == "hold"


def test_a_decision_point_is_reached_with_a_warning_and_its_turn(february):
    game = Game(*february)
    analyses = GameAnalysis(game)
    game.push(EndTurn())
    while (f := garrison(analyses.current)).width_hexes > 3:
        game.push(SetControl((open_critical_hex(game, f),), "RU", ruling="assault adjudicated"))
    reached = dict(analyses.current.reached)
    assert reached["Last road narrows"] == 1
    assert any(
        w.code == "decision_point" and w.subject == "Last road narrows" for w in analyses.current.warnings
    )
