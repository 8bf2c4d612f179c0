"""Pictures of a game at one moment, drawn offscreen: PNG for slides, animated GIF for replays.

The map is the app's own :class:`MapScene` (same overlay, counters and badges), rendered
into a QImage beside a side panel with the turn, the key warnings of that moment and the
legend. Works without a screen (``QT_QPA_PLATFORM=offscreen``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from PIL import GifImagePlugin, Image
from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication

from wargame.core.errors import WargameError
from wargame.core.files.atomic import atomic_file, write_atomic
from wargame.core.game import Game
from wargame.core.reports.aar import Moment, iter_moments, moments
from wargame.core.rules.analysis import Analyser
from wargame.core.rules.results import Analysis, Severity
from wargame.ui.map import style
from wargame.ui.map.scene import MapScene
from wargame.ui.panels.legend import legend_rows
from wargame.ui.panels.warnings import ordered

PANEL_SHARE = 0.27  # share of the width taken by the side panel
KEY_WARNINGS = 5
SEVERITY_TEXT = {Severity.CRITICAL: "CRITICAL", Severity.WARNING: "WARNING", Severity.INFO: "info"}


def ensure_app() -> QApplication:
    """The running QApplication, or a new one (the scene and fonts need it)."""
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication([])


def render_moment(
    game: Game, moment: Moment, size: tuple[int, int] = (1600, 1000), scene: MapScene | None = None
) -> QImage:
    """The map at ``moment`` with its overlay, beside the turn, key warnings and legend.

    Pass the same ``scene`` for several pictures of one game: building it is the slow part.
    """
    ensure_app()
    width, height = size
    image = QImage(QSize(width, height), QImage.Format.Format_RGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    try:
        paint_moment(painter, game, moment, QRectF(0, 0, width, height), scene)
    finally:
        painter.end()
    return image


def paint_moment(
    painter: QPainter, game: Game, moment: Moment, area: QRectF, scene: MapScene | None = None
) -> None:
    """Paint the map at ``moment`` and the side panel into ``area`` of any device (a picture,
    a PDF page)."""
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    panel_width = max(300, int(area.width() * PANEL_SHARE))
    map_area = QRectF(area.left(), area.top(), area.width() - panel_width, area.height())
    _paint_map(painter, scene or export_scene(game), moment, map_area)
    _paint_panel(painter, game, moment, QRectF(map_area.right(), area.top(), panel_width, area.height()))


def render_map(game: Game, moment: Moment, width: int, scene: MapScene | None = None) -> QImage:
    """The map alone at ``moment`` with its overlay (no side panel), ``width`` pixels wide and as
    tall as the map's shape asks: the handout's pictures."""
    ensure_app()
    scene = scene or export_scene(game)
    bounds = scene.map_rect()
    size = (width, max(1, round(width * bounds.height() / bounds.width())))
    image = QImage(QSize(*size), QImage.Format.Format_RGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        _paint_map(painter, scene, moment, QRectF(0, 0, *size))
    finally:
        painter.end()
    return image


def export_scene(game: Game) -> MapScene:
    ensure_app()
    return MapScene(game.map, game.scenario.sides)


def _paint_map(painter: QPainter, scene: MapScene, moment: Moment, area: QRectF) -> None:
    scene.show_state(moment.state, moment.analysis)
    source = scene.map_rect()
    scale = min(area.width() / source.width(), area.height() / source.height())
    # Counters and labels are laid out for the picture's own zoom: stacks where counters would
    # overlap, names kept inside the map's edge and off the counters.
    scene.set_zoom(scale)
    painter.fillRect(area, scene.backgroundBrush())
    scene.render(painter, area, source, Qt.AspectRatioMode.KeepAspectRatio)


def _paint_panel(painter: QPainter, game: Game, moment: Moment, area: QRectF) -> None:
    painter.fillRect(area, style.PAPER)
    unit = max(11.0, area.height() / 60)
    pad = unit
    x, y, w = area.left() + pad, area.top() + pad, area.width() - 2 * pad
    state = moment.state
    side = state.scenario.side(state.side_to_move)
    y = _text(painter, game.scenario.title, x, y, w, style.font(round(unit * 1.3), bold=True))
    y = _text(
        painter,
        f"Turn {state.turn} · {side.name} to move",
        x,
        y + unit * 0.3,
        w,
        style.font(round(unit * 1.6), bold=True),
    )
    y = _text(painter, f"after {moment.index} of {len(game)} actions", x, y, w, style.font(round(unit)))
    y = _text(painter, "Key warnings", x, y + unit, w, style.font(round(unit * 1.15), bold=True))
    for line in key_warnings(moment.analysis) or ["none"]:
        y = _text(painter, line, x, y + unit * 0.2, w, style.font(round(unit * 0.95)))
    y = _text(painter, "Legend", x, y + unit, w, style.font(round(unit * 1.15), bold=True))
    _paint_legend(painter, game, QRectF(x, y + unit * 0.3, w, area.bottom() - y - pad))


def key_warnings(analysis: Analysis | None, count: int = KEY_WARNINGS) -> list[str]:
    """The most severe warnings of a moment, one line each."""
    if analysis is None:
        return []
    return [
        f"{SEVERITY_TEXT[w.severity]} · {w.side} · {w.message}" for w in ordered(analysis.warnings)[:count]
    ]


def _text(painter: QPainter, text: str, x: float, y: float, width: float, font: QFont) -> float:
    """Draw wrapped text from (x, y); returns the y below it."""
    painter.setFont(font)
    painter.setPen(style.BLACK)
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
    bounds = QFontMetricsF(font).boundingRect(QRectF(x, y, width, 10_000), flags, text)
    painter.drawText(QRectF(x, y, width, bounds.height()), flags, text)
    return y + bounds.height()


def _paint_legend(painter: QPainter, game: Game, area: QRectF) -> None:
    rows = legend_rows(game.scenario.sides)
    if not rows or area.height() <= 0:
        return
    row = min(34.0, area.height() / len(rows))
    icon_w = row * 56 / 34
    painter.setFont(style.font(max(8, round(row * 0.5))))
    painter.setPen(style.BLACK)
    for i, (icon, text) in enumerate(rows):
        top = area.top() + i * row
        icon.paint(painter, QRectF(area.left(), top, icon_w, row).toRect())
        painter.drawText(
            QRectF(area.left() + icon_w + 6, top, area.width() - icon_w - 6, row),
            int(Qt.AlignmentFlag.AlignVCenter),
            text,
        )


# --- files -----------------------------------------------------------------------------------


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The stubs ask for bytes here, but PySide6 itself takes only text for the format.
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise WargameError("could not encode the picture as PNG")
    return bytes(buffer.data().data())


def save_png(image: QImage, path: Path) -> None:
    """Write the picture atomically as PNG."""
    write_atomic(path, png_bytes(image))


def to_pillow(image: QImage) -> Image.Image:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(rgb.constBits())
    return Image.frombuffer("RGB", (rgb.width(), rgb.height()), data, "raw", "RGB", rgb.bytesPerLine(), 1)


def render_turn(game: Game, turn: int, size: tuple[int, int], analyser: Analyser | None = None) -> QImage:
    """The picture of the game at the start of ``turn`` (the end of the game for the last one)."""
    check_turn(game, turn)
    index = game.index_of_turn(turn)
    moment = [m for m in moments(game, analyser, index) if m.index == index][-1]
    return render_moment(game, moment, size)


def render_end(game: Game, size: tuple[int, int], analyser: Analyser | None = None) -> QImage:
    """The picture of the game as it stands after its last action."""
    return render_moment(game, moments(game, analyser)[-1], size)


def check_turn(game: Game, turn: int) -> None:
    played = game.turns()
    if turn not in played:
        raise WargameError(f"turn {turn} was not played; this game has turns {played[0]} to {played[-1]}")


def replay_frames(game: Game, size: tuple[int, int], analyser: Analyser | None = None) -> Iterator[QImage]:
    """One picture per turn (its start), and one of the end of the game, drawn one at a time."""
    scene = export_scene(game)
    for moment in iter_moments(game, analyser):
        yield render_moment(game, moment, size, scene)


def save_gif(frames: Iterable[QImage], path: Path, seconds_per_frame: float = 1.5) -> int:
    """Write an animated GIF that loops; the last frame stays twice as long. The frame count.

    Frames are encoded and written as they come (one is held back, to know which is last), so
    memory stays flat however long the game; the file replaces ``path`` only once complete.
    """
    duration = max(20, round(seconds_per_frame * 1000))
    pictures = (_gif_frame(frame) for frame in frames)
    current = next(pictures, None)
    if current is None:
        raise WargameError("no frames to write")
    count = 0
    with atomic_file(path) as out:
        header, _ = GifImagePlugin.getheader(current, None, {"loop": 0, "duration": duration})
        out.write(b"".join(header))
        for following in pictures:
            _write_gif_frame(out, current, duration)
            count += 1
            current = following
        _write_gif_frame(out, current, duration * 2)
        out.write(b";")  # the GIF trailer
    return count + 1


def _gif_frame(image: QImage) -> Image.Image:
    return to_pillow(image).quantize(colors=255, method=Image.Quantize.MEDIANCUT)


def _write_gif_frame(out: BinaryIO, picture: Image.Image, duration_ms: int) -> None:
    """One frame with its own palette and its time on screen."""
    for chunk in GifImagePlugin.getdata(picture, (0, 0), duration=duration_ms, include_color_table=True):
        out.write(chunk)
