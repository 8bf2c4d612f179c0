"""Panels hidden for a while, for one reason or several: presentation mode folds every panel
away, a side's view hides the action log. A panel comes back when the last reason ends, as
the facilitator had it; and a window closed meanwhile saves the facilitator's own layout, not
the folded one (the layout is restored at the next start).

>>> # holds.hold(log_dock, "presentation"); holds.hold(log_dock, "side view")
>>> # holds.release(log_dock, "presentation")  # still hidden: the side view holds it
>>> # holds.release(log_dock, "side view")     # shown again if the facilitator had it shown
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class Holds(QObject):
    """Which widgets of ``window`` are held hidden, why, and whether the facilitator wants them
    shown. When the window closes, every held widget is first put back as the facilitator had
    it, so the layout the window saves is theirs."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.reasons: dict[QWidget, set[str]] = {}
        self.wanted: dict[QWidget, bool] = {}
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.release_all()  # before the window saves its layout
        return False

    def hold(self, widget: QWidget, reason: str) -> None:
        """Hide ``widget`` for ``reason`` (remembering whether it was shown, the first time)."""
        reasons = self.reasons.setdefault(widget, set())
        if not reasons:
            self.wanted[widget] = widget.isVisible()
        reasons.add(reason)
        widget.hide()

    def release(self, widget: QWidget, reason: str) -> None:
        """``reason`` no longer holds ``widget``: show it again if nothing else holds it and the
        facilitator had it shown."""
        reasons = self.reasons.get(widget)
        if not reasons or reason not in reasons:
            return
        reasons.discard(reason)
        if not reasons:
            widget.setVisible(self.wanted.pop(widget, True))

    def held(self, widget: QWidget, reason: str | None = None) -> bool:
        reasons = self.reasons.get(widget, set())
        return bool(reasons) if reason is None else reason in reasons

    def wants(self, widget: QWidget) -> bool:
        """Whether the facilitator has ``widget`` shown (held or not)."""
        return self.wanted[widget] if self.held(widget) else widget.isVisible()

    def release_all(self) -> None:
        """Every widget as the facilitator had it (the window is closing: its layout is saved)."""
        for widget, reasons in list(self.reasons.items()):
            for reason in list(reasons):
                self.release(widget, reason)
