"""Test set-up shared by the whole suite: headless Qt on a 1920×1080 screen (a projector's, so
presentation mode fills what the room sees) and the reference-data location."""

import json
import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":  # Qt's offscreen screen is 800×800 unless told
    _screen = {"name": "projector", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96}
    _config = Path(tempfile.gettempdir()) / "wargame-tests-screen-1920x1080.json"
    _config.write_text(
        json.dumps({"screens": [{**_screen, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8"
    )
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_config}"

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data" / "bakhmut"


@pytest.fixture
def shared_data() -> Path:
    """The real reference data beside the repo; tests using it skip cleanly when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data/bakhmut is not present")
    return SHARED_DATA
