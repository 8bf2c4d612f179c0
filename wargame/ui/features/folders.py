"""Where file dialogs start: the folder last opened from, saved to or exported to, and the
user's documents folder at first. One setting for the window and every feature."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

LAST_FOLDER = "files/last_folder"


def last_folder(settings: QSettings) -> str:
    """The folder last used, while it exists; else the user's documents folder."""
    folder = str(settings.value(LAST_FOLDER, "", type=str) or "")
    if folder and Path(folder).is_dir():
        return folder
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def remember_folder(settings: QSettings, path: Path, is_folder: bool = False) -> None:
    """Start the next file dialog where the file ``path`` is (or in ``path``, a folder)."""
    folder = path if is_folder else path.parent
    settings.setValue(LAST_FOLDER, str(folder.resolve()))
