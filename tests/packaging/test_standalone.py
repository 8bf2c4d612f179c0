"""The standalone build: `make dist` makes a one-folder app holding the maps, scenarios, schema
and fonts that, with a clean environment (no venv on PATH, PYTHONPATH unset) and from an empty
folder, opens the default scenario and writes `--screenshot OUT.png`."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.helpers import REPO, clean_env, png_size, run

pytestmark = pytest.mark.slow

SPEC = REPO / "packaging" / "wargame-app.spec"
NAME = "wargame-app"


@pytest.fixture(scope="module")
def app_folder(tmp_path_factory) -> Path:
    """The one-folder app, built by PyInstaller from the spec `make dist` uses."""
    root = tmp_path_factory.mktemp("standalone")
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(root / "dist"),
        "--workpath",
        str(root / "build"),
        str(SPEC),
    ]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-4000:]
    return root / "dist" / NAME


def executable(folder: Path) -> Path:
    return folder / (f"{NAME}.exe" if sys.platform == "win32" else NAME)


def test_the_built_folder_holds_the_maps_scenarios_schema_and_assets(app_folder):
    data = next(p for p in (app_folder / "_internal", app_folder) if (p / "wargame").is_dir()) / "wargame"
    assert (data / "maps" / "bakhmut" / "map.json").is_file()
    assert (data / "maps" / "bakhmut" / "scenarios" / "bakhmut-2023-02.json").is_file()
    assert (data / "maps" / "stalingrad" / "scenarios" / "stalingrad-1942-11.json").is_file()
    assert (data / "core" / "files" / "schema" / "game-file.schema.json").is_file()
    assert (data / "assets" / "style.qss").is_file()
    assert (data / "assets" / "fonts" / "DejaVuSans.ttf").is_file()


def test_the_built_app_takes_a_screenshot_of_the_default_scenario(app_folder, tmp_path):
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    env = clean_env(tmp_path / "cache")
    out = run([str(executable(app_folder)), "--screenshot", "out.png", "--size", "1280x800"], empty, env)
    assert "wrote out.png" in out
    assert png_size(empty / "out.png") == (1280, 800)
    assert [p.name.split("-")[0] for p in (tmp_path / "cache" / "maps").iterdir()] == ["bakhmut"]


def test_the_built_app_opens_a_shipped_scenario_by_name(app_folder, tmp_path):
    env = clean_env(tmp_path / "cache")
    run([str(executable(app_folder)), "stalingrad-1942-11", "--screenshot", "s.png"], tmp_path, env)
    assert png_size(tmp_path / "s.png") == (1920, 1080)


def test_the_built_app_answers_the_command_line(app_folder, tmp_path):
    import wargame

    empty = tmp_path / "elsewhere"
    empty.mkdir()
    env = clean_env(tmp_path / "cache")
    app = str(executable(app_folder))
    assert run([app, "--version"], empty, env).strip() == f"wargame-app {wargame.__version__}"
    assert run([app, "report", "bakhmut-2023-02"], empty, env).startswith("Bakhmut, late February 2023")
    console = app_folder / ("wargame.exe" if sys.platform == "win32" else "wargame")
    assert "O0506" in run([str(console), "report", "bakhmut-2023-02"], empty, env)
    assert list(empty.iterdir()) == []


def test_the_built_folder_is_lean(app_folder):
    """Measured 384 MB before the spec left out unused solvers, libraries and translations;
    about 340 MB after (docs/packaging.md says what remains and why)."""
    size = sum(p.stat().st_size for p in app_folder.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < 360 * 1024 * 1024, f"{size / 2**20:.0f} MB"
    internal = next(p for p in (app_folder / "_internal", app_folder) if (p / "wargame").is_dir())
    for left_out in ("pandas", "google", "ortools/sat", "ortools/constraint_solver", "scipy/stats"):
        assert not (internal / left_out).exists(), left_out
