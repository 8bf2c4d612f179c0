"""The legend: every symbol, badge, line and fill the map uses, each with its meaning."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from wargame.core.model import Side, UnitType
from wargame.core.rules.results import RouteState, Supply
from wargame.ui.map import style
from wargame.ui.map.symbols import paint_supply_badge, paint_unit_symbol

ICON = QSize(56, 34)


def _icon(paint: Callable[[QPainter, QRectF], None]) -> QIcon:
    pixmap = QPixmap(ICON)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint(painter, QRectF(2, 2, ICON.width() - 4, ICON.height() - 4))
    painter.end()
    return QIcon(pixmap)


def _line(colour: QColor, dash: Qt.PenStyle, width: float = 5) -> Callable[[QPainter, QRectF], None]:
    def paint(p: QPainter, r: QRectF) -> None:
        p.setPen(QPen(colour, width, dash))
        p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()))

    return paint


def _hex(pen: QPen, brush: QBrush) -> Callable[[QPainter, QRectF], None]:
    def paint(p: QPainter, r: QRectF) -> None:
        c, radius = r.center(), r.height() / 2
        p.setPen(pen)
        p.setBrush(brush)
        p.drawPolygon(
            QPolygonF(
                [
                    QPointF(
                        c.x() + radius * math.cos(math.pi * i / 3), c.y() + radius * math.sin(math.pi * i / 3)
                    )
                    for i in range(6)
                ]
            )
        )

    return paint


def _cross(p: QPainter, r: QRectF) -> None:
    c, k = r.center(), r.height() / 2.5
    p.setPen(QPen(style.VERMILLION, 5))
    p.drawLine(QPointF(c.x() - k, c.y() - k), QPointF(c.x() + k, c.y() + k))
    p.drawLine(QPointF(c.x() - k, c.y() + k), QPointF(c.x() + k, c.y() - k))


def _burst(p: QPainter, r: QRectF) -> None:
    c, outer, inner = r.center(), r.height() / 2, r.height() / 4.5
    p.setPen(QPen(style.BLACK, 1.5))
    p.setBrush(style.ORANGE)
    p.drawPolygon(
        QPolygonF(
            [
                QPointF(
                    c.x() + (outer if i % 2 == 0 else inner) * math.cos(math.pi * i / 8),
                    c.y() + (outer if i % 2 == 0 else inner) * math.sin(math.pi * i / 8),
                )
                for i in range(16)
            ]
        )
    )


def _note_pin(p: QPainter, r: QRectF) -> None:
    side = r.height() * 0.7
    box = QRectF(r.center().x() - side / 2, r.center().y() - side / 2, side, side)
    p.setPen(QPen(style.BLACK, 2))
    p.setBrush(style.YELLOW)
    p.drawRect(box)
    p.setFont(style.font(13, bold=True))
    p.drawText(box, Qt.AlignmentFlag.AlignCenter, "N")


def _symbol(p: QPainter, r: QRectF, unit_type: UnitType, colour: QColor, hostile: bool) -> None:
    paint_unit_symbol(p, r, unit_type, colour, hostile)


def _badge(p: QPainter, r: QRectF, supply: Supply) -> None:
    paint_supply_badge(p, r.adjusted(12, 0, -12, 0), supply)


def side_rows(sides: Sequence[Side], viewer: str | None = None) -> list[tuple[QIcon, str]]:
    """A row per side: the side in view (the first for the facilitator) friendly, a rectangle;
    the other hostile, a diamond."""
    friend = viewer or (sides[0].id if sides else "")
    rows = []
    for side in sorted(sides, key=lambda s: s.id != friend):
        hostile = side.id != friend
        icon = _icon(
            partial(_symbol, unit_type=UnitType.INFANTRY, colour=QColor(side.colour), hostile=hostile)
        )
        rows.append((icon, f"{side.name}: {'diamond (hostile)' if hostile else 'rectangle (friendly)'}"))
    return rows


def legend_rows(sides: Sequence[Side], viewer: str | None = None) -> list[tuple[QIcon, str]]:
    rows: list[tuple[QIcon, str]] = side_rows(sides, viewer)
    for unit_type, meaning in (
        (UnitType.INFANTRY, "infantry ✕"),
        (UnitType.ARMOUR, "armour (oval)"),
        (UnitType.MECHANISED, "mechanised (✕ + oval)"),
        (UnitType.ARTILLERY, "artillery (dot)"),
        (UnitType.RECON, "recon (slash)"),
        (UnitType.HQ, "HQ (staff)"),
        (UnitType.LOGISTICS, "logistics (bar)"),
    ):
        rows.append(
            (_icon(partial(_symbol, unit_type=unit_type, colour=QColor("#BBBBBB"), hostile=False)), meaning)
        )
    for supply, meaning in (
        (Supply.SUPPLIED, "supplied (circle ✓)"),
        (Supply.LIMITED, "limited (triangle !)"),
        (Supply.OUT_OF_SUPPLY, "out of supply (square –)"),
        (Supply.ENCIRCLED, "encircled (octagon ×)"),
    ):
        rows.append((_icon(partial(_badge, supply=supply)), meaning))
    for state, dash in (
        (RouteState.OPEN, Qt.PenStyle.SolidLine),
        (RouteState.UNDER_FIRE, Qt.PenStyle.DashLine),
        (RouteState.CUT, Qt.PenStyle.DotLine),
    ):
        rows.append((_icon(_line(style.ROUTE_COLOUR[state], dash)), f"route {style.ROUTE_TITLE[state]}"))
    rows.append(
        (_icon(_line(QColor("#0072B2"), Qt.PenStyle.DashDotLine, 4)), "supply line of the selected unit")
    )
    rows.append((_icon(_cross), "road cut"))
    rows.append((_icon(_burst), "under fire / interdicted"))
    rows.append((_icon(_note_pin), "note about a hex"))
    rows.append((_icon(_line(QColor(30, 30, 30), Qt.PenStyle.SolidLine, 3)), "front line"))
    for side in sides:
        rows.append(
            (_icon(_line(QColor(side.colour), Qt.PenStyle.DashLine, 3)), f"{side.id} supply area edge")
        )
    rows.append(
        (
            _icon(
                _hex(
                    QPen(style.BLACK, 3, Qt.PenStyle.DashLine),
                    QBrush(style.with_alpha(style.REDDISH_PURPLE, 140), Qt.BrushStyle.DiagCrossPattern),
                )
            ),
            "pocket",
        )
    )
    rows.append(
        (
            _icon(_hex(QPen(style.REDDISH_PURPLE, 4), QBrush(style.with_alpha(style.REDDISH_PURPLE, 70)))),
            "critical hex of a corridor",
        )
    )
    return rows


class LegendPanel(QListWidget):
    def __init__(self, sides: Sequence[Side], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sides = tuple(sides)
        self.setObjectName("legend")
        self.setIconSize(ICON)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for icon, text in legend_rows(sides):
            self.addItem(QListWidgetItem(icon, text))

    def set_viewer(self, side: str | None) -> None:
        """Each side's view has its own legend: its own units friendly (rectangles)."""
        for row, (icon, text) in enumerate(side_rows(self.sides, side)):
            item = self.item(row)
            if item is not None:
                item.setIcon(icon)
                item.setText(text)
