"""Dialogs: the questions a main window and its features put to the user, in one object.

Asking before work is lost (Save / Discard / Cancel), offering a crashed session's game,
telling why a file cannot be opened or saved, and picking a file all go through a window's
:class:`Dialogs`, so a test answers them by replacing :meth:`Dialogs.ask` and friends instead
of clicking modal boxes, and no question is ever asked another way.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QPushButton, QWidget

SAVE, DISCARD, CANCEL = "Save", "Discard", "Cancel"
# Buttons Qt knows, so they get the platform's order, keys and icons.
_STANDARD = {
    SAVE: QMessageBox.StandardButton.Save,
    DISCARD: QMessageBox.StandardButton.Discard,
    CANCEL: QMessageBox.StandardButton.Cancel,
}


class Dialogs:
    """Modal questions and messages, and the file pickers, as the app shows them."""

    def ask(self, parent: QWidget | None, title: str, text: str, choices: Sequence[str]) -> str:
        """The choice the user picks among ``choices`` (button labels); the last one when the
        box is closed another way (Escape): list the harmless choice last."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        buttons: list[tuple[QPushButton, str]] = []
        for choice in choices:
            standard = _STANDARD.get(choice)
            if standard is not None:
                buttons.append((box.addButton(standard), choice))
            else:
                buttons.append((box.addButton(choice, QMessageBox.ButtonRole.AcceptRole), choice))
        box.setDefaultButton(buttons[0][0])
        box.setEscapeButton(buttons[-1][0])
        box.exec()
        clicked = box.clickedButton()
        return next((choice for button, choice in buttons if button is clicked), choices[-1])

    def tell(self, parent: QWidget | None, title: str, text: str) -> None:
        """A warning the user acknowledges (a file that cannot be opened or saved)."""
        QMessageBox.warning(parent, title, text)

    def text(self, parent: QWidget | None, title: str, label: str) -> str:
        """A line of text the user types ("" when the user cancels)."""
        typed, ok = QInputDialog.getText(parent, title, label)
        return typed if ok else ""

    def open_path(self, parent: QWidget | None, caption: str, folder: str, filters: str) -> str:
        """A file to open ("" when the user cancels)."""
        path, _ = QFileDialog.getOpenFileName(parent, caption, folder, filters)
        return path

    def save_path(self, parent: QWidget | None, caption: str, suggested: str, filters: str) -> str:
        """A file to save to ("" when the user cancels); the dialog asks before replacing one."""
        path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
        return path
