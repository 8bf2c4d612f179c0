"""Printed map sheets: the base map with hex grid and hex numbers, split over pages, as a PDF.

The map is drawn by the app's own base-map and label items (so a sheet looks like the
screen), the hex grid and numbers at print sizes, and round each frame the furniture of a
printed map: crop and registration marks, the names of the neighbouring pages, and a collar
with the legend, the page index, the grid declaration, a scale bar and a north arrow.
Counter sheets (units to cut out) can follow the map pages.

Painting works in millimetres on any device: :func:`write_pdf` paints into a QPdfWriter,
:func:`render_page` into a QImage (tests, previews). The page maths is in
:mod:`wargame.core.reports.print_layout`.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from wargame.core.errors import GameFileError
from wargame.core.files.atomic import replace_with
from wargame.core.files.file_state import temporary_affixes
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Side, Unit, UnitType
from wargame.core.reports.print_layout import (
    EDGE_MM,
    MARGIN_MM,
    CounterRow,
    Extent,
    MapPage,
    Orientation,
    PagePlan,
    PrintError,
    counter_sheets,
    scale_text,
)
from wargame.ui.map import style
from wargame.ui.map.items.base_map import BaseMapItem, MapLabelsItem
from wargame.ui.map.items.geometry import HexGeometry
from wargame.ui.map.symbols import paint_unit_symbol
from wargame.ui.output.export import ensure_app

# The map items size their labels and least line widths in device pixels. At 127 dpi one
# pixel is 0.2 mm, which turns the screen sizes into good print sizes (place names 3–5 mm,
# road plates 4 mm); everything stays vector in the PDF.
PRINT_DPI = 127
TEXT_PX = 100  # fonts are laid out at this pixel size, then scaled to millimetres
GRID_PEN_MM = 0.18
GRID_COLOUR = QColor("#5A5A5A")
HEX_NUMBER_COLOUR = QColor("#2B2B2B")
HEX_NUMBER_MAX_MM = 2.4  # text height of the hex numbers on large-scale sheets
HEX_NUMBER_LEAST_MM = 0.9  # below this the numbers are left off
READABLE_HEX_NUMBER_MM = 1.5
FRAME_PEN_MM = 0.35
MARK_PEN_MM = 0.2
COUNTER_TILE = 100.0  # counter faces are drawn in a 100 × 100 box, scaled to the counter size


@dataclass
class PrintJob:
    """What to print: the map laid out on pages, and the counters (if any) to print after it."""

    gamemap: GameMap
    plan: PagePlan
    declaration: str
    sides: tuple[Side, ...] = ()
    units: tuple[Unit, ...] = ()
    counter_mm: float = 16.0
    title: str = ""
    counter_rows: list[list[CounterRow]] = field(init=False, default_factory=list)  # per sheet

    def __post_init__(self) -> None:
        if self.units:
            counts = [(s.id, sum(u.side == s.id for u in self.units)) for s in self.sides]
            self.counter_rows = counter_sheets(counts, self.plan.page_mm, self.counter_mm)

    @property
    def page_count(self) -> int:
        return self.plan.count + len(self.counter_rows)

    @property
    def hex_mm(self) -> float:
        """Hex size (centre to centre) on paper."""
        return self.gamemap.layout.size_m * 1000.0 / self.plan.scale

    def line_mm(self, metres: float, least_px: float) -> float:
        """How wide the base map draws a line of ``metres`` with a least width of ``least_px``."""
        return max(metres * 1000.0 / self.plan.scale, least_px * 25.4 / PRINT_DPI)

    @property
    def hex_number_mm(self) -> float:
        """Text height of the hex numbers: a fifth of the hex, at most HEX_NUMBER_MAX_MM."""
        return min(HEX_NUMBER_MAX_MM, self.hex_mm * 0.2)


def readable_scale(gamemap: GameMap) -> int:
    """The round scale (1, 2, 2.5 or 5 × 10ⁿ) with the largest number after "1:" at which the hex
    numbers still read well."""
    # hex number height = 0.2 × hex size on paper, at most HEX_NUMBER_MAX_MM
    limit = gamemap.layout.size_m * 1000.0 * 0.2 / READABLE_HEX_NUMBER_MM
    exponent = 10 ** math.floor(math.log10(limit))
    return int(max(f * exponent for f in (1, 2, 2.5, 5) if f * exponent <= limit))


def grid_declaration(gamemap: GameMap, scale: int, sources: str | None) -> str:
    """The sentence that tells a reader how to read the grid, printed on every map page."""
    size = f"{gamemap.layout.size_m:,.0f}".replace(",", " ")
    text = (
        f"Hex {size} m centre to centre; numbers column-row from 0101 at NW; "
        f"scale {scale_text(scale)}; map: {gamemap.title}"
    )
    return f"{text}; data sources: see {sources}" if sources else text


# --- the map scene -----------------------------------------------------------------------------


class PrintScene:
    """The app's base map and place labels in a scene of their own, with the hex grid path."""

    def __init__(self, gamemap: GameMap) -> None:
        ensure_app()
        self.map = gamemap
        self.geometry = HexGeometry.of(gamemap)
        self.scene = QGraphicsScene()
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.base = BaseMapItem(gamemap, self.geometry)
        self.labels = MapLabelsItem(gamemap, self.geometry)
        for item in (self.base, self.labels):
            # A device cache would turn the map into a bitmap; print keeps it vector.
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
            self.scene.addItem(item)
        self.centres = [(h, self.geometry.centre(h)) for h in gamemap]

    def render(self, painter: QPainter, target: QRectF, area: Extent, labels: bool) -> None:
        """Paint the base map (or, with ``labels``, the names and road plates) of ``area``."""
        self.base.setVisible(not labels)
        self.labels.setVisible(labels)
        source = QRectF(area.west, -area.north, area.width, area.height)
        self.scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)

    def grid_path(self, area: Extent) -> QPainterPath:
        """Every side of the hexes on a page once, map-edge sides included."""
        path = QPainterPath()
        for h, _ in self.hexes_in(area):
            for index, (neighbour, line) in enumerate(self.geometry.sides(h)):
                if index < 3 or neighbour not in self.map:
                    path.moveTo(line.p1())
                    path.lineTo(line.p2())
        return path

    def hexes_in(self, area: Extent) -> list[tuple[Hex, QPointF]]:
        pad = self.map.layout.size_m
        return [
            (h, c)
            for h, c in self.centres
            if area.west - pad <= c.x() <= area.east + pad and -area.north - pad <= c.y() <= -area.south + pad
        ]


