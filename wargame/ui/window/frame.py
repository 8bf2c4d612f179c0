"""The window's frame: the docks' layout (restored, reset, saved, shared out on a small
screen), full screen, the F1 key sheet and About. The window owns one :class:`WindowFrame`
(``window.frame``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence

from wargame import __version__
from wargame.core.resources import user_dir
from wargame.ui.panels.key_sheet import KeySheet

if TYPE_CHECKING:
    from wargame.ui.window.main_window import MainWindow


class WindowFrame:
    """The window's frame (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.restored = False  # a saved layout was restored (else the panels share the width)

    def shortcut_list(self) -> list[tuple[str, str]]:
        """Every key of the window and what it does (actions, then keys no action carries)."""
        keys = [
            (
                action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                action.text().replace("&", ""),
            )
            for action in self.window.findChildren(QAction)
            if not action.shortcut().isEmpty()
        ]
        return keys + list(self.window.extra_keys)  # installed features add keys and clicks

    def show_shortcuts(self) -> None:
        KeySheet(self.shortcut_list(), self.window).exec()

    def about(self) -> None:
        self.window.dialogs.about(
            self.window,
            "About",
            f"Wargame companion {__version__}: supply and encirclement on a hex map of Bakhmut.\n\n"
            f"MIT licence. Log of unexpected errors: {user_dir('state')}",
        )

    def restore_layout(self) -> None:
        geometry = self.window.settings.value("window/geometry")
        state = self.window.settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.window.restoreGeometry(geometry)
        self.restored = isinstance(state, QByteArray) and self.window.restoreState(state)

    def reset_layout(self) -> None:
        for dock in (
            self.window.palette_dock,
            self.window.legend_dock,
            self.window.warnings_dock,
            self.window.log_dock,
        ):
            dock.setFloating(False)
            dock.show()
        self.window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.window.palette_dock)
        self.window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.window.legend_dock)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.window.warnings_dock)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.window.log_dock)
        self.share_width()

    def save_layout(self) -> None:
        self.window.settings.setValue("window/geometry", self.window.saveGeometry())
        self.window.settings.setValue("window/state", self.window.saveState())
        self.window.settings.sync()

    def toggle_full_screen(self) -> None:
        """The whole projector for the map and panels (F11 again to come back)."""
        if self.window.isFullScreen():
            self.window.showNormal()
        else:
            self.window.showFullScreen()

    def share_width(self) -> None:
        """Side panels take a share of the window, so a small screen still shows the map."""
        width = self.window.width()
        left = min(400, max(250, round(width * 0.2)))
        right = min(470, max(280, round(width * 0.24)))
        self.window.resizeDocks(
            [self.window.palette_dock, self.window.warnings_dock], [left, right], Qt.Orientation.Horizontal
        )
