"""The situation map: the game at a chosen moment on one printable page (PDF), as vector.

The app's own map scene (counters, control, routes, the corridor and its critical hexes, the
warnings' badges) beside the turn, the key warnings and the legend: what File ▸ Export image
draws, on A4 landscape, so any office printer prints it and it scales up to A3 unharmed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from wargame.core.errors import WargameError
from wargame.core.files.atomic import write_atomic
from wargame.core.game import Game
from wargame.core.reports.aar import Moment
from wargame.ui.output.export import ensure_app, paint_moment

PDF_DPI = 150  # the page's units: fonts and line widths of the picture, sized for paper
MARGIN_MM = 8.0


def situation_pdf(game: Game, moment: Moment, title: str = "") -> bytes:
    """One A4 landscape page of the game at ``moment``, as PDF bytes."""
    ensure_app()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            margins,
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(title or f"{game.scenario.title}: turn {moment.turn}")
    writer.setCreator("wargame companion")
    painter = QPainter()
    if not painter.begin(writer):
        raise WargameError("cannot make the situation map's PDF")
    try:
        paint_moment(painter, game, moment, QRectF(0, 0, writer.width(), writer.height()))
    finally:
        painter.end()
    buffer.close()
    return bytes(buffer.data().data())


def write_situation(game: Game, moment: Moment, path: Path) -> None:
    """Write the situation map of ``moment`` to ``path`` (atomically)."""
    write_atomic(path, situation_pdf(game, moment))
