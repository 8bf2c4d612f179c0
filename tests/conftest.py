"""Test set-up shared by the whole suite: headless Qt and the reference-data location."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data" / "bakhmut"


@pytest.fixture
def shared_data() -> Path:
    """The real reference data beside the repo; tests using it skip cleanly when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data/bakhmut is not present")
    return SHARED_DATA
