"""Attention aids for a room looking at one screen: the last move, movement trails, the flare.

- The last move is drawn as a thick from–to arrow; it fades away at the next action.
- Movement trails (View ▸ Movement trails, T) show where each unit went in the current turn.
- A flare (Alt+click on a hex, or X over the hex under the cursor) pulses a ring on the map,
  so a speaker can point at a place for everyone.

A side view shows only the moves of units it can see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEasingCurve, QEvent, QLineF, QObject, QPointF, Qt, QVariantAnimation
from PySide6.QtGui import QAction, QColor, QKeySequence, QMouseEvent, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsPathItem

from wargame.core.actions import MoveUnit
from wargame.core.grid.hexgrid import Hex
from wargame.ui.map import style
from wargame.ui.window.controller import Update

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext
    from wargame.ui.map.scene import MapScene

# The arrow lies under the counters (it must not cover the unit it points at, nor take its
# tooltip) and stops at the edge of the hex the unit moved to, so its head shows beside it.
ARROW_Z, TRAIL_Z, FLARE_Z = 97, 96, 160
ARROW_PX, TRAIL_PX, FLARE_PX = 9.0, 5.0, 8.0
FADE_MS = 1500
FLARE_PULSE_MS, FLARE_PULSES = 800, 4


def cosmetic_pen(colour: QColor, pixels: float, dashed: bool = False) -> QPen:
    pen = QPen(colour, pixels)
    pen.setCosmetic(True)  # the same thickness at every zoom
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def arrow_path(start: QPointF, end: QPointF, head: float) -> QPainterPath:
    """A line from ``start`` to ``end`` with an open arrow head ``head`` long (scene units)."""
    path = QPainterPath(start)
    path.lineTo(end)
    line = QLineF(end, start)
    for turn in (25, -25):
        wing = QLineF(line)
        wing.setLength(head)
        wing.setAngle(line.angle() + turn)
        path.moveTo(end)
        path.lineTo(wing.p2())
    return path


def _alt_click(event: QEvent) -> bool:
    return (
        isinstance(event, QMouseEvent)
        and event.type() == QEvent.Type.MouseButtonPress
        and event.button() == Qt.MouseButton.LeftButton
        and bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
    )


class AttentionHook(QObject):
    """The last-move arrow, the trails and the flare of one main window."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.arrow: QGraphicsItem | None = None
        self.arrow_unit: str | None = None
        self.fading: list[tuple[QGraphicsItem, QVariantAnimation]] = []
        self.trails: list[QGraphicsItem] = []
        self.flares: list[tuple[QGraphicsItem, QVariantAnimation]] = []
        self._cursor = window.controller.game.cursor
        self.trails_action = QAction("Movement trails", window.widget, checkable=True)
        self.trails_action.setShortcut(QKeySequence("T"))
        self.trails_action.setToolTip("Show where each unit moved in the current turn (T)")
        self.trails_action.setChecked(bool(window.settings.value("view/trails", False, type=bool)))
        self.trails_action.toggled.connect(self._trails_toggled)
        self.flare_action = QAction("Flare at the hex under the cursor", window.widget)
        self.flare_action.setShortcut(QKeySequence("X"))
        self.flare_action.setToolTip(
            "Pulse a marker on the hex under the cursor for the room (X; or Alt+click)"
        )
        self.flare_action.triggered.connect(self.flare_here)
        view = window.menu("View")
        for action in (self.trails_action, self.flare_action):
            view.addAction(action)
            window.widget.addAction(action)
        window.view.viewport().installEventFilter(self)
        window.controller.changed.connect(self.on_update)
        window.controller.perspective_changed.connect(self.on_perspective)
        window.controller.game_replaced.connect(self._forget)

    @property
    def scene(self) -> MapScene:
        return self.window.scene

    def _visible(self, unit_id: str) -> bool:
        return unit_id in self.window.controller.view().visible

    # --- last move --------------------------------------------------------------------------

    def on_update(self, update: Update) -> None:
        game = self.window.controller.game
        pushed = game.cursor == self._cursor + 1
        self._cursor = game.cursor
        self.fade_arrow()
        last = game.actions[-1] if pushed and game.actions else None
        if isinstance(last, MoveUnit) and self._visible(last.unit_id):
            before = game.state_at(game.cursor - 1).units[last.unit_id].hex
            self.show_arrow(last.unit_id, before, last.to)
        self.show_trails()

    def on_perspective(self, update: Update) -> None:
        """Another side's view: nothing drawn for the last one stays (its moves may be hidden
        from this side); the trails are drawn again for the units this side sees."""
        cursor = self._cursor
        self._forget()
        self._cursor = cursor
        self.show_trails()

    def show_arrow(self, unit_id: str, start: Hex, end: Hex) -> None:
        geometry = self.scene.geometry
        a, b = geometry.centre(start), geometry.centre(end)
        colour = self.scene.colours.get(self.window.controller.state.units[unit_id].side, style.BLACK)
        size = self.window.controller.game.map.layout.size_m
        line = QLineF(a, b)
        line.setLength(max(line.length() - size * 0.5, size * 0.3))  # the head at the hex's edge
        path = arrow_path(a, line.p2(), size * 0.3)
        path.addPath(self.scene.geometry.fill_path([start, end]))  # both hexes outlined too
        group = QGraphicsPathItem()
        group.setPath(path)
        group.setPen(cosmetic_pen(style.WHITE, ARROW_PX + 6))  # a white casing keeps it readable on any map
        inner = QGraphicsPathItem(path, group)
        inner.setPen(cosmetic_pen(colour.darker(115), ARROW_PX))
        group.setZValue(ARROW_Z)
        group.setToolTip(f"Last move: {unit_id}")  # where no counter covers it
        group.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.scene.addItem(group)
        self.arrow, self.arrow_unit = group, unit_id

    def fade_arrow(self) -> None:
        """The last move's arrow fades out (the next action has come)."""
        if self.arrow is None:
            return
        item, self.arrow, self.arrow_unit = self.arrow, None, None
        self.fading.append((item, self._fade(item, FADE_MS, 1.0, 0.0, 1)))

    def _fade(self, item: QGraphicsItem, ms: int, start: float, end: float, loops: int) -> QVariantAnimation:
        animation = QVariantAnimation(self)
        animation.setDuration(ms)
        animation.setLoopCount(loops)
        animation.setStartValue(start)
        animation.setEndValue(end)
        animation.valueChanged.connect(item.setOpacity)
        animation.finished.connect(lambda: self._remove(item))
        animation.start()
        return animation

    def _remove(self, item: QGraphicsItem) -> None:
        if item.scene() is not None:
            item.scene().removeItem(item)
        self.fading = [(i, a) for i, a in self.fading if i is not item]
        self.flares = [(i, a) for i, a in self.flares if i is not item]

    def _forget(self) -> None:
        """Another game: nothing of the old one's moves stays on the map."""
        for item in [self.arrow, *self.trails, *(i for i, _ in self.fading + self.flares)]:
            if item is not None and item.scene() is not None:
                item.scene().removeItem(item)
        self.arrow, self.trails, self.fading, self.flares = None, [], [], []
        self._cursor = -1

    # --- trails -----------------------------------------------------------------------------

    def _trails_toggled(self, on: bool) -> None:
        self.window.settings.setValue("view/trails", on)
        self.show_trails()

    def trail_hexes(self) -> dict[str, list[Hex]]:
        """Each unit's hexes in the current turn, in order, for units that moved."""
        game = self.window.controller.game
        start = game.index_of_turn(game.state.turn)
        paths: dict[str, list[Hex]] = {}
        for index in range(start, game.cursor):
            action = game.actions[index]
            if isinstance(action, MoveUnit):
                before = game.state_at(index).units[action.unit_id].hex
                paths.setdefault(action.unit_id, [before]).append(action.to)
        return {uid: hexes for uid, hexes in paths.items() if self._visible(uid)}

    def show_trails(self) -> None:
        for item in self.trails:
            if item.scene() is not None:
                item.scene().removeItem(item)
        self.trails = []
        if not self.trails_action.isChecked():
            return
        state = self.window.controller.state
        for unit_id, hexes in sorted(self.trail_hexes().items()):
            points = [self.scene.geometry.centre(h) for h in hexes]
            path = QPainterPath()
            path.addPolygon(QPolygonF(points))
            item = QGraphicsPathItem(path)
            side = state.units[unit_id].side if unit_id in state.units else ""
            item.setPen(cosmetic_pen(self.scene.colours.get(side, style.BLACK), TRAIL_PX, dashed=True))
            item.setZValue(TRAIL_Z)
            item.setToolTip(f"Trail of {unit_id} this turn")
            self.scene.addItem(item)
            self.trails.append(item)

    # --- flare ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QMouseEvent) or not _alt_click(event):
            return False
        point = event.position().toPoint()
        h = self.scene.hex_at(self.window.view.mapToScene(point))
        if h is not None:
            self.flare(h)
        return True

    def flare_here(self) -> None:
        h = self.window.view.hover_hex or self.window.view.view_centre_hex()
        if h is not None:
            self.flare(h)

    def flare(self, h: Hex) -> QGraphicsItem:
        """Pulse a ring on ``h`` a few times for everyone to see."""
        size = self.window.controller.game.map.layout.size_m
        ring = QGraphicsEllipseItem(-size, -size, size * 2, size * 2)  # two hexes across: seen from the back
        ring.setPen(cosmetic_pen(style.BLACK, FLARE_PX + 6))
        inner = QGraphicsEllipseItem(ring.rect(), ring)
        inner.setPen(cosmetic_pen(style.YELLOW, FLARE_PX))
        ring.setPos(self.scene.geometry.centre(h))
        ring.setZValue(FLARE_Z)
        ring.setData(0, h)
        self.scene.addItem(ring)
        animation = self._fade(ring, FLARE_PULSE_MS, 1.0, 0.15, FLARE_PULSES)
        animation.setEasingCurve(QEasingCurve.Type.InOutSine)
        animation.valueChanged.connect(lambda v: ring.setScale(0.7 + 0.6 * (1 - float(v))))
        self.flares.append((ring, animation))
        self.window.show_message(f"Flare at {self.window.controller.game.map.describe(h)}", 5000)
        return ring
