"""Facilitators' overrides: shown beside the computed status, never silently in its place."""

from __future__ import annotations

import json

import pytest

from wargame.cli import main
from wargame.core.actions import OverrideStatus, SetControl
from wargame.core.files.gamefile import load_game, save_game
from wargame.core.files.scenario_file import DEFAULT_SCENARIO, load_scenario
from wargame.core.game import Game
from wargame.core.grid.hexgrid import from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import RouteSpec, Unit, UnitType
from wargame.core.reports.report import report_text
from wargame.core.rules.analysis import GameAnalysis, analyse
from wargame.core.rules.results import RouteState, Severity, Supply


def at(col: int, row: int):
    return from_offset(col, row)


GAMEMAP = make_map("""
    = = = = = =
    . . . . . .
    = = = = = =
""")
ROUTES = {"UA": [RouteSpec("North", "R1", at(0, 0), at(5, 0)), RouteSpec("South", "R1", at(0, 2), at(5, 2))]}


@pytest.fixture
def game() -> Game:
    units = [Unit("ua1", "UA", UnitType.INFANTRY, at(5, 1))]
    scenario = make_scenario(GAMEMAP, units, sources={"UA": [at(0, 0), at(0, 2)]}, routes=ROUTES)
    return Game(scenario, GAMEMAP)


def codes(game: Game) -> list[str]:
    return [w.code for w in analyse(game.state).warnings]


def test_a_unit_override_is_shown_beside_the_computed_supply(game):
    game.push(OverrideStatus("UA", "unit", "ua1", "out_of_supply", "convoy ambushed"))
    unit = analyse(game.state).sides["UA"].units["ua1"]
    assert unit.supply is Supply.SUPPLIED  # computed, unchanged
    assert (unit.override, unit.override_reason, unit.effective) == (
        "out_of_supply",
        "convoy ambushed",
        Supply.OUT_OF_SUPPLY,
    )


def test_a_route_override_is_shown_beside_the_computed_status_with_a_warning(game):
    game.push(OverrideStatus("UA", "route", "North", "cut", "bridge destroyed"))
    analysis = analyse(game.state)
    route = analysis.sides["UA"].routes["North"]
    assert (route.status, route.effective) == (RouteState.OPEN, RouteState.CUT)
    (warning,) = [w for w in analysis.warnings if w.code == "OVERRIDE"]
    assert warning.severity is Severity.INFO and warning.side == "UA"
    assert warning.message == "Facilitator: North ruled cut — bridge destroyed (computed: open)"


def test_counting_open_routes_follows_the_rulings(game):
    assert "ONE_ROUTE_LEFT" not in codes(game)
    game.push(OverrideStatus("UA", "route", "North", "cut", "bridge destroyed"))
    assert "ONE_ROUTE_LEFT" in codes(game)
    assert "ROUTE_CUT" not in codes(game)  # per-route warnings say what the engine computed
    game.push(OverrideStatus("UA", "route", "South", "under_fire", "observed by drones"))
    assert "NO_ROUTE_OPEN" in codes(game) and "ONE_ROUTE_LEFT" not in codes(game)


def test_a_withdrawn_override_leaves_no_trace_in_the_analysis(game):
    game.push(OverrideStatus("UA", "unit", "ua1", "limited", "ammunition short"))
    game.push(OverrideStatus("UA", "unit", "ua1", None, "resupplied"))
    assert analyse(game.state).sides["UA"].units["ua1"].override is None
    assert "OVERRIDE" not in codes(game)


def test_overrides_are_in_the_report_json_and_text(game):
    game.push(OverrideStatus("UA", "unit", "ua1", "limited", "ammunition short"))
    game.push(OverrideStatus("UA", "route", "South", "cut", "bridge destroyed"))
    analysis = analyse(game.state)
    sides = analysis.to_dict()["sides"]["UA"]
    assert sides["units"]["ua1"]["override"] == {"status": "limited", "reason": "ammunition short"}
    assert sides["units"]["ua1"]["supply"] == "supplied"
    assert sides["routes"]["South"]["override"] == {"status": "cut", "reason": "bridge destroyed"}
    assert "override" not in sides["routes"]["North"]
    text = report_text(game.state, analysis)
    assert "supplied, trace cost 4; ruled limited by the facilitator: ammunition short" in text
    assert "open; ruled cut by the facilitator: bridge destroyed" in text


def test_an_override_survives_a_save_and_load_and_shows_in_the_loaded_games_report(tmp_path, capsys):
    scenario, gamemap = load_scenario(DEFAULT_SCENARIO)
    game = Game(scenario, gamemap)
    route = scenario.routes["UA"][-1].name
    game.push(OverrideStatus("UA", "route", route, "cut", "bridge destroyed"))
    path = tmp_path / "ruled.wargame.json"
    save_game(path, game)
    loaded = load_game(path)
    assert loaded.state.override_for("UA", "route", route).reason == "bridge destroyed"
    routes = GameAnalysis(loaded).current.sides["UA"].routes
    assert (routes[route].override, routes[route].override_reason) == ("cut", "bridge destroyed")
    assert main(["report", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sides"]["UA"]["routes"][route]["override"] == {"status": "cut", "reason": "bridge destroyed"}
    assert any(w["code"] == "OVERRIDE" and route in w["message"] for w in data["warnings"])


def test_a_ruled_route_shows_the_ruling_in_its_warning_too(game: Game) -> None:
    game.push(SetControl((at(3, 0),), "RU"))
    game.push(OverrideStatus("UA", "route", "North", "open", "the bridge holds"))
    analysis = analyse(game.state, None)
    [cut] = [w for w in analysis.warnings if w.subject == "North" and w.side == "UA"]
    assert "North cut at" in cut.message and "— ruled open: the bridge holds" in cut.message
