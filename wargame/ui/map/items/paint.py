"""Painting helpers shared by the map items: screen-sized text and pens on a scaled scene."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from wargame.ui.map import style


@dataclass(frozen=True, slots=True)
class TextBox:
    """A text drawn on the map: its anchor in the scene, its box in screen pixels around the
    anchor (map text keeps a fixed screen size), its pixel size and the text."""

    anchor: QPointF
    box: QRectF
    pixel_size: float
    text: str
    kind: str = "label"  # "place", "route", "corridor", "pocket", "plate", "hex"


def halo_box(anchor: QPointF, text: str, font: QFont, align: Qt.AlignmentFlag, kind: str) -> TextBox:
    """The box :func:`halo_text` fills with ``text`` at ``anchor`` (the glyphs, not the halo)."""
    glyphs, _ = text_shapes(text, font.pixelSize(), font.bold(), int(align))
    return TextBox(anchor, glyphs.boundingRect(), font.pixelSize(), text, kind)


def pixels_per_unit(painter: QPainter) -> float:
    """How many device pixels one scene unit covers under the painter's transform."""
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform()) or 1.0


def screen_pen(
    colour: QColor, pixels: float, painter: QPainter, line: Qt.PenStyle = Qt.PenStyle.SolidLine
) -> QPen:
    """A pen ``pixels`` wide on screen whatever the zoom (unlike a cosmetic pen, dashes scale too)."""
    pen = QPen(
        colour, pixels / pixels_per_unit(painter), line, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )
    return pen


def halo_text(
    painter: QPainter,
    anchor: QPointF,
    text: str,
    font: QFont,
    colour: QColor,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
    halo: QColor = style.WHITE,
    halo_px: float = 3.5,
) -> QRectF:
    """Text of a fixed screen size at a scene point, with a light halo so it reads over anything.

    Returns the text's rectangle in screen pixels relative to the anchor.
    """
    scale = pixels_per_unit(painter)
    glyphs, outline = text_shapes(text, font.pixelSize(), font.bold(), int(align), halo_px)
    painter.save()
    painter.translate(anchor)
    painter.scale(1 / scale, 1 / scale)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(halo)
    painter.drawPath(outline)
    painter.setBrush(colour)
    painter.drawPath(glyphs)
    painter.restore()
    return glyphs.boundingRect()


@lru_cache(maxsize=4096)
def text_shapes(
    text: str, pixel_size: int, bold: bool, align: int, halo_px: float = 3.5
) -> tuple[QPainterPath, QPainterPath]:
    """The glyph outlines of a label, placed by ``align``, and its halo: the glyphs' outline
    widened by ``halo_px`` on each side (built once: stroking text is the costly part of drawing
    a label)."""
    path = QPainterPath()
    path.addText(0, 0, style.font(pixel_size, bold), text)
    box = path.boundingRect()
    dx = -box.width() / 2 - box.left()
    if align & Qt.AlignmentFlag.AlignLeft.value:
        dx = -box.left()
    elif align & Qt.AlignmentFlag.AlignRight.value:
        dx = -box.right()
    dy = -box.center().y()
    if align & Qt.AlignmentFlag.AlignBottom.value:
        dy = -box.bottom()
    elif align & Qt.AlignmentFlag.AlignTop.value:
        dy = -box.top()
    path.translate(dx, dy)
    stroker = QPainterPathStroker()
    stroker.setWidth(halo_px * 2)
    stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
    stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    # The halo is the stroke alone: uniting it with the glyphs (the glyphs are painted over it
    # anyway) cost more than everything else in drawing a label, a tenth of a second at start.
    outline = stroker.createStroke(path).simplified()
    return path, outline


def shield(painter: QPainter, anchor: QPointF, text: str, fill: QColor, pixel_size: int = 14) -> None:
    """A road-number plate of fixed screen size (as printed maps mark road references)."""
    scale = pixels_per_unit(painter)
    painter.save()
    painter.translate(anchor)
    painter.scale(1 / scale, 1 / scale)
    font = style.font(pixel_size, bold=True)
    painter.setFont(font)
    width = painter.fontMetrics().horizontalAdvance(text) + 10
    height = pixel_size + 8
    box = QRectF(-width / 2, -height / 2, width, height)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(style.BLACK, 1.5))
    painter.setBrush(fill)
    painter.drawRoundedRect(box, 4, 4)
    painter.setPen(style.BLACK)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


class Pieces:
    """A layer's lines or shapes cut into small pieces, each with its bounds, so painting a
    strip of the view (a pan) or a zoomed-in part draws only what lies there.

    Open lines are cut every ``step`` points (neighbouring pieces share an end point);
    closed shapes stay whole (they are local already).
    """

    def __init__(self) -> None:
        self.items: list[tuple[QRectF, QPainterPath]] = []

    def add_path(self, path: QPainterPath) -> None:
        if not path.isEmpty():
            self.items.append((path.boundingRect(), path))

    def add_line(self, points: list[QPointF], step: int = 10) -> None:
        for start in range(0, max(1, len(points) - 1), step):
            chunk = points[start : start + step + 1]
            if len(chunk) > 1:
                path = QPainterPath(chunk[0])
                for point in chunk[1:]:
                    path.lineTo(point)
                self.add_path(path)

    def add_shape(self, points: list[QPointF]) -> None:
        if len(points) > 2:
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            path.closeSubpath()
            self.add_path(path)

    def draw(self, painter: QPainter, exposed: QRectF, margin: float = 0.0) -> None:
        area = exposed.adjusted(-margin, -margin, margin, margin)
        for bounds, path in self.items:
            if bounds.intersects(area):
                painter.drawPath(path)
