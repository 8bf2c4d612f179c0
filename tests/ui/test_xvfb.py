"""The app in a real window on a virtual X server (Xvfb): it starts, shows, and gives a picture.

Skipped where Xvfb is not installed, or where Qt's xcb platform cannot start (missing system
libraries such as libxcb-cursor0), with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")


def _free_display() -> int:
    """A display number with no X server (no lock file, no socket)."""
    for number in range(90, 190):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    pytest.skip("no free X display number between :90 and :189")


@pytest.fixture
def display() -> Iterator[str]:
    number = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    for _ in range(100):  # waits for the server to listen; not a timing assertion
        if socket.exists() or server.poll() is not None:
            break
        time.sleep(0.05)
    if not socket.exists():
        server.kill()
        pytest.skip(f"Xvfb :{number} did not start")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def _run(display: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=180
    )
    if result.returncode != 0 and "xcb" in result.stderr and "plugin" in result.stderr:
        pytest.skip(f"Qt's xcb platform cannot start here: {result.stderr.strip().splitlines()[-1]}")
    return result


def _looks_like_the_map(path: Path) -> QImage:
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1920, 1080)
    colours = {image.pixelColor(x, y).rgb() for x in range(0, 1920, 40) for y in range(0, 1080, 40)}
    assert len(colours) > 50  # a map with counters, not a blank or black screen
    return image


@pytest.mark.slow
def test_the_app_starts_in_a_real_window_and_takes_a_screenshot(display: str, tmp_path: Path) -> None:
    out = tmp_path / "window.png"
    result = _run(display, "main.py", "--screenshot", str(out), "--size", "1920x1080")
    assert result.returncode == 0, result.stderr
    _looks_like_the_map(out)


def test_presentation_mode_fills_the_real_screen(display: str, tmp_path: Path) -> None:
    out = tmp_path / "presentation.png"
    result = _run(display, "-m", "wargame.ui.window.presentation_shot", "--screenshot", str(out))
    assert result.returncode == 0, result.stderr
    image = _looks_like_the_map(out)
    bottom = {image.pixelColor(x, 1075).rgb() for x in range(0, 1920, 60)}
    assert len(bottom) > 3  # the map reaches the bottom of the screen: the window is full screen
