"""A stack fanned out: its counters side by side on a light card, each one to pick or drag, and
the hex a dragged counter would be dropped on, marked when the move would be refused."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from wargame.ui.map import style

FAN_Z = 170.0  # the card; its counters go just above it
FAN_COLUMNS = 5


def fan_positions(centre: QPointF, count: int, step_x: float, step_y: float) -> list[QPointF]:
    """Where ``count`` counters go, in rows of at most :data:`FAN_COLUMNS`, around ``centre``."""
    columns = min(count, FAN_COLUMNS, max(1, math.ceil(math.sqrt(count))))
    rows = math.ceil(count / columns)
    positions = []
    for index in range(count):
        row, column = divmod(index, columns)
        in_row = min(columns, count - row * columns)
        x = centre.x() + (column - (in_row - 1) / 2) * step_x
        y = centre.y() + (row - (rows - 1) / 2) * step_y
        positions.append(QPointF(x, y))
    return positions


class FanCard(QGraphicsItem):
    """The card under a fanned-out stack, with a line to where the stack stands."""

    def __init__(self, area: QRectF, anchor: QPointF) -> None:
        super().__init__()
        self.area = QRectF(area)
        self.anchor = QPointF(anchor)
        self.setZValue(FAN_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self.area.united(QRectF(self.anchor, self.anchor)).adjusted(-20, -20, 20, 20)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = min(self.area.width(), self.area.height()) * 0.08
        pen = QPen(style.BLACK, 2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(QColor(255, 255, 255, 215))
        painter.drawRoundedRect(self.area, radius, radius)


def drop_marker(area: QPainterPath) -> QGraphicsPathItem:
    """The hex a counter would be dropped on, hatched in red: the move would be refused."""
    item = QGraphicsPathItem(area)
    pen = QPen(style.VERMILLION, 5)
    pen.setCosmetic(True)
    item.setPen(pen)
    item.setBrush(style.with_alpha(style.VERMILLION, 90))
    item.setZValue(96)
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    return item
