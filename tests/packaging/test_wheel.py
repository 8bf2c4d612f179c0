"""The installable package: `python -m build` makes a wheel that, installed into a fresh venv,
runs `wargame report` and `wargame-app --screenshot` from an empty folder (no checkout)."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.helpers import REPO, clean_env, png_size, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the wheel built from this checkout installed (dependencies from the
    package index, through pip's cache)."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(root / "dist"), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheels = list((root / "dist").glob("wargame_companion-*.whl"))  # the distribution's own name
    assert len(wheels) == 1
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheels[0])],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return venv


@pytest.fixture
def empty(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_the_wheel_carries_the_maps_scenarios_schema_assets_and_fonts(installed, empty, tmp_path):
    code = (
        "import wargame; from wargame.core.map.mapdata import maps_dir; "
        "from wargame.core.files.gamefile import SCHEMA_PATH; "
        "from wargame.core.resources import shipped_dir; "
        "print(wargame.__file__); print(maps_dir()); print(SCHEMA_PATH.is_file()); "
        "print((shipped_dir('assets') / 'style.qss').is_file() and "
        "(shipped_dir('assets') / 'fonts' / 'DejaVuSans.ttf').is_file()); "
        "print(sorted(p.name for p in maps_dir().glob('*/scenarios/*.json')))"
    )
    out = run([str(installed / "bin" / "python"), "-c", code], empty, clean_env(tmp_path / "cache"))
    package, maps, schema, style, scenarios = out.splitlines()
    assert Path(package).is_relative_to(installed), "the installed wargame, not the checkout"
    assert Path(maps) == Path(package).parent / "maps"
    assert (schema, style) == ("True", "True")
    assert "bakhmut-2023-02.json" in scenarios and "stalingrad-1942-11.json" in scenarios


def test_the_installed_command_reports_the_default_scenario_from_an_empty_folder(installed, empty, tmp_path):
    command = [str(installed / "bin" / "wargame"), "report", "bakhmut-2023-02"]
    out = run(command, empty, clean_env(tmp_path / "c"))
    assert out.startswith("Bakhmut, late February 2023")
    assert "O0506" in out
    assert list(empty.iterdir()) == []
    assert [p.name.split("-")[0] for p in (tmp_path / "c" / "maps").iterdir()] == ["bakhmut"]


def test_the_installed_app_takes_a_screenshot_from_an_empty_folder(installed, empty, tmp_path):
    out = run(
        [str(installed / "bin" / "wargame-app"), "--screenshot", "out.png", "--size", "1280x800"],
        empty,
        clean_env(tmp_path / "cache"),
    )
    assert "wrote out.png" in out
    assert png_size(empty / "out.png") == (1280, 800)


def test_both_commands_answer_their_version_and_real_name(installed, empty, tmp_path):
    import wargame

    env = clean_env(tmp_path / "cache")
    assert (
        run([str(installed / "bin" / "wargame"), "--version"], empty, env).strip()
        == f"wargame {wargame.__version__}"
    )
    app = str(installed / "bin" / "wargame-app")
    assert run([app, "--version"], empty, env).strip() == f"wargame-app {wargame.__version__}"
    assert run([app, "--help"], empty, env).startswith("usage: wargame-app")
    assert run([app, "report", "bakhmut-2023-02"], empty, env).startswith("Bakhmut, late February 2023")
    assert list(empty.iterdir()) == []


def test_pipx_installs_the_wheel_from_an_empty_folder(installed, empty, tmp_path):
    """As a stranger would: `pipx install` of the wheel into pipx's own folders, then the
    commands from an empty folder."""
    wheel = next((installed.parent / "dist").glob("wargame_companion-*.whl"))
    pipx = tmp_path / "pipx-tool"
    subprocess.run([sys.executable, "-m", "venv", str(pipx)], check=True, timeout=300)
    run(
        [str(pipx / "bin" / "python"), "-m", "pip", "install", "--quiet", "pipx"],
        empty,
        clean_env(tmp_path / "c"),
    )
    env = clean_env(tmp_path / "c") | {
        "PIPX_HOME": str(tmp_path / "pipx-home"),
        "PIPX_BIN_DIR": str(tmp_path / "pipx-bin"),
        "PIPX_MAN_DIR": str(tmp_path / "pipx-man"),
    }
    run([str(pipx / "bin" / "pipx"), "install", str(wheel)], empty, env, timeout=900)
    bin_dir = tmp_path / "pipx-bin"
    assert run([str(bin_dir / "wargame"), "--version"], empty, env).startswith("wargame ")
    assert run([str(bin_dir / "wargame-app"), "--version"], empty, env).startswith("wargame-app ")
    assert "O0506" in run([str(bin_dir / "wargame"), "report", "bakhmut-2023-02"], empty, env)
