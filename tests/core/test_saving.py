"""Everything written can be read back, and saving respects the file on disk: the writer
refuses what the reader would refuse, a symlink is written through, a read-only file is
refused, a file changed by someone else is not overwritten unasked, killed saves' temporary
files are cleaned up."""

from __future__ import annotations

import math
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.gamefile_fixtures import bakhmut, land_near, small_game
from wargame.core.actions import EndTurn, Note, PlaceUnit
from wargame.core.errors import ActionError, FileChangedError, GameFileError
from wargame.core.files.atomic import write_atomic
from wargame.core.files.document import Document
from wargame.core.files.file_state import clean_temporaries, writable_target
from wargame.core.files.gamefile import Metadata, game_to_json, load_game, save_game
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.sketch import make_scenario
from wargame.core.model import GROUNDS, Rules, Unit, UnitType
from wargame.core.rule_check import AT_LEAST_ONE, COUNT_LIMITS, MAX_RULE_COUNT, MAX_RULE_NUMBER, SHARES
from wargame.core.setup.scenario_draft import save_scenario

GAME = small_game()


# --- the writer refuses what the reader would refuse -------------------------------------------


@pytest.mark.parametrize(
    "rules, words",
    [
        (Rules(max_trace_cost=math.inf), r"max_trace_cost must be a number from 0 to 1,000,000, not inf"),
        (Rules(source_capacity=math.nan), r"source_capacity must be a number from 0 up, not nan"),
        (Rules(corridor_max_hexes=10**9), r"corridor_max_hexes must be a whole number from 0 to 100"),
    ],
)
def test_rules_no_file_can_hold_are_refused_on_saving(rules, words, tmp_path):
    # A scenario built in code (not read from a file, where the reader refuses such rules).
    scenario = replace(GAME.scenario, rules=rules)
    with pytest.raises(GameFileError, match=words):
        save_scenario(tmp_path / "s.json", scenario)
    assert list(tmp_path.iterdir()) == []


def test_metadata_with_a_lone_surrogate_is_refused_naming_the_place(tmp_path):
    with pytest.raises(GameFileError, match=r"metadata\.title holds a lone surrogate"):
        save_game(tmp_path / "g.wargame.json", GAME, Metadata(title="Bakhmut \ud800"))


def test_a_turn_length_of_infinity_is_refused_on_saving():
    game = Game(replace(GAME.scenario, turn_length_days=math.inf), GAME.map)
    with pytest.raises(GameFileError, match="turn_length_days inf is out of range"):
        game_to_json(game)


def test_a_unit_reach_out_of_range_is_refused_on_saving():
    unit = replace(GAME.scenario.units[0], reach=10**6)
    game = Game(replace(GAME.scenario, units=(unit, *GAME.scenario.units[1:])), GAME.map)
    with pytest.raises(GameFileError, match=r"units\[0\]: the direct-fire reach .* 0 to 50 hexes"):
        game_to_json(game)


@pytest.mark.parametrize(
    "action",
    [
        Note("\ud800"),
        Note("a note", category="\udfff"),
        PlaceUnit(Unit("x\ud83d", "UA", UnitType.RECON, Hex(0, 0))),
    ],
)
def test_text_no_file_can_hold_never_enters_the_game(action):
    game = Game(GAME.scenario, GAME.map)
    with pytest.raises(ActionError, match="not text"):
        game.push(action)
    assert len(game) == 0


# --- a property: saved games read back as they were ---------------------------------------------

NOTE_TEXT = st.text(min_size=1, max_size=40).filter(lambda text: text.strip() != "")


def rule_values() -> st.SearchStrategy[dict[str, object]]:
    """Every rule parameter at some value within its range (as the one rule check takes it)."""
    defaults = Rules()
    fields: dict[str, st.SearchStrategy[object]] = {}
    for name in Rules.__dataclass_fields__:
        value = getattr(defaults, name)
        if isinstance(value, bool):
            fields[name] = st.booleans()
        elif isinstance(value, str):
            fields[name] = st.sampled_from(GROUNDS)
        elif isinstance(value, int):
            fields[name] = st.integers(0, COUNT_LIMITS.get(name, MAX_RULE_COUNT))
        elif isinstance(value, float):
            high = 1.0 if name in SHARES else MAX_RULE_NUMBER
            fields[name] = st.floats(1.0 if name in AT_LEAST_ONE else 0.0, high, allow_nan=False)
        else:
            low = 1e-6 if name.endswith("_cost") else 0.0
            high = 1.0 if name in SHARES else MAX_RULE_NUMBER
            fields[name] = st.fixed_dictionaries({key: st.floats(low, high) for key in value})
    return st.fixed_dictionaries(fields)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=rule_values(), notes=st.lists(NOTE_TEXT, min_size=1, max_size=4), title=st.text(max_size=30))
