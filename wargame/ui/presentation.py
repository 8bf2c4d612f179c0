"""Presentation mode (F11) and the scale of text and counters, for a projector at the front of a room.

Presentation mode shows the window full screen with the map, a slim turn bar and a strip of
the most severe warnings; the docks, tool bar and menus fold away and come back as they were.
View ▸ Text and counter size sets 100–200 % for all text and counters, remembered in the
window's QSettings; presentation mode uses at least :data:`PRESENTATION_LEAST_PERCENT`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMenu, QToolBar, QWidget

from wargame.core.visibility import own_warnings
from wargame.ui import style
from wargame.ui.controller import Update
from wargame.ui.panels.warnings import ordered

if TYPE_CHECKING:
    from wargame.ui.main_window import MainWindow

SCALES = (100, 125, 150, 175, 200)
PRESENTATION_LEAST_PERCENT = 150
SCALE_KEY = "view/scale"
TOP_WARNINGS = 3
_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")


def scaled_style_sheet(sheet: str, percent: int) -> str:
    """The style sheet with every ``font-size: Npt`` grown to ``percent``, and a base size."""

    def grow(match: re.Match[str]) -> str:
        return f"font-size: {float(match.group(1)) * percent / 100:g}pt"

    base = f"QWidget {{ font-size: {style.UI_POINT_SIZE * percent / 100:g}pt; }}\n"
    return base + _FONT_SIZE.sub(grow, sheet)


def _app_sheet() -> str:
    path = style.ASSETS / "style.qss"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def menu_named(window: MainWindow, title: str) -> QMenu:
    """The window's top-level menu with that title (made when missing)."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if action.text().replace("&", "") == title and isinstance(menu, QMenu):
            return menu
    return window.menuBar().addMenu(title)


class PresentationHook(QObject):
    """F11 and View ▸ Text and counter size of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.percent = 100
        self._restore: list[tuple[QWidget, bool]] = []
        self._was_maximised = False
        self.toggle_action = QAction("Presentation mode", window, checkable=True)
        self.toggle_action.setShortcut(QKeySequence("F11"))
        self.toggle_action.setToolTip("Full screen for the room: map, turn bar and top warnings (F11)")
        self.toggle_action.setStatusTip(self.toggle_action.toolTip())
        self.toggle_action.toggled.connect(self.set_presenting)
        window.addAction(self.toggle_action)
        plain = getattr(window, "full_screen_action", None)
        if plain is not None:  # F11 is presentation mode (issue 7); plain full screen keeps its menu entry
            plain.setShortcut(QKeySequence())
        window.controller.game_replaced.connect(self._apply_scale)
        self.top_warnings = QLabel()
        self.top_warnings.setObjectName("topWarnings")
        self.top_warnings.setTextFormat(Qt.TextFormat.RichText)
        self.top_warnings.setToolTip("The most severe warnings of the view shown")
        self.warnings_bar = QToolBar("Top warnings", window)
        self.warnings_bar.setObjectName("topWarningsBar")
        self.warnings_bar.setMovable(False)
        self.warnings_bar.addWidget(self.top_warnings)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.warnings_bar)
        self.warnings_bar.hide()
        self._build_menu()
        window.controller.changed.connect(self.on_update)
        saved = window.settings.value(SCALE_KEY, 100)
        self.set_scale(int(saved) if str(saved).isdigit() else 100, remember=False)

    def _build_menu(self) -> None:
        view = menu_named(self.window, "View")
        view.addSeparator()
        view.addAction(self.toggle_action)
        sizes = view.addMenu("Text and counter size")
        sizes.setToolTipsVisible(True)
        group = QActionGroup(self)
        self.scale_actions: dict[int, QAction] = {}
        for percent in SCALES:
            action = QAction(f"{percent} %", self.window, checkable=True)
            action.setToolTip(f"All text and counters at {percent} % (remembered)")
            action.triggered.connect(lambda _=False, p=percent: self.set_scale(p))
            group.addAction(action)
            sizes.addAction(action)
            self.scale_actions[percent] = action

    # --- scale --------------------------------------------------------------------------------

    @property
    def presenting(self) -> bool:
        return self.toggle_action.isChecked()

    def effective_percent(self) -> int:
        return max(self.percent, PRESENTATION_LEAST_PERCENT) if self.presenting else self.percent

    def set_scale(self, percent: int, remember: bool = True) -> None:
        """Text and counters at ``percent`` (clamped to 100–200), remembered in the settings."""
        self.percent = min(max(percent, SCALES[0]), SCALES[-1])
        if self.percent in self.scale_actions:
            self.scale_actions[self.percent].setChecked(True)
        if remember:
            self.window.settings.setValue(SCALE_KEY, self.percent)
        self._apply_scale()

    def _apply_scale(self) -> None:
        percent = self.effective_percent()
        self.window.setStyleSheet(scaled_style_sheet(_app_sheet(), percent) if percent != 100 else "")
        self.window.scene.set_counter_size(percent / 100)

    # --- presentation mode ------------------------------------------------------------------

    def set_presenting(self, on: bool) -> None:
        if self.toggle_action.isChecked() != on:
            self.toggle_action.setChecked(on)  # comes back here through toggled
            return
        window = self.window
        if on:
            self._was_maximised = window.isMaximized()
            folded: list[QWidget] = [*window.findChildren(QDockWidget), window.tool_bar, window.menuBar()]
            self._restore = [(w, w.isVisible()) for w in folded if w.parent() is window or w is window.menuBar()]
            for widget, _ in self._restore:
                widget.hide()
            window.statusBar().hide()
            self.warnings_bar.show()
            self.show_top_warnings()
            window.showFullScreen()
        else:
            for widget, visible in self._restore:
                widget.setVisible(visible)
            self._restore = []
            window.statusBar().show()
            self.warnings_bar.hide()
            window.showMaximized() if self._was_maximised else window.showNormal()
        self._apply_scale()
        window.fit_units()

    def on_update(self, update: Update | None) -> None:
        if self.presenting:
            self.show_top_warnings()

    def show_top_warnings(self) -> None:
        analysis = self.window.controller.analysis
        side = getattr(getattr(self.window, "side_views", None), "side", None)
        if analysis is None:
            self.top_warnings.setText("Analysis unavailable")
            return
        top = ordered(own_warnings(analysis.warnings, side))[:TOP_WARNINGS]
        parts = [
            f"<b>{style.SEVERITY_GLYPH[w.severity]}</b> {w.side} · {w.message}" for w in top
        ]
        self.top_warnings.setText("&nbsp;&nbsp;│&nbsp;&nbsp;".join(parts) or "No warnings")


def install_presentation(window: MainWindow) -> PresentationHook:
    """Give the main window F11 presentation mode and View ▸ Text and counter size."""
    hook = PresentationHook(window)
    window.presentation = hook  # type: ignore[attr-defined]
    return hook
