"""Test set-up shared by the whole suite: headless Qt, a map cache of its own and the
reference-data location."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
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
