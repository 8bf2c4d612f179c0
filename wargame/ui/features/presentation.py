"""Presentation mode (F11) and the scale of text and counters, for a projector at the front of a room.

Presentation mode shows the window full screen with the map, a slim turn bar and a strip of
the most severe warnings; the docks, tool bar and menus fold away and come back as they were.
View ▸ Text and counter size sets 100–200 % for all text and counters, remembered in the
window's QSettings; presentation mode uses at least :data:`PRESENTATION_LEAST_PERCENT`.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QToolBar, QWidget

from wargame.core.rules.results import Warning
from wargame.core.visibility import own_warnings
from wargame.ui.map import style
from wargame.ui.panels.warnings import ordered
from wargame.ui.window.controller import Update

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

SCALES = (100, 125, 150, 175, 200)
PRESENTATION_LEAST_PERCENT = 150
SCALE_KEY = "view/scale"
TOP_WARNINGS = 2  # as many as a 1920-pixel strip shows in full at 150 %
TOP_WARNING_CHARS = 60  # each of the top warnings in a few words; the panel has the rest
_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")


def scaled_style_sheet(sheet: str, percent: int) -> str:
    """The style sheet with every ``font-size: Npt`` grown to ``percent``, and a base size."""

    def grow(match: re.Match[str]) -> str:
        return f"font-size: {float(match.group(1)) * percent / 100:g}pt"

    base = f"QWidget {{ font-size: {style.UI_POINT_SIZE * percent / 100:g}pt; }}\n"
    return base + _FONT_SIZE.sub(grow, sheet)


def _short(text: str) -> str:
    return text if len(text) <= TOP_WARNING_CHARS else text[: TOP_WARNING_CHARS - 1].rstrip() + "…"


def _app_sheet() -> str:
    path = style.ASSETS / "style.qss"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


class PresentationHook(QObject):
    """F11 and View ▸ Text and counter size of one main window."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.percent = 100
        self._restore: list[tuple[QWidget, bool]] = []
        self._was_maximised = False
        self.toggle_action = QAction("Presentation mode", window.widget, checkable=True)
        self.toggle_action.setShortcut(QKeySequence("F11"))
        self.toggle_action.setToolTip("Full screen for the room: map, turn bar and top warnings (F11)")
        self.toggle_action.setStatusTip(self.toggle_action.toolTip())
        self.toggle_action.toggled.connect(self.set_presenting)
        window.widget.addAction(self.toggle_action)
        # F11 is presentation mode (issue 7); plain full screen keeps its menu entry.
        window.full_screen_action.setShortcut(QKeySequence())
        window.controller.game_replaced.connect(self._apply_scale)
        self.top_warnings = QLabel()
        self.top_warnings.setObjectName("topWarnings")
        self.top_warnings.setTextFormat(Qt.TextFormat.RichText)
        self.top_warnings.setToolTip("The most severe warnings of the view shown")
        self.warnings_bar = QToolBar("Top warnings", window.widget)
        self.warnings_bar.setObjectName("topWarningsBar")
        self.warnings_bar.setMovable(False)
        self.warnings_bar.addWidget(self.top_warnings)
        window.widget.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.widget.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.warnings_bar)
        self.warnings_bar.hide()
        self._build_menu()
        window.controller.changed.connect(self.on_update)
        window.controller.perspective_changed.connect(self.on_update)  # the top warnings of the view shown
        saved = str(window.settings.value(SCALE_KEY, 100))
        self.set_scale(int(saved) if saved.isdigit() else 100, remember=False)

    def _build_menu(self) -> None:
        view = self.window.menu("View")
        view.addSeparator()
        view.addAction(self.toggle_action)
        sizes = view.addMenu("Text and counter size")
        sizes.setToolTipsVisible(True)
        group = QActionGroup(self)
        self.scale_actions: dict[int, QAction] = {}
        for percent in SCALES:
            action = QAction(f"{percent} %", self.window.widget, checkable=True)
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
        self.window.widget.setStyleSheet(scaled_style_sheet(_app_sheet(), percent) if percent != 100 else "")
        self.window.scene.set_counter_size(percent / 100)

    # --- presentation mode ------------------------------------------------------------------

    def set_presenting(self, on: bool) -> None:
        if self.toggle_action.isChecked() != on:
            self.toggle_action.setChecked(on)  # comes back here through toggled
            return
        window = self.window
        if on:
            self._was_maximised = window.widget.isMaximized()
            folded: list[QWidget] = [
                *window.widget.findChildren(QDockWidget),
                window.tool_bar,
                window.widget.menuBar(),
            ]
            self._restore = [
                (w, w.isVisible())
                for w in folded
                if w.parent() is window.widget or w is window.widget.menuBar()
            ]
            for widget, _ in self._restore:
                widget.hide()
            window.widget.statusBar().hide()
            self.warnings_bar.show()
            self.show_top_warnings()
            window.widget.showFullScreen()
            screen = window.widget.screen()
            if screen is not None and window.widget.geometry() != screen.geometry():
                window.widget.setGeometry(screen.geometry())  # no window manager (a bare X server) to do it
                window.widget.setWindowState(window.widget.windowState() | Qt.WindowState.WindowFullScreen)
        else:
            for widget, visible in self._restore:
                widget.setVisible(visible)
            self._restore = []
            window.widget.statusBar().show()
            self.warnings_bar.hide()
            window.widget.showMaximized() if self._was_maximised else window.widget.showNormal()
        self._apply_scale()
        window.fit_units()
        if on:
            self.frame_for_the_room()

    def frame_for_the_room(self) -> None:
        """Zoom in as much as the counters grew (they keep their place among the hexes), around
        the critical hexes of the corridors of the side in view (the first side for the
        facilitator): where the room's question — how close is encirclement — is answered."""
        view = self.window.view
        shown = view.mapToScene(view.viewport().rect()).boundingRect()
        factor = self.effective_percent() / 100
        analysis = self.window.controller.analysis
        side = self.window.controller.viewing_side or self.window.controller.game.scenario.sides[0].id
        corridors = analysis.sides[side].corridors if analysis and side in analysis.sides else ()
        hexes = [h for c in corridors for h in c.critical_hexes]
        points = [self.window.scene.geometry.centre(h) for h in hexes]
        centre = shown.center()
        if points:
            centre = QPointF(
                sum(p.x() for p in points) / len(points), sum(p.y() for p in points) / len(points)
            )
        width, height = shown.width() / factor, shown.height() / factor
        view.fit_rect(QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height))

    def _top(self) -> list[Warning]:
        analysis = self.window.controller.analysis
        side = self.window.controller.viewing_side
        return ordered(own_warnings(analysis.warnings, side))[:TOP_WARNINGS] if analysis else []

    def on_update(self, update: Update | None) -> None:
        if self.presenting:
            self.show_top_warnings()

    def announce(self, text: str) -> None:
        """Put ``text`` (a dice roll, a ruling) in front of the room until the next step."""
        if self.presenting:
            self.top_warnings.setText(f"<b>{html.escape(text)}</b>")

    def show_top_warnings(self) -> None:
        if self.window.controller.analysis is None:
            self.top_warnings.setText("Analysis unavailable")
            return
        top = self._top()
        parts = [
            f"<b>{style.SEVERITY_GLYPH[w.severity]}</b> {w.side} · {html.escape(_short(w.message))}"
            for w in top
        ]
        self.top_warnings.setText("&nbsp;&nbsp;│&nbsp;&nbsp;".join(parts) or "No warnings")
