"""`python -m wargame report`: the analysis as JSON or text, at any turn of a game file."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest

from wargame.cli import main
from wargame.cli.bench import core_figures, generated_state
from wargame.core.actions import EndTurn, SetControl
from wargame.core.files.gamefile import save_game
from wargame.core.files.scenario_file import DEFAULT_SCENARIO, load_scenario
from wargame.core.game import Game
from wargame.core.grid.hexgrid import from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Rules, Unit, UnitType
from wargame.core.reports.report import report_text
from wargame.core.state import GameState

UNIT_KEYS = {"hex", "supply", "turns_out_of_supply"}
WARNING_KEYS = {"code", "severity", "side", "message", "hexes", "units", "since_turn"}


def report(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_report_of_the_default_scenario_has_the_agreed_shape(capsys):
    code, out, _ = report(capsys, "--json")
    data = json.loads(out)
    assert code == 0
    assert {"scenario", "turn", "side_to_move", "sides", "warnings"} <= set(data)
    assert (data["scenario"], data["turn"], data["side_to_move"]) == (DEFAULT_SCENARIO, 1, "UA")
    for side in data["sides"].values():
        assert {"units", "routes", "pockets", "corridors"} <= set(side)
        assert all(set(u) >= UNIT_KEYS for u in side["units"].values())
        assert all({"status", "hexes"} <= set(r) for r in side["routes"].values())
        assert all({"units", "width_hexes", "width_m", "critical_hexes"} <= set(c) for c in side["corridors"])
    assert data["sides"]["UA"]["routes"]["M03"]["status"] == "cut"
    assert all(set(w) >= WARNING_KEYS for w in data["warnings"])
    assert data["warnings"][0]["severity"] == "critical"


def test_text_report_names_routes_places_and_warnings(capsys):
    code, out, _ = report(capsys, DEFAULT_SCENARIO)
    assert code == 0
    assert "Only O0506 remains open" in out
    assert "M03" in out and "cut at" in out and "(Bakhmut)" in out
    assert "Corridor to UA garrison of Bakhmut" in out


def test_report_at_a_turn_of_a_saved_game(tmp_path, capsys):
    scenario, gamemap = load_scenario(DEFAULT_SCENARIO)
    game = Game(scenario, gamemap)
    o0506 = next(r for r in scenario.routes["UA"] if r.name == "O0506")
    khromove = gamemap.road_path(o0506.road, o0506.start, o0506.end)[10]
    game.push(EndTurn())
    game.push(SetControl((khromove,), "RU", "adjudicated"))  # Russia cuts the last road in turn 1
    game.push(EndTurn())
    path = tmp_path / "cut.wargame.json"
    save_game(path, game)
    _, before, _ = report(capsys, str(path), "--turn", "1", "--json")
    _, after, _ = report(capsys, str(path), "--json")
    first, last = json.loads(before), json.loads(after)
    assert first["sides"]["UA"]["routes"]["O0506"]["status"] == "open"
    assert last["turn"] == 2 and last["sides"]["UA"]["routes"]["O0506"]["status"] == "cut"
    cut = next(w for w in last["warnings"] if w["code"] == "ROUTE_CUT" and "O0506" in w["message"])
    assert cut["since_turn"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--turn", "9"], "turn 9 is not in this game"), (["no-such-scenario"], "no scenario file")],
)
def test_errors_are_one_line_on_stderr_with_exit_status_2(capsys, args, message):
    code, out, err = report(capsys, *args)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_the_module_runs_as_a_command():
    result = subprocess.run(
        [sys.executable, "-m", "wargame", "report", "--json"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["scenario"] == DEFAULT_SCENARIO


def test_the_bench_measures_the_analysis_on_the_scenario_and_a_generated_map():
    figures = dict(core_figures(repeat=1, quick=True))
    assert len(figures) == 6 and all(ms > 0 for ms in figures.values())
    # Each map: the reference measured in the same run, then the analysis as a multiple of it.
    assert sum(name.startswith("reference: 2 Dijkstra") for name in figures) == 2
    assert sum("× the reference]" in name for name in figures) == 4
    state = generated_state(100, 100, 300)
    assert len(state.units) == 300 and len(state.map) == 10_000
    assert {"UA", "RU"} == set(state.control.values())


def test_text_report_shows_pockets_and_turns_out_of_supply():
    gamemap = make_map(". . . . . . . . ~ .")  # six cross-country hexes are 12 points
    units = [
        Unit("cut-off", "UA", UnitType.INFANTRY, from_offset(9, 0)),
        Unit("far", "UA", UnitType.INFANTRY, from_offset(7, 0)),
    ]
    scenario = make_scenario(gamemap, units, sources={"UA": [from_offset(0, 0)], "RU": []})
    scenario = replace(scenario, rules=Rules(max_trace_cost=6.0))
    state = GameState.initial(scenario, gamemap).evolve(turns_out_of_supply={"cut-off": 2})
    text = report_text(state)
    assert "Pocket" in text and "cut-off" in text
    assert "encircled (2 turns out of supply)" in text
    far = next(line for line in text.splitlines() if line.strip().startswith("far"))
    assert far.rstrip().endswith("out of supply")
