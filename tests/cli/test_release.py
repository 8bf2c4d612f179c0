"""What a stranger meets first: `--version` on both commands, the real program names, the
standalone app answering the headless commands, and user files in the user's folders."""

from __future__ import annotations

import tomllib

import pytest

import wargame
from tests.packaging.helpers import REPO
from wargame.cli import main as cli_main
from wargame.ui.window import app


def test_both_commands_print_the_one_version(capsys):
    assert cli_main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"wargame {wargame.__version__}"
    with pytest.raises(SystemExit) as stop:
        app.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"wargame-app {wargame.__version__}"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]  # read from wargame/__init__
    assert project["name"] != "wargame"  # taken on PyPI by an unrelated package
    assert set(project["scripts"]) == {"wargame"} and set(project["gui-scripts"]) == {"wargame-app"}
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert f"## {wargame.__version__}" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_app_tells_its_real_name():
    assert app.build_parser().format_usage().startswith("usage: wargame-app")


def test_the_app_runs_a_headless_command(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert app.main(["report", "bakhmut-2023-02"]) == 0
    assert capsys.readouterr().out.startswith("Bakhmut, late February 2023")
    assert app.main(["report", "no-such-scenario"]) == 2
    assert "error" in capsys.readouterr().err


def test_a_file_named_like_a_command_is_a_game_to_open(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert app.headless_command(["render", "x.wargame.json"])
    (tmp_path / "render").write_text("{}", encoding="utf-8")
    assert not app.headless_command(["render"])
    assert not app.headless_command(["game.wargame.json"]) and not app.headless_command(["--fit"])


def test_the_crash_log_is_in_the_users_state_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("WARGAME_STATE_DIR", str(tmp_path / "state"))
    assert app.log_path() == tmp_path / "state" / "wargame-app.log"


def test_import_map_writes_into_the_users_maps_folder(tmp_path, monkeypatch):
    from tests.core.test_importers_map import BBOX, PLACES, ROADS, write
    from wargame.core.importers import import_map
    from wargame.core.map.mapdata import find_map

    monkeypatch.setenv("WARGAME_MAPS_DIR", str(tmp_path / "user-maps"))
    inputs = [write(tmp_path / "roads.geojson", ROADS), write(tmp_path / "places.geojson", PLACES)]
    import_map("testland", BBOX, inputs, hex_size_m=500)
    assert (tmp_path / "user-maps" / "testland" / "map.json").is_file()
    assert find_map("testland") == tmp_path / "user-maps" / "testland"  # where the app looks


def test_replay_writes_only_what_is_asked_and_offers_the_handout(capsys, tmp_path):
    assert cli_main(["replay", str(tmp_path / "g.wargame.json")]) == 2
    assert "--handout FILE.pdf" in capsys.readouterr().err
    assert cli_main(["replay", str(tmp_path / "g.wargame.json"), "--handout", str(tmp_path / "h.html")]) == 2
    assert "should end in .pdf" in capsys.readouterr().err


def test_the_desktop_entry_and_the_game_file_type_agree():
    import configparser
    import xml.etree.ElementTree as ET

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(REPO / "packaging" / "linux" / "wargame-app.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"].split()[0] == "wargame-app" and desktop["Icon"] == "wargame-app"
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(REPO / "packaging" / "linux" / "wargame-app.xml").getroot().find("m:mime-type", ns)
    assert mime is not None and desktop["MimeType"].rstrip(";") == mime.get("type")
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == ["*.wargame.json"]
    for size in (48, 256):
        assert (REPO / "assets" / "icons" / f"wargame-{size}.png").is_file()
