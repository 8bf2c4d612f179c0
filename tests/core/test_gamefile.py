"""Game files: the round trip, the schema, metadata and atomic saving."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from tests.core.gamefile_fixtures import small_game
from wargame.cli import main as cli_main
from wargame.cli.bench import bench_figures, bench_game
from wargame.core.actions import ACTION_TYPES
from wargame.core.errors import GameFileError
from wargame.core.files import atomic, gamefile
from wargame.core.files.gamefile import (
    SCHEMA_PATH,
    Metadata,
    Player,
    game_to_dict,
    load_game,
    read_game,
    save_game,
)
from wargame.core.files.loading import open_source


@pytest.fixture(scope="module")
def game():
    return small_game()


@pytest.fixture(scope="module")
def schema():
    data = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return jsonschema.Draft202012Validator(data)


def hashes(g) -> list[str]:
    return [g.state_at(i).state_hash() for i in range(len(g) + 1)]


def test_save_then_load_gives_the_same_state_at_every_action(game, tmp_path):
    path = tmp_path / "battle.wargame.json"
    save_game(path, game)
    again = load_game(path)
    assert len(again) == len(game)
    assert hashes(again) == hashes(game)


def test_a_long_random_game_survives_the_round_trip(tmp_path):
    original = bench_game(150, seed=7)
    path = tmp_path / "long.wargame.json"
    save_game(path, original)
    assert hashes(load_game(path)) == hashes(original)


def test_undone_actions_are_not_saved(game, tmp_path):
    branch = game.truncated(len(game))
    branch.undo()
    branch.undo()
    save_game(tmp_path / "b.wargame.json", branch)
    again = load_game(tmp_path / "b.wargame.json")
    assert len(again) == len(game) - 2
    assert again.state.state_hash() == game.state_at(len(game) - 2).state_hash()


def test_saved_file_matches_the_json_schema(game, schema, tmp_path):
    path = tmp_path / "battle.wargame.json"
    save_game(path, game, Metadata(title="T", players=(Player("Ann", "UA"), Player("Obs"))))
    errors = sorted(schema.iter_errors(json.loads(path.read_text())), key=str)
    assert errors == []


def test_a_long_random_game_matches_the_schema(schema):
    data = json.loads(json.dumps(game_to_dict(bench_game(200, seed=3))))
    assert list(schema.iter_errors(data)) == []


def test_the_schema_knows_every_kind_of_action(schema):
    kinds = {choice["properties"]["type"]["const"] for choice in schema.schema["$defs"]["action"]["oneOf"]}
    assert kinds == set(ACTION_TYPES), (
        "update wargame/core/files/schema/game-file.schema.json and docs/game-file.md"
    )


def test_schema_rejects_what_the_loader_rejects(game, schema):
    data = json.loads(json.dumps(game_to_dict(game)))
    data["actions"][0]["action"]["to"] = [1]
    assert not schema.is_valid(data)


def test_every_action_records_the_turn_and_side_it_was_played_in(game):
    entries = game_to_dict(game)["actions"]
    assert [(e["turn"], e["side"]) for e in entries][3:6] == [(1, "UA"), (1, "UA"), (1, "RU")]
    assert entries[-1]["turn"] == 2 and entries[-1]["action"] == {"type": "end_turn"}


def test_metadata_survives_and_times_are_set(game, tmp_path):
    path = tmp_path / "m.wargame.json"
    first = datetime(2023, 2, 14, 9, 30, tzinfo=UTC)
    meta = Metadata("Bakhmut seminar", "Maj. K", players=(Player("Ann", "UA"),))
    meta = save_game(path, game, meta, now=first)
    assert meta.created == meta.modified == "2023-02-14T09:30:00Z"
    later = save_game(path, game, meta, now=datetime(2023, 2, 15, 8, 0, tzinfo=UTC))
    read = read_game(path)
    assert read.metadata == later
    assert (read.metadata.created, read.metadata.modified) == ("2023-02-14T09:30:00Z", "2023-02-15T08:00:00Z")
    assert read.metadata.players == (Player("Ann", "UA"),)


def test_title_defaults_to_the_scenario_title(game, tmp_path):
    save_game(tmp_path / "t.wargame.json", game)
    assert read_game(tmp_path / "t.wargame.json").metadata.title == game.scenario.title


def test_the_file_is_readable_text_with_one_line_per_action(game, tmp_path):
    path = tmp_path / "r.wargame.json"
    save_game(path, game)
    lines = path.read_text(encoding="utf-8").splitlines()
    action_lines = [line for line in lines if '"action": {' in line]
    assert len(action_lines) == len(game)
    assert '"text": "note: the bridge is down"' in path.read_text(encoding="utf-8")


def test_loading_never_changes_a_game_already_open(game, tmp_path):
    path = tmp_path / "g.wargame.json"
    save_game(path, game)
    before = hashes(game)
    other = load_game(path)
    other.push(other.actions[4])  # another end of turn in the copy only
    assert hashes(game) == before and other is not game


# --- atomic saving -----------------------------------------------------------------------------


class _FailingHalfway:
    """A file object that writes half of what it is given, then fails like a full disk."""

    def __init__(self, real, error: BaseException):
        self.real, self.error = real, error

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()
        return False

    def write(self, text):
        self.real.write(text[: len(text) // 2])
        self.real.flush()
        raise self.error

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_save_that_fails_halfway_leaves_the_previous_file_intact(game, tmp_path, monkeypatch, error):
    path = tmp_path / "battle.wargame.json"
    save_game(path, game.truncated(3))
    previous = path.read_bytes()
    real_fdopen = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda *a, **k: _FailingHalfway(real_fdopen(*a, **k), error))
    expected = GameFileError if isinstance(error, OSError) else KeyboardInterrupt
    with pytest.raises(expected):
        save_game(path, game)
    monkeypatch.undo()
    assert path.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["battle.wargame.json"]
    assert len(load_game(path)) == 3


def test_a_failed_fsync_does_not_replace_the_file(game, tmp_path, monkeypatch):
    path = tmp_path / "battle.wargame.json"
    save_game(path, game.truncated(2))
    previous = path.read_bytes()

    def failing_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(GameFileError, match="Input/output error"):
        save_game(path, game)
    assert path.read_bytes() == previous


def test_saving_into_a_missing_folder_is_a_clear_error(game, tmp_path):
    with pytest.raises(GameFileError, match="cannot save"):
        save_game(tmp_path / "nowhere" / "g.wargame.json", game)


def test_saving_keeps_the_permissions_of_the_file_it_replaces(game, tmp_path):
    path = tmp_path / "p.wargame.json"
    save_game(path, game)
    path.chmod(0o600)
    save_game(path, game)
    assert path.stat().st_mode & 0o777 == 0o600


# --- the rest of the program opens game files ---------------------------------------------------


def test_open_source_opens_a_game_file(game, tmp_path):
    path = tmp_path / "g.wargame.json"
    save_game(path, game)
    assert open_source(str(path)).state.state_hash() == game.state.state_hash()


def test_report_on_a_game_file_at_a_turn(game, tmp_path, capsys):
    path = tmp_path / "g.wargame.json"
    save_game(path, game)
    assert cli_main(["report", str(path), "--turn", "2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["turn"] == 2
    assert "ua-2" in report["sides"]["UA"]["units"]  # removed later in turn 2, present at its start


def test_bench_figures_measure_save_and_load():
    figures = bench_figures(repeat=1, actions=50)
    assert sorted(figures) == ["game file: load + replay 50 actions (ms)", "game file: save 50 actions (ms)"]
    assert all(value > 0 for value in figures.values())


def test_timestamps_are_utc_iso():
    moment = datetime(2023, 2, 14, 12, 0, 5, 999, tzinfo=UTC)
    assert gamefile.timestamp(moment) == "2023-02-14T12:00:05Z"
    assert Path(gamefile.SCHEMA_PATH).name == "game-file.schema.json"
