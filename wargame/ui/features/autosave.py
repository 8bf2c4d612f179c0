"""Autosave in the app: a game file at every End Turn, and recovery after a crash.

On start the hook marks a session as running; if the previous one never ended cleanly it
offers the newest autosave. Every End Turn writes an autosave (the newest ten are kept); a
clean quit removes the session marker. The folder is ``$WARGAME_DATA_DIR/autosave`` when
that is set, else ``wargame/autosave`` in the user's data folder (QStandardPaths).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from wargame.core.actions import EndTurn
from wargame.core.errors import WargameError
from wargame.core.files.autosave import Autosaves, default_autosave_dir
from wargame.core.files.document import Document
from wargame.core.files.gamefile import read_game
from wargame.ui.window.controller import Update

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext


def autosave_folder() -> Path:
    if os.environ.get("WARGAME_DATA_DIR"):
        return default_autosave_dir()
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(data) / "wargame" / "autosave" if data else default_autosave_dir()


class AutosaveHook(QObject):
    """Autosaves a main window's game at every End Turn; marks a clean exit on quit."""

    def __init__(self, window: WindowContext, folder: Path | None = None) -> None:
        super().__init__(window.widget)
        self.window = window
        self.autosaves = Autosaves(folder or autosave_folder())
        self.saved_length = len(window.controller.game)  # nothing new to save yet
        self.last_error: str | None = None

    def start(self, ask: bool = True) -> Path | None:
        """Begin the session and offer recovery if the last one crashed; the file recovered."""
        try:
            candidate = self.autosaves.recovery_candidate()
        except WargameError as error:
            self._failed(error)
            candidate = None
        self.window.controller.changed.connect(self.on_update)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.end)
        if candidate is None or (ask and not self._ask(candidate)):
            return None
        return candidate if self.recover(candidate) else None

    def on_update(self, update: Update) -> None:
        game = self.window.controller.game
        ended_turn = update.changes.turn and game.actions and isinstance(game.actions[-1], EndTurn)
        if ended_turn and len(game) != self.saved_length:
            self.save_now()

    def save_now(self) -> Path | None:
        game = self.window.controller.game
        try:
            path = self.autosaves.save(game)
        except WargameError as error:
            self._failed(error)
            return None
        self.saved_length = len(game)
        self.last_error = None
        return path

    def recover(self, path: Path) -> bool:
        try:
            game = read_game(path).game
        except WargameError as error:
            QMessageBox.warning(self.window.widget, "Cannot recover", str(error))
            return False
        current = self.window.controller.game
        if game.map is not current.map or game.scenario.sides != current.scenario.sides:
            QMessageBox.information(
                self.window.widget,
                "Recover",
                f"The autosave uses another map; open it with `python main.py {path}`.",
            )
            return False
        self.window.open_document(Document(game))  # no file yet: Save asks where
        self.saved_length = len(game)
        return True

    def end(self) -> None:
        """A clean exit: the next start will not offer recovery."""
        self.autosaves.end_session()

    def _ask(self, candidate: Path) -> bool:
        answer = QMessageBox.question(
            self.window.widget,
            "Recover the last game?",
            "The last session ended unexpectedly.\n\nOpen the newest autosave?\n"
            f"{candidate.name}\n(in {candidate.parent})",
        )
        return answer == QMessageBox.StandardButton.Yes

    def _failed(self, error: WargameError) -> None:
        self.last_error = str(error)
        self.window.show_message(f"Autosave failed: {error}", 15000)
