"""A label of the turn bar that keeps one width while its text changes (the buttons beside it
stay where the hand expects them), and takes a shorter wording when the bar has no room for
the full one (a 200 % text size, or long side names). Of several such labels in one bar the
one of higher ``rank`` gives way first."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

MARGINS = 60  # the bar's margins and handle, roughly
SPACING = 8  # between two widgets of the bar


class SteadyLabel(QLabel):
    """Shows one of its ``variants`` (each a full and a short wording); as wide as the widest."""

    def __init__(self, rank: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rank = rank
        self.variants: list[tuple[str, str]] = []
        self.current = ("", "")
        self.short = False
        self.widths = (0, 0)  # the widest full and short wordings
        self._watched: QWidget | None = None

    def show_variant(self, current: tuple[str, str], variants: list[tuple[str, str]]) -> None:
        """Show ``current`` (full, short), keeping the width of the widest of ``variants``."""
        self.current, self.variants = current, variants
        self._measure()
        self._watch()  # and fits the bar

    def chosen_width(self) -> int:
        return self.widths[1] if self.short else self.widths[0]

    def _widest(self, texts: list[str]) -> int:
        widest = 0
        for text in texts:
            self.setText(text)
            widest = max(widest, self.sizeHint().width())
        return widest

    def _measure(self) -> None:
        self.ensurePolished()
        self.setMinimumWidth(0)  # measured afresh, not from the width it was given before
        full = self._widest([v[0] for v in self.variants] + [self.current[0]])
        short = self._widest([v[1] for v in self.variants] + [self.current[1]])
        self.widths = (full, short)
        self._show()

    def _show(self) -> None:
        self.setText(self.current[1] if self.short else self.current[0])
        self.setMinimumWidth(self.chosen_width())
        self.updateGeometry()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._watch()

    def _watch(self) -> None:
        """Fit the wordings again whenever the bar is resized (a wider or narrower window)."""
        bar = self.parentWidget()
        if bar is not None and bar is not self._watched:
            self._watched = bar
            bar.installEventFilter(self)  # a wider or narrower window: fit the wordings again
        if self.variants:
            fit_bar(bar)  # the bar took its size before this label watched it

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._watched and self.variants:
            fit_bar(self._watched)
        return False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self.variants:
            self._measure()
            fit_bar(self.parentWidget())


def fit_bar(bar: QWidget | None) -> None:
    """Decide, in order of rank, which steady labels of ``bar`` take their short wording: a
    label keeps its full one if it fits beside the others (those ranked before it as they
    are, those after it short)."""
    if not isinstance(bar, QToolBar):
        return
    labels: list[SteadyLabel] = []
    used = MARGINS
    # Every shown action counts, also those the bar has just hidden for want of room (its
    # overflow): else a full wording would push Redo and Fit map out of a laptop's window.
    for action in bar.actions():
        widget = bar.widgetForAction(action)
        if widget is None or not action.isVisible():
            continue
        if isinstance(widget, SteadyLabel):
            labels.append(widget)
        else:
            used += SPACING + widget.sizeHint().width()
    labels.sort(key=lambda label: label.rank)
    for index, label in enumerate(labels):
        before = sum(other.chosen_width() for other in labels[:index])
        after = sum(other.widths[1] for other in labels[index + 1 :])
        room = bar.width() - used - SPACING * len(labels) - before - after
        label.short = label.widths[0] > room
        label._show()
