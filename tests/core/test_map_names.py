"""Map names resolve only under the maps folders (shipped, then the user's), never in the
current folder and never as a path."""

from __future__ import annotations

import json
import shutil

import pytest

from wargame.cli import main
from wargame.core.errors import GameFileError, MapDataError
from wargame.core.files.scenario_file import scenario_from_dict
from wargame.core.map.mapdata import find_map, load_map, maps_dir


def test_a_folder_of_the_same_name_in_the_current_folder_is_never_read(tmp_path, monkeypatch, capsys):
    planted = tmp_path / "bakhmut"
    planted.mkdir()
    meta = {"name": "bakhmut", "bbox": [0, 0, 1, 1], "layers": {"roads": "roads.geojson"}}
    (planted / "map.json").write_text(json.dumps(meta), encoding="utf-8")
    (planted / "roads.geojson").symlink_to("/etc/hostname")
    monkeypatch.chdir(tmp_path)
    assert find_map("bakhmut") == maps_dir() / "bakhmut"
    assert load_map("bakhmut").title == "Bakhmut and surroundings"
    assert main(["report", "bakhmut-2023-02"]) == 0
    assert "Bakhmut" in capsys.readouterr().out


@pytest.mark.parametrize(
    "name", ["../../../../tmp/x", "/etc", "..", ".", "bakhmut/../stalingrad", "*", "", "a" * 65]
)
def test_a_map_named_by_a_path_or_a_pattern_is_refused(name):
    with pytest.raises(MapDataError, match="a map is named by its folder"):
        load_map(name)
    with pytest.raises(GameFileError, match="field 'map' must name a map folder"):
        scenario_from_dict({"map": name}, "evil.json")


def test_a_map_in_the_users_maps_folder_is_found_by_name(tmp_path, monkeypatch):
    shutil.copytree(maps_dir() / "bakhmut", tmp_path / "mine", ignore=shutil.ignore_patterns("scenarios"))
    meta = json.loads((tmp_path / "mine" / "map.json").read_text(encoding="utf-8"))
    (tmp_path / "mine" / "map.json").write_text(json.dumps({**meta, "name": "mine"}), encoding="utf-8")
    monkeypatch.setenv("WARGAME_MAPS_DIR", str(tmp_path))
    assert find_map("mine") == tmp_path / "mine"
    assert len(load_map("mine")) == len(load_map("bakhmut"))
    monkeypatch.setenv("WARGAME_MAPS_DIR", str(tmp_path / "elsewhere"))
    with pytest.raises(MapDataError, match="no map 'mine'"):
        load_map("mine")


def test_a_folder_named_like_a_scenario_does_not_hide_the_shipped_one(tmp_path, monkeypatch, capsys):
    (tmp_path / "bakhmut-2023-02").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["report", "bakhmut-2023-02"]) == 0
    assert main(["report", "./bakhmut-2023-02/"]) == 2
    assert "it is a folder" in capsys.readouterr().err
