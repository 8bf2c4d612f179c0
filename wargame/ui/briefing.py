"""Briefings: what each side's players read when a scenario starts.

A window with one tab per side (the scenario's title, date and description, then that side's
briefing). It opens by itself when a new game starts on a scenario that has briefings — not
for a game already in progress — and again from Help ▸ Briefing. It never blocks: the game
can be played with it open.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from wargame.core.game import Game
from wargame.core.model import Scenario, Side


def briefing_html(scenario: Scenario, side: Side) -> str:
    """One side's briefing as rich text: the situation first, then the side's own orders."""
    date = f" — {escape(scenario.date)}" if scenario.date else ""
    parts = [f"<h2>{escape(scenario.title)}{date}</h2>"]
    if scenario.description:
        parts.append(f"<p>{escape(scenario.description)}</p>")
    own = scenario.briefings.get(side.id, "")
    parts.append(f"<h3 style='color:{side.colour}'>{escape(side.name)}</h3>")
    paragraphs = [p for p in own.split("\n\n") if p.strip()] or ["No briefing for this side."]
    parts += [f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs]
    return "\n".join(parts)


class BriefingDialog(QDialog):
    """A tab per side; closing it loses nothing (Help ▸ Briefing opens it again)."""

    def __init__(self, scenario: Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefingDialog")
        self.setWindowTitle(f"Briefing — {scenario.title}")
        self.setModal(False)
        self.tabs = QTabWidget()
        self.pages: dict[str, QTextBrowser] = {}
        for side in scenario.sides:
            page = QTextBrowser()
            page.setObjectName(f"briefing-page-{side.id}")
            page.setHtml(briefing_html(scenario, side))
            self.pages[side.id] = page
            self.tabs.addTab(page, f"{side.name} ({side.id})")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(760, 560)


class BriefingHook(QObject):
    """Help ▸ Briefing of a main window, and the briefing shown when a new game starts."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: BriefingDialog | None = None
        self.action = QAction("&Briefing", window)
        self.action.setObjectName("briefingAction")
        self.action.setStatusTip("Each side's briefing for this scenario")
        self.action.triggered.connect(self.show_briefing)
        menu = _help_menu(window)
        if menu.actions():
            menu.insertAction(menu.actions()[0], self.action)
        else:
            menu.addAction(self.action)
        window.controller.game_replaced.connect(self.game_started)

    def game_started(self) -> None:
        """A game was opened or started: brief the room if it is a new one."""
        if is_new_game(self.window.controller.game):
            self.show_briefing()
        elif self.dialog is not None:
            self.dialog.close()  # the briefing of another scenario

    def show_briefing(self) -> BriefingDialog:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = BriefingDialog(self.window.controller.game.scenario, self.window)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog


def is_new_game(game: Game) -> bool:
    """A game at its scenario's start (nothing played yet) with something to brief."""
    return len(game) == 0 and any(text.strip() for text in game.scenario.briefings.values())


def _help_menu(window: Any) -> QMenu:
    for action in window.menuBar().actions():
        menu = action.menu()
        if action.text().replace("&", "") == "Help" and isinstance(menu, QMenu):
            return menu
    return window.menuBar().addMenu("&Help")  # type: ignore[no-any-return]


def install_briefing(window: Any) -> BriefingHook:
    """Give the main window Help ▸ Briefing, and show the briefing now if the game is new."""
    hook = BriefingHook(window)
    window.briefing_hook = hook
    if is_new_game(window.controller.game):
        hook.show_briefing()
    return hook
