"""The timeline: turns on one axis with, for each threatened force, the withdrawal window (a
bar from now to the last turn to start) and the forecast closures (at the earliest, at the
enemy's pace), and the scheduled arrivals and events, the decision points reached and the
decisions taken — "the Leopards arrive after the ring closes" at a glance.

:class:`TimelinePanel` paints a :class:`wargame.core.reports.timeline.Timeline` with QPainter
(shapes and words as well as colours, so it reads without colour); :class:`TimelineHook`
puts it in a dock and adds Turn ▸ Record a decision…. Presentation mode shows a compact one
(see :mod:`wargame.ui.features.defenders_board`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QDockWidget, QSizePolicy, QWidget

from wargame.core.actions import Decide
from wargame.core.model import DECISIONS
from wargame.core.reports.timeline import Timeline, timeline
from wargame.ui.map import style
from wargame.ui.window.controller import Update

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

WINDOW_COLOUR = style.BLUISH_GREEN
EARLIEST_COLOUR = style.VERMILLION
PACE_COLOUR = style.ORANGE
MARK_COLOUR = style.BLUE
AXIS_COLOUR = QColor("#8A8A8A")
KEY = "▬ window to start a withdrawal   ◆ earliest close   ◇ at the pace   ▲ arrival"
MAX_TURNS_SHOWN = 30  # the axis runs at most this far; marks beyond it sit at its end with their turn


class TimelinePanel(QWidget):
    """The timeline drawn across the widget; ``compact``: one row per force, for a strip."""

    def __init__(self, compact: bool = False) -> None:
        super().__init__()
        self.compact = compact
        self.line: Timeline | None = None
        self.names: dict[str, str] = {}
        self.setMinimumHeight(60)
        if compact:
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def show_timeline(self, line: Timeline | None, names: dict[str, str]) -> None:
        self.line, self.names = line, names
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def rows(self) -> list[str]:
        """The rows' titles, top to bottom (for tests and the accessible description)."""
        if self.line is None:
            return []
        rows = [f.force for f in self.line.forecasts]
        rows.append("Schedule and decisions")
        return rows

    def span(self) -> tuple[int, int]:
        """The first and last turns the axis shows."""
        assert self.line is not None
        if not self.compact:
            first = self.line.first_turn
            return first, min(self.line.last_turn, first + MAX_TURNS_SHOWN)
        first = max(self.line.first_turn, self.line.turn - 1)
        ahead = [self.line.turn + 4]
        for f in self.line.forecasts:
            ahead += [
                t for t in (f.earliest_close_turn, f.pace_close_turn, f.last_turn_to_start) if t is not None
            ]
        return first, min(max(ahead) + 1, first + MAX_TURNS_SHOWN)

    def sizeHint(self) -> QSize:
        height = QFontMetricsF(self.font()).height()
        return QSize(600, int(height * (2.2 + 1.6 * (1 + max(1, len(self.rows()))))))  # + the key

    def _x(self, turn: int, left: float, width: float) -> float:
        first, last = self.span()
        span = max(1, last - first)
        return left + width * (min(max(turn, first), last) - first) / span

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), style.WHITE)
        if self.line is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Nothing to show yet")
            return
        metrics = QFontMetricsF(self.font())
        row_h = metrics.height() * 1.6
        label_w = max((metrics.horizontalAdvance(r) for r in self.rows()), default=0) + 12
        label_w = min(self.width() * (0.5 if self.compact else 0.35), label_w)
        left, width = label_w + 8, max(50.0, self.width() - label_w - 24)
        self._axis(painter, metrics, left, width)
        y = metrics.height() * 2.0
        for f in self.line.forecasts:
            painter.setPen(style.BLACK)
            painter.drawText(QRectF(4, y, label_w, row_h), Qt.AlignmentFlag.AlignVCenter, f.force)
            self._force_row(painter, f, y, row_h, left, width)
            y += row_h
        painter.setPen(style.BLACK)
        title = QRectF(4, y, label_w, row_h)
        painter.drawText(title, Qt.AlignmentFlag.AlignVCenter, "Schedule and decisions")
        self._marks(painter, metrics, y, row_h, left, width)

    def _axis(self, painter: QPainter, metrics: QFontMetricsF, left: float, width: float) -> None:
        assert self.line is not None
        first, last = self.span()
        step = max(1, round((last - first) / max(1.0, width / (metrics.horizontalAdvance("T000") * 1.5))))
        painter.setPen(QPen(AXIS_COLOUR, 1))
        for turn in range(first, last + 1, step):
            x = self._x(turn, left, width)
            painter.drawText(
                QRectF(x - 30, 0, 60, metrics.height()), Qt.AlignmentFlag.AlignHCenter, f"T{turn}"
            )
            painter.drawLine(QPointF(x, metrics.height()), QPointF(x, self.height()))
        now = self._x(self.line.turn, left, width)
        painter.setPen(QPen(style.BLACK, 3))
        painter.drawLine(QPointF(now, metrics.height()), QPointF(now, self.height()))

    def _force_row(self, painter: QPainter, f: object, y: float, h: float, left: float, width: float) -> None:
        from wargame.core.rules.forecast import Forecast

        assert isinstance(f, Forecast) and self.line is not None
        mid = y + h / 2
        if f.last_turn_to_start is not None and f.last_turn_to_start >= self.line.turn:
            x0, x1 = self._x(self.line.turn, left, width), self._x(f.last_turn_to_start, left, width)
            painter.fillRect(QRectF(x0, mid - h * 0.18, max(4.0, x1 - x0), h * 0.36), WINDOW_COLOUR)
        for turn, colour, tip in (
            (f.earliest_close_turn, EARLIEST_COLOUR, "earliest"),
            (f.pace_close_turn, PACE_COLOUR, "pace"),
        ):
            if turn is not None:
                self._diamond(
                    painter, QPointF(self._x(turn, left, width), mid), h * 0.32, colour, tip == "pace"
                )

    def _marks(
        self, painter: QPainter, metrics: QFontMetricsF, y: float, h: float, left: float, width: float
    ) -> None:
        assert self.line is not None
        mid = y + h / 2
        beyond = [m for m in self.line.marks if m.turn > self.span()[1]]
        for mark in self.line.marks:
            x = self._x(mark.turn, left, width)
            self._triangle(painter, QPointF(x, mid), h * 0.3, mark.done)
        painter.setPen(style.BLACK)
        painter.drawText(QRectF(left + h * 0.5, y + h, width, h), Qt.AlignmentFlag.AlignVCenter, KEY)
        if beyond:  # what comes after the axis's end, in words at its end
            text = "  ".join(f"T{m.turn} {m.name} ▶" for m in beyond)
            painter.setPen(MARK_COLOUR)
            end = left + width - h * 0.4
            painter.drawText(
                QRectF(left, y, end - left, h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        for d in self.line.decisions:
            self._diamond(painter, QPointF(self._x(d.turn, left, width), mid), h * 0.3, style.BLACK, False)

    @staticmethod
    def _diamond(painter: QPainter, at: QPointF, r: float, colour: QColor, hollow: bool) -> None:
        shape = QPolygonF([at + QPointF(0, -r), at + QPointF(r, 0), at + QPointF(0, r), at + QPointF(-r, 0)])
        painter.setPen(QPen(colour, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush if hollow else colour)
        painter.drawPolygon(shape)

    @staticmethod
    def _triangle(painter: QPainter, at: QPointF, r: float, filled: bool) -> None:
        shape = QPolygonF([at + QPointF(0, -r), at + QPointF(r, r), at + QPointF(-r, r)])
        painter.setPen(QPen(MARK_COLOUR, 2))
        painter.setBrush(MARK_COLOUR if filled else Qt.BrushStyle.NoBrush)
        painter.drawPolygon(shape)


def timeline_text(line: Timeline, names: dict[str, str]) -> str:
    """The timeline in words (the dock's tooltip, read aloud by a screen reader)."""
    parts = []
    for f in line.forecasts:
        window = (
            f"start a withdrawal by turn {f.last_turn_to_start}"
            if f.last_turn_to_start is not None
            else "no window"
        )
        pace = f", at the pace in turn {f.pace_close_turn}" if f.pace_close_turn else ""
        parts.append(f"{f.force}: the ring can close in turn {f.earliest_close_turn}{pace}; {window}")
    parts += [f"{m.name}: turn {m.turn}{' (done)' if m.done else ''}" for m in line.marks]
    parts += [f"turn {d.turn}: {names.get(d.side, d.side)} decided to {d.choice}" for d in line.decisions]
    return "\n".join(parts) or "Nothing on the timeline"


class TimelineHook(QObject):
    """The Timeline dock, redrawn after every step, and Turn ▸ Record a decision…."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.panel = TimelinePanel()
        self.dock = QDockWidget("Timeline", window.widget)
        self.dock.setObjectName("timelineDock")
        self.dock.setToolTip(
            "Forecast closures, withdrawal windows, arrivals, decision points and decisions by turn"
        )
        self.dock.setWidget(self.panel)
        window.add_dock(self.dock)
        self.decide_action = QAction("Record a decision…", window.widget)
        self.decide_action.setToolTip(
            "Record the side's decision (hold, withdraw or other) with its rationale"
        )
        self.decide_action.triggered.connect(self.record_decision)
        window.menu("Turn").addAction(self.decide_action)
        window.controller.changed.connect(self.on_update)
        window.controller.perspective_changed.connect(self.on_update)
        window.controller.game_replaced.connect(lambda: self.on_update(None))
        self.on_update(None)

    def current(self) -> Timeline:
        controller = self.window.controller
        return timeline(controller.state, controller.analysis, controller.viewing_side)

    def on_update(self, update: Update | None) -> None:
        line = self.current()
        names = {s.id: s.name for s in self.window.controller.game.scenario.sides}
        self.panel.show_timeline(line, names)
        self.panel.setToolTip(timeline_text(line, names))

    def record_decision(self) -> None:
        """Ask the side to move for its decision and rationale, and log it."""
        controller = self.window.controller
        side = controller.state.side_to_move
        name = controller.game.scenario.side(side).name
        choice = self.window.dialogs.ask(
            self.window.widget, "Record a decision", f"{name} decides to…", [*DECISIONS, "Cancel"]
        )
        if choice not in DECISIONS:
            return
        rationale = self.window.dialogs.text(
            self.window.widget, "Record a decision", f"Why does {name} {choice}?"
        )
        if rationale and rationale.strip():
            forces = [f.force for f in self.current().forecasts if f.side == side]
            controller.push(Decide(side, choice, rationale.strip(), forces[0] if forces else ""))
