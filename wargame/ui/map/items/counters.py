"""Unit counters: APP-6 style frame, echelon mark, label, strength and a supply badge.

A counter is drawn in "tile units" (110 × 100) and scaled to the hex; when the map is zoomed
far out it keeps a least size on screen so it stays readable on a projector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from wargame.core.model import Unit
from wargame.core.rules.results import Supply, UnitSupply
from wargame.ui.map import style
from wargame.ui.map.symbols import paint_supply_badge, paint_unit_symbol

if TYPE_CHECKING:
    from wargame.ui.map.scene import MapScene

TILE = QRectF(-55, -50, 110, 100)
BADGE = QRectF(30, -66, 36, 36)
BAR = QRectF(-55, 50, 110, 20)  # the share of its need that arrives, along the counter's foot
FRIENDLY_FRAME = QRectF(-34, -31, 68, 46)
HOSTILE_FRAME = QRectF(-29, -34, 58, 58)
STACK_STEP = QPointF(16, -16)


def describe_supply(supply: UnitSupply | None) -> str:
    if supply is None:
        return "supply: not analysed"
    text = f"supply: {supply.supply.title}"
    if supply.need_sp > 0 and supply.cost is not None:
        text += f" — {supply.delivered_sp:.2g} of {supply.need_sp:g} SP a turn arrive ({supply.ratio:.0%})"
    if supply.cost is not None:
        text += f" (trace cost {supply.cost:g})"
    if supply.turns_out_of_supply:
        text += f", {supply.turns_out_of_supply} turn(s) out of supply"
    return text


class CounterItem(QGraphicsItem):
    """One unit on the map. Dragging it asks the scene to move the unit; the scene decides."""

    def __init__(self, unit: Unit, colour: QColor, hostile: bool) -> None:
        super().__init__()
        self.unit = unit
        self.colour = colour
        self.hostile = hostile
        self.supply: UnitSupply | None = None
        self.home = QPointF()
        self.notes: dict[str, str] = {}  # tooltip lines other features add (e.g. official supply)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setZValue(100)
        # Text and symbols are costly to paint; the cache makes a repaint a copy (measured: ~50 ms
        # less per frame with the default scenario's counters).
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._refresh_tooltip()

    @property
    def unit_id(self) -> str:
        return self.unit.id

    def set_unit(self, unit: Unit, supply: UnitSupply | None) -> None:
        self.unit = unit
        self.supply = supply
        self._refresh_tooltip()
        self.update()

    def set_supply(self, supply: UnitSupply | None) -> None:
        if supply != self.supply:
            self.supply = supply
            self._refresh_tooltip()
            self.update()

    def place(self, position: QPointF) -> None:
        """Put the counter at its home position (where the state says the unit is)."""
        self.home = QPointF(position)
        self.setPos(position)

    def snap_back(self) -> None:
        self.setPos(self.home)

    def _refresh_tooltip(self) -> None:
        u = self.unit
        self.setToolTip(
            f"{u.label} — {u.side} {u.echelon.value} {u.type.value}\n"
            f"strength {u.strength}/{u.max_strength}, direct-fire reach {u.fire_reach} hex(es)\n"
            + describe_supply(self.supply)
            + "".join(f"\n{note}" for note in self.notes.values())
        )

    def set_note(self, key: str, text: str | None) -> None:
        """Add, replace or (with None) drop a tooltip line of another feature."""
        if self.notes.get(key) == text:
            return
        if text is None:
            del self.notes[key]
        else:
            self.notes[key] = text
        self._refresh_tooltip()

    # --- painting -------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return TILE.united(BADGE).united(BAR).adjusted(-4, -4, 4, 4)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = self.isSelected()
        painter.setPen(QPen(style.BLACK if not selected else style.YELLOW, 3 if not selected else 9))
        painter.setBrush(QColor(255, 255, 255, 240))
        painter.drawRoundedRect(TILE, 10, 10)
        if selected:
            painter.setPen(QPen(style.BLACK, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(TILE.adjusted(-5, -5, 5, 5), 13, 13)
        painter.setPen(style.BLACK)
        painter.setFont(style.font(17, bold=True))
        painter.drawText(QRectF(-30, -50, 60, 18), Qt.AlignmentFlag.AlignCenter, self.unit.echelon.mark)
        frame = HOSTILE_FRAME if self.hostile else FRIENDLY_FRAME
        paint_unit_symbol(painter, frame, self.unit.type, self.colour, self.hostile)
        self._paint_footer(painter)
        if self.supply is not None:
            self._paint_share(painter, self.supply)
            paint_supply_badge(painter, BADGE, self.supply.supply)

    def _paint_share(self, painter: QPainter, supply: UnitSupply) -> None:
        """How much of its need arrives: a bar along the foot, with the percentage in it when
        short (clear of the badges above, which other features add to)."""
        if supply.need_sp <= 0 or supply.supply is Supply.ENCIRCLED:
            return
        share = max(0.0, min(supply.ratio, 1.0))
        colour = style.SUPPLY_COLOUR[supply.supply]
        painter.setPen(QPen(style.BLACK, 1.5))
        painter.setBrush(style.WHITE)
        painter.drawRect(BAR)
        painter.setBrush(colour)
        painter.drawRect(QRectF(BAR.left(), BAR.top(), BAR.width() * share, BAR.height()))
        if share >= 1.0:
            return
        painter.setPen(style.BLACK)
        painter.setFont(style.font(17, bold=True))
        painter.drawText(BAR, Qt.AlignmentFlag.AlignCenter, f"{share:.0%}")

    def _paint_footer(self, painter: QPainter) -> None:
        painter.setPen(style.BLACK)
        label_font = style.font(18, bold=True)
        painter.setFont(label_font)
        label = QFontMetricsF(label_font).elidedText(self.unit.label, Qt.TextElideMode.ElideRight, 104)
        painter.drawText(QRectF(-54, 23, 108, 25), Qt.AlignmentFlag.AlignCenter, label)
        weak = self.unit.strength < self.unit.max_strength
        box = QRectF(-51, -47, 24, 24)
        painter.setPen(QPen(style.BLACK, 2))
        painter.setBrush(style.YELLOW if weak else style.WHITE)
        painter.drawRect(box)
        painter.setFont(style.font(19, bold=True))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(self.unit.strength))

    # --- dragging -------------------------------------------------------------------------

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self.setZValue(150)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setZValue(100)
        moved = (self.pos() - self.home).manhattanLength() > 1e-6
        scene = self.scene()
        if moved and scene is not None:
            scene_of_map: MapScene = scene  # type: ignore[assignment]
            scene_of_map.counter_dropped(self, event.scenePos())

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        if scene is not None:
            scene_of_map: MapScene = scene  # type: ignore[assignment]
            scene_of_map.unit_edit_requested.emit(self.unit_id)
        event.accept()

    def is_supply(self, supply: Supply) -> bool:
        return self.supply is not None and self.supply.supply is supply
