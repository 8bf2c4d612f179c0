"""Cold start, measured as a user meets it: whole processes, started from an empty folder.

Two commands, each run once with an empty map cache (a first start: the map is built from its
GeoJSON and cached) and then ``runs`` times with the cache filled (every later start):

- ``wargame report`` on the default scenario (target: 1 s);
- the app's window on screen: the app started with ``--screenshot`` (offscreen), which shows
  the window, renders it to a PNG and exits, so the figure is an upper bound of the time until
  the window appears (target: 2.5 s).

Every start pays the interpreter's start-up and the imports (numpy, scipy, shapely, Qt):
compiled bytecode (which pip writes when it installs) saves about a tenth of a second; with
PYTHONDONTWRITEBYTECODE set in a checkout, every start compiles the app's modules again.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from wargame.core.errors import WargameError
from wargame.core.files.scenario_file import DEFAULT_SCENARIO

WINDOW = "import sys; from wargame.ui.window.app import main; sys.exit(main())"
TARGETS = {"wargame report": 1.0, "window on screen": 2.5}


def commands(folder: Path) -> dict[str, list[str]]:
    """The measured command lines, by name (what a facilitator types or clicks)."""
    return {
        "wargame report": [sys.executable, "-m", "wargame", "report", DEFAULT_SCENARIO],
        "window on screen": [sys.executable, "-c", WINDOW, "--screenshot", str(folder / "window.png")],
    }


def run_seconds(command: Sequence[str], folder: Path, env: Mapping[str, str]) -> float:
    """Wall time of one run of ``command`` in ``folder``; WargameError when it fails (a failed
    start is no figure)."""
    start = time.perf_counter()
    done = subprocess.run(list(command), cwd=folder, env=dict(env), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise WargameError(f"{' '.join(command[:3])} … exited with {done.returncode}: {last}")
    return seconds


def cold_start_figures(runs: int = 5) -> list[tuple[str, float, float]]:
    """(name, first start with an empty map cache, median of ``runs`` later starts) in seconds."""
    figures = []
    with tempfile.TemporaryDirectory(prefix="wargame-start-") as temporary:
        folder = Path(temporary)
        for index, (name, command) in enumerate(commands(folder).items()):
            cache = str(folder / f"cache-{index}")  # empty: each command's first start builds the map
            env = {**os.environ, "WARGAME_CACHE_DIR": cache, "QT_QPA_PLATFORM": "offscreen"}
            first = run_seconds(command, folder, env)
            later = [run_seconds(command, folder, env) for _ in range(max(1, runs))]
            figures.append((name, first, statistics.median(later)))
    return figures


def cold_start_lines(runs: int = 5) -> list[str]:
    """The cold-start figures as `bench` prints them."""
    return [
        f"cold start, {name}: {later:.2f} s (median of {runs} starts; first start, "
        f"building the map cache: {first:.2f} s; target {TARGETS[name]:.1f} s)"
        for name, first, later in cold_start_figures(runs)
    ]
