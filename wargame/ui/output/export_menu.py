"""File ▸ Export: every export of the game open in the window, from its menu.

- Map image (PNG): the map as it stands now, with overlay and legend (Ctrl+E);
- Situation map (PDF): the game at a chosen turn on one printable page;
- Replay (animated GIF): one frame per turn;
- Hotwash handout (PDF, and HTML beside it): see :mod:`wargame.core.reports.handout`;
- After-action review (HTML or Markdown);
- Tables (CSV): units, routes and warnings per turn into a folder.

Every file and folder is asked through the window's :class:`Dialogs`, starting in the folder
last used (the user's documents folder at first); the long ones (GIF, handout) show progress
with a Cancel that leaves nothing written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QMenu

from wargame.core.errors import WargameError
from wargame.core.reports.aar import Moment, iter_moments, moments, turn_boundaries, write_aar
from wargame.core.reports.csv_export import write_tables
from wargame.ui.features.folders import last_folder, remember_folder
from wargame.ui.output.export import export_scene, render_moment, save_gif, save_png
from wargame.ui.output.handout import ExportCancelled, HandoutFiles, Progress, write_handout
from wargame.ui.output.progress import ProgressWindow
from wargame.ui.output.situation import write_situation

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

EXPORT_SIZE = (1920, 1200)
GIF_SIZE = (1200, 750)
GIF_SECONDS = 1.5
END_OF_GAME = "the end of the game"


class ExportHook(QObject):
    """The File ▸ Export submenu of a main window."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.menu = QMenu("&Export", window.widget)
        self.menu.setObjectName("exportMenu")
        self.actions: dict[str, QAction] = {}
        for name, text, tip, slot in (
            ("image", "Map &image (PNG)…", "A picture of the map, its overlay and the legend (for slides)",
             self.ask_image),
            ("situation", "&Situation map (PDF)…", "The game at a chosen turn on one printable page",
             self.ask_situation),
            ("gif", "&Replay (animated GIF)…", "One frame per turn, to replay the game on a slide",
             self.ask_gif),
            ("handout", "&Hotwash handout (PDF and HTML)…",
             "Summary, key moments with maps, charts and the turn log, to hand out", self.ask_handout),
            ("aar", "&After-action review (HTML or Markdown)…", "What happened turn by turn",
             self.ask_aar),
            ("csv", "&Tables (CSV)…", "Units, routes and warnings per turn, for a spreadsheet", self.ask_csv),
        ):  # fmt: skip
            action = self.menu.addAction(text)
            action.setObjectName(f"export-{name}")
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            self.actions[name] = action
        self.actions["image"].setShortcut(QKeySequence("Ctrl+E"))
        self.action = self.actions["image"]
        file_menu = window.menu("File")
        separators = [a for a in file_menu.actions() if a.isSeparator()]
        if separators:
            file_menu.insertMenu(separators[-1], self.menu)  # above the separator before Quit
        else:
            file_menu.addMenu(self.menu)

    # --- asking where ---------------------------------------------------------------------

    def _save_path(self, caption: str, name: str, filters: str, suffixes: tuple[str, ...]) -> Path | None:
        suggested = Path(last_folder(self.window.settings)) / name
        text = self.window.dialogs.save_path(self.window.widget, caption, str(suggested), filters)
        if not text:
            return None
        path = Path(text)
        if path.suffix.lower() not in suffixes:
            path = path.with_name(path.name + suffixes[0])
        remember_folder(self.window.settings, path)
        return path

    def _stem(self) -> str:
        document = self.window.controller.document
        name = document.path.name if document.path else document.game.scenario.id
        return name.removesuffix(".json").removesuffix(".wargame")

    def ask_image(self) -> None:
        state = self.window.controller.state
        name = f"{self._stem()}-turn-{state.turn}-{state.side_to_move}.png"
        path = self._save_path("Export map image", name, "PNG image (*.png)", (".png",))
        if path is not None:
            self.export_image(path)

    def ask_situation(self) -> None:
        game = self.window.controller.game
        turns = game.turns()
        items = [f"the start of turn {t}" for t in turns] + [END_OF_GAME]
        current = turns.index(game.state.turn) if game.state.turn in turns else len(items) - 1
        choice = self.window.dialogs.item(
            self.window.widget, "Situation map", "The situation at:", items, current
        )
        if not choice:
            return
        turn = None if choice == END_OF_GAME else int(choice.rsplit(" ", 1)[1])
        when = "end" if turn is None else f"turn-{turn}"
        path = self._save_path("Export situation map", f"{self._stem()}-{when}.pdf", "PDF (*.pdf)", (".pdf",))
        if path is not None:
            self.export_situation(path, turn)

    def ask_gif(self) -> None:
        path = self._save_path("Export replay", f"{self._stem()}.gif", "Animated GIF (*.gif)", (".gif",))
        if path is not None:
            self.export_gif(path)

    def ask_handout(self) -> None:
        path = self._save_path(
            "Export hotwash handout",
            f"{self._stem()}-hotwash.pdf",
            "PDF, with HTML beside it (*.pdf)",
            (".pdf",),
        )
        if path is not None:
            self.export_handout(path)

    def ask_aar(self) -> None:
        path = self._save_path(
            "Export after-action review",
            f"{self._stem()}-aar.html",
            "HTML (*.html *.htm);;Markdown (*.md)",
            (".html", ".htm", ".md"),
        )
        if path is not None:
            self.export_aar(path)

    def ask_csv(self) -> None:
        start = last_folder(self.window.settings)
        text = self.window.dialogs.folder_path(self.window.widget, "Export tables (CSV) into", start)
        if text:
            remember_folder(self.window.settings, Path(text), is_folder=True)
            self.export_csv(Path(text))

    # --- writing ------------------------------------------------------------------------------

    def export_image(self, path: Path) -> bool:
        controller = self.window.controller
        if controller.analysis is None:
            return self._refuse("there is no supply analysis to draw")
        moment = Moment(controller.game.cursor, controller.state, controller.analysis)
        return self._run(
            lambda _: save_png(render_moment(controller.game, moment, EXPORT_SIZE), path), str(path)
        )

    def export_situation(self, path: Path, turn: int | None) -> bool:
        """The situation at the start of ``turn`` (None: the end of the game) as a PDF page."""
        game = self.window.controller.game
        index = len(game) if turn is None else game.index_of_turn(turn)

        def write(_: Progress) -> None:
            marks = [m for m in moments(game, self.window.controller.chained, index) if m.index == index]
            moment = marks[-1] if marks else None
            if moment is None:
                raise WargameError(f"no turn starts after {index} actions")
            write_situation(game, moment, path)

        return self._run(write, str(path))

    def export_gif(self, path: Path) -> bool:
        game = self.window.controller.game
        total = len(turn_boundaries(game))

        def frames(progress: Progress) -> Iterator[QImage]:
            scene = export_scene(game)
            for number, moment in enumerate(iter_moments(game, self.window.controller.chained)):
                if not progress(number, total, "drawing the turns"):
                    raise ExportCancelled("stopped: nothing was written")
                yield render_moment(game, moment, GIF_SIZE, scene)

        def write(progress: Progress) -> None:
            save_gif(frames(progress), path, GIF_SECONDS)

        return self._run(write, f"{path} ({total} frames)", "Exporting the replay")

    def export_handout(self, path: Path) -> HandoutFiles | None:
        document = self.window.controller.document
        written: list[HandoutFiles] = []

        def write(progress: Progress) -> None:
            history = self.window.controller.chained  # the window's one analysis chain
            written.append(write_handout(document.game, path, document.metadata, progress, history))

        if not self._run(write, "", "Exporting the hotwash handout"):
            return None
        files = written[0]
        self.window.show_message(f"exported {files.pdf} ({files.pages} pages) and {files.html.name}", 10000)
        return files

    def export_aar(self, path: Path) -> bool:
        document = self.window.controller.document
        chained = self.window.controller.chained
        return self._run(lambda _: write_aar(path, document.game, document.metadata, chained), str(path))

    def export_csv(self, folder: Path) -> bool:
        game = self.window.controller.game
        names: list[str] = []

        def write(_: Progress) -> None:
            names.extend(p.name for p in write_tables(game, folder, self.window.controller.chained))

        if not self._run(write, ""):
            return False
        self.window.show_message(f"exported {', '.join(names)} into {folder}", 10000)
        return True

    def _run(self, work: Callable[[Progress], None], done: str, progress_title: str = "") -> bool:
        """Do ``work`` (with a progress window when titled); tell the user how it went."""
        progress = ProgressWindow(self.window.widget, progress_title) if progress_title else None
        try:
            work(progress or _quiet)
        except ExportCancelled:
            self.window.show_message("export cancelled: nothing was written", 8000)
            return False
        except WargameError as error:
            return self._refuse(str(error))
        finally:
            if progress is not None:
                progress.close()
        if done:
            self.window.show_message(f"exported {done}", 10000)
        return True

    def _refuse(self, reason: str) -> bool:
        self.window.dialogs.tell(self.window.widget, "Cannot export", reason)
        return False


def _quiet(done: int, total: int, what: str) -> bool:
    return True