# --- text and small shapes in millimetres -------------------------------------------------------


def text_mm(
    painter: QPainter,
    box: QRectF,
    text: str,
    size_mm: float,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    bold: bool = False,
    colour: QColor = style.BLACK,
    wrap: bool = False,
) -> QRectF:
    """Draw text ``size_mm`` high (font pixel size) in ``box``; returns the box it used."""
    k = size_mm / TEXT_PX
    font = style.font(TEXT_PX, bold)
    flags = int(align) | (int(Qt.TextFlag.TextWordWrap) if wrap else 0)
    inner = QRectF(0, 0, box.width() / k, box.height() / k)
    used = QFontMetricsF(font).boundingRect(inner, flags, text)
    painter.save()
    painter.translate(box.topLeft())
    painter.scale(k, k)
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(inner, flags, text)
    painter.restore()
    return QRectF(
        box.left() + used.left() * k, box.top() + used.top() * k, used.width() * k, used.height() * k
    )


def wrapped_height_mm(text: str, size_mm: float, width_mm: float) -> float:
    """Height of ``text`` wrapped to ``width_mm`` at ``size_mm``."""
    k = size_mm / TEXT_PX
    flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
    box = QFontMetricsF(style.font(TEXT_PX)).boundingRect(QRectF(0, 0, width_mm / k, 1e6), flags, text)
    return box.height() * k


def text_width_mm(text: str, size_mm: float, bold: bool = False) -> float:
    return QFontMetricsF(style.font(TEXT_PX, bold)).horizontalAdvance(text) * size_mm / TEXT_PX


def centred_label(painter: QPainter, centre: QPointF, text: str, size_mm: float, colour: QColor) -> None:
    """Bold text centred on a point. Plain PDF text: paths for hundreds of labels would weigh
    megabytes per page."""
    box = QRectF(centre.x() - 4 * size_mm, centre.y() - size_mm, 8 * size_mm, 2 * size_mm)
    text_mm(painter, box, text, size_mm, Qt.AlignmentFlag.AlignCenter, bold=True, colour=colour)


def triangle(painter: QPainter, tip: QPointF, direction: tuple[float, float], size: float) -> None:
    """A small filled arrowhead pointing ``direction`` (a unit vector) with its tip at ``tip``."""
    dx, dy = direction
    base = QPointF(tip.x() - dx * size, tip.y() - dy * size)
    side = QPointF(-dy * size * 0.6, dx * size * 0.6)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(style.BLACK)
    painter.drawPolygon(QPolygonF([tip, base + side, base - side]))


# --- map pages ------------------------------------------------------------------------------------


