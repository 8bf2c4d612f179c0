"""Presentation mode (F11) and the scale of text and counters, for a projector at the front of a room.

Presentation mode shows the window full screen with the map, a slim turn bar and a strip of
the most severe warnings; the docks, tool bar and menus fold away and come back as they were.
On entry the map frames the whole situation (every unit in view and the corridors' critical
hexes). The routes the top warnings name are drawn whichever side is to move, and the numbers
of the hexes they cite stay readable; dice, rulings and refused moves show as large banners.
View ▸ Text and counter size sets 100–200 % for all text and counters, remembered in the
window's QSettings; presentation mode uses at least :data:`PRESENTATION_LEAST_PERCENT`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QFontMetrics, QKeySequence, QTextDocument
from PySide6.QtWidgets import QDockWidget, QLabel, QMenu, QMenuBar, QToolBar, QWidget

from wargame.core.grid.hexgrid import Hex
from wargame.core.rules.results import Analysis, Warning
from wargame.ui.features.banner import Banner
from wargame.ui.features.holds import Holds
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


class _StripLabel(QLabel):
    """The top warnings' label: one line where the screen has room, wrapped where it has not;
    never wider than its screen or window (an unwrapped line at 150 % made the window 1822 px wide on a
    1366-pixel laptop)."""

    def sizeHint(self) -> QSize:
        document = QTextDocument()
        document.setDefaultFont(self.font())
        document.setHtml(self.text())
        margins = self.contentsMargins()
        frame = margins.left() + margins.right()
        screen = self.screen()
        screen_width = screen.availableGeometry().width() if screen is not None else 1 << 16
        room = min(screen_width, self.window().width()) - 24
        width = max(1, min(int(document.idealWidth()) + frame + 2, room))
        return QSize(width, max(super().minimumSizeHint().height(), self.heightForWidth(width)))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())


class PresentationHook(QObject):
    """F11 and View ▸ Text and counter size of one main window."""

    def __init__(self, window: WindowContext, holds: Holds) -> None:
        super().__init__(window.widget)
        self.window = window
        self.holds = holds
        self.percent = 100
        self._folded: list[QWidget] = []
        self._was_maximised = False
        self._geometry: QRect | None = None  # the window's place (its frame's corner) and size before F11
        self.toggle_action = QAction("Presentation mode", window.widget, checkable=True)
        self.toggle_action.setShortcut(QKeySequence("F11"))
        self.toggle_action.setToolTip("Full screen for the room: map, turn bar and top warnings (F11)")
        self.toggle_action.setStatusTip(self.toggle_action.toolTip())
        self.toggle_action.toggled.connect(self.set_presenting)
        window.widget.addAction(self.toggle_action)
        # F11 is presentation mode (issue 7); plain full screen keeps its menu entry.
        window.full_screen_action.setShortcut(QKeySequence())
        window.controller.game_replaced.connect(self._apply_scale)
        self.top_warnings = _StripLabel()
        self.top_warnings.setObjectName("topWarnings")
        self.top_warnings.setTextFormat(Qt.TextFormat.RichText)
        self.top_warnings.setToolTip("The most severe warnings of the view shown")
        self.top_warnings.setWordWrap(True)  # within the screen's width (see _StripLabel)
        self.warnings_bar = QToolBar("Top warnings", window.widget)
        self.warnings_bar.setObjectName("topWarningsBar")
        self.warnings_bar.setMovable(False)
        self.warnings_bar.addWidget(self.top_warnings)
        window.widget.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.widget.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.warnings_bar)
        self.warnings_bar.hide()
        self.banner = Banner(window.view.viewport())
        self._build_menu()
        window.controller.changed.connect(self.on_update)
        window.controller.perspective_changed.connect(self.on_update)  # the top warnings of the view shown
        window.controller.refused.connect(self._refused)
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
        fit_menus(self.window.widget.menuBar(), percent != 100)
        self.banner.scale = percent / 100
        self.window.scene.set_counter_size(percent / 100)

    # --- presentation mode ------------------------------------------------------------------

    def set_presenting(self, on: bool) -> None:
        if self.toggle_action.isChecked() != on:
            self.toggle_action.setChecked(on)  # comes back here through toggled
            return
        window = self.window
        if on:
            self._was_maximised = window.widget.isMaximized()
            self._geometry = QRect(window.widget.frameGeometry().topLeft(), window.widget.size())
            folded: list[QWidget] = [
                *window.widget.findChildren(QDockWidget),
                window.tool_bar,
                window.widget.menuBar(),
            ]
            self._folded = [w for w in folded if w.parent() is window.widget or w is window.widget.menuBar()]
            for widget in self._folded:
                self.holds.hold(widget, "presentation")  # back as they were, whatever else holds them
            window.widget.statusBar().hide()
            self.warnings_bar.show()
            self.show_top_warnings()
            window.widget.showFullScreen()
            screen = window.widget.screen()
            if screen is not None and window.widget.geometry() != screen.geometry():
                window.widget.setGeometry(screen.geometry())  # no window manager (a bare X server) to do it
                window.widget.setWindowState(window.widget.windowState() | Qt.WindowState.WindowFullScreen)
        else:
            for widget in self._folded:
                self.holds.release(widget, "presentation")
            self._folded = []
            window.widget.statusBar().show()
            self.warnings_bar.hide()
            window.widget.showMaximized() if self._was_maximised else window.widget.showNormal()
        self._apply_scale()
        if not on and not self._was_maximised:
            self._restore_geometry()
            QTimer.singleShot(0, self._restore_geometry)  # again once the docks and bars are laid out
        if on:
            self.frame_for_the_room()
        else:
            self._mark_on_map([])
            window.fit_units()

    def _restore_geometry(self) -> None:
        """The window's place and size before F11, not the full screen's."""
        if self._geometry is not None and self._geometry.isValid() and not self.presenting:
            self.window.widget.resize(self._geometry.size())
            self.window.widget.move(self._geometry.topLeft())

    def frame_for_the_room(self) -> None:
        """Frame the whole situation: every unit the view shows and the corridors' critical
        hexes, with a hex to spare around them (the map's edge if there is nothing)."""
        view = self.window.controller.view()  # what the side in view may see, no more
        hexes = [u.hex for u in view.state.units.values()]
        analysis = view.analysis
        for side in analysis.sides.values() if analysis else ():
            hexes += [h for c in side.corridors for h in c.critical_hexes]
        scene = self.window.scene
        if not hexes:
            self.window.view.fit_rect(scene.map_rect())
            return
        points = [scene.geometry.centre(h) for h in hexes]
        margin = scene.map.layout.size_m * 1.5
        xs, ys = [p.x() for p in points], [p.y() for p in points]
        rect = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        rect = rect.adjusted(-margin, -margin, margin, margin).intersected(scene.map_rect())
        viewport = self.window.view.viewport().size()
        aspect = viewport.width() / max(1, viewport.height())
        self.window.view.fit_rect(room_frame(rect, scene.map_rect(), aspect))

    def _top(self) -> list[Warning]:
        analysis = self.window.controller.view().analysis  # the side in view's own warnings
        return ordered(analysis.warnings)[:TOP_WARNINGS] if analysis else []

    def on_update(self, update: Update | None) -> None:
        if self.presenting:
            self.show_top_warnings()

    def announce(self, text: str, kind: str = "info") -> None:
        """Put ``text`` (a dice roll, a ruling) in front of the room: a banner for a few
        seconds, and the strip of top warnings until the next step."""
        if self.presenting:
            self.top_warnings.setText(f"<b>{html.escape(text)}</b>")
            self.banner.show_text(text, kind)

    def _refused(self, reason: str) -> None:
        if self.presenting:
            self.banner.show_text(f"✖ Not done: {reason}", "refused")

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
        self.top_warnings.updateGeometry()
        self._mark_on_map(top)

    def _mark_on_map(self, top: list[Warning]) -> None:
        """The routes the top warnings name, drawn whichever side is to move, and the numbers of
        the hexes they cite."""
        scene = self.window.scene
        if not self.presenting:
            scene.set_headline(())
            scene.set_cited_hexes(())
            return
        scene.set_headline(headline_routes(top, self.window.controller.analysis))
        scene.set_cited_hexes(cited_hexes(top, self.window.controller.game.map.label))


def room_frame(wanted: QRectF, bounds: QRectF, aspect: float) -> QRectF:
    """``wanted`` widened to the screen's shape (``aspect``, width over height) inside the map
    ``bounds``, so the map uses the whole width of a wide screen: more map beside the units
    rather than empty margins; where the map is too narrow for that, it takes the map's whole
    width and as much height as the shape leaves, centred on ``wanted``."""
    width, height = wanted.width(), wanted.height()
    if width < height * aspect:
        width = height * aspect
    else:
        height = width / aspect
    if width > bounds.width():
        width = bounds.width()
        height = width / aspect
    frame = QRectF(0, 0, width, height)
    frame.moveCenter(wanted.center())
    dx = max(bounds.left() - frame.left(), 0) + min(bounds.right() - frame.right(), 0)
    dy = max(bounds.top() - frame.top(), 0) + min(bounds.bottom() - frame.bottom(), 0)
    if frame.height() > bounds.height():
        dy = bounds.center().y() - frame.center().y()
    return frame.translated(dx, dy)


def fit_menus(bar: QMenuBar, scaled: bool) -> None:
    """Give each menu the width of its longest entry in the scaled type: a menu sized before the
    style sheet grew its text elides it ("1…%" for "100 %")."""
    for menu in bar.findChildren(QMenu):
        menu.ensurePolished()
        metrics = QFontMetrics(menu.font())
        texts = [a.text().replace("&", "") + "    " + a.shortcut().toString() for a in menu.actions()]
        widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
        menu.setMinimumWidth(widest + 3 * metrics.height() if scaled else 0)


def headline_routes(warnings: list[Warning], analysis: Analysis | None) -> tuple[tuple[str, str], ...]:
    """The (side, route) pairs the warnings are about or name ("Only O0506 remains open")."""
    found: list[tuple[str, str]] = []
    for warning in warnings:
        side = analysis.sides.get(warning.side) if analysis else None
        for name in sorted(side.routes) if side else ():
            if warning.subject == name or re.search(rf"\b{re.escape(name)}\b", warning.message):
                found.append((warning.side, name))
    return tuple(dict.fromkeys(found))


def cited_hexes(warnings: list[Warning], label: Callable[[Hex], str]) -> list[Hex]:
    """The hexes of the warnings whose numbers their messages cite ("wide at 2623")."""
    return [h for w in warnings for h in w.hexes if label(h) in w.message]
