"""Test set-up shared by the whole suite: headless Qt on a 1920×1080 screen (a projector's, so
presentation mode fills what the room sees), a map cache of its own and the reference-data
location."""

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
if "WARGAME_CACHE_DIR" not in os.environ:
    # Built maps are cached for this run only (xdist workers inherit the folder), never in the
    # user's cache, so a test always sees the maps the code under test builds.
    os.environ["WARGAME_CACHE_DIR"] = tempfile.mkdtemp(prefix="wargame-test-cache-")
    atexit.register(shutil.rmtree, os.environ["WARGAME_CACHE_DIR"], ignore_errors=True)

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data" / "bakhmut"


@pytest.fixture
def shared_data() -> Path:
    """The real reference data beside the repo; tests using it skip cleanly when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data/bakhmut is not present")
    return SHARED_DATA
