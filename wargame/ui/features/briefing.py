"""Briefings: what each side's players read when a scenario starts.

A window with one tab per side (the scenario's title, date and description, then that side's
briefing), and last the first-run guide: how the session runs (side views and the curtain,
moving, cutting, ending a turn, the facilitator's tools); F1 stays the full list of keys.
It opens by itself when a new game starts on a scenario that has briefings — not for a game
already in progress — and again from Help ▸ Briefing. It never blocks: the game
can be played with it open.

In a side's view (:mod:`wargame.ui.features.side_view`) it shows only that side's tab; the facilitator's
view shows all. Switching views closes it behind the curtain, and it opens again on the new
view's tab when the curtain lifts.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from wargame.core.game import Game
from wargame.core.model import Scenario, Side
from wargame.ui.features.side_view import SideViewHook
from wargame.ui.window.controller import Update

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext


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


GUIDE_TITLE = "How the session runs"
# The first-run guide: the briefing's last page. What to do first, in the order a session goes;
# F1 (Help ▸ Keyboard shortcuts) stays the full list of keys.
GUIDE = (
    ("Who sees what",
     "The facilitator's view shows everything. View ▸ Side view (Ctrl+1, Ctrl+2) shows one side's "
     "picture only; Ctrl+0 is the facilitator's again. Each switch drops a curtain first: hand over "
     "the screen, then lift it, so nobody sees the other side's map."),
    ("Moving",
     "Drag a counter to move it (tool 1, Move). The move is checked against the movement allowance "
     "and the enemy's zones of control; a refusal says why in the status bar. Drag a unit type from "
     "the Units panel onto a hex to place a unit."),
    ("Taking ground and cutting roads",
     "Tool 2 (Seize) gives hexes to the acting side: click, or drag to paint an area. Tool 3 (Cut "
     "road) cuts the road link nearest the click, tool 4 repairs it, tool 5 lays fire on a hex. "
     "After every action the supply, the routes and the corridor are worked out again: watch the "
     "Warnings panel and the coloured routes."),
    ("Ending a turn",
     "End turn (Ctrl+Enter) hands the move to the other side; the turn bar shows whose move it "
     "is and the phase. Undo (Ctrl+Z) and Redo take back any action."),
    ("The facilitator's tools",
     "Tools ▸ Roll dice (Ctrl+Shift+R), Override status (Ctrl+Shift+O) and Adjudication note "
     "(Ctrl+Shift+N) are logged as the facilitator's rulings; Turn ▸ Ground sets dry, frozen or "
     "mud. Y explains a unit's supply. F11 is presentation mode for a projector."),
    ("Afterwards",
     "File ▸ Save keeps the whole game. File ▸ Export writes the hotwash handout, the "
     "after-action review, a situation map to print, a replay GIF and CSV tables; Turn ▸ Replay "
     "steps through the game. F1 lists every key."),
)  # fmt: skip


def guide_html() -> str:
    """The first-run guide as rich text."""
    parts = [f"<h2>{escape(GUIDE_TITLE)}</h2>"]
    for title, text in GUIDE:
        parts += [f"<h3>{escape(title)}</h3>", f"<p>{escape(text)}</p>"]
    return "\n".join(parts)


class BriefingDialog(QDialog):
    """A tab per side (only ``side``'s in that side's view); closing it loses nothing."""

    def __init__(self, scenario: Scenario, parent: QWidget | None = None, side: str | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self.setObjectName("briefingDialog")
        self.setWindowTitle(f"Briefing — {scenario.title}")
        self.setModal(False)
        self.tabs = QTabWidget()
        self.pages: dict[str, QTextBrowser] = {}
        for shown in scenario.sides:
            if side is not None and shown.id != side:
                continue  # the other side's orders are hidden information
            page = QTextBrowser()
            page.setObjectName(f"briefing-page-{shown.id}")
            page.setHtml(briefing_html(scenario, shown))
            self.pages[shown.id] = page
            self.tabs.addTab(page, f"{shown.name} ({shown.id})")
        self.guide = QTextBrowser()  # the last page: what to do first
        self.guide.setObjectName("briefing-guide")
        self.guide.setHtml(guide_html())
        self.tabs.addTab(self.guide, GUIDE_TITLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(760, 560)


class BriefingHook(QObject):
    """Help ▸ Briefing of a main window, and the briefing shown when a new game starts."""

    def __init__(self, window: WindowContext, side_views: SideViewHook) -> None:
        super().__init__(window.widget)
        self.window = window
        self.dialog: BriefingDialog | None = None
        self.action = QAction("&Briefing", window.widget)
        self.action.setObjectName("briefingAction")
        self.action.setStatusTip("Each side's briefing for this scenario")
        self.action.triggered.connect(self.show_briefing)
        menu = window.menu("Help")
        if menu.actions():
            menu.insertAction(menu.actions()[0], self.action)
        else:
            menu.addAction(self.action)
        window.controller.game_replaced.connect(self.game_started)
        self._reopen = False  # open when the view switched: shown again once the curtain lifts
        window.controller.perspective_changed.connect(self.view_changed)
        side_views.curtain.lifted.connect(self._after_curtain)

    def viewing_side(self) -> str | None:
        return self.window.controller.view().viewer

    def view_changed(self, update: Update | None = None) -> None:
        """Close the briefing behind the curtain: the room may still hold the other side."""
        if self.dialog is not None and self.dialog.isVisible():
            self._reopen = True
            self.dialog.close()

    def _after_curtain(self) -> None:
        if self._reopen:
            self._reopen = False
            self.show_briefing()

    def brief_if_new(self) -> None:
        """At the start of the app: brief the room if its game is a new one."""
        if is_new_game(self.window.controller.game):
            self.show_briefing()

    def game_started(self) -> None:
        """A game was opened or started: brief the room if it is a new one."""
        if is_new_game(self.window.controller.game):
            self.show_briefing()
        elif self.dialog is not None:
            self.dialog.close()  # the briefing of another scenario

    def show_briefing(self) -> BriefingDialog:
        if self.dialog is not None:
            self.dialog.close()
        scenario = self.window.controller.game.scenario
        self.dialog = BriefingDialog(scenario, self.window.widget, self.viewing_side())
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog


def is_new_game(game: Game) -> bool:
    """A game at its scenario's start (nothing played yet) with something to brief."""
    return len(game) == 0 and any(text.strip() for text in game.scenario.briefings.values())
