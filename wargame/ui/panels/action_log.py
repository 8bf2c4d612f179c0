"""The action log: every action of the game in order, with its turn and side.

Rows are added and removed as actions are pushed and undone, not rebuilt: a long game keeps
a cheap log.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from wargame.core.actions import Action
from wargame.core.actors import actor_name
from wargame.core.game import Game


class ActionLogPanel(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionLog")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._shown: list[Action] = []  # the actions whose rows are listed, in order
        self._extra_rows = 0  # the hint rows after them ("no actions", "undone …")

    def show_game(self, game: Game) -> None:
        actions = game.actions
        keep = 0
        while keep < min(len(self._shown), len(actions)) and self._shown[keep] is actions[keep]:
            keep += 1
        for _ in range(self._extra_rows + len(self._shown) - keep):
            self.takeItem(self.count() - 1)
        del self._shown[keep:]
        for index in range(keep, len(actions)):
            before = game.state_at(index)
            who = actor_name(game.actor(index))
            self.addItem(f"{index + 1}. T{before.turn} {who} · {game.describe(index)}")
            self._shown.append(actions[index])
        self._extra_rows = 0
        redo = game.redo_text()
        if redo is not None:
            item = QListWidgetItem(f"(undone — Ctrl+Shift+Z redoes: {redo})")
            item.setForeground(QBrush(QColor("#777777")))
            self.addItem(item)
            self._extra_rows += 1
        if not actions and redo is None:
            self.addItem("No actions yet.")
            self._extra_rows += 1
        self.scrollToBottom()

    def lines(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]
