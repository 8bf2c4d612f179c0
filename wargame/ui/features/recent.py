"""File ▸ Open recent: the games last opened or saved, newest first, kept in the settings.

A game file enters the list when it is opened (or the app starts on it) and when it is saved;
one that no longer opens is taken off the list with a word why. Clear the list from the menu.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from wargame.core.errors import WargameError
from wargame.core.files.document import Document
from wargame.ui.features.folders import remember_folder

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

RECENT_FILES = "files/recent"
MOST = 8


class RecentFilesHook(QObject):
    """The Open recent submenu of a main window's File menu."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.menu = QMenu("Open &recent", window.widget)
        self.menu.setObjectName("recentMenu")
        self.menu.aboutToShow.connect(self._fill)
        file_menu = window.menu("File")
        actions = file_menu.actions()
        texts = [a.text().replace("&", "") for a in actions]
        below = texts.index("Open…") + 1 if "Open…" in texts else len(actions)
        if below < len(actions):
            file_menu.insertMenu(actions[below], self.menu)
        else:
            file_menu.addMenu(self.menu)
        controller = window.controller
        controller.game_replaced.connect(self._note_document)
        controller.saved.connect(lambda path: self.add(Path(path)))
        self._note_document()
        self._fill()

    def paths(self) -> list[Path]:
        value = self.window.settings.value(RECENT_FILES, [], type=list)
        return [Path(str(p)) for p in value if str(p)] if isinstance(value, list) else []

    def add(self, path: Path) -> None:
        path = path.resolve()
        paths = [path] + [p for p in self.paths() if p != path]
        self._store(paths[:MOST])

    def forget(self, path: Path) -> None:
        self._store([p for p in self.paths() if p != path])

    def clear(self) -> None:
        self._store([])

    def _store(self, paths: list[Path]) -> None:
        self.window.settings.setValue(RECENT_FILES, [str(p) for p in paths])
        self._fill()

    def _note_document(self) -> None:
        path = self.window.controller.document.path
        if path is not None:
            self.add(path)

    def _fill(self) -> None:
        self.menu.clear()
        paths = self.paths()
        for number, path in enumerate(paths, start=1):
            action = self.menu.addAction(f"&{number} {path.name}" if number < 10 else path.name)
            action.setStatusTip(str(path))
            action.setToolTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open(p))
        if paths:
            self.menu.addSeparator()
        clear = self.menu.addAction("Clear the list")
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self.clear)

    def open(self, path: Path) -> bool:
        """Open ``path`` in the window (asking first about unsaved work); whether it opened."""
        if not self.window.files.confirm_discard("open another game"):
            return False
        try:
            document = Document.open(str(path))
        except WargameError as error:
            self.forget(path)
            self.window.dialogs.tell(
                self.window.widget, "Cannot open", f"{error}\n\nIt was taken off the list."
            )
            return False
        remember_folder(self.window.settings, path)
        self.window.open_document(document)
        return True
