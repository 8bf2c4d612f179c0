"""The F1 sheet: every key and click of the window in columns that fit the screen (a 1080p
projector shows it whole, at any text size)."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

ROWS_PER_COLUMN = 18  # rows of a column, unless that needs more than MOST_COLUMNS columns
MOST_COLUMNS = 3


class KeySheet(QDialog):
    """Keys and what they do, in as many columns as the list needs to fit the screen's height."""

    def __init__(self, keys: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("keySheet")
        rows = self._rows_that_fit(len(keys))
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        for index, (key, what) in enumerate(sorted(keys, key=lambda kw: (kw[1].lower(), kw[0]))):
            column, row = divmod(index, rows)
            name = QLabel(f"<b>{key}</b>")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(name, row, 2 * column)
            grid.addWidget(QLabel(what), row, 2 * column + 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.columns = math.ceil(len(keys) / rows) if keys else 0

    def _rows_that_fit(self, count: int) -> int:
        screen = self.screen()
        height = screen.availableGeometry().height() if screen is not None else 1080
        line = self.fontMetrics().height() + 4
        fit = max(6, int(height * 0.8 // line) - 3)  # the title and the Close button too
        wanted = max(ROWS_PER_COLUMN, math.ceil(count / MOST_COLUMNS))
        return max(1, min(wanted, fit, count))