class PagePainter:
    """Paints the pages of one print job; the painter's unit is one millimetre."""

    def __init__(self, job: PrintJob) -> None:
        self.job = job
        self.scene = PrintScene(job.gamemap)

    def paint(self, painter: QPainter, index: int) -> None:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        plan = self.job.plan
        if index < plan.count:
            self.paint_map_page(painter, plan.pages[index], index)
        else:
            CounterSheet(self.job, index - plan.count).paint(painter, index)

    def frame(self) -> QRectF:
        w, h = self.job.plan.frame_mm
        return QRectF(MARGIN_MM + EDGE_MM, MARGIN_MM + EDGE_MM, w, h)

    def paint_map_page(self, painter: QPainter, page: MapPage, index: int) -> None:
        frame = self.frame()
        painter.save()
        # Roads and rivers run on past the hexes in the data; the sheet stops at the map's edge.
        painter.setClipRect(frame.intersected(self._on_paper(self.job.plan.extent, frame, page.area)))
        self.scene.render(painter, frame, page.area, labels=False)
        self._paint_grid(painter, frame, page.area)
        painter.setClipRect(frame)
        self.scene.render(painter, frame, page.area, labels=True)
        painter.restore()
        painter.setPen(QPen(style.BLACK, FRAME_PEN_MM))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(frame)
        self._paint_crop_marks(painter, frame)
        neighbours = self.job.plan.neighbours(page)
        self._paint_registration(painter, frame, neighbours)
        self._paint_neighbour_names(painter, frame, neighbours)
        Collar(self.job, page, index).paint(painter, self._collar_rect(frame))

    @staticmethod
    def _on_paper(extent: Extent, frame: QRectF, area: Extent) -> QRectF:
        """Where a rectangle of map metres falls on a page showing ``area`` in ``frame``."""
        k = frame.width() / area.width
        return QRectF(
            frame.left() + (extent.west - area.west) * k,
            frame.top() + (area.north - extent.north) * k,
            extent.width * k,
            extent.height * k,
        )

    def _collar_rect(self, frame: QRectF) -> QRectF:
        page_h = self.job.plan.page_mm[1]
        top = frame.bottom() + EDGE_MM
        return QRectF(frame.left(), top, frame.width(), page_h - MARGIN_MM - top)

    def _paint_grid(self, painter: QPainter, frame: QRectF, area: Extent) -> None:
        k = frame.width() / area.width  # millimetres per map metre
        painter.save()
        painter.translate(frame.topLeft())
        painter.scale(k, k)
        painter.translate(-area.west, area.north)
        painter.setPen(QPen(GRID_COLOUR, GRID_PEN_MM / k))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.scene.grid_path(area))
        painter.restore()
        size = self.job.hex_number_mm
        if size < HEX_NUMBER_LEAST_MM:
            return
        # The number sits in the top of the hex, clear of the counter in its middle.
        rise = self.job.gamemap.layout.size_m * 0.33
        for h, centre in self.scene.hexes_in(area):
            point = QPointF(
                frame.left() + (centre.x() - area.west) * k,
                frame.top() + (centre.y() - rise + area.north) * k,
            )
            centred_label(painter, point, self.job.gamemap.label(h), size, HEX_NUMBER_COLOUR)

    def _paint_crop_marks(self, painter: QPainter, frame: QRectF) -> None:
        """Short lines in the margin continuing the frame's edges: cut along them."""
        painter.setPen(QPen(style.BLACK, MARK_PEN_MM))
        gap, length = 1.0, EDGE_MM - 1.5
        for x, sx in ((frame.left(), -1), (frame.right(), 1)):
            for y, sy in ((frame.top(), -1), (frame.bottom(), 1)):
                painter.drawLine(QPointF(x + sx * gap, y), QPointF(x + sx * (gap + length), y))
                painter.drawLine(QPointF(x, y + sy * gap), QPointF(x, y + sy * (gap + length)))

    def _paint_registration(self, painter: QPainter, frame: QRectF, neighbours: dict[str, MapPage]) -> None:
        """Ticks where a neighbour's frame edge falls (the overlap strip), to line pages up.

        Each overlap line gets a tick in the margin and one just inside the frame at both ends,
        so it still shows after a margin is trimmed.
        """
        overlap = self.job.plan.overlap_mm
        if overlap <= 0:
            return
        for side in neighbours:
            if side in "EW":
                x = frame.right() - overlap if side == "E" else frame.left() + overlap
                _tick(painter, QPointF(x, frame.top()), (0, -1), outside=True)
                _tick(painter, QPointF(x, frame.bottom()), (0, 1), outside=True)
                _tick(painter, QPointF(x, frame.top()), (0, 1), outside=False)
                _tick(painter, QPointF(x, frame.bottom()), (0, -1), outside=False)
            else:
                y = frame.top() + overlap if side == "N" else frame.bottom() - overlap
                _tick(painter, QPointF(frame.left(), y), (-1, 0), outside=True)
                _tick(painter, QPointF(frame.right(), y), (1, 0), outside=True)
                _tick(painter, QPointF(frame.left(), y), (1, 0), outside=False)
                _tick(painter, QPointF(frame.right(), y), (-1, 0), outside=False)

    def _paint_neighbour_names(
        self, painter: QPainter, frame: QRectF, neighbours: dict[str, MapPage]
    ) -> None:
        size = 2.6
        for side, page in neighbours.items():
            text = f"continues on {page.label}"
            width = text_width_mm(text, size, bold=True) + 4
            painter.save()
            if side == "N":
                painter.translate(frame.center().x(), frame.top() - EDGE_MM / 2)
            elif side == "S":
                painter.translate(frame.center().x(), frame.bottom() + EDGE_MM / 2)
            elif side == "E":
                painter.translate(frame.right() + EDGE_MM / 2, frame.center().y())
                painter.rotate(90)
            else:
                painter.translate(frame.left() - EDGE_MM / 2, frame.center().y())
                painter.rotate(-90)
            painter.fillRect(QRectF(-width / 2 - 4, -size, width + 4, 2 * size), style.WHITE)
            direction = {"N": (0, -1), "S": (0, 1), "E": (0, -1), "W": (0, -1)}[side]
            triangle(painter, QPointF(-width / 2, 1.4 * direction[1]), direction, 1.8)
            text_mm(painter, QRectF(-width / 2 + 2, -size, width, 2 * size), text, size, bold=True)
            painter.restore()


