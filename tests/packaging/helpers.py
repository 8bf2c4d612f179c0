"""Shared by the packaging tests: a clean environment, as on a machine with no checkout, and runs."""

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def clean_env(cache: Path) -> dict[str, str]:
    """No venv on PATH, no PYTHONPATH, offscreen Qt and a map cache of the test's own."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["WARGAME_CACHE_DIR"] = str(cache)
    return env


def run(command: list[str], folder: Path, env: dict[str, str], timeout: float = 600) -> str:
    """Run ``command`` in ``folder``; fail the test with its output when it fails."""
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(command)} exited with {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG file's header."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
