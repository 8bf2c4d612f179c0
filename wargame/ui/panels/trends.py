"""The trends dock: per side, corridor width, routes open and units out of supply, turn by turn.

One small chart per side, drawn with QPainter: a point at the start of every turn so far and
one for now. The three lines differ in colour, line style and marker shape, so they read
without colour too. A side's view shows only that side's chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDockWidget, QLabel, QScrollArea, QVBoxLayout, QWidget

from wargame.core.reports.aar import turn_boundaries
from wargame.core.rules.results import Analysis, RouteState, Supply
from wargame.ui.map import style
from wargame.ui.map.symbols import shape_path
from wargame.ui.window.controller import Update

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext
    from wargame.ui.window.controller import GameController

UNSUPPLIED = (Supply.OUT_OF_SUPPLY, Supply.ENCIRCLED)
MARK = 6.0  # half a marker's width, in pixels


@dataclass(frozen=True, slots=True)
class Series:
    key: str
    title: str
    colour: QColor
    line: Qt.PenStyle
    shape: str


SERIES = (
    Series("corridor", "corridor width (hexes)", style.BLUE, Qt.PenStyle.SolidLine, "circle"),
    Series("routes", "routes open", style.BLUISH_GREEN, Qt.PenStyle.DashLine, "square"),
    Series("unsupplied", "units out of supply", style.VERMILLION, Qt.PenStyle.DotLine, "triangle"),
)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One side's figures at one moment (``turn``; ``now`` for the current state)."""

    turn: int
    corridor: int | None
    routes: int
    unsupplied: int
    now: bool = False
    arriving: int = 100  # share of the side's need that arrives, in per cent

    def value(self, key: str) -> int | None:
        return {"corridor": self.corridor, "routes": self.routes, "unsupplied": self.unsupplied}[key]


def side_point(analysis: Analysis, side: str, turn: int, now: bool = False) -> TrendPoint:
    """The figures of ``side`` in one analysis (overrides count as ruled)."""
    a = analysis.sides.get(side)
    if a is None:
        return TrendPoint(turn, None, 0, 0, now)
    corridor = min((c.width_hexes for c in a.corridors), default=None)
    routes = sum(1 for r in a.routes.values() if r.effective is RouteState.OPEN)
    unsupplied = sum(1 for u in a.units.values() if u.effective in UNSUPPLIED)
    return TrendPoint(turn, corridor, routes, unsupplied, now, a.arriving_percent)


def trends(controller: GameController, sides: tuple[str, ...] | None = None) -> dict[str, list[TrendPoint]]:
    """The figures of ``sides`` (every side: None) at the start of every turn so far and now; a
    side's view asks for its own only."""
    game = controller.game
    wanted = game.scenario.side_ids if sides is None else sides
    points: dict[str, list[TrendPoint]] = {side: [] for side in wanted}
    for index in turn_boundaries(game):
        analysis = controller.analysis_at(index)
        if analysis is None:
            continue
        state = game.state_at(index)
        for side in points:
            points[side].append(side_point(analysis, side, state.turn, now=index == game.cursor))
    return points


