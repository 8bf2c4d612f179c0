"""Test set-up shared by the whole suite: headless Qt on a 1920×1080 screen (a projector's, so
presentation mode fills what the room sees), user folders of its own and the reference-data
location.

Hermetic: every user folder the program or Qt writes (settings, data with its autosaves and the
map-cache key, cache, state and logs) points into one temporary folder made for
this run of the suite (xdist workers inherit it), so two suites at once, or a suite and the
app, never see each other's files."""

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":  # Qt's offscreen screen is 800×800 unless told
    _screen = {"name": "projector", "x": 0, "y": 0, "width": 1920, "height": 1080}
    _screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    _config = Path(tempfile.gettempdir()) / "wargame-tests-screen-1920x1080.json"
    _config.write_text(json.dumps({"screens": [_screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_config}"
USER_FOLDERS = {
    "WARGAME_DATA_DIR": "data",
    "WARGAME_CACHE_DIR": "cache",
    "XDG_CONFIG_HOME": "config",  # QSettings
    "XDG_DATA_HOME": "xdg-data",  # QStandardPaths' data locations
    "XDG_CACHE_HOME": "xdg-cache",
    "XDG_STATE_HOME": "state",
    "WARGAME_STATE_DIR": "state",
    "WARGAME_LOG_DIR": "logs",
}
if "WARGAME_TEST_HOME" not in os.environ:  # the first process of this run (not an xdist worker)
    _home = Path(tempfile.mkdtemp(prefix="wargame-test-home-"))
    os.environ["WARGAME_TEST_HOME"] = str(_home)
    atexit.register(shutil.rmtree, _home, ignore_errors=True)
    for _variable, _name in USER_FOLDERS.items():
        (_home / _name).mkdir(exist_ok=True)
        os.environ[_variable] = str(_home / _name)

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data" / "bakhmut"


@pytest.fixture
def shared_data() -> Path:
    """The real reference data beside the repo; tests using it skip cleanly when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data/bakhmut is not present")
    return SHARED_DATA
