"""`python -m wargame explain --unit ID` and `report --hex LABEL`: text, JSON and clear errors."""

from __future__ import annotations

import json

import pytest

from wargame.cli import explain as explain_command
from wargame.cli import main
from wargame.cli import report as report_command
from wargame.core.actions import CutSegment, EndTurn, SetControl
from wargame.core.files.gamefile import save_game
from wargame.core.files.loading import open_source
from wargame.core.files.scenario_file import DEFAULT_SCENARIO, load_scenario
from wargame.core.game import Game
from wargame.core.grid.hexgrid import from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Segment, Unit, UnitType


def at(col: int, row: int):
    return from_offset(col, row)


GAMEMAP = make_map("""
    = = = = = = = =
    . . . . . . . .
""")


def sketch_game() -> Game:
    units = [
        Unit("ua-1", "UA", UnitType.INFANTRY, at(7, 0)),
        Unit("ru-1", "RU", UnitType.ARTILLERY, at(4, 1)),
    ]
    scenario = make_scenario(GAMEMAP, units, sources={"UA": [at(0, 0)], "RU": [at(0, 1)]})
    game = Game(scenario, GAMEMAP)
    game.push(EndTurn())
    game.push(SetControl((at(3, 0), at(3, 1)), "RU"))
    game.push(CutSegment(Segment.of(at(5, 0), at(6, 0))))
    return game


@pytest.fixture
def saved_game(monkeypatch) -> str:
    """The name of a sketch game the commands open (sketch maps cannot be saved to files)."""
    game = sketch_game()

    def opened(source):
        return game if source == "sketch-game" else open_source(source)

    monkeypatch.setattr(explain_command, "open_source", opened)
    monkeypatch.setattr(report_command, "open_source", opened)
    return "sketch-game"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_explain_prints_the_path_at_the_start_and_the_blockers_later(saved_game, capsys):
    path = saved_game
    code, out, _ = run(capsys, "explain", path, "--unit", "ua-1", "--turn", "1")
    assert code == 0
    assert out.startswith(f"ua-1 (UA) at {GAMEMAP.label(at(7, 0))}: supplied")
    assert f"Traced from the source at {GAMEMAP.label(at(0, 0))}: cost 3.5 (limit 40)" in out
    code, out, _ = run(capsys, "explain", path, "--unit", "ua-1")
    assert code == 0 and ": encircled" in out.splitlines()[0]
    assert f"{GAMEMAP.label(at(3, 0))}: held by RU" in out


def test_explain_json_has_the_path_and_the_blockers(saved_game, capsys):
    path = saved_game
    code, out, _ = run(capsys, "explain", path, "--unit", "ua-1", "--json")
    data = json.loads(out)
    assert code == 0 and data["supply"] == "encircled"
    blockers = {tuple(b["hex"]): [r["text"] for r in b["reasons"]] for b in data["blockers"]}
    assert blockers == {tuple(at(3, 0)): ["held by RU"], tuple(at(4, 1)): ["ru-1 stands there"]}
    assert data["official_supply"] == "supplied"  # fixed when UA's turn 1 began


def test_explain_an_unknown_unit_is_one_line_naming_valid_ids(saved_game, capsys):
    code, out, err = run(capsys, "explain", saved_game, "--unit", "ua-9")
    assert code == 2 and out == ""
    assert err.strip() == "wargame explain: error: there is no unit 'ua-9'; units are ru-1, ua-1"


def test_report_hex_describes_one_hex_by_its_label(saved_game, capsys):
    label = GAMEMAP.label(at(5, 0))
    code, out, _ = run(capsys, "report", saved_game, "--hex", label)
    assert code == 0
    assert out.startswith(f"Hex {label}: axial {at(5, 0).q},{at(5, 0).r}, open")
    assert f"Road R1 (main) to {GAMEMAP.label(at(6, 0))}, cut" in out
    assert "UA supply: encircled" in out
    assert "RU supply: supplied" in out
    assert "under fire: within reach of" not in out


def test_report_hex_json_lists_units_roads_and_each_sides_supply(saved_game, capsys):
    code, out, _ = run(capsys, "report", saved_game, "--hex", GAMEMAP.label(at(4, 1)), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["units"] == [{"id": "ru-1", "side": "RU", "type": "artillery", "name": ""}]
    assert data["roads"] == [] and data["terrain"] == "open"
    assert data["supply"]["UA"] == {
        "supply": None,
        "cost": None,
        "blocked": ["ru-1 stands there"],
        "under_fire": [],
    }


def test_report_hex_with_a_bad_label_is_a_one_line_error(saved_game, capsys):
    path = saved_game
    for label in ("9999", "05x4"):
        code, out, err = run(capsys, "report", path, "--hex", label)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
        assert err.startswith("wargame report: error: hex")


def test_explain_a_unit_of_a_saved_bakhmut_game(tmp_path, capsys):
    scenario, gamemap = load_scenario(DEFAULT_SCENARIO)
    game = Game(scenario, gamemap)
    path = tmp_path / "bakhmut.wargame.json"
    save_game(path, game)
    uid = sorted(u.id for u in game.state.units_of("UA"))[0]
    code, out, _ = run(capsys, "explain", str(path), "--unit", uid, "--json")
    data = json.loads(out)
    assert code == 0 and data["unit"] == uid and data["supply"] == data["official_supply"]
    assert data["path"][-1] == list(game.state.units[uid].hex)
