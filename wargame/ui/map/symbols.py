"""NATO APP-6 style unit symbols, supply badges and severity marks, painted with QPainter.

Shared by the counters on the map, the unit palette, the legend and the warnings panel, so a
symbol looks the same wherever it appears. Friendly (the first side) is a rectangle,
hostile a diamond, as APP-6 draws land units.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from wargame.core.model import UnitType
from wargame.core.rules.results import Severity, Supply
from wargame.ui.map import style


def frame_path(rect: QRectF, hostile: bool) -> QPainterPath:
    """The frame outline inside ``rect``: a 3:2 rectangle or a diamond."""
    path = QPainterPath()
    c = rect.center()
    if hostile:
        d = min(rect.width(), rect.height()) / 2
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), c.y() - d),
                    QPointF(c.x() + d, c.y()),
                    QPointF(c.x(), c.y() + d),
                    QPointF(c.x() - d, c.y()),
                    QPointF(c.x(), c.y() - d),
                ]
            )
        )
    else:
        h = min(rect.height(), rect.width() / 1.5)
        path.addRect(QRectF(c.x() - 0.75 * h, c.y() - h / 2, 1.5 * h, h))
    return path


def symbol_rect(rect: QRectF, hostile: bool) -> QRectF:
    """Where the type symbol goes: the whole rectangle, or the box inscribed in the diamond."""
    c = rect.center()
    if hostile:
        d = min(rect.width(), rect.height()) / 2
        w, h = 1.2 * d, 0.8 * d
    else:
        h = min(rect.height(), rect.width() / 1.5)
        w = 1.5 * h
    return QRectF(c.x() - w / 2, c.y() - h / 2, w, h)


def paint_unit_symbol(
    painter: QPainter, rect: QRectF, unit_type: UnitType, colour: QColor, hostile: bool
) -> None:
    """Frame filled with the side's tint, black outline, and the unit-type symbol."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    line = max(1.5, rect.height() * 0.06)
    frame = frame_path(rect, hostile)
    painter.setPen(
        QPen(style.BLACK, line, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.MiterJoin)
    )
    painter.setBrush(style.side_fill(colour))
    painter.drawPath(frame)
    painter.setClipPath(frame)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    _TYPE_PAINTERS[unit_type](painter, symbol_rect(rect, hostile), line)
    painter.restore()
    if unit_type is UnitType.HQ:
        _paint_staff(painter, rect, hostile, line)


def _cross(painter: QPainter, r: QRectF, line: float) -> None:
    painter.drawLine(r.topLeft(), r.bottomRight())
    painter.drawLine(r.bottomLeft(), r.topRight())


def _oval(painter: QPainter, r: QRectF, line: float) -> None:
    w, h = r.width() * 0.62, r.height() * 0.5
    c = r.center()
    painter.drawRoundedRect(QRectF(c.x() - w / 2, c.y() - h / 2, w, h), h / 2, h / 2)


def _mechanised(painter: QPainter, r: QRectF, line: float) -> None:
    _cross(painter, r, line)
    _oval(painter, r, line)


def _dot(painter: QPainter, r: QRectF, line: float) -> None:
    painter.setBrush(style.BLACK)
    radius = r.height() * 0.14
    painter.drawEllipse(r.center(), radius, radius)


def _slash(painter: QPainter, r: QRectF, line: float) -> None:
    painter.drawLine(r.bottomLeft(), r.topRight())


def _hq(painter: QPainter, r: QRectF, line: float) -> None:
    painter.setFont(style.font(max(6, round(r.height() * 0.42)), bold=True))
    painter.drawText(r, Qt.AlignmentFlag.AlignCenter, "HQ")


def _logistics(painter: QPainter, r: QRectF, line: float) -> None:
    # APP-6 supply: a bar across the lower part of the frame.
    y = r.top() + r.height() * 0.7
    painter.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))


