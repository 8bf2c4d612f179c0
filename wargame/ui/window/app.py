"""Application entry point: `wargame-app [FILE] [--screenshot OUT.png [--size 1920x1080]
[--fit] [--presentation] [--layout-report]]` (or `python main.py …`), and `wargame-app COMMAND …`
for the headless commands (`wargame-app report GAME`), so the standalone app answers the CLI.

A file that cannot be opened gives a one-line message on stderr (and a dialog when there is
a screen) and exit status 2. An unexpected error inside the running app is logged and shown
in a dialog; the game stays open.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from wargame import __version__
from wargame.core.errors import WargameError
from wargame.core.resources import user_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from wargame.ui.window.main_window import MainWindow

log = logging.getLogger("wargame.ui")
SETTINGS_ORG, SETTINGS_APP = "wargame", "Wargame companion"
PROGRAM = "wargame-app"
LOG_NAME = "wargame-app.log"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROGRAM,
        description="Wargame companion: the map, counters and supply analysis. "
        f"`{PROGRAM} COMMAND …` runs a headless command (report, render, replay…; see `wargame --help`).",
    )
    parser.add_argument("--version", action="version", version=f"{PROGRAM} {__version__}")
    parser.add_argument("file", nargs="?", default=None, help="game file, scenario file or scenario id")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the main window to a PNG and exit")
    parser.add_argument("--size", default="1920x1080", help="window size for --screenshot, WIDTHxHEIGHT")
    parser.add_argument("--fit", action="store_true", help="with --screenshot: the whole map (Fit map)")
    parser.add_argument("--presentation", action="store_true", help="with --screenshot: presentation mode")
    parser.add_argument(
        "--layout-report",
        action="store_true",
        help="with --screenshot: print what the map shows as JSON (labels, counters, overlaps, least text)",
    )
    return parser


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise WargameError(f"--size must look like 1920x1080, not {text!r}") from None
    if not (200 <= width <= 10000 and 200 <= height <= 10000):
        raise WargameError(f"--size {text} is out of range (200 to 10000 pixels each way)")
    return width, height


def log_path() -> Path:
    """The app's log (unexpected errors with their traceback), in the user's state folder."""
    return user_dir("state") / LOG_NAME


def install_excepthook(show_dialog: bool) -> None:
    """Replace sys.excepthook: log the traceback, tell the user in words, keep the game."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        try:
            log_path().parent.mkdir(parents=True, exist_ok=True)
            with log_path().open("a", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except OSError:
            pass  # logging must never be the thing that fails
        log.error("unexpected error: %s", error)
        message = f"Something went wrong: {error}\n\nThe game is still open. Details: {log_path()}"
        if show_dialog:
            from PySide6.QtWidgets import QApplication

            from wargame.ui.features.dialogs import Dialogs

            if QApplication.instance() is not None:
                Dialogs().fail(None, "Unexpected error", message)
                return
        print(f"error: {message}", file=sys.stderr)

    sys.excepthook = hook


def headless_command(argv: Sequence[str]) -> bool:
    """Whether ``argv`` asks for a headless command (``report …``) rather than a game to open:
    its first word names a command and no file of that name is here."""
    if not argv or argv[0].startswith("-") or argv[0].endswith(".json") or Path(argv[0]).exists():
        return False
    from wargame.cli.main import command_names

    return argv[0] in command_names()


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if headless_command(words):
        from wargame.cli.main import main as cli_main

        return cli_main(words)
    args = build_parser().parse_args(words)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    if args.screenshot and QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if os.environ["QT_QPA_PLATFORM"] == "offscreen":
            _offscreen_screen(args.size)

    from wargame.core.files.document import Document
    from wargame.ui.features.autosave import autosave_folder
    from wargame.ui.map.style import apply_app_style
    from wargame.ui.window.assembly import build_main_window
    from wargame.ui.window.controller import GameController

    app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_app_style(app)  # type: ignore[arg-type]
    identify(app)  # type: ignore[arg-type]
    try:
        size = parse_size(args.size)
        document = Document.open(args.file, read_only=None)  # open elsewhere: read-only
    except WargameError as error:
        print(f"error: {error}", file=sys.stderr)
        if not args.screenshot and not os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
            from wargame.ui.features.dialogs import Dialogs

            Dialogs().fail(None, "Cannot open", str(error))
        return 2
    install_excepthook(show_dialog=not args.screenshot)
    if args.screenshot:  # a picture of the default layout: never the user's settings
        with tempfile.TemporaryDirectory(prefix="wargame-settings-") as folder:
            settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
            window = build_main_window(GameController(document), settings)
            shot = Shot(size, args.fit, args.presentation, args.layout_report)
            return screenshot(window, Path(args.screenshot), shot)
    settings = QSettings(SETTINGS_ORG, SETTINGS_APP)
    window = build_main_window(GameController(document), settings, autosave_folder())
    window.show()
    window.files.clean_leftovers()  # temporary files of saves killed in an earlier run
    features = window.features
    if features.autosave is not None:
        features.autosave.start()  # offers the games of sessions that crashed
    features.briefing.brief_if_new()  # a new game: each side's briefing
    return app.exec()


def identify(app: QApplication) -> None:
    """The app's icon (every window's), version and desktop entry (packaging/linux), so the
    desktop shows the app's own icon and name beside its windows."""
    from PySide6.QtGui import QIcon

    from wargame.core.resources import shipped_dir

    icon = QIcon()
    for size in (48, 256):
        icon.addFile(str(shipped_dir("assets") / "icons" / f"wargame-{size}.png"))
    app.setWindowIcon(icon)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(PROGRAM)


@dataclass(frozen=True, slots=True)
class Shot:
    """How to take a screenshot: window size, framing, presentation mode, the layout report."""

    size: tuple[int, int] = (1920, 1080)
    fit: bool = False  # the whole map (Fit map) instead of the first side's units
    presentation: bool = False
    layout_report: bool = False  # print the layout report (JSON) on stdout


def _offscreen_screen(size_text: str) -> None:
    """Offscreen, give Qt a screen of the screenshot's size (its default is 800×800), so
    presentation mode fills the size asked for, as on a projector."""
    try:
        width, height = parse_size(size_text)
    except WargameError:
        return  # main() reports the bad size
    # In the user's cache folder, not a shared /tmp: nothing is left behind for others.
    config = user_dir("cache") / f"offscreen-{width}x{height}.json"
    screen = {"name": "projector", "x": 0, "y": 0, "width": width, "height": height}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    try:
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    except OSError:
        return  # the default screen still gives a picture
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def show_for_shot(window: MainWindow, shot: Shot) -> None:
    """Show ``window`` as ``shot`` asks: sized, framed, in presentation mode or not."""
    from PySide6.QtWidgets import QApplication

    window.resize(*shot.size)
    window.show()
    for _ in range(5):
        QApplication.processEvents()
    if shot.presentation:
        window.features.presentation.set_presenting(True)
        window.setGeometry(0, 0, *shot.size)  # the projector's size, whatever the screen
        for _ in range(5):
            QApplication.processEvents()
    if shot.fit:
        window.view.fit_map()
    elif not shot.presentation:
        window.fit_units()
    QApplication.processEvents()
    window.scene.relayout_labels()  # as the view settles: labels placed for what it shows


def screenshot(window: MainWindow, out: Path, shot: Shot | None = None) -> int:
    """Render the main window as ``shot`` asks into a PNG file (and print its layout report)."""
    from wargame.ui.map.layout_report import layout_report

    shot = shot or Shot()
    show_for_shot(window, shot)
    image = window.grab().toImage()
    if not image.save(str(out)):
        print(f"error: cannot write {out}", file=sys.stderr)
        return 2
    # With the report, stdout carries only its JSON object.
    print(
        f"wrote {out} ({image.width()}x{image.height()})",
        file=sys.stderr if shot.layout_report else sys.stdout,
    )
    if shot.layout_report:
        print(json.dumps(layout_report(window.view)))
    window.close()
    return 0
