"""Colours, fonts and the application style sheet: one place for how the app looks.

The palette is Okabe–Ito (safe for the common colour-vision deficiencies); every meaning
that a colour carries is also carried by a shape, a line style or a letter.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from wargame.core.resources import shipped_dir
from wargame.core.rules.results import RouteState, Severity, Supply

ASSETS = shipped_dir("assets")

# Okabe–Ito
BLACK = QColor("#000000")
ORANGE = QColor("#E69F00")
SKY_BLUE = QColor("#56B4E9")
BLUISH_GREEN = QColor("#009E73")
YELLOW = QColor("#F0E442")
BLUE = QColor("#0072B2")
VERMILLION = QColor("#D55E00")
REDDISH_PURPLE = QColor("#CC79A7")
WHITE = QColor("#FFFFFF")

# Base map
PAPER = QColor("#F3F0E8")
URBAN_FILL = QColor("#D8CFC4")
URBAN_EDGE = QColor("#A89A8A")
WOODS_FILL = QColor("#D5E6CC")
HEIGHTS_EDGE = QColor("#B59B74")
WATER = QColor("#7FB8DD")
WATER_EDGE = QColor("#3D7FAE")
RAILWAY = QColor("#3A3A3A")
ROAD_CASING = QColor("#5A4A3A")
ROAD_FILL = {
    "highway": QColor("#F4B63F"),
    "main": QColor("#F9DD7A"),
    "secondary": QColor("#FFFFFF"),
    "minor": QColor("#FFFFFF"),
}
# Road widths in metres on the ground, and the least width in screen pixels.
ROAD_WIDTH_M = {"highway": 110.0, "main": 85.0, "secondary": 60.0, "minor": 40.0}
ROAD_MIN_PX = {"highway": 5.0, "main": 4.0, "secondary": 3.0, "minor": 2.0}

SUPPLY_COLOUR = {
    Supply.SUPPLIED: BLUISH_GREEN,
    Supply.LIMITED: YELLOW,
    Supply.OUT_OF_SUPPLY: ORANGE,
    Supply.ENCIRCLED: REDDISH_PURPLE,
}
SUPPLY_GLYPH = {Supply.SUPPLIED: "✓", Supply.LIMITED: "!", Supply.OUT_OF_SUPPLY: "–", Supply.ENCIRCLED: "×"}
SUPPLY_SHAPE = {
    Supply.SUPPLIED: "circle",
    Supply.LIMITED: "triangle",
    Supply.OUT_OF_SUPPLY: "square",
    Supply.ENCIRCLED: "octagon",
}

ROUTE_COLOUR = {RouteState.OPEN: BLUISH_GREEN, RouteState.UNDER_FIRE: ORANGE, RouteState.CUT: VERMILLION}
ROUTE_TITLE = {RouteState.OPEN: "open", RouteState.UNDER_FIRE: "under fire", RouteState.CUT: "cut"}

SEVERITY_COLOUR = {Severity.CRITICAL: VERMILLION, Severity.WARNING: ORANGE, Severity.INFO: SKY_BLUE}
SEVERITY_SHAPE = {Severity.CRITICAL: "octagon", Severity.WARNING: "triangle", Severity.INFO: "circle"}
SEVERITY_GLYPH = {Severity.CRITICAL: "!!", Severity.WARNING: "!", Severity.INFO: "i"}

CRITICAL_HEX = REDDISH_PURPLE
POCKET = BLACK

UI_POINT_SIZE = 13  # projector: readable from the back of a room
MAP_LABEL_PX = 15


def side_fill(colour: QColor) -> QColor:
    """The light tint of a side's colour used inside counter frames (APP-6 style fill)."""
    return mix(colour, WHITE, 0.55)


def mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    k = share_of_b
    return QColor(
        round(a.red() * (1 - k) + b.red() * k),
        round(a.green() * (1 - k) + b.green() * k),
        round(a.blue() * (1 - k) + b.blue() * k),
    )


def with_alpha(colour: QColor, alpha: int) -> QColor:
    result = QColor(colour)
    result.setAlpha(alpha)
    return result


def font(pixel_size: int, bold: bool = False) -> QFont:
    result = QFont()
    result.setPixelSize(pixel_size)
    result.setBold(bold)
    return result


def load_fonts() -> list[str]:
    """Make the fonts in assets/fonts (DejaVu Sans) known to Qt, so that text shows even on a
    system with no fonts of its own (a bare Linux); elsewhere the system's fonts still come first.
    Returns the families loaded."""
    families = []
    for path in sorted((ASSETS / "fonts").glob("*.ttf")):
        loaded = QFontDatabase.addApplicationFont(str(path))
        families += QFontDatabase.applicationFontFamilies(loaded) if loaded >= 0 else []
    return sorted(set(families))


def apply_app_style(app: QApplication) -> None:
    """The shipped fonts, large text and the style sheet from assets/ (missing sheet: Qt's
    default look)."""
    load_fonts()
    base = app.font()
    base.setPointSize(UI_POINT_SIZE)
    app.setFont(base)
    sheet = ASSETS / "style.qss"
    if sheet.is_file():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
