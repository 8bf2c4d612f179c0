"""The map of the setup editor: the app's own view with a control brush, and supply sources.

:class:`SetupMapView` is the game's :class:`MapView` whose paint stroke covers every hex within
the brush radius of the cursor's path; :class:`SourceLayer` marks each side's supply sources
with a flag in the side's colour, a shape the game map never uses for anything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from wargame.core.grid.hexgrid import Hex
from wargame.ui.map import style
from wargame.ui.map.items.geometry import HexGeometry
from wargame.ui.map.items.overlays import OverlayItem
from wargame.ui.map.items.paint import halo_text, pixels_per_unit, screen_pen
from wargame.ui.map.map_view import MapView
from wargame.ui.map.scene import MapScene

MAX_BRUSH = 3
FLAG_PX = 30  # the source flag's height on screen, whatever the zoom


class SetupMapView(MapView):
    """A MapView whose control brush paints every hex within ``brush_radius`` of the stroke."""

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.brush_radius = 0
        self._brush_item: QGraphicsPathItem | None = None

    def brush(self, hexes: Iterable[Hex]) -> list[Hex]:
        """The hexes of the map a stroke through ``hexes`` covers, in stroke order."""
        covered: dict[Hex, None] = {}
        for h in hexes:
            for near in sorted(self.map_scene.map.hexes_within(h, self.brush_radius)):
                covered.setdefault(near)
        return list(covered)

    def _show_painted(self) -> None:
        # The preview shows the brush's whole footprint, not just the hexes under the cursor.
        if self._brush_item is None:
            self._brush_item = QGraphicsPathItem()
            self._brush_item.setZValue(90)
            pen = QPen(style.BLACK, 3)
            pen.setCosmetic(True)
            self._brush_item.setPen(pen)
            self._brush_item.setBrush(style.with_alpha(style.YELLOW, 140))
            self.map_scene.addItem(self._brush_item)
        self._brush_item.setPath(self.map_scene.geometry.fill_path(self.brush(self._painted)))


class SourceLayer(OverlayItem):
    """A flag on every supply source, in the colour of its side and lettered with its id."""

    def __init__(self, geometry: HexGeometry, colours: Mapping[str, QColor]) -> None:
        super().__init__(geometry, 70)
        self.colours = dict(colours)
        self.sources: dict[str, tuple[Hex, ...]] = {}

    def show_sources(self, sources: Mapping[str, tuple[Hex, ...]]) -> None:
        shown = {side: tuple(hexes) for side, hexes in sources.items() if hexes}
        if shown == self.sources:
            return
        self.sources = shown
        self.set_content(bool(shown))
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        size = FLAG_PX / pixels_per_unit(painter)
        for side, hexes in sorted(self.sources.items()):
            colour = self.colours.get(side, style.BLACK)
            for h in hexes:
                self._flag(painter, self.geometry.centre(h), size, colour, side)

    @staticmethod
    def _flag(painter: QPainter, foot: QPointF, size: float, colour: QColor, side: str) -> None:
        painter.setPen(screen_pen(style.BLACK, 3.0, painter))
        painter.drawLine(foot, foot + QPointF(0, -size))
        cloth = QPolygonF(
            [
                foot + QPointF(0, -size),
                foot + QPointF(size * 0.9, -size * 0.78),
                foot + QPointF(0, -size * 0.55),
            ]
        )
        painter.setBrush(colour)
        painter.setPen(screen_pen(style.WHITE, 1.5, painter))
        painter.drawPolygon(cloth)
        painter.setBrush(style.BLACK)
        painter.setPen(screen_pen(style.WHITE, 1.5, painter))
        painter.drawEllipse(QRectF(foot.x() - size * 0.12, foot.y() - size * 0.12, size * 0.24, size * 0.24))
        label = foot + QPointF(size * 0.95, -size * 0.78)
        halo_text(
            painter,
            label,
            f"{side} supply",
            style.font(12, bold=True),
            style.BLACK,
            Qt.AlignmentFlag.AlignLeft,
        )