def _tick(painter: QPainter, at: QPointF, direction: tuple[float, float], outside: bool) -> None:
    """A registration tick from a point on the frame, into the margin or into the map."""
    dx, dy = direction
    start, length = (1.0, EDGE_MM - 1.5) if outside else (0.0, 4.0)
    a = at + QPointF(dx * start, dy * start)
    b = at + QPointF(dx * (start + length), dy * (start + length))
    if not outside:  # a white halo keeps the tick visible over the map
        painter.setPen(QPen(style.WHITE, MARK_PEN_MM * 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawLine(a, b)
    painter.setPen(QPen(style.BLACK, MARK_PEN_MM * 1.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    painter.drawLine(a, b)


# --- the collar under the frame -------------------------------------------------------------------


class Collar:
    """Legend, page name and index, grid declaration, scale bar and north arrow."""

    def __init__(self, job: PrintJob, page: MapPage, index: int) -> None:
        self.job = job
        self.page = page
        self.index = index

    def paint(self, painter: QPainter, area: QRectF) -> None:
        legend_h = self._paint_legend(
            painter, QRectF(area.left(), area.top(), area.width(), area.height() * 0.42)
        )
        lower = QRectF(
            area.left(),
            area.top() + legend_h + 1.5,
            area.width(),
            area.bottom() - area.top() - legend_h - 1.5,
        )
        x = self._paint_page_name(painter, lower)
        if self.job.plan.count > 1:
            x = self._paint_index(painter, QRectF(x, lower.top(), lower.width(), lower.height()))
        right = self._paint_north_arrow(painter, lower)
        right = self._paint_scale_bar(
            painter, QRectF(lower.left(), lower.top(), right - lower.left() - 4, lower.height())
        )
        self._paint_declaration(painter, QRectF(x + 3, lower.top(), right - x - 7, lower.height()))

    def _paint_declaration(self, painter: QPainter, area: QRectF) -> None:
        """The title in bold, and under it the grid declaration."""
        title = self.job.title or self.job.gamemap.title
        title_mm = 3.2
        while title_mm > 2.2 and text_width_mm(title, title_mm, bold=True) > area.width():
            title_mm -= 0.2
        used = text_mm(painter, QRectF(area.left(), area.top(), area.width(), 5), title, title_mm, bold=True)
        below = QRectF(area.left(), used.bottom() + 0.8, area.width(), area.bottom() - used.bottom() - 0.8)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        size = 2.2
        while size > 1.5 and wrapped_height_mm(self.job.declaration, size, below.width()) > below.height():
            size -= 0.1
        text_mm(painter, below, self.job.declaration, size, flags, wrap=True)

    # Page name and index -----------------------------------------------------------------------

    def _paint_page_name(self, painter: QPainter, area: QRectF) -> float:
        name_box = QRectF(area.left(), area.top(), 22, area.height() * 0.62)
        text_mm(painter, name_box, self.page.label, 7.5, Qt.AlignmentFlag.AlignCenter, bold=True)
        note = f"sheet {self.index + 1} of {self.job.page_count}"
        text_mm(
            painter,
            QRectF(area.left(), name_box.bottom(), 22, area.height() - name_box.height()),
            note,
            1.9,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            wrap=True,
        )
        return area.left() + 23

    def _paint_index(self, painter: QPainter, area: QRectF) -> float:
        """The page grid in miniature, this page dark: where the sheet goes in the whole."""
        plan = self.job.plan
        step_w = plan.frame_mm[0] - plan.overlap_mm
        step_h = plan.frame_mm[1] - plan.overlap_mm
        k = min(area.height() / (plan.down * step_h), 34.0 / (plan.across * step_w))
        cell_w, cell_h = step_w * k, step_h * k
        top = area.top() + (area.height() - plan.down * cell_h) / 2
        painter.setPen(QPen(style.BLACK, 0.15))
        for page in plan.pages:
            cell = QRectF(area.left() + page.column * cell_w, top + page.row * cell_h, cell_w, cell_h)
            mine = page is self.page or page.label == self.page.label
            painter.setBrush(style.BLACK if mine else style.PAPER)
            painter.drawRect(cell)
            if min(cell_w, cell_h) >= 2.6:
                size = min(1.8, cell_h * 0.6, cell_w / 2.2)
                text_mm(
                    painter,
                    cell,
                    page.label,
                    size,
                    Qt.AlignmentFlag.AlignCenter,
                    mine,
                    style.WHITE if mine else style.BLACK,
                )
        return area.left() + plan.across * cell_w

    # Legend --------------------------------------------------------------------------------------

    def _paint_legend(self, painter: QPainter, area: QRectF) -> float:
        """Legend entries flowing in rows across the collar; returns the height used."""
        size = 2.3
        swatch_w, swatch_h, row_h = 7.0, 3.2, 4.4
        x, y = area.left(), area.top()
        for paint_swatch, text in legend_entries(self.job):
            width = swatch_w + 1.5 + text_width_mm(text, size) + 4
            if x + width > area.right() and x > area.left():
                x, y = area.left(), y + row_h
            paint_swatch(painter, QRectF(x, y + (row_h - swatch_h) / 2, swatch_w, swatch_h))
            text_mm(painter, QRectF(x + swatch_w + 1.5, y, width, row_h), text, size)
            x += width
        return y + row_h - area.top()

    # Scale bar and north arrow -------------------------------------------------------------------

    def _paint_north_arrow(self, painter: QPainter, area: QRectF) -> float:
        """Grid north is up on every sheet; returns the arrow's left edge."""
        h = min(area.height(), 12.0)
        w = h * 0.55
        left = area.right() - w
        top = area.top() + (area.height() - h) / 2
        tip, foot = QPointF(left + w / 2, top + h * 0.32), QPointF(left + w / 2, top + h)
        painter.setPen(QPen(style.BLACK, 0.25))
        painter.setBrush(style.BLACK)
        painter.drawPolygon(QPolygonF([tip, QPointF(left, foot.y()), QPointF(left + w / 2, top + h * 0.8)]))
        painter.setBrush(style.WHITE)
        painter.drawPolygon(
            QPolygonF([tip, QPointF(left + w, foot.y()), QPointF(left + w / 2, top + h * 0.8)])
        )
        text_mm(
            painter,
            QRectF(left - 2, top, w + 4, h * 0.3),
            "N",
            h * 0.28,
            Qt.AlignmentFlag.AlignCenter,
            bold=True,
        )
        return left

    def _paint_scale_bar(self, painter: QPainter, area: QRectF) -> float:
        """A chequered bar of four round steps, under a quarter of the collar; returns its left edge."""
        scale = self.job.plan.scale
        steps = 4
        step_m = scale_bar_step(scale, longest_mm=min(60.0, area.width() * 0.28) / steps)
        step_mm = step_m * 1000.0 / scale
        length, length_m = steps * step_mm, steps * step_m
        hex_note = f"{scale_text(scale)} · 1 hex = {distance_text(self.job.gamemap.layout.size_m, unit=True)}"
        note_w = text_width_mm(hex_note, 2.2, bold=True)
        centre = area.right() - max(length, note_w) / 2
        left = centre - length / 2
        bar_y = area.top() + area.height() * 0.42
        painter.setPen(QPen(style.BLACK, 0.2))
        for i in range(steps):
            painter.setBrush(style.BLACK if i % 2 == 0 else style.WHITE)
            painter.drawRect(QRectF(left + i * step_mm, bar_y, step_mm, 1.6))
        for i in range(steps + 1):
            label = distance_text(step_m * i, unit=i == steps, in_km=length_m >= 1000)
            box = QRectF(left + i * step_mm - 8, bar_y - 3.4, 16, 3)
            text_mm(painter, box, label, 2.0, Qt.AlignmentFlag.AlignCenter)
        box = QRectF(centre - note_w / 2 - 1, bar_y + 2.2, note_w + 2, 3.6)
        text_mm(painter, box, hex_note, 2.2, Qt.AlignmentFlag.AlignCenter, bold=True)
        return min(left - 6, box.left())


def scale_bar_step(scale: int, longest_mm: float) -> float:
    """The longest round ground distance (1, 2, 2.5 or 5 × 10ⁿ m) at most ``longest_mm`` on paper.

    >>> scale_bar_step(25000, 15.0)
    250.0
    """
    longest_m = longest_mm * scale / 1000.0
    exponent = 10 ** math.floor(math.log10(longest_m))
    return float(max(f * exponent for f in (1, 2, 2.5, 5, 10) if f * exponent <= longest_m))


def distance_text(metres: float, unit: bool = False, in_km: bool | None = None) -> str:
    """ "500 m", "2 km"; ``in_km`` forces kilometres (for every label of one scale bar)."""
    km = metres >= 1000 if in_km is None else in_km
    value = f"{metres / 1000:g}" if km else f"{metres:g}"
    return f"{value} {'km' if km else 'm'}" if unit else value


# --- the legend's entries -------------------------------------------------------------------------


Swatch = Callable[[QPainter, QRectF], None]


def _fill(colour: QColor, edge: QColor, dash: Qt.PenStyle = Qt.PenStyle.SolidLine) -> Swatch:
    def paint(p: QPainter, r: QRectF) -> None:
        p.setPen(QPen(edge, 0.25, dash))
        p.setBrush(colour)
        p.drawRect(r)

    return paint


def _line(colour: QColor, width: float, casing: QColor | None = None) -> Swatch:
    def paint(p: QPainter, r: QRectF) -> None:
        a, b = QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y())
        if casing is not None:
            p.setPen(QPen(casing, width + 0.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            p.drawLine(a, b)
        p.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        p.drawLine(a, b)

    return paint


def _railway(width: float) -> Swatch:
    def paint(p: QPainter, r: QRectF) -> None:
        a, b = QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y())
        p.setPen(QPen(style.RAILWAY, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        p.drawLine(a, b)
        p.setPen(QPen(style.WHITE, width / 2, Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap))
        p.drawLine(a, b)

    return paint


def _town(p: QPainter, r: QRectF) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(style.BLACK)
    p.drawEllipse(r.center(), 0.7, 0.7)


def _plate(p: QPainter, r: QRectF) -> None:
    box = QRectF(r.left() + 0.5, r.top(), r.width() - 1, r.height())
    p.setPen(QPen(style.BLACK, 0.25))
    p.setBrush(style.ROAD_FILL["main"])
    p.drawRoundedRect(box, 0.6, 0.6)
    text_mm(p, box, "T0504", 1.5, Qt.AlignmentFlag.AlignCenter, bold=True)


def _hex_swatch(p: QPainter, r: QRectF) -> None:
    c, radius = r.center(), r.height() * 0.62
    points = [
        QPointF(c.x() + radius * 1.25 * math.cos(math.pi * i / 3), c.y() + radius * math.sin(math.pi * i / 3))
        for i in range(7)
    ]
    p.setPen(QPen(GRID_COLOUR, GRID_PEN_MM))
    p.setBrush(style.PAPER)
    p.drawPolygon(QPolygonF(points))
    text_mm(p, r, "0504", 1.5, Qt.AlignmentFlag.AlignCenter, bold=True, colour=HEX_NUMBER_COLOUR)


def legend_entries(job: PrintJob) -> list[tuple[Swatch, str]]:
    """(swatch painter, meaning) for everything the printed base map shows."""
    features = {(f.layer, f.kind) for f in job.gamemap.features}
    layers = {layer for layer, _ in features}
    entries: list[tuple[Swatch, str]] = [(_hex_swatch, "hex and its number (CCRR)")]
    if "settlements" in layers:
        entries.append((_town, "town or village"))
    if "urban" in layers:
        entries.append((_fill(style.URBAN_FILL, style.URBAN_EDGE), "built-up area"))
    if "woods" in layers:
        entries.append((_fill(style.WOODS_FILL, style.WOODS_FILL), "woods"))
    if "heights" in layers:
        entries.append((_fill(style.PAPER, style.HEIGHTS_EDGE, Qt.PenStyle.DashLine), "high ground"))
    if any(layer == "water" and kind in {"river", "stream", "canal"} for layer, kind in features):
        entries.append((_line(style.WATER, job.line_mm(40.0, 3.0)), "river or canal"))
    if any(layer == "water" and kind in {"reservoir", "lake", "pond"} for layer, kind in features):
        entries.append((_fill(style.WATER, style.WATER_EDGE), "lake or reservoir"))
    if "railways" in layers:
        entries.append((_railway(job.line_mm(25.0, 3.0)), "railway"))
    titles = {"highway": "highway", "main": "main road", "secondary": "secondary road", "minor": "minor road"}
    for kind, title in titles.items():
        if ("roads", kind) in features:
            width = min(2.6, job.line_mm(style.ROAD_WIDTH_M[kind], style.ROAD_MIN_PX[kind]))
            entries.append((_line(style.ROAD_FILL[kind], width, style.ROAD_CASING), title))
    if any(f.layer == "roads" and f.ref for f in job.gamemap.features):
        entries.append((_plate, "road number"))
    return entries


# --- counter sheets -------------------------------------------------------------------------------


class CounterSheet:
    """One sheet of counters to cut out, grouped by side, with cut lines between them."""

    def __init__(self, job: PrintJob, sheet: int) -> None:
        self.job = job
        self.rows = job.counter_rows[sheet]
        self.sheet = sheet

    def paint(self, painter: QPainter, index: int) -> None:
        job = self.job
        width = job.plan.page_mm[0] - 2 * MARGIN_MM
        heading = f"Counters: {job.title}" if job.title else "Counters"
        text_mm(painter, QRectF(MARGIN_MM, MARGIN_MM, width, 6), heading, 4.0, bold=True)
        note = (
            f"sheet {index + 1} of {job.page_count} · {job.counter_mm:g} mm counters · "
            "cut along the grey lines · top left: strength; top right: set-up hex"
        )
        text_mm(painter, QRectF(MARGIN_MM, MARGIN_MM + 6, width, 4), note, 2.2)
        sides = {s.id: s for s in job.sides}
        by_side = {s.id: [u for u in job.units if u.side == s.id] for s in job.sides}
        hostile = {s.id: i > 0 for i, s in enumerate(job.sides)}
        for row in self.rows:
            if row.heading:
                self._paint_side_heading(
                    painter, row, sides[row.side], len(by_side[row.side]), hostile[row.side]
                )
            for i, unit in enumerate(by_side[row.side][row.first : row.stop]):
                box = QRectF(MARGIN_MM + i * job.counter_mm, row.top_mm, job.counter_mm, job.counter_mm)
                paint_counter(
                    painter, box, unit, QColor(sides[unit.side].colour), hostile[unit.side], job.gamemap
                )

    def _paint_side_heading(
        self, painter: QPainter, row: CounterRow, side: Side, count: int, hostile: bool
    ) -> None:
        top = row.top_mm - row.heading_mm
        swatch = QRectF(MARGIN_MM, top + 1.2, 6, 4)
        painter.setPen(QPen(style.BLACK, 0.25))
        painter.setBrush(style.side_fill(QColor(side.colour)))
        painter.drawRect(swatch)
        frame = "diamond frames (hostile)" if hostile else "rectangle frames (friendly)"
        more = " (continued)" if row.first else ""
        text = f"{side.name} ({side.id}){more}: {count} counters, {frame}"
        text_mm(painter, QRectF(MARGIN_MM + 8, top, 200, row.heading_mm - 0.5), text, 3.0, bold=True)


def paint_counter(
    painter: QPainter, box: QRectF, unit: Unit, colour: QColor, hostile: bool, gamemap: GameMap
) -> None:
    """One counter face in ``box``: strength, echelon, APP-6 symbol, designation, set-up hex."""
    painter.save()
    painter.translate(box.topLeft())
    painter.scale(box.width() / COUNTER_TILE, box.height() / COUNTER_TILE)
    tile = QRectF(0, 0, COUNTER_TILE, COUNTER_TILE)
    painter.fillRect(tile, style.mix(colour, style.WHITE, 0.82))
    weak = unit.strength < unit.max_strength
    strength = QRectF(4, 4, 22, 22)
    painter.setPen(QPen(style.BLACK, 2))
    painter.setBrush(style.YELLOW if weak else style.WHITE)
    painter.drawRect(strength)
    painter.setPen(style.BLACK)
    painter.setFont(style.font(18, bold=True))
    painter.drawText(strength, Qt.AlignmentFlag.AlignCenter, str(unit.strength))
    painter.setFont(style.font(15, bold=True))
    painter.drawText(QRectF(26, 2, 36, 18), Qt.AlignmentFlag.AlignCenter, unit.echelon.mark)
    if unit.hex in gamemap:
        painter.setFont(style.font(11, bold=True))
        painter.drawText(
            QRectF(60, 4, 37, 16),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            gamemap.label(unit.hex),
        )
    frame = _symbol_frame(unit.type, hostile)
    paint_unit_symbol(painter, frame, unit.type, colour, hostile)
    _paint_designation(painter, QRectF(3, 67, 94, 31), unit.label)
    painter.setPen(QPen(QColor("#9A9A9A"), 0.8))  # the cut line, shared with the neighbours
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(tile)
    painter.restore()


def _symbol_frame(unit_type: UnitType, hostile: bool) -> QRectF:
    """Where the APP-6 frame goes on a counter; an HQ's is smaller so its staff clears the name."""
    if unit_type is UnitType.HQ:
        return QRectF(32, 18, 36, 36) if hostile else QRectF(26, 20, 48, 32)
    return QRectF(27, 20, 46, 46) if hostile else QRectF(20, 24, 60, 40)


def _paint_designation(painter: QPainter, box: QRectF, text: str) -> None:
    """The unit's name on up to two lines, in the largest font that fits."""
    flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextWordWrap)
    for pixels in (15, 14, 13, 12, 11, 10):
        font = style.font(pixels, bold=True)
        needed = QFontMetricsF(font).boundingRect(QRectF(0, 0, box.width(), 1000), flags, text)
        if needed.height() <= box.height() and needed.width() <= box.width():
            break
    painter.setFont(font)
    painter.setPen(style.BLACK)
    painter.drawText(box, flags, text)


# --- output -----------------------------------------------------------------------------------


def _page_layout(plan: PagePlan) -> QPageLayout:
    known = {
        "A4": QPageSize.PageSizeId.A4,
        "A3": QPageSize.PageSizeId.A3,
        "A2": QPageSize.PageSizeId.A2,
        "A1": QPageSize.PageSizeId.A1,
        "Letter": QPageSize.PageSizeId.Letter,
        "Tabloid": QPageSize.PageSizeId.Tabloid,
    }
    size_id = known.get(plan.paper.name)
    size = (
        QPageSize(size_id)
        if size_id is not None
        else QPageSize(QSizeF(plan.paper.width_mm, plan.paper.height_mm), QPageSize.Unit.Millimeter)
    )
    orientation = (
        QPageLayout.Orientation.Landscape
        if plan.orientation is Orientation.LANDSCAPE
        else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def write_pdf(job: PrintJob, path: Path) -> int:
    """Write every page of ``job`` to ``path`` (atomically); returns the number of pages."""
    ensure_app()
    pages = PagePainter(job)
    folder = path.parent if str(path.parent) else Path(".")
    # The program's own temporary name (the next save into the folder removes a killed one's).
    prefix, suffix = temporary_affixes(path)
    temp = folder / f"{prefix}{secrets.token_hex(4)}{suffix}"
    try:
        temp.open("xb").close()
    except OSError as error:
        raise PrintError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        _paint_pdf(job, pages, temp)
        replace_with(temp, path, pdf_complete)  # a full disk leaves a PDF without its end
    except GameFileError as error:
        raise PrintError(str(error)) from None
    except OSError as error:
        raise PrintError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        temp.unlink(missing_ok=True)
    return job.page_count


def pdf_complete(tail: bytes) -> bool:
    """Whether a PDF's last bytes hold its end marker (a truncated PDF has none)."""
    return tail.rstrip().endswith(b"%%EOF")


def _paint_pdf(job: PrintJob, pages: PagePainter, temp: Path) -> None:
    writer = QPdfWriter(str(temp))
    writer.setResolution(PRINT_DPI)
    writer.setPageLayout(_page_layout(job.plan))
    writer.setTitle(f"{job.gamemap.title}, {scale_text(job.plan.scale)}")
    writer.setCreator("wargame print-map")
    painter = QPainter()
    if not painter.begin(writer):
        raise PrintError(f"cannot write the PDF {temp}")
    try:
        for index in range(job.page_count):
            if index:
                writer.newPage()
            painter.save()
            painter.scale(PRINT_DPI / 25.4, PRINT_DPI / 25.4)
            pages.paint(painter, index)
            painter.restore()
    finally:
        painter.end()


def render_page(
    job: PrintJob, index: int, dpi: float = PRINT_DPI, pages: PagePainter | None = None
) -> QImage:
    """One page as a picture (white paper), for previews and tests."""
    ensure_app()
    pages = pages or PagePainter(job)
    w_mm, h_mm = job.plan.page_mm
    px_per_mm = dpi / 25.4
    image = QImage(round(w_mm * px_per_mm), round(h_mm * px_per_mm), QImage.Format.Format_RGB32)
    image.fill(style.WHITE)
    painter = QPainter(image)
    try:
        painter.scale(px_per_mm, px_per_mm)
        pages.paint(painter, index)
    finally:
        painter.end()
    return image


def make_job(
    gamemap: GameMap,
    plan: PagePlan,
    declaration: str,
    sides: Sequence[Side] = (),
    units: Sequence[Unit] = (),
    counter_mm: float = 16.0,
    title: str = "",
) -> PrintJob:
    return PrintJob(gamemap, plan, declaration, tuple(sides), tuple(units), counter_mm, title)
