"""The window's file commands: open, save and save as, asking before unsaved work is lost,
and where file dialogs start. The window owns one :class:`FileCommands` (``window.files``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from wargame.core.errors import FileChangedError, WargameError
from wargame.core.files.document import Document
from wargame.core.files.file_state import clean_temporaries
from wargame.core.files.gamefile import EXTENSION
from wargame.core.files.lock import LockedError
from wargame.ui.features.dialogs import CANCEL, DISCARD, SAVE
from wargame.ui.features.folders import last_folder, remember_folder

if TYPE_CHECKING:
    from wargame.ui.window.main_window import MainWindow

FILE_FILTER = "Wargame files (*.json)"
OVERWRITE, SAVE_AS, READ_ONLY = "Overwrite", "Save as…", "Open read-only"


class FileCommands:
    """The window's file commands (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def confirm_discard(self, doing: str) -> bool:
        """Whether the open game may be put away: nothing unsaved, or the user saved it or chose
        to discard it (Save / Discard / Cancel). ``doing`` completes "before you …"."""
        document = self.window.controller.document
        if not document.unsaved:
            return True
        choice = self.window.dialogs.ask(
            self.window,
            "Unsaved changes",
            f"{document.name} ({document.game.scenario.title}) has changes that are not saved.\n\n"
            f"Save them before you {doing}?",
            [SAVE, DISCARD, CANCEL],
        )
        if choice == SAVE:
            return self.save_file()
        return choice == DISCARD

    def last_folder(self) -> str:
        """Where file dialogs start: the folder last opened from, saved or exported to."""
        return last_folder(self.window.settings)

    def _remember_folder(self, path: Path) -> None:
        remember_folder(self.window.settings, path)

    def clean_leftovers(self) -> None:
        """Remove temporary files that killed saves left where this window writes: beside the
        open file and in the folder last used."""
        document = self.window.controller.document
        folders = {Path(self.last_folder())} | ({document.path.resolve().parent} if document.path else set())
        for folder in folders:
            clean_temporaries(folder)

    def open_file(self) -> None:
        if not self.confirm_discard("open another game"):
            return
        path = self.window.dialogs.open_path(
            self.window, "Open game or scenario", self.last_folder(), FILE_FILTER
        )
        if not path:
            return
        document = self._open_locked(path)
        if document is None:
            return
        self._remember_folder(Path(path))
        self.window.open_document(document)

    def _open_locked(self, path: str) -> Document | None:
        """Open a file for editing; one open for editing elsewhere is offered read-only."""
        try:
            try:
                return Document.open(path)
            except LockedError as error:
                text = f"{error}.\n\nOpen it read-only? You can save your copy under another name."
                choice = self.window.dialogs.ask(
                    self.window, "Open for editing elsewhere", text, [READ_ONLY, CANCEL]
                )
                if choice != READ_ONLY:
                    return None
                return Document.open(path, read_only=True)
        except WargameError as error:
            self.window.dialogs.tell(self.window, "Cannot open", str(error))
            return None

    def save_file(self) -> bool:
        """Save to the file the game came from or was last saved to; ask when there is none.
        Whether it was saved."""
        if self.window.controller.document.path is None or self.window.controller.document.read_only:
            return self.save_file_as()
        return self._save_to(None)

    def save_file_as(self) -> bool:
        document = self.window.controller.document  # beside its own file, else in the last folder used
        name = f"{document.game.scenario.id}{EXTENSION}"
        suggested = document.path.resolve() if document.path else Path(self.last_folder()) / name
        path = self.window.dialogs.save_path(self.window, "Save game", str(suggested), FILE_FILTER)
        if not path:
            return False
        return self._save_to(Path(path if path.lower().endswith(".json") else f"{path}{EXTENSION}"))

    def _save_to(self, path: Path | None, overwrite: bool = False) -> bool:
        try:
            written = self.window.controller.save(path, overwrite)
        except FileChangedError as error:
            return self._changed_on_disk(path, str(error))
        except (WargameError, OSError) as error:
            self.window.dialogs.tell(self.window, "Cannot save", str(error))
            return False
        self._remember_folder(written)
        self.window.statusBar().showMessage(f"saved {written}", 8000)
        return True

    def _changed_on_disk(self, path: Path | None, message: str) -> bool:
        """Someone else wrote the file since: overwrite it, save under another name, or not."""
        choice = self.window.dialogs.ask(
            self.window,
            "The file changed on disk",
            f"{message}.\n\nOverwrite it with this game, save this game under another name, or cancel?",
            [OVERWRITE, SAVE_AS, CANCEL],
        )
        if choice == OVERWRITE:
            return self._save_to(path, overwrite=True)
        return self.save_file_as() if choice == SAVE_AS else False
