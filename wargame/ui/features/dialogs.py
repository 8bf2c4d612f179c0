"""Dialogs: the questions a main window and its features put to the user, in one object.

Asking before work is lost (Save / Discard / Cancel), offering a crashed session's game,
telling why a file cannot be opened or saved, picking a file, and asking for a line of text,
a number or one of a list all go through a window's :class:`Dialogs`, so a test answers them
by replacing :meth:`Dialogs.ask` and friends instead of clicking modal boxes, and no question
is ever asked another way (tests/ui/test_dialog_seam.py checks that no other module calls
Qt's message boxes, file dialogs or input dialogs).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QPushButton, QWidget

SAVE, DISCARD, CANCEL, YES, NO = "Save", "Discard", "Cancel", "Yes", "No"
# Buttons Qt knows, so they get the platform's order, keys and icons.
_STANDARD = {
    SAVE: QMessageBox.StandardButton.Save,
    DISCARD: QMessageBox.StandardButton.Discard,
    CANCEL: QMessageBox.StandardButton.Cancel,
    YES: QMessageBox.StandardButton.Yes,
    NO: QMessageBox.StandardButton.No,
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

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        """Whether the user answers Yes (No, or closing the box, is the harmless answer)."""
        return self.ask(parent, title, text, (YES, NO)) == YES

    def tell(self, parent: QWidget | None, title: str, text: str) -> None:
        """A warning the user acknowledges (a file that cannot be opened or saved)."""
        QMessageBox.warning(parent, title, text)

    def fail(self, parent: QWidget | None, title: str, text: str) -> None:
        """An error the user acknowledges (the program cannot go on as asked)."""
        QMessageBox.critical(parent, title, text)

    def about(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.about(parent, title, text)

    def text(self, parent: QWidget | None, title: str, label: str, initial: str = "") -> str | None:
        """A line of text the user types (None when the user cancels)."""
        value, ok = QInputDialog.getText(parent, title, label, text=initial)
        return value if ok else None

    def number(
        self, parent: QWidget | None, title: str, label: str, value: int, low: int, high: int
    ) -> int | None:
        """A whole number from ``low`` to ``high`` (None when the user cancels)."""
        chosen, ok = QInputDialog.getInt(parent, title, label, value, low, high)
        return chosen if ok else None

    def item(
        self, parent: QWidget | None, title: str, label: str, items: Sequence[str], current: int = 0
    ) -> str | None:
        """One of ``items`` (None when the user cancels)."""
        chosen, ok = QInputDialog.getItem(parent, title, label, list(items), current, False)
        return chosen if ok else None

    def open_path(self, parent: QWidget | None, caption: str, folder: str, filters: str) -> str:
        """A file to open ("" when the user cancels)."""
        path, _ = QFileDialog.getOpenFileName(parent, caption, folder, filters)
        return path

    def save_path(self, parent: QWidget | None, caption: str, suggested: str, filters: str) -> str:
        """A file to save to ("" when the user cancels); the dialog asks before replacing one."""
        path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
        return path

    def folder_path(self, parent: QWidget | None, caption: str, folder: str) -> str:
        """A folder to write into ("" when the user cancels)."""
        return QFileDialog.getExistingDirectory(parent, caption, folder)
