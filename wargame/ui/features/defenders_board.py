"""The defenders' board and the timeline strip, in presentation mode.

The board stands at the top left of the map whichever side is to move, and nothing else takes
its place: for the defenders (the side whose largest force stands in a corridor) each named
route's status and what it carries, and each threatened force's share of its need, corridor
width, critical hexes, the forecast closures and the withdrawal window. Its text is at least
:data:`BOARD_PX` pixels and wraps, never cut. Along the map's foot, a compact timeline. A
decision point just reached is announced in a banner.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from wargame.core.grid.hexgrid import Hex
from wargame.core.reports.timeline import timeline
from wargame.core.rules.forecast import Forecast
from wargame.core.rules.results import Analysis, sp_text
from wargame.ui.panels.timeline import TimelinePanel
from wargame.ui.window.controller import Update

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext
    from wargame.ui.features.presentation import PresentationHook

BOARD_PX = 20  # the board's text at 100 %, grown with presentation mode's scale (at least 18 px)
BOARD_SHARE = 0.34  # of the map's width the board may take; it wraps within it
CRITICAL_SHOWN = 4  # critical hexes named on the board; the rest are counted


def defenders(analysis: Analysis) -> str | None:
    """The side whose largest force stands in a corridor (None: no force is threatened)."""
    forecasts = [f for side in analysis.sides.values() for f in side.forecasts]
    if not forecasts:
        return None
    return max(forecasts, key=lambda f: (len(f.units), -f.width_hexes)).side


def board_html(analysis: Analysis, side: str, name: str, label: Callable[[Hex], str], turn: int) -> str:
    """The board's text for ``side`` (``label`` names a hex as the map prints it)."""
    a = analysis.sides[side]
    e = html.escape
    lines = [f"<b>{e(name)} — defenders' board, turn {turn}</b>"]
    routes = [
        f"{e(r.name)} {r.effective.value.replace('_', ' ')} · "
        f"{sp_text(r.capacity_sp)} of {sp_text(r.nominal_sp)} SP"
        for r in a.routes.values()
    ]
    if routes:
        lines.append("Routes: " + " │ ".join(routes))
    for f in sorted(a.forecasts, key=lambda f: (-len(f.units), f.width_hexes)):
        lines += _force_lines(f, label)
    return "<br>".join(lines)


def _force_lines(f: Forecast, label: Callable[[Hex], str]) -> list[str]:
    e = html.escape
    shown = ", ".join(label(h) for h in f.critical_hexes[:CRITICAL_SHOWN])
    more = (
        f" and {len(f.critical_hexes) - CRITICAL_SHOWN} more"
        if len(f.critical_hexes) > CRITICAL_SHOWN
        else ""
    )
    earliest = f"turn {f.earliest_close_turn}" if f.earliest_close_turn is not None else "not in sight"
    pace = f"turn {f.pace_close_turn}" if f.pace_close_turn is not None else "no trend"
    if f.turns_needed is None or f.last_turn_to_start is None:
        window = "no way out" if f.turns_needed is None else "open"
    elif f.turns_left:
        last = f.last_turn_to_start
        window = f"{f.turns_needed} turn(s) to get out · start by turn {last} ({f.turns_left} left)"
    else:
        window = (
            f"{f.turns_needed} turn(s) to get out · <b>closed</b> (last start turn {f.last_turn_to_start})"
        )
    return [
        f"<b>{e(f.force)}</b>: {f.share_percent} % of need arrives · corridor {f.width_hexes} hex"
        f" · critical {e(shown)}{more}",
        f"&nbsp;&nbsp;Ring closes: earliest {earliest} · at the pace {pace} · Withdrawal: {window}",
    ]


class DefendersBoardHook(QObject):
    """The board over the map and the timeline strip, shown only in presentation mode."""

    def __init__(self, window: WindowContext, presentation: PresentationHook) -> None:
        super().__init__(window.widget)
        self.window = window
        self.presentation = presentation
        self.board = QLabel(window.view.viewport())
        self.board.setObjectName("defendersBoard")
        self.board.setTextFormat(Qt.TextFormat.RichText)
        self.board.setWordWrap(True)
        self.board.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.board.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.board.hide()
        self.strip = TimelinePanel(compact=True)
        self.strip.setParent(window.view.viewport())
        self.strip.setObjectName("timelineStrip")
        self.strip.hide()
        window.view.viewport().installEventFilter(self)
        self._announced: set[str] = set()  # decision points already put in a banner
        presentation.toggle_action.toggled.connect(self.refresh)
        window.controller.changed.connect(self.on_update)
        window.controller.perspective_changed.connect(self.on_update)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.presentation.presenting:
            self._place()
        return False

    def on_update(self, update: Update | None) -> None:
        self.refresh(self.presentation.presenting)
        analysis = self.window.controller.analysis
        reached = [w for w in analysis.warnings if w.code == "decision_point" and w.new] if analysis else []
        fresh = [w for w in reached if w.subject not in self._announced]
        self._announced |= {w.subject for w in reached}
        if fresh:  # a decision point just reached: in front of the room
            self.presentation.announce(fresh[0].message, "ruling")

    def refresh(self, presenting: bool) -> None:
        controller = self.window.controller
        analysis = controller.analysis
        side = defenders(analysis) if analysis is not None and presenting else None
        if controller.viewing_side is not None and side is not None and side != controller.viewing_side:
            side = (
                controller.viewing_side
                if analysis and analysis.sides[controller.viewing_side].forecasts
                else None
            )
        self.strip.setVisible(presenting)
        if presenting:
            names = {s.id: s.name for s in controller.game.scenario.sides}
            self.strip.show_timeline(timeline(controller.state, analysis, side), names)
            self.strip.raise_()
            self._place()
        if side is None or analysis is None:
            self.board.hide()
            return
        pixels = max(18, round(BOARD_PX * self.presentation.effective_percent() / 100))
        self.board.setStyleSheet(
            f"QLabel#defendersBoard {{ background: rgba(255, 255, 255, 235); color: black;"
            f" font-size: {pixels}px; border: 2px solid #0072B2; border-radius: 8px; padding: 10px 14px; }}"
        )
        name = controller.game.scenario.side(side).name
        self.board.setText(board_html(analysis, side, name, controller.game.map.label, controller.state.turn))
        self.board.show()
        self.board.raise_()
        self._place()

    def _place(self) -> None:
        parent = self.board.parentWidget()
        if parent is None:
            return
        height = self.strip.sizeHint().height()
        self.strip.setGeometry(12, parent.height() - height - 12, parent.width() - 24, height)
        width = int(parent.width() * BOARD_SHARE)
        self.board.ensurePolished()  # the style sheet's font sets the height the text needs
        self.board.setFixedWidth(width)
        self.board.setFixedHeight(max(self.board.heightForWidth(width), self.board.sizeHint().height()))
        self.board.move(12, 12)

    def board_widget(self) -> QWidget:
        return self.board
