"""WindowContext: what a feature of the main window may use of it.

Features (presentation, side views, Why, replay, export…) are built by the one assembly,
:func:`wargame.ui.window.assembly.build_main_window`, and each is given this small interface
instead of the window itself: the controller (game, document, perspective), the map scene and
view, the settings, menus by title, docks, the status bar, the dialogs (every question to the
user), and the few panels and actions they add to. Features never import the window package
(an import contract checks it), and they never set attributes on the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QSettings, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QToolBar

from wargame.core.files.document import Document
from wargame.core.model import Unit
from wargame.core.view.side_view import SideView
from wargame.ui.features.dialogs import Dialogs
from wargame.ui.map.map_view import MapView
from wargame.ui.map.scene import MapScene
from wargame.ui.panels.legend import LegendPanel
from wargame.ui.panels.palette import UnitPalette
from wargame.ui.window.controller import GameController

# A feature's entries in the hex menu for a unit standing there: (the hex menu, the unit's own
# submenu, the unit, the side view the menu is for). The assembly lists them on the window.
UnitEntry = Callable[[QMenu, QMenu, Unit, SideView], None]


class FileQuestions(Protocol):
    """The window's file commands as features see them."""

    def confirm_discard(self, doing: str) -> bool:
        """Whether the open game may be put away: nothing unsaved, or the user saved it or chose
        to discard it when asked (``doing`` completes "Save them before you …?")."""
        ...


class WindowContext(Protocol):
    """The main window as its features see it."""

    @property
    def files(self) -> FileQuestions:
        """Open, save, and asking before unsaved work is lost."""
        ...

    controller: GameController
    unit_entries: list[UnitEntry]  # hex-menu entries features contribute, in the assembly
    settings: QSettings
    dialogs: Dialogs  # every question to the user goes through it (tests answer it)
    closed: SignalInstance  # the window closed for good
    scene: MapScene  # replaced when a game on another map is opened (game_replaced follows)
    view: MapView
    legend: LegendPanel
    unit_palette: UnitPalette
    log_dock: QDockWidget
    hex_label: QLabel
    tool_bar: QToolBar
    turn_bar: QToolBar
    undo_action: QAction
    redo_action: QAction
    full_screen_action: QAction

    @property
    def widget(self) -> QMainWindow:
        """The window as a widget: parent of dialogs and docks; full screen, style sheet, grab."""
        ...

    def menu(self, title: str) -> QMenu:
        """The top-level menu titled ``title`` ("File", "View", "Turn"…), made at the end if missing."""
        ...

    def panels_menu(self) -> QMenu:
        """View ▸ Panels, where each dock's show/hide entry goes."""
        ...

    def add_dock(self, dock: QDockWidget) -> None:
        """Put ``dock`` on the right, tabbed with the action log (which stays in front)."""
        ...

    def add_key(self, key: str, what: str) -> None:
        """List a key or click that no action carries in the F1 sheet."""
        ...

    def show_message(self, text: str, ms: int) -> None:
        """Put ``text`` in the status bar for ``ms`` milliseconds."""
        ...

    def show_refusal(self, reason: str) -> None: ...

    def fit_units(self) -> None: ...

    def open_document(self, document: Document) -> None:
        """Show another game (rebuilding the map and panels for another map or other sides)."""
        ...
