"""The command line: clear one-line errors with exit status 2, never a traceback."""

import subprocess
import sys

import pytest

from wargame.cli import main


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "wargame", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize(
    "args, words",
    [
        (["explode"], "invalid choice"),
        ([], "required"),
        (["report", "--turn", "soon"], "invalid int"),
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
