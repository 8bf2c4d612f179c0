"""CSV export: tidy per-turn tables of units, routes and warnings for a short game."""

import csv

import pytest

from wargame.cli import main
from wargame.core.actions import EndTurn, MoveUnit, SetControl
from wargame.core.files.loading import open_source
from wargame.core.reports.csv_export import write_tables
from wargame.core.rules.analysis import analysis_at


def read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def short_game():
    """Two turns: Russia seizes the O0506 near Khromove in its first turn."""
    game = open_source(None)
    game.push(EndTurn())
    o0506 = analysis_at(game, len(game)).sides["UA"].routes["O0506"].route_hexes
    khromove = game.map.settlements["Khromove"]
    hexes = tuple(h for h in o0506 if h.distance(khromove) <= 1 and not game.state.units_at(h))
    game.push(SetControl(hexes, "RU", "adjudicated"))
    game.push(EndTurn())
    ua = game.state.units_of("UA")[0]
    target = next(
        n
        for n in game.map.neighbours(ua.hex)
        if not game.state.units_at(n) and game.map.terrain(n).value != "water"
    )
    game.push(MoveUnit(ua.id, target, "adjudicated"))
    return game, hexes


def test_one_unit_row_per_unit_and_moment(short_game, tmp_path):
    game, _ = short_game
    units = read(write_tables(game, tmp_path)[0])
    moments = sorted({(r["turn"], r["action_index"]) for r in units})
    assert moments == [("1", "0"), ("2", "3"), ("2", "4")]
    for turn, index in moments:
        rows = [r for r in units if (r["turn"], r["action_index"]) == (turn, index)]
        assert len(rows) == len(game.state_at(int(index)).units)


def test_unit_rows_follow_the_moves(short_game, tmp_path):
    game, _ = short_game
    units = read(write_tables(game, tmp_path)[0])
    mover = game.state.units_of("UA")[0]
    last = [r for r in units if r["unit"] == mover.id and r["action_index"] == "4"][0]
    assert last["label"] == game.map.label(mover.hex)
    assert last["supply"] in {"supplied", "limited", "out_of_supply", "encircled"}


def test_route_status_changes_between_turns(short_game, tmp_path):
    game, seized = short_game
    routes = read(write_tables(game, tmp_path)[1])
    o0506 = {r["action_index"]: r for r in routes if r["side"] == "UA" and r["route"] == "O0506"}
    assert o0506["0"]["status"] == "open"
    assert o0506["3"]["status"] == "cut"
    assert set(o0506["3"]["hexes"].split()) & {game.map.label(h) for h in seized}


def test_warnings_table_records_the_cut_as_new(short_game, tmp_path):
    game, _ = short_game
    warnings = read(write_tables(game, tmp_path)[2])
    cut = [w for w in warnings if w["action_index"] == "3" and w["side"] == "UA" and "O0506" in w["message"]]
    assert cut and cut[0]["severity"] in {"warning", "critical"}


def test_cli_writes_three_files(tmp_path, capsys):
    assert main(["export", "bakhmut-2023-02", "--csv", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["routes.csv", "units.csv", "warnings.csv"]


def test_cli_refuses_an_unwritable_folder(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", "bakhmut-2023-02", "--csv", str(blocker / "sub")]) == 2
    assert "cannot create" in capsys.readouterr().err
