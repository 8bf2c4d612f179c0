"""The command line: clear one-line errors with exit status 2, never a traceback."""

import json
import subprocess
import sys

import pytest

from wargame.cli import main
from wargame.cli.output import printable
from wargame.core.map.mapdata import maps_dir

SCENARIOS = maps_dir() / "bakhmut" / "scenarios"


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "wargame", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize(
    "args, words",
    [
        (["explode"], "invalid choice"),
        ([], "required"),
        (["report", "--turn", "soon"], "not a whole number"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(capsys, args, words):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_missing_file_is_one_line_on_stderr(tmp_path):
    result = run_cli("report", str(tmp_path / "nothing.wargame.json"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "nothing.wargame.json" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_json_scenario_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    result = run_cli("report", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "bad.json" in result.stderr


def test_unknown_scenario_id_is_a_clear_error(capsys):
    assert main(["report", "no-such-scenario"]) == 2
    assert "no-such-scenario" in capsys.readouterr().err


def test_help_lists_the_commands_and_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "report" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, words",
    [
        (["report", "**"], "no scenario file or shipped scenario named '**'"),
        (["report", "../../etc/passwd-like"], "file not found: ../../etc/passwd-like"),
        (
            ["import-map", "--name", "x", "--bbox", "1,2,3,4", "--hex-size", "1e300", "f.geojson"],
            "out of range",
        ),
        (
            ["import-map", "--name", "x", "--bbox", "1,2,3,4", "--hex-size", "nan", "f.geojson"],
            "out of range",
        ),
        (["replay", "g.wargame.json", "--gif", "g.gif", "--seconds", "inf"], "out of range"),
    ],
)
def test_bad_arguments_are_one_line_exit_2_and_no_traceback(capsys, args, words):
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err and out == ""


def test_bbox_takes_a_negative_first_number(capsys, tmp_path):
    # Read as the box (so the command goes on to the missing input), not as an unknown option.
    args = ["import-map", "--name", "solent", "--bbox", "-1.5,50.7,-1.0,51.0", str(tmp_path / "no.geojson")]
    assert main([*args, "--maps-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "no.geojson" in err and "--bbox" not in err


def test_side_and_unit_ids_are_matched_trimmed_and_in_any_case(tmp_path, capsys):
    square = [[37.95, 48.56], [38.05, 48.56], [38.05, 48.63], [37.95, 48.63], [37.95, 48.56]]
    area = tmp_path / "area.geojson"
    area.write_text(json.dumps({"type": "Polygon", "coordinates": [square]}), encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["import-control", str(area), "--side", " ru ", "-o", str(out)]) == 0
    assert "changed to RU" in capsys.readouterr().out
    assert main(["explain", "--unit", "ua-93-1"]) == 0
    assert capsys.readouterr().out.startswith("UA-93-1 (UA)")


def test_control_characters_from_a_file_are_shown_escaped(tmp_path, capsys):
    scenario = json.loads((SCENARIOS / "bakhmut-2023-02.json").read_text(encoding="utf-8"))
    scenario["title"] = "Bakhmut\x1b[2J\x1b]0;owned\x07 \u202egnp.exe"
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    assert main(["report", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "Bakhmut\\x1b[2J\\x1b]0;owned\\x07 \\u202egnp.exe" in out
    assert printable("a\nb", one_line=True) == "a\\nb"