class TrendChart(QWidget):
    """Three small lines over the turns, with a legend that shows each line's style and mark."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.points: list[TrendPoint] = []
        self.setMinimumSize(260, 190)
        self.setToolTip(
            f"{title}: " + ", ".join(s.title for s in SERIES) + " at the start of each turn, and now"
        )

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(max(360, 22 * line), max(230, 13 * line))

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(max(260, 16 * line), max(190, 11 * line))

    def show_points(self, points: Sequence[TrendPoint]) -> None:
        self.points = list(points)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), style.WHITE)
        metrics = painter.fontMetrics()
        line = metrics.height()
        legend_h = 3 * (line + 2)
        numbers = metrics.horizontalAdvance(str(self._top())) + 10
        # The axes' numbers sit outside the frame; the data sits inside it, a marker's width
        # clear of its edges, so no marker ever covers a number.
        frame = QRectF(self.rect()).adjusted(numbers, line / 2 + MARK, -MARK - 6, -(legend_h + line + 14))
        self._axes(painter, frame)
        top = self._top()
        for series in SERIES:
            self._line(painter, frame, series, top)
        self._legend(painter, QRectF(8, frame.bottom() + line + 10, self.width() - 16, legend_h))
        painter.end()

    def _top(self) -> int:
        values = [v for p in self.points for s in SERIES if (v := p.value(s.key)) is not None]
        return max(3, *values) if values else 3

    def _x(self, plot: QRectF, i: int) -> float:
        n = len(self.points)
        left, width = plot.left() + MARK + 4, plot.width() - 2 * (MARK + 4)
        return plot.center().x() if n < 2 else left + width * i / (n - 1)

    def _y(self, plot: QRectF, value: float, top: int) -> float:
        bottom, height = plot.bottom() - MARK - 2, plot.height() - 2 * (MARK + 2)
        return bottom - height * value / top

    def _axes(self, painter: QPainter, plot: QRectF) -> None:
        painter.setPen(QPen(QColor("#888888"), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        top = self._top()
        line = painter.fontMetrics().height()
        painter.setPen(style.BLACK)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for value in (top, 0):
            y = self._y(plot, value, top)
            painter.drawText(QRectF(0, y - line / 2, plot.left() - 6, line), right, str(value))
        for i, point in enumerate(self.points):
            label = "now" if point.now else f"T{point.turn}"
            width = painter.fontMetrics().horizontalAdvance(label) + 8
            box = QRectF(self._x(plot, i) - width / 2, plot.bottom() + 4, width, line)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)

    def _line(self, painter: QPainter, plot: QRectF, series: Series, top: int) -> None:
        pen = QPen(series.colour, 3, series.line)
        marks = []
        previous: QPointF | None = None
        for i, point in enumerate(self.points):
            value = point.value(series.key)
            if value is None:
                previous = None  # no corridor then: a gap, not a zero
                continue
            here = QPointF(self._x(plot, i), self._y(plot, value, top))
            if previous is not None:
                painter.setPen(pen)
                painter.drawLine(previous, here)
            marks.append(here)
            previous = here
        for here in marks:
            self._mark(painter, here, series)

    def _mark(self, painter: QPainter, at: QPointF, series: Series) -> None:
        painter.setPen(QPen(style.BLACK, 1.5))
        painter.setBrush(series.colour)
        painter.drawPath(shape_path(series.shape, QRectF(at.x() - MARK, at.y() - MARK, 2 * MARK, 2 * MARK)))

    def _legend(self, painter: QPainter, rect: QRectF) -> None:
        row = rect.height() / len(SERIES)
        for i, series in enumerate(SERIES):
            y = rect.top() + row * (i + 0.5)
            painter.setPen(QPen(series.colour, 3, series.line))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.left() + 34, y))
            self._mark(painter, QPointF(rect.left() + 17, y), series)
            painter.setPen(style.BLACK)
            painter.drawText(
                QRectF(rect.left() + 42, y - row / 2, rect.width() - 42, row),
                Qt.AlignmentFlag.AlignVCenter,
                series.title,
            )


class TrendsPanel(QWidget):
    """One chart per side, with the side's name above it."""

    def __init__(self, sides: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.titles: dict[str, QLabel] = {}
        self.charts: dict[str, TrendChart] = {}
        self.names = dict(sides)
        for side, name in sides:
            title = QLabel(f"<b>{name}</b>")
            chart = TrendChart(name)
            layout.addWidget(title)
            layout.addWidget(chart)
            self.titles[side], self.charts[side] = title, chart
        layout.addStretch(1)

    def show_trends(self, points: dict[str, list[TrendPoint]], only: str | None = None) -> None:
        for side, chart in self.charts.items():
            shown = only is None or side == only
            chart.setVisible(shown)
            self.titles[side].setVisible(shown)
            chart.show_points(points.get(side, []))
            self.titles[side].setText(self._title(side, points.get(side, [])))

    def _title(self, side: str, points: Sequence[TrendPoint]) -> str:
        """The side's name and the share of its need that arrives now, against the start."""
        name = f"<b>{self.names[side]}</b>"
        if not points:
            return name
        first, last = points[0], points[-1]
        was = f" (T{first.turn}: {first.arriving} %)" if len(points) > 1 else ""
        return f"{name} · {last.arriving} % of the need arrives{was}"


class TrendsHook(QObject):
    """The Trends dock of a main window, redrawn after every step of the game."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.dock = QDockWidget("Trends", window.widget)
        self.dock.setObjectName("trendsDock")
        self.dock.setToolTip("Corridor width, routes open and units out of supply over the turns")
        self._build_panel()
        window.add_dock(self.dock)
        window.controller.changed.connect(self.on_update)
        window.controller.game_replaced.connect(self._build_panel)
        window.controller.perspective_changed.connect(self.on_update)

    def _build_panel(self) -> None:
        sides = [(s.id, s.name) for s in self.window.controller.game.scenario.sides]
        self.panel = TrendsPanel(sides)
        scroller = QScrollArea()  # scrolls rather than making the window taller on a small screen
        scroller.setWidget(self.panel)
        scroller.setWidgetResizable(True)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.dock.setWidget(scroller)

    def on_update(self, update: Update | None) -> None:
        view = self.window.controller.view()
        self.panel.show_trends(trends(self.window.controller, tuple(view.own_sides)), view.viewer)
