"""The hex overlay: every hex side as one prebuilt path (the hex numbers are labels:
:mod:`wargame.ui.map.items.labels`)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from wargame.core.map.gamemap import GameMap
from wargame.ui.map.items.base_map import map_bounds
from wargame.ui.map.items.geometry import HexGeometry
from wargame.ui.map.items.paint import Pieces, pixels_per_unit

GRID_COLOUR = QColor(40, 40, 40, 90)


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
        self.show_labels = True  # View ▸ Hex numbers (drawn by the label layer)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        pen = QPen(GRID_COLOUR, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        self.pieces.draw(painter, option.exposedRect, 2 / pixels_per_unit(painter))