def test_a_saved_game_reads_back_as_it_was(tmp_path_factory, rules, notes, title):
    from wargame.core.rule_check import checked_rules

    gamemap = bakhmut()
    units = [Unit("ua-1", "UA", UnitType.INFANTRY, land_near(gamemap, Hex(0, 0), 1)[0])]
    scenario = replace(make_scenario(gamemap, units, scenario_id="fuzz"), rules=checked_rules(rules))
    document = Document(Game(scenario, gamemap), metadata=Metadata(title=title))
    for text in notes:
        document.game.push(Note(text))
    document.game.push(EndTurn())
    path = tmp_path_factory.mktemp("saved") / "g.wargame.json"
    document.save(path)  # the app's code path: the window saves through its Document
    again = Document.open(str(path))
    assert [n.text for n in again.game.state.notes] == notes
    assert again.game.scenario.rules == document.game.scenario.rules
    assert again.metadata is not None and again.metadata.title == title
    assert again.game.state.state_hash() == document.game.state.state_hash()


# --- saving respects the file on disk ------------------------------------------------------------


def test_a_symlink_is_written_through_to_its_target_and_stays_a_link(tmp_path):
    target = tmp_path / "real.wargame.json"
    save_game(target, GAME.truncated(2))
    link = tmp_path / "link.wargame.json"
    link.symlink_to(target)
    save_game(link, GAME)
    assert link.is_symlink() and writable_target(link) == target.resolve()
    assert len(load_game(target)) == len(GAME)


def test_a_read_only_file_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "g.wargame.json"
    save_game(path, GAME.truncated(2))
    before = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(GameFileError, match="read-only"):
        save_game(path, GAME)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_folder_is_not_written_over(tmp_path):
    with pytest.raises(GameFileError, match="not a regular file"):
        write_atomic(tmp_path, "{}")


def test_a_document_does_not_overwrite_a_file_changed_since_it_was_opened(tmp_path):
    path = tmp_path / "g.wargame.json"
    save_game(path, GAME.truncated(3))
    mine, theirs = Document.open(str(path)), Document.open(str(path))
    theirs.game.push(Note("theirs"))
    theirs.save()
    mine.game.push(Note("mine"))
    assert mine.changed_on_disk()
    with pytest.raises(FileChangedError, match="changed on disk"):
        mine.save()
    assert load_game(path).state.notes[-1].text == "theirs"
    mine.save(overwrite=True)
    assert load_game(path).state.notes[-1].text == "mine" and not mine.changed_on_disk()


def test_a_document_whose_file_was_deleted_saves_it_again(tmp_path):
    path = tmp_path / "g.wargame.json"
    save_game(path, GAME.truncated(3))
    document = Document.open(str(path))
    path.unlink()
    document.save()
    assert len(load_game(path)) == 3


def test_only_our_own_stale_temporary_files_are_cleaned_up(tmp_path):
    ours = tmp_path / ".g.wargame.json.abcd1234.wargame-tmp"
    in_progress = tmp_path / ".h.wargame.json.efgh5678.wargame-tmp"
    theirs = [tmp_path / ".g.wargame.json.abcd1234.tmp", tmp_path / "g.wargame-tmp", tmp_path / "notes.txt"]
    for path in (ours, in_progress, *theirs):
        path.write_text("x", encoding="utf-8")
    old = time.time() - 3600
    for path in (ours, *theirs):
        os.utime(path, (old, old))
    assert clean_temporaries(tmp_path) == [ours]
    assert in_progress.exists() and all(p.exists() for p in theirs)


def test_a_killed_save_leaves_the_old_file_and_only_a_temporary_file_we_recognise(tmp_path, monkeypatch):
    path = tmp_path / "g.wargame.json"
    save_game(path, GAME.truncated(2))
    leftovers: list[Path] = []
    real_replace = os.replace

    def killed(source, target):  # type: ignore[no-untyped-def]
        leftovers.append(Path(source))
        raise KeyboardInterrupt  # the save stops between writing and renaming

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        save_game(path, GAME)
    monkeypatch.setattr(os, "replace", real_replace)
    assert len(load_game(path)) == 2
    assert leftovers and not leftovers[0].exists()  # removed on the way out when it can be
