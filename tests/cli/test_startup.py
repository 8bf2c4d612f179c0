"""The cold-start figures of `bench` time real starts, and a failed start is no figure."""

import os
import sys

import pytest

from wargame.cli.startup import commands, run_seconds
from wargame.core.errors import WargameError


def test_a_failed_start_is_no_figure(tmp_path):
    failing = [sys.executable, "-c", "import sys; print('gone', file=sys.stderr); sys.exit(3)"]
    with pytest.raises(WargameError, match="exited with 3: gone"):
        run_seconds(failing, tmp_path, {})


def test_the_timed_report_starts_from_an_empty_folder_and_fills_the_map_cache(tmp_path):
    env = {**os.environ, "WARGAME_CACHE_DIR": str(tmp_path / "cache")}
    assert run_seconds(commands(tmp_path)["wargame report"], tmp_path, env) > 0
    assert [p.name.split("-")[0] for p in (tmp_path / "cache" / "maps").iterdir()] == ["bakhmut"]