def _paint_staff(painter: QPainter, rect: QRectF, hostile: bool, line: float) -> None:
    painter.save()
    painter.setPen(QPen(style.BLACK, line))
    frame = frame_path(rect, hostile).boundingRect()
    x = frame.left() if not hostile else frame.center().x()
    top = frame.bottom() if not hostile else frame.bottom()
    painter.drawLine(QPointF(x, top), QPointF(x, top + rect.height() * 0.35))
    painter.restore()


_TYPE_PAINTERS = {
    UnitType.INFANTRY: _cross,
    UnitType.ARMOUR: _oval,
    UnitType.MECHANISED: _mechanised,
    UnitType.ARTILLERY: _dot,
    UnitType.RECON: _slash,
    UnitType.HQ: _hq,
    UnitType.LOGISTICS: _logistics,
}


def shape_path(shape: str, rect: QRectF) -> QPainterPath:
    """A named badge shape (circle, triangle, square, octagon) filling ``rect``."""
    path = QPainterPath()
    c, r = rect.center(), min(rect.width(), rect.height()) / 2
    if shape == "circle":
        path.addEllipse(c, r, r)
    elif shape == "triangle":
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), c.y() - r),
                    QPointF(c.x() + r, c.y() + 0.8 * r),
                    QPointF(c.x() - r, c.y() + 0.8 * r),
                    QPointF(c.x(), c.y() - r),
                ]
            )
        )
    elif shape == "square":
        s = r * 0.86
        path.addRect(QRectF(c.x() - s, c.y() - s, 2 * s, 2 * s))
    else:
        points = [
            QPointF(
                c.x() + r * math.cos(math.radians(22.5 + 45 * i)),
                c.y() + r * math.sin(math.radians(22.5 + 45 * i)),
            )
            for i in range(9)
        ]
        path.addPolygon(QPolygonF(points))
    return path


def paint_badge(
    painter: QPainter, rect: QRectF, shape: str, fill: QColor, glyph: str, glyph_colour: QColor = style.BLACK
) -> None:
    """A shape with a thick dark outline and a glyph: tells states apart without colour."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = shape_path(shape, rect)
    painter.setPen(QPen(style.BLACK, max(1.2, rect.height() * 0.08)))
    painter.setBrush(fill)
    painter.drawPath(path)
    painter.setPen(glyph_colour)
    painter.setFont(style.font(max(6, round(rect.height() * 0.62)), bold=True))
    text_rect = QRectF(rect)
    if shape == "triangle":
        text_rect.translate(0, rect.height() * 0.1)
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, glyph)
    painter.restore()


def paint_supply_badge(painter: QPainter, rect: QRectF, supply: Supply) -> None:
    glyph_colour = style.WHITE if supply in (Supply.SUPPLIED, Supply.ENCIRCLED) else style.BLACK
    paint_badge(
        painter,
        rect,
        style.SUPPLY_SHAPE[supply],
        style.SUPPLY_COLOUR[supply],
        style.SUPPLY_GLYPH[supply],
        glyph_colour,
    )


def paint_severity(painter: QPainter, rect: QRectF, severity: Severity) -> None:
    glyph_colour = style.WHITE if severity is Severity.CRITICAL else style.BLACK
    paint_badge(
        painter,
        rect,
        style.SEVERITY_SHAPE[severity],
        style.SEVERITY_COLOUR[severity],
        style.SEVERITY_GLYPH[severity],
        glyph_colour,
    )


def _icon(size: int, paint) -> QIcon:  # type: ignore[no-untyped-def]
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint(painter, QRectF(2, 2, size - 4, size - 4))
    painter.end()
    return QIcon(pixmap)


def unit_icon(unit_type: UnitType, colour: QColor, hostile: bool, size: int = 48) -> QIcon:
    return _icon(
        size, lambda p, r: paint_unit_symbol(p, r.adjusted(0, 4, 0, -10), unit_type, colour, hostile)
    )


def supply_icon(supply: Supply, size: int = 28) -> QIcon:
    return _icon(size, lambda p, r: paint_supply_badge(p, r, supply))


def severity_icon(severity: Severity, size: int = 32) -> QIcon:
    return _icon(size, lambda p, r: paint_severity(p, r, severity))
