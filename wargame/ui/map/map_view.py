"""MapView: shows the MapScene. Wheel and +/− zoom, dragging the map pans, tool modes turn
clicks into requests (the main window makes them actions), and unit types dropped from the
palette become placement requests. The view never changes the game itself.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsPolygonItem, QGraphicsView, QWidget
from shiboken6 import isValid

from wargame.core.grid.hexgrid import Hex
from wargame.ui.map.scene import MapScene

UNIT_MIME = "application/x-wargame-unit"
MODES = ("select", "seize", "cut", "repair", "interdict", "note")
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.01, 2.0  # screen pixels per metre


class MapView(QGraphicsView):
    hex_hovered = Signal(object)  # Hex or None
    hex_clicked = Signal(str, object, QPointF)  # mode, Hex, scene point
    area_painted = Signal(list)  # hexes painted in seize mode
    unit_dropped = Signal(dict, object)  # palette payload, Hex or None
    context_requested = Signal(object, QPointF, QPoint)  # Hex or None, scene point, global point
    zoom_changed = Signal(float)
    mode_changed = Signal(str)  # the tool in use changed (also by Esc): the tool bar follows

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.map_scene = scene
        self.mode = "select"
        self._framed: QRectF | None = None  # what fit_rect keeps in view
        self.hover_hex: Hex | None = None
        self._hover_item: QGraphicsPolygonItem | None = None
        self._painted: list[Hex] = []
        self._paint_item: QGraphicsPathItem | None = None
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("mapView")
        # Panning is by dragging the map; scroll bars only take room on a projector.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def set_scene(self, scene: MapScene) -> None:
        self.map_scene = scene
        self._hover_item = None
        self._paint_item = None
        self.setScene(scene)
        scene.set_zoom(self.zoom)

    # --- zoom -----------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """Screen pixels per metre."""
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        self._framed = None
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom * factor))
        self.scale(target / self.zoom, target / self.zoom)
        self._zoomed()

    def fit_rect(self, rect: QRectF) -> None:
        """Show ``rect`` whole; it stays framed as the view resizes until the player zooms or pans."""
        self._framed = QRectF(rect)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._zoomed()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._framed is not None:
            self.fitInView(self._framed, Qt.AspectRatioMode.KeepAspectRatio)
            self._zoomed()
        else:
            self._tell_view_rect()

    def fit_map(self) -> None:
        self.fit_rect(self.map_scene.map_rect())

    def centre_on_hexes(self, hexes: list[Hex]) -> None:
        """Centre the view on some hexes, zooming in if they would otherwise be tiny."""
        if not hexes:
            return
        self._framed = None
        points = [self.map_scene.geometry.centre(h) for h in hexes]
        xs, ys = [p.x() for p in points], [p.y() for p in points]
        if self.zoom < 0.06:
            self.zoom_by(0.06 / self.zoom)
        self.centerOn(QPointF((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2))

    def view_centre_hex(self) -> Hex | None:
        return self.map_scene.hex_at(self.mapToScene(self.viewport().rect().center()))

    def _zoomed(self) -> None:
        self._tell_view_rect()  # first: the labels are placed for what the view now shows
        self.map_scene.set_zoom(self.zoom)
        self.zoom_changed.emit(self.zoom)

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def _tell_view_rect(self) -> None:
        if isValid(self.map_scene):
            self.map_scene.set_view_rect(self.visible_scene_rect())

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._tell_view_rect()  # hex numbers follow the view

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif event.key() == Qt.Key.Key_Escape:
            self.map_scene.fold_fan()
            self.set_mode("select")
        else:
            super().keyPressEvent(event)

    # --- modes ----------------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        changed = mode != self.mode
        self.mode = mode
        hand = mode == "select"
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag if hand else QGraphicsView.DragMode.NoDrag)
        self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if hand else Qt.CursorShape.CrossCursor)
        if changed:
            self.mode_changed.emit(mode)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._framed = None  # the player takes over the view
        if self.mode == "select" or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        point = self.mapToScene(event.position().toPoint())
        h = self.map_scene.hex_at(point)
        if self.mode == "seize":
            self._painted = [h] if h is not None else []
            self._show_painted()
        elif h is not None:
            self.hex_clicked.emit(self.mode, h, point)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = self.mapToScene(event.position().toPoint())
        h = self.map_scene.hex_at(point)
        self.show_hover(h)
        painting = self.mode == "seize" and event.buttons() & Qt.MouseButton.LeftButton
        if painting and h is not None and h not in self._painted:
            self._painted.append(h)
            self._show_painted()
        if not painting:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.mode == "seize" and event.button() == Qt.MouseButton.LeftButton:
            painted, self._painted = self._painted, []
            self._show_painted()
            if painted:
                self.area_painted.emit(painted)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if self.mode == "select":
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)

    def show_hover(self, h: Hex | None) -> None:
        """Outline the hex under the cursor (the drop or click target) and report it."""
        if h == self.hover_hex:
            return
        self.hover_hex = h
        if self._hover_item is None:
            self._hover_item = QGraphicsPolygonItem()
            self._hover_item.setZValue(95)
            pen = QPen(QColor("#000000"), 3)
            pen.setCosmetic(True)
            self._hover_item.setPen(pen)
            self._hover_item.setBrush(QColor(255, 255, 255, 60))
            self._hover_item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.map_scene.addItem(self._hover_item)
        self._hover_item.setVisible(h is not None)
        if h is not None:
            self._hover_item.setPolygon(self.map_scene.geometry.polygon(h))
        self.hex_hovered.emit(h)

    def leaveEvent(self, event: QEvent) -> None:
        self.show_hover(None)
        super().leaveEvent(event)

    def _show_painted(self) -> None:
        if self._paint_item is None:
            self._paint_item = QGraphicsPathItem()
            self._paint_item.setZValue(90)
            pen = QPen(QColor("#000000"), 3)
            pen.setCosmetic(True)
            self._paint_item.setPen(pen)
            self._paint_item.setBrush(QColor(240, 228, 66, 140))
            self.map_scene.addItem(self._paint_item)
        self._paint_item.setPath(self.map_scene.geometry.fill_path(self._painted))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        point = self.mapToScene(event.pos())
        self.context_requested.emit(self.map_scene.hex_at(point), point, event.globalPos())
        event.accept()

    # --- drops from the palette -------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(UNIT_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(UNIT_MIME):
            self.show_hover(self.map_scene.hex_at(self.mapToScene(event.position().toPoint())))
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(UNIT_MIME):
            event.ignore()
            return
        payload = json.loads(bytes(event.mimeData().data(UNIT_MIME).data()).decode("utf-8"))
        h = self.map_scene.hex_at(self.mapToScene(event.position().toPoint()))
        # A copy, never a move: a "moved" drop would take the symbol out of the palette.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.unit_dropped.emit(payload, h)
