"""A label of the turn bar that keeps one width while its text changes (the buttons beside it
stay where the hand expects them), and takes a shorter wording when the full one would crowd
the bar (a 200 % text size on a 1920-pixel screen)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

BAR_SHARE = 0.34  # of the window's width a label of the turn bar may take


class SteadyLabel(QLabel):
    """Shows one of its ``variants`` (each a full and a short wording); as wide as the widest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.variants: list[tuple[str, str]] = []
        self.current = ("", "")
        self.short = False

    def show_variant(self, current: tuple[str, str], variants: list[tuple[str, str]]) -> None:
        """Show ``current`` (full, short), keeping the width of the widest of ``variants``."""
        self.current, self.variants = current, variants
        self._fit()

    def _widest(self, texts: list[str]) -> int:
        widest = 0
        for text in texts:
            self.setText(text)
            widest = max(widest, self.sizeHint().width())
        return widest

    def _fit(self) -> None:
        self.ensurePolished()
        window = self.window()
        room = window.width() * BAR_SHARE if window is not None else 10_000
        widest = self._widest([v[0] for v in self.variants] + [self.current[0]])
        self.short = widest > room
        if self.short:
            widest = self._widest([v[1] for v in self.variants] + [self.current[1]])
        self.setText(self.current[1] if self.short else self.current[0])
        self.setMinimumWidth(widest)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self.variants:
            self._fit()
