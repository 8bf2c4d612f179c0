"""The hex overlay: every hex side as one prebuilt path, and hex labels when zoomed in."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from wargame.core.map.gamemap import GameMap
from wargame.ui.map import style
from wargame.ui.map.items.base_map import map_bounds
from wargame.ui.map.items.geometry import HexGeometry
from wargame.ui.map.items.paint import Pieces, TextBox, pixels_per_unit

GRID_COLOUR = QColor(40, 40, 40, 90)
LABEL_COLOUR = QColor(50, 50, 50)
LABEL_MIN_HEX_PX = 70  # hex labels appear once a hex is this wide on screen


class HexGridItem(QGraphicsItem):
    def __init__(self, gamemap: GameMap, geometry: HexGeometry) -> None:
        super().__init__()
        self.map = gamemap
        self.geometry = geometry
        self._bounds = map_bounds(geometry)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.pieces = Pieces()
        for path in geometry.grid_blocks():
            self.pieces.add_path(path)
        self.centres = [(h, geometry.centre(h)) for h in gamemap]
        self.show_labels = True  # View ▸ Hex numbers

    def boundingRect(self) -> QRectF:
        return self._bounds

    def text_boxes(self, zoom: float) -> list[TextBox]:
        if not self.show_labels or zoom * self.map.layout.size_m < LABEL_MIN_HEX_PX:
            return []
        metrics = QFontMetricsF(style.font(11))
        up = QPointF(0, self.map.layout.corner_radius * 0.62)
        boxes = []
        for h, centre in self.centres:
            text = self.map.label(h)
            width = metrics.horizontalAdvance(text)
            box = QRectF(-width / 2, -metrics.height() / 2, width, metrics.height())
            boxes.append(TextBox(centre - up, box, 11, text, "hex"))
        return boxes

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        pen = QPen(GRID_COLOUR, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        zoom = pixels_per_unit(painter)
        self.pieces.draw(painter, option.exposedRect, 2 / zoom)
        if not self.show_labels or zoom * self.map.layout.size_m < LABEL_MIN_HEX_PX:
            return
        shown = option.exposedRect.adjusted(-300, -300, 300, 300)
        offset = self.map.layout.corner_radius * 0.62
        # Plain text, not haloed outlines: outlining thousands of distinct labels at once
        # (the whole grid is cached in one go) took seconds on the first zoom-in.
        painter.save()
        painter.setFont(style.font(11))
        painter.setPen(LABEL_COLOUR)
        box = QRectF(-30, -8, 60, 16)
        for h, centre in self.centres:
            if shown.contains(centre):
                painter.save()
                painter.translate(centre.x(), centre.y() - offset)
                painter.scale(1 / zoom, 1 / zoom)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.map.label(h))
                painter.restore()
        painter.restore()
