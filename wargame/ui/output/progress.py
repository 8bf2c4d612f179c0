"""A progress window with a Cancel button for the long exports (GIF, handout): the work calls it
as ``progress(done, total, what)`` and stops when it answers False."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget


class ProgressWindow:
    """``progress(done, total, what)`` shown in a modal window; False once the user cancelled."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        self.dialog = QProgressDialog(title, "Cancel", 0, 1, parent)
        self.dialog.setObjectName("exportProgress")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # quick exports never flash a window
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)

    def __call__(self, done: int, total: int, what: str) -> bool:
        self.dialog.setMaximum(max(1, total))
        self.dialog.setValue(min(done, max(1, total)))
        self.dialog.setLabelText(f"{what}… ({done} of {total})")
        QApplication.processEvents()
        return not self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()
