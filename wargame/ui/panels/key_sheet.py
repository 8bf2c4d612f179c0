"""The F1 sheet: every key and click of the window in columns that fit the screen (a 1080p
projector shows it whole, whatever the text size: the sheet takes a smaller type if it must)."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

MOST_COLUMNS = 3
SCREEN_SHARE = 0.9  # of the screen's width and height the sheet may take
LEAST_POINTS = 9.0


class KeySheet(QDialog):
    """Keys and what they do, sorted by what they do, in columns."""

    def __init__(self, keys: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("keySheet")
        self.keys = sorted(keys, key=lambda kw: (kw[1].lower(), kw[0]))
        self.labels = [(self._label(f"<b>{k}</b>", right=True), self._label(w)) for k, w in self.keys]
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.box = QVBoxLayout(self)
        self.box.addLayout(self.grid)
        self.box.addWidget(buttons)
        self.columns = 0
        self._fit()

    @staticmethod
    def _label(text: str, right: bool = False) -> QLabel:
        label = QLabel(text)
        if right:
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label

    def _room(self) -> QSize:
        screen = self.screen()
        size = screen.availableGeometry().size() if screen is not None else QSize(1920, 1080)
        return QSize(round(size.width() * SCREEN_SHARE), round(size.height() * SCREEN_SHARE))

    def _fit(self) -> None:
        """The largest type, down to :data:`LEAST_POINTS`, at which the sheet fits the screen."""
        room = self._room()
        self.ensurePolished()  # the window's text size (100-200 %) is the starting point
        points = self.font().pointSizeF()
        while True:
            self._arrange(points, room.height())
            if (self.sizeHint().width() <= room.width() and self.sizeHint().height() <= room.height()) or (
                points <= LEAST_POINTS
            ):
                return
            points = max(LEAST_POINTS, points * 0.9)

    def _arrange(self, points: float, height: int) -> None:
        self.setStyleSheet(f"QLabel {{ font-size: {points:.1f}pt; }}")
        font = QFont(self.font())
        font.setPointSizeF(points)
        line = QFontMetrics(font).height() + self.grid.verticalSpacing() + 2
        fit = max(4, height // line - 4)  # the title bar and the Close button too
        rows = max(1, min(fit, len(self.keys)), math.ceil(len(self.keys) / MOST_COLUMNS))
        for key, what in self.labels:
            self.grid.removeWidget(key)
            self.grid.removeWidget(what)
        for index, (key, what) in enumerate(self.labels):
            column, row = divmod(index, rows)
            self.grid.addWidget(key, row, 2 * column)
            self.grid.addWidget(what, row, 2 * column + 1)
        self.columns = math.ceil(len(self.keys) / rows) if self.keys else 0
        for widget in (w for pair in self.labels for w in pair):
            widget.ensurePolished()
        self.box.invalidate()
        self.adjustSize()
