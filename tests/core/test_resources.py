"""The shipped maps, scenarios, assets and schema are found through one lookup, from any folder."""

import subprocess
import sys
from pathlib import Path

import pytest

from wargame.core.files.gamefile import SCHEMA_PATH
from wargame.core.files.scenario_file import scenario_path, shipped_scenarios
from wargame.core.map.mapdata import map_dir, maps_dir
from wargame.core.resources import shipped_dir, user_dir

REPO = Path(__file__).resolve().parents[2]


def test_a_checkout_finds_the_maps_and_assets_at_the_top_of_the_repository():
    assert shipped_dir("maps") == REPO / "maps"
    assert shipped_dir("assets") == REPO / "assets"


def test_every_shipped_map_and_scenario_is_found_by_name():
    assert (map_dir("bakhmut") / "map.json").is_file()
    assert scenario_path("bakhmut-2023-02") == maps_dir() / "bakhmut" / "scenarios" / "bakhmut-2023-02.json"
    assert {p.stem for p in shipped_scenarios()} >= {"bakhmut-2023-02", "stalingrad-1942-11"}


def test_the_schema_is_package_data():
    assert SCHEMA_PATH.is_file()
    assert SCHEMA_PATH.is_relative_to(REPO / "wargame")


def test_an_unknown_shipped_folder_is_a_programming_error():
    with pytest.raises(ValueError, match="no shipped folder 'tests'"):
        shipped_dir("tests")


def test_the_lookup_does_not_depend_on_the_current_folder(tmp_path):
    code = "from wargame.core.map.mapdata import maps_dir; print(maps_dir())"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert Path(out.stdout.strip()) == REPO / "maps"


@pytest.mark.parametrize(
    ("platform", "kind", "expected"),
    [
        ("linux", "cache", ".cache/wargame"),
        ("linux", "data", ".local/share/wargame"),
        ("darwin", "cache", "Library/Caches/wargame"),
        ("darwin", "data", "Library/Application Support/wargame"),
        ("win32", "cache", "AppData/Local/wargame/cache"),
        ("win32", "data", "AppData/Local/wargame"),
        ("linux", "state", ".local/state/wargame"),
        ("darwin", "state", "Library/Logs/wargame"),
        ("win32", "state", "AppData/Local/wargame/logs"),
    ],
)
def test_the_user_folders_follow_each_platform(platform, kind, expected, tmp_path, monkeypatch):
    for name in (
        "WARGAME_CACHE_DIR",
        "WARGAME_DATA_DIR",
        "WARGAME_STATE_DIR",
        "XDG_CACHE_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    monkeypatch.delenv("APPDATA", raising=False)
    monkeypatch.setattr("sys.platform", platform)
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    assert user_dir(kind) == tmp_path / expected


def test_there_are_three_user_folders():
    with pytest.raises(ValueError, match="no user folder 'config'"):
        user_dir("config")
