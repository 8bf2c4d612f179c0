"""A large banner across the top of the map for a few seconds: a dice roll, a ruling or a
refused move, in front of the room (the status bar is folded away in presentation mode)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

BANNER_MS = 5000
BANNER_PX = 34  # the banner's text at 100 %, grown with the text scale
KIND_COLOUR = {"dice": "#0072B2", "ruling": "#5E3C99", "refused": "#B03A00", "info": "#1B1F23"}


class Banner(QLabel):
    """Text over the top of ``parent`` (the map's viewport) that hides itself again."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.kind = "info"
        self.scale = 1.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        parent.installEventFilter(self)
        self.hide()

    def show_text(self, text: str, kind: str = "info", ms: int = BANNER_MS) -> None:
        """Show ``text`` for ``ms`` milliseconds ("dice", "ruling", "refused" or "info")."""
        self.kind = kind
        self.setText(text)
        self.setStyleSheet(
            f"QLabel#banner {{ background: {KIND_COLOUR.get(kind, KIND_COLOUR['info'])}; color: white;"
            f" font-size: {round(BANNER_PX * self.scale)}px; font-weight: bold;"
            f" border: 3px solid white; border-radius: 12px; padding: 14px 28px; }}"
        )
        self._place()
        self.show()
        self.raise_()
        self._timer.start(ms)

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = round(parent.width() * 0.8)
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((parent.width() - width) // 2, round(parent.height() * 0.06))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
