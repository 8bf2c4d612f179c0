"""A picture of presentation mode, as the room sees it:
``python -m wargame.ui.window.presentation_shot [FILE] --screenshot OUT.png [--side UA]``."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from wargame.core.errors import WargameError
from wargame.core.files.loading import open_source
from wargame.ui.map import style
from wargame.ui.window.assembly import build_main_window
from wargame.ui.window.controller import GameController


def presentation_screenshot(source: str | None, out: str, side: str | None = None) -> int:
    """Open ``source`` in presentation mode on the screen, grab the screen into ``out`` (PNG).

    On a real display (X11, Xvfb) the picture is the screen itself, as the room would see it;
    offscreen it is the window. The settings used are temporary, never the user's.
    """

    app = QApplication.instance() or QApplication([sys.argv[0]])
    style.apply_app_style(app)  # type: ignore[arg-type]
    try:
        game = open_source(source)
    except WargameError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="wargame-settings-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = build_main_window(GameController(game), settings)
        window.show()
        window.features.presentation.set_presenting(True)
        if side is not None:
            window.features.side_views.switch(side)
            window.features.side_views.curtain.lift()
        for _ in range(20):
            app.processEvents()
        window.fit_units()
        window.features.presentation.frame_for_the_room()
        for _ in range(5):
            app.processEvents()
        screen = QGuiApplication.primaryScreen()
        real = QGuiApplication.platformName() not in ("offscreen", "minimal")
        picture = screen.grabWindow(0) if real and screen is not None else window.grab()
        saved = picture.save(out)
        window.close()
    if not saved:
        print(f"error: cannot write {out}", file=sys.stderr)
        return 2
    print(f"wrote {out} ({picture.width()}x{picture.height()})")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="A screenshot of presentation mode.")
    parser.add_argument("file", nargs="?", default=None, help="game file, scenario file or scenario id")
    parser.add_argument("--screenshot", metavar="OUT.png", required=True)
    parser.add_argument("--side", default=None, help="a side's view (e.g. UA) instead of the facilitator's")
    arguments = parser.parse_args()
    raise SystemExit(presentation_screenshot(arguments.file, arguments.screenshot, arguments.side))
