"""Unit counters: APP-6 style frame, echelon mark, short name, strength and the supply state.

A counter has two faces. The **full** face (drawn in "tile units", 110 × 120, scaled to the
hex) shows strength, echelon, the unit symbol, its short name, the supply badge and how much
of its need arrives (a bar along the foot, with the percentage when short). The **compact**
face, used when the hexes are too small on screen for the full one to be read, keeps the
symbol and the supply state only (badge and share bar), at a fixed screen size.

Counters that would overlap draw as one **stack** (:mod:`wargame.ui.map.stacking`): the lead
unit's face with "×N" and, for the supply, the worst state and the share of the whole stack's
need that arrives. Clicking or hovering a stack fans it out (the scene does that).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from wargame.core.model import Unit
from wargame.core.rules.results import Supply, UnitSupply, share_text, sp_text
from wargame.ui.map import style
from wargame.ui.map.symbols import paint_supply_badge, paint_unit_symbol

if TYPE_CHECKING:
    from wargame.ui.map.scene import MapScene

# The full face, in tile units.
TILE = QRectF(-55, -60, 110, 120)
STRENGTH = QRectF(-51, -56, 24, 24)
ECHELON = QRectF(-30, -59, 60, 20)
BADGE = QRectF(27, -57, 26, 26)
FRIENDLY_FRAME = QRectF(-34, -33, 68, 44)
HOSTILE_FRAME = QRectF(-25, -36, 50, 50)
NAME = QRectF(-54, 14, 108, 26)
BAR = QRectF(-50, 43, 100, 12)  # the share of its need that arrives
SHORT_BAR = QRectF(-50, 43, 60, 12)  # ... beside the percentage when short
SHARE = QRectF(12, 39, 42, 20)
PILL = QRectF(-60, -66, 46, 28)  # "×N" of a stack, over the strength box
RULED = QRectF(-53, -30, 22, 22)  # a facilitator's ruling, left of the symbol
OFFICIAL = QRectF(31, -28, 22, 22)  # the official status where it differs, right of the symbol
MARKS = {"ruled": RULED, "official": OFFICIAL}
SHADOW = 5.0  # the counters under a stack peek out this far
NAME_PX = (18, 16)  # the name's font, shrunk down to the second size to fit

# The compact face, in its own units.
C_TILE = QRectF(-24, -20, 48, 40)
C_FRAME = QRectF(-22, -15, 30, 21)
C_HOSTILE = QRectF(-20, -16, 26, 26)
C_BADGE = QRectF(8, -14, 20, 20)
C_BAR = QRectF(-21, 10, 42, 7)
C_PILL = QRectF(-30, -34, 34, 20)
C_SHADOW = 3.0
PILL_PX = {False: 20, True: 15}  # the "×N" font, full and compact faces

# What each face covers (strokes included), alone and as a stack: what must never overlap.
SOLO_BOX = {False: TILE.adjusted(-3, -3, 3, 3), True: C_TILE.united(C_BADGE).adjusted(-2, -2, 2, 2)}
STACK_BOX = {
    False: SOLO_BOX[False].united(PILL).adjusted(-1, -1, 2 * SHADOW + 1, 2 * SHADOW + 1),
    True: SOLO_BOX[True].united(C_PILL).adjusted(-1, -1, 2 * C_SHADOW + 1, 2 * C_SHADOW + 1),
}


def describe_supply(supply: UnitSupply | None) -> str:
    if supply is None:
        return "supply: not analysed"
    text = f"supply: {supply.effective.title}"
    if supply.override:
        why = f": {supply.override_reason}" if supply.override_reason else ""
        computed = f" (computed {supply.supply.title})" if supply.effective is not supply.supply else ""
        text += f" — ruled by the facilitator{why}{computed}"
    if supply.need_sp > 0 and supply.cost is not None:
        text += (
            f" — {sp_text(supply.delivered_sp)} of {sp_text(supply.need_sp)} SP a turn arrive"
            f" ({share_text(supply.ratio)})"
        )
    if supply.cost is not None:
        text += f" (trace cost {supply.cost:g})"
    if supply.turns_out_of_supply:
        turns = supply.turns_out_of_supply
        text += f", {turns} turn{'s' if turns != 1 else ''} out of supply"
    if supply.priority != "normal":
        text += f"\nsupply priority {supply.priority}: {PRIORITY_MEANS[supply.priority]}"
    return text


PRIORITY_MEANS = {"high": "filled before normal and low", "low": "filled after high and normal"}


SEVERITY = {Supply.ENCIRCLED: 0, Supply.OUT_OF_SUPPLY: 1, Supply.LIMITED: 2, Supply.SUPPLIED: 3}


def stack_supply(supplies: list[UnitSupply]) -> tuple[Supply, float, bool] | None:
    """The supply shown for counters drawn as one: the worst state, the share of their total
    need that arrives, and whether that share means anything (some need, not all encircled)."""
    if not supplies:
        return None
    worst = min((s.effective for s in supplies), key=SEVERITY.__getitem__)  # as ruled
    needing = [s for s in supplies if s.need_sp > 0 and s.effective is not Supply.ENCIRCLED]
    need = sum(s.need_sp for s in needing)
    share = sum(s.delivered_sp for s in needing) / need if need > 0 else 1.0
    return worst, max(0.0, min(share, 1.0)), bool(needing)


class CounterItem(QGraphicsItem):
    """One unit on the map, or the lead of a stack. Dragging it asks the scene to move the
    unit; the scene decides."""

    def __init__(self, unit: Unit, colour: QColor, hostile: bool) -> None:
        super().__init__()
        self.unit = unit
        self.colour = colour
        self.hostile = hostile
        self.known = True  # False: an enemy's counter in a side's view, whose supply it does not know
        self.supply: UnitSupply | None = None
        self.short = unit.short or unit.label
        self.home = QPointF()
        self.compact = False
        self.members: tuple[CounterItem, ...] = ()  # the other units of its stack (lead only)
        self.notes: dict[str, str] = {}  # tooltip lines other features add (e.g. official supply)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setZValue(100)
        # Text and symbols are costly to paint; the cache makes a repaint a copy (measured: ~50 ms
        # less per frame with the default scenario's counters).
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._refresh_tooltip()

    @property
    def unit_id(self) -> str:
        return self.unit.id

    @property
    def stacked(self) -> bool:
        return bool(self.members)

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

    def set_known(self, known: bool) -> None:
        """Whether the side in view may know this unit's supply (its own, or the facilitator)."""
        if known != self.known:
            self.known = known
            self._refresh_tooltip()

    def set_short(self, short: str) -> None:
        if short != self.short:
            self.short = short
            self.update()

    def set_hostile(self, hostile: bool) -> None:
        """Friendly (rectangle) or hostile (diamond), as the side in view sees the unit."""
        if hostile != self.hostile:
            self.hostile = hostile
            self.update()

    def set_look(self, compact: bool, scale: float) -> None:
        """The face to draw and its scale (scene units per face unit)."""
        if compact != self.compact:
            self.prepareGeometryChange()
            self.compact = compact
            for child in self.childItems():
                child.update()
        if abs(self.scale() - scale) > 1e-9 * max(1.0, scale):
            self.setScale(scale)

    def set_members(self, members: list[CounterItem]) -> None:
        """The other units drawn in this counter (none: it stands alone)."""
        if tuple(members) != self.members:
            self.prepareGeometryChange()
            self.members = tuple(members)
            self._refresh_tooltip()
            self.update()

    def place(self, position: QPointF) -> None:
        """Put the counter at its home position (where the scene draws the unit or its stack)."""
        self.home = QPointF(position)
        self.setPos(position)

    def snap_back(self) -> None:
        self.setPos(self.home)

    def _refresh_tooltip(self) -> None:
        u = self.unit
        tip = (
            f"{u.label} — {u.side} {u.echelon.value} {u.type.value}\n"
            f"strength {u.strength}/{u.max_strength}, direct-fire reach {u.fire_reach} "
            f"hex{'es' if u.fire_reach != 1 else ''}\n"
            + (describe_supply(self.supply) if self.known else "supply: not known to this side")
            + "".join(f"\n{note}" for note in self.notes.values())
        )
        if self.members:
            lines = [f"  {c.unit.label}: {describe_supply(c.supply)}" for c in self.members]
            tip = f"Stack of {len(self.members) + 1} — click or hover to spread it\n\n{tip}\n\n" + "\n".join(
                lines
            )
        self.setToolTip(tip)

    def set_note(self, key: str, text: str | None) -> None:
        """Add, replace or (with None) drop a tooltip line of another feature."""
        if self.notes.get(key) == text:
            return
        if text is None:
            del self.notes[key]
        else:
            self.notes[key] = text
        self._refresh_tooltip()

    def mark_rect(self, mark: str) -> QRectF | None:
        """Where another feature's mark ("ruled", "official") goes on the face (None: no room
        on the compact face; the tooltip still says it)."""
        return None if self.compact else MARKS[mark]

    # --- what it covers -------------------------------------------------------------------

    @staticmethod
    def local_box(compact: bool, stacked: bool) -> QRectF:
        return (STACK_BOX if stacked else SOLO_BOX)[compact]

    def drawn_box(self) -> tuple[QRectF, list[float]]:
        """The box the counter covers in the scene and the sizes of its text (scene units)."""
        scale = self.scale()
        box = self.mapRectToScene(self.local_box(self.compact, self.stacked))
        sizes: list[float] = []
        if self.members:
            sizes.append(PILL_PX[self.compact] * scale)
        if not self.compact:
            sizes += [17 * scale, self._name_px() * scale]
            if not self.members:
                sizes.append(19 * scale)  # strength
            shown = self._shown_supply()
            if shown is not None and shown[2] and shown[1] < 1.0:
                sizes.append(17 * scale)
        return box, sizes

    def boundingRect(self) -> QRectF:
        return self.local_box(self.compact, self.stacked).adjusted(-6, -6, 6, 6)

    # --- painting -------------------------------------------------------------------------

    def _shown_supply(self) -> tuple[Supply, float, bool] | None:
        supplies = [c.supply for c in (self, *self.members) if c.supply is not None]
        return stack_supply(supplies)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.compact:
            self._paint_compact(painter)
        else:
            self._paint_full(painter)

    def _paint_tiles(self, painter: QPainter, tile: QRectF, shadow: float, radius: float, pen: float) -> None:
        """The tile, with the counters under it peeking out when it leads a stack."""
        selected = self.isSelected()
        painter.setPen(QPen(style.BLACK, pen))
        painter.setBrush(QColor(235, 235, 235))
        for k in range(min(2, len(self.members)), 0, -1):
            painter.drawRoundedRect(tile.translated(shadow * k, shadow * k), radius, radius)
        painter.setPen(QPen(style.YELLOW if selected else style.BLACK, pen * 3 if selected else pen))
        painter.setBrush(QColor(255, 255, 255, 245))
        painter.drawRoundedRect(tile, radius, radius)
        if selected:
            painter.setPen(QPen(style.BLACK, pen * 0.8))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(
                tile.adjusted(-pen * 1.6, -pen * 1.6, pen * 1.6, pen * 1.6), radius, radius
            )

    def _paint_full(self, painter: QPainter) -> None:
        self._paint_tiles(painter, TILE, SHADOW, 10, 3)
        painter.setPen(style.BLACK)
        painter.setFont(style.font(17, bold=True))
        painter.drawText(ECHELON, Qt.AlignmentFlag.AlignCenter, self.unit.echelon.mark)
        frame = HOSTILE_FRAME if self.hostile else FRIENDLY_FRAME
        paint_unit_symbol(painter, frame, self.unit.type, self.colour, self.hostile)
        painter.setPen(style.BLACK)
        painter.setFont(style.font(self._name_px(), bold=True))
        painter.drawText(NAME, Qt.AlignmentFlag.AlignCenter, self._name())
        if self.members:
            self._paint_pill(painter, PILL, PILL_PX[False])
        else:
            self._paint_strength(painter)
        shown = self._shown_supply()
        if shown is not None:
            self._paint_share(painter, shown)
            paint_supply_badge(painter, BADGE, shown[0])

    def _paint_compact(self, painter: QPainter) -> None:
        self._paint_tiles(painter, C_TILE, C_SHADOW, 5, 1.6)
        frame = C_HOSTILE if self.hostile else C_FRAME
        paint_unit_symbol(painter, frame, self.unit.type, self.colour, self.hostile)
        shown = self._shown_supply()
        if shown is not None:
            supply, share, needs = shown
            if needs:
                self._paint_bar(painter, C_BAR, share, supply, 1.0)
            paint_supply_badge(painter, C_BADGE, supply)
        if self.members:
            self._paint_pill(painter, C_PILL, PILL_PX[True])

    def _name(self) -> str:
        return self.short

    def _name_px(self) -> int:
        """The largest name font (of :data:`NAME_PX`) at which the short name fits the face."""
        for size in range(NAME_PX[0], NAME_PX[1] - 1, -1):
            if QFontMetricsF(style.font(size, bold=True)).horizontalAdvance(self.short) <= NAME.width():
                return size
        return NAME_PX[1]

    def _paint_strength(self, painter: QPainter) -> None:
        weak = self.unit.strength < self.unit.max_strength
        painter.setPen(QPen(style.BLACK, 2))
        painter.setBrush(style.YELLOW if weak else style.WHITE)
        painter.drawRect(STRENGTH)
        painter.setFont(style.font(19, bold=True))
        painter.drawText(STRENGTH, Qt.AlignmentFlag.AlignCenter, str(self.unit.strength))

    def _paint_pill(self, painter: QPainter, box: QRectF, pixels: int) -> None:
        """ "×N": how many units the stack holds, white on black."""
        painter.setPen(QPen(style.WHITE, 1.5))
        painter.setBrush(style.BLACK)
        painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)
        painter.setFont(style.font(pixels, bold=True))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, f"×{len(self.members) + 1}")

    def _paint_share(self, painter: QPainter, shown: tuple[Supply, float, bool]) -> None:
        """How much of the need arrives: a bar along the foot, and the percentage when short."""
        supply, share, needs = shown
        if not needs:
            return
        short = share < 1.0
        self._paint_bar(painter, SHORT_BAR if short else BAR, share, supply, 1.5)
        if short:
            painter.setPen(style.BLACK)
            painter.setFont(style.font(17, bold=True))
            painter.drawText(SHARE, Qt.AlignmentFlag.AlignCenter, share_text(share))

    @staticmethod
    def _paint_bar(painter: QPainter, bar: QRectF, share: float, supply: Supply, pen: float) -> None:
        painter.setPen(QPen(style.BLACK, pen))
        painter.setBrush(style.WHITE)
        painter.drawRect(bar)
        painter.setBrush(style.SUPPLY_COLOUR[supply])
        painter.drawRect(QRectF(bar.left(), bar.top(), bar.width() * share, bar.height()))

    # --- the mouse ------------------------------------------------------------------------

    def _map_scene(self) -> MapScene | None:
        scene = self.scene()
        return scene if scene is not None and hasattr(scene, "fan_out") else None  # type: ignore[return-value]

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        scene = self._map_scene()
        if scene is not None and self.members:
            scene.fan_out_soon(self)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        scene = self._map_scene()
        if scene is not None:
            scene.fan_out_soon(None)
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self._map_scene()
        if self.members and scene is not None and event.button() == Qt.MouseButton.LeftButton:
            scene.fan_out(self)  # a click spreads a stack; its counters are then picked one by one
            event.accept()
            return
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self.setZValue(self.zValue() + 50)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseMoveEvent(event)
        scene = self._map_scene()
        if scene is not None:
            scene.counter_dragged(self, event.scenePos())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setZValue(self.zValue() - 50)
        moved = (self.pos() - self.home).manhattanLength() > 1e-6
        scene = self._map_scene()
        if scene is not None:
            scene.counter_dragged(None, event.scenePos())
            if moved:
                scene.counter_dropped(self, event.scenePos())

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self._map_scene()
        if scene is not None:
            scene.unit_edit_requested.emit(self.unit_id)
        event.accept()

    def is_supply(self, supply: Supply) -> bool:
        return self.supply is not None and self.supply.supply is supply
