"""Arguments and cells a careless or hostile user gives: labels of digits that are not ASCII,
numbers of thousands of digits, absurd counts, spreadsheet formulas and markup in names. Each
ends in a one-line refusal (exit 2) or is written harmless; none is a traceback or a hang."""

from __future__ import annotations

import csv
import html
from dataclasses import replace

import pytest

from tests.core.gamefile_fixtures import small_game
from wargame.cli import main
from wargame.core.errors import MapDataError
from wargame.core.files.reader import parse_json
from wargame.core.model import Side
from wargame.core.reports.aar import aar_html, review
from wargame.core.reports.csv_export import neutralised, write_tables


def refused(capsys, *args: str) -> str:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


@pytest.mark.parametrize("label", ["²²²²", "①②③④", "٠٥٠٤", "0x04"])
def test_hex_labels_are_ascii_digits_only(label, capsys):  # type: ignore[no-untyped-def]
    assert "four digits" in refused(capsys, "report", "--hex", label)


@pytest.mark.parametrize(
    "args",
    [
        ["print-map", "bakhmut", "--scale", "1:" + "9" * 5000],
        ["report", "--turn", "9" * 5000],
        ["render", "--turn", "-1"],
        ["bench", "--starts", "1000000000"],
        ["bench", "--repeat", "0"],
    ],
)
def test_numbers_in_arguments_are_bounded(args, capsys):  # type: ignore[no-untyped-def]
    refused(capsys, *args)


def test_a_file_cut_off_inside_a_note_full_of_quotes_is_refused_at_once():
    """The depth scan was quadratic on an unterminated string of \\" (200 KB: 140 s)."""
    text = '{"actions": [[[' + "[" * 70 + '{"text": "' + '\\"' * 400_000
    with pytest.raises(Exception, match="ends too early|nested far too deeply"):
        parse_json(text, "cut.wargame.json")


def test_csv_cells_that_would_start_a_formula_are_neutralised(tmp_path):
    game = small_game()
    evil = '=HYPERLINK("http://evil.example","click")'
    unit = game.scenario.units[0]
    units = (replace(unit, id=evil), *game.scenario.units[1:])
    game = type(game)(replace(game.scenario, units=units), game.map)
    write_tables(game, tmp_path)
    with (tmp_path / "units.csv").open(newline="", encoding="utf-8") as handle:
        ids = {row["unit"] for row in csv.DictReader(handle)}
    assert "'" + evil in ids and evil not in ids
    assert [neutralised(v) for v in ("+1+cmd", "@SUM(A1)", "-3,5", "12", 7)] == [
        "'+1+cmd",
        "'@SUM(A1)",
        "-3,5",
        "12",
        7,
    ]


def test_every_name_in_the_review_page_is_escaped():
    game = small_game()
    script = "<script>alert(1)</script>"
    sides = tuple(Side(s.id, s.name + script, s.colour + '"/>' + script) for s in game.scenario.sides)
    game = type(game)(replace(game.scenario, sides=sides, title=script), game.map, game.actions)
    page = aar_html(game, review(game))
    assert script not in page and html.escape(script) in page


def test_a_map_label_parser_refuses_non_ascii_digits_in_the_core():
    gamemap = small_game().map
    with pytest.raises(MapDataError):
        gamemap.hex_from_label("²²²²")
    some = sorted(gamemap.hexes)[0]
    assert gamemap.hex_from_label(gamemap.label(some)) == some
