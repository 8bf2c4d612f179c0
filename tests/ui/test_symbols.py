"""Symbols a colour-blind player can still tell apart: compared by shape, colour removed."""

from __future__ import annotations

import itertools

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from wargame.core.model import UnitType
from wargame.core.rules.results import Severity, Supply
from wargame.ui.map.symbols import paint_severity, paint_supply_badge, paint_unit_symbol


def _grey(paint, dark: int = 128) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Where the picture is darker than ``dark`` in shades of grey (colour taken away)."""
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    paint(painter, QRectF(4, 4, 56, 56))
    painter.end()
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data = np.frombuffer(grey.constBits(), dtype=np.uint8, count=grey.sizeInBytes())
    return data.reshape(64, grey.bytesPerLine())[:, :64] < dark


def _all_differ(pictures: list[np.ndarray]) -> bool:
    return all(int((a ^ b).sum()) > 40 for a, b in itertools.combinations(pictures, 2))


def test_supply_badges_differ_in_shape_and_glyph_not_only_colour(qtbot) -> None:  # type: ignore[no-untyped-def]
    # The footprint (anything not white) is the shape alone, whatever its fill colour.
    assert _all_differ([_grey(lambda p, r, s=s: paint_supply_badge(p, r, s), dark=250) for s in Supply])


def test_severity_marks_differ_without_colour(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert _all_differ([_grey(lambda p, r, s=s: paint_severity(p, r, s), dark=250) for s in Severity])


def test_unit_types_and_sides_differ_without_colour(qtbot) -> None:  # type: ignore[no-untyped-def]
    blue, orange = QColor("#0072B2"), QColor("#D55E00")
    types = [_grey(lambda p, r, t=t: paint_unit_symbol(p, r, t, blue, False)) for t in UnitType]
    assert _all_differ(types)
    friendly = _grey(lambda p, r: paint_unit_symbol(p, r, UnitType.INFANTRY, blue, False))
    hostile = _grey(lambda p, r: paint_unit_symbol(p, r, UnitType.INFANTRY, orange, True))
    assert int((friendly ^ hostile).sum()) > 40  # rectangle against diamond
