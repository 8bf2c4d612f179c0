"""The action log: every action of the game in order, with its turn and side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from wargame.core.game import Game


class ActionLogPanel(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionLog")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_game(self, game: Game) -> None:
        self.clear()
        for index in range(len(game)):
            before = game.state_at(index)
            self.addItem(f"{index + 1}. T{before.turn} {before.side_to_move} · {game.describe(index)}")
        redo = game.redo_text()
        if redo is not None:
            item = QListWidgetItem(f"(undone — Ctrl+Shift+Z redoes: {redo})")
            item.setForeground(QBrush(QColor("#777777")))
            self.addItem(item)
        if len(game) == 0 and redo is None:
            self.addItem("No actions yet.")
        self.scrollToBottom()

    def lines(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]
