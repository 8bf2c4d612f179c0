"""Windows that fit the screen they open on: a 1366×768 laptop as well as a projector.

A window asks for the size it would like; it gets at most the screen's free area (less the
room a desktop's title bar and frame take), centred on that screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QWidget

FRAME = QSize(16, 40)  # what a desktop's title bar and borders take around a window, roughly


def fitting_size(widget: QWidget, wanted: QSize) -> QSize:
    """``wanted``, made no larger than the free area of the screen ``widget`` is on."""
    screen = widget.screen()
    if screen is None:
        return wanted
    free = screen.availableGeometry().size() - FRAME
    return wanted.boundedTo(free).expandedTo(widget.minimumSizeHint().boundedTo(free))


def place_on_screen(widget: QWidget, wanted: QSize) -> None:
    """Resize the window ``widget`` to :func:`fitting_size` and centre it on its screen."""
    size = fitting_size(widget, wanted)
    widget.resize(size)
    screen = widget.screen()
    if screen is None or not widget.isWindow():
        return
    frame = QRect(QPoint(0, 0), size)
    frame.moveCenter(screen.availableGeometry().center())
    widget.move(frame.topLeft())
