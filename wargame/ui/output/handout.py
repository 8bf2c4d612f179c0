"""The hotwash handout as a PDF, with its HTML beside it: the map picture of each key moment,
the charts drawn from their SVG, laid out by Qt's rich text and printed to A4.

The handout's content is :mod:`wargame.core.reports.handout`; this module draws what the core
cannot (the maps) and writes both files atomically. Works offscreen.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtSvg import QSvgRenderer

from wargame.core.errors import WargameError
from wargame.core.files.atomic import write_atomic
from wargame.core.files.gamefile import Metadata
from wargame.core.game import Game
from wargame.core.reports import aar
from wargame.core.reports.handout import Handout, build_handout, chart_svgs, handout_html
from wargame.ui.map import style
from wargame.ui.output.export import ensure_app, export_scene, png_bytes, render_map

MAP_WIDTH = 1200  # each key moment's map, pixels: its names stay readable on A4
CHART_SCALE = 2  # charts drawn at twice their size, so they stay sharp on paper
PDF_DPI = 300
LAYOUT_DPI = 96
MARGIN_MM = 15.0
TEXT_PT = 10

# ``progress(done, total, what)``: how far the work is; False from it stops the work.
Progress = Callable[[int, int, str], bool]


class ExportCancelled(WargameError):
    """The user stopped a long export; nothing was written."""


def _no_progress(done: int, total: int, what: str) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class HandoutFiles:
    pdf: Path
    html: Path
    pages: int


def write_handout(
    game: Game,
    path: Path,
    metadata: Metadata | None = None,
    progress: Progress = _no_progress,
    history: aar.History | None = None,
) -> HandoutFiles:
    """Write the handout of ``game`` to ``path`` (a .pdf) and the same as HTML beside it."""
    if len(game) == 0:
        raise WargameError("the game has no actions yet: there is nothing to hand out")
    ensure_app()
    pdf_path = path.with_suffix(".pdf")
    html_path = path.with_suffix(".html")
    _step(progress, 0, 1, "the turns")
    marks = aar.moments(game, history)
    handout = build_handout(game, metadata, history, marks=marks)
    steps = len(handout.key_moments) + 2
    _step(progress, 1, steps, "the key moments' maps")
    at = {mark.index: mark for mark in marks}
    images = moment_pictures(
        game, handout, at, lambda done: _step(progress, 1 + done, steps, "the key moments' maps")
    )
    images |= chart_images(handout)
    _step(progress, steps - 1, steps, "the PDF and the HTML")
    data, pages = handout_pdf(handout, images)
    uris = {key: png_uri(image) for key, image in images.items() if key.startswith("moment-")}
    write_atomic(html_path, handout_html(handout, uris))
    write_atomic(pdf_path, data)
    _step(progress, steps, steps, "done")
    return HandoutFiles(pdf_path, html_path, pages)


def _step(progress: Progress, done: int, total: int, what: str) -> None:
    if not progress(done, total, what):
        raise ExportCancelled("stopped: nothing was written")


def moment_pictures(
    game: Game, handout: Handout, at: dict[int, aar.Moment], done: Callable[[int], None]
) -> dict[str, QImage]:
    """The map of each key moment (``at``: the moments by action index), drawn with the app's
    scene (built once)."""
    scene = export_scene(game)
    pictures = {}
    for number, key in enumerate(handout.key_moments):
        moment = at.get(key.index) or aar.moment_at(game, key.index)
        pictures[key.picture] = render_map(game, moment, MAP_WIDTH, scene)
        done(number)
    return pictures


def chart_images(handout: Handout) -> dict[str, QImage]:
    """Each chart's SVG drawn into a picture (Qt's rich text shows no SVG)."""
    images = {}
    for key, svg in chart_svgs(handout).items():
        renderer = QSvgRenderer(svg.encode())
        size = renderer.defaultSize() * CHART_SCALE
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(QColor("#FFFFFF"))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter)
        finally:
            painter.end()
        images[key] = image
    return images


def png_uri(image: QImage) -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes(image)).decode()


def handout_pdf(handout: Handout, images: dict[str, QImage]) -> tuple[bytes, int]:
    """The handout printed to A4 by Qt's rich text: the PDF's bytes and its page count."""
    document = QTextDocument()
    font = style.font(12)
    font.setPointSize(TEXT_PT)
    document.setDefaultFont(font)
    for key, image in images.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(key), image)
    document.setHtml(handout_html(handout, {key: key for key in images}, for_print=True))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        margins,
        QPageLayout.Unit.Millimeter,
    )
    writer.setPageLayout(layout)
    writer.setTitle(f"Hotwash: {handout.title}")
    writer.setCreator("wargame companion")
    # Laid out at the screen's 96 dpi (the sizes the HTML gives), scaled up to the PDF's.
    scale = LAYOUT_DPI / PDF_DPI
    document.setPageSize(QSizeF(writer.width() * scale, writer.height() * scale))
    pages = document.pageCount()
    document.print_(writer)
    buffer.close()
    data = bytes(buffer.data().data())
    if not data.startswith(b"%PDF"):
        raise WargameError("could not make the handout's PDF")
    return data, pages
