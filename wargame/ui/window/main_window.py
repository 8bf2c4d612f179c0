"""The main window: map in the centre, palette and legend on the left, warnings and the
action log on the right, the turn bar on top, the hex under the cursor in the status bar.

Every request from a widget becomes an Action sent to the GameController; the window redraws
from the controller's ``changed`` (and ``perspective_changed``) signal only, drawing the game
as the side in view sees it.

The window is built by :func:`wargame.ui.window.assembly.build_main_window`, which adds the
features; each feature sees the window as a :class:`WindowContext`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QColor, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QToolBar,
    QWidget,
)

from wargame.core.actions import (
    EndTurn,
    SetGround,
)
from wargame.core.files.document import Document
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import GROUNDS, Side
from wargame.core.reports.hex_info import hex_status
from wargame.ui.features.context import UnitEntry
from wargame.ui.features.dialogs import Dialogs
from wargame.ui.features.screen_fit import place_on_screen
from wargame.ui.map.map_view import MapView
from wargame.ui.map.scene import MapScene
from wargame.ui.panels.action_log import ActionLogPanel
from wargame.ui.panels.legend import LegendPanel
from wargame.ui.panels.palette import UnitPalette
from wargame.ui.panels.steady_label import SteadyLabel
from wargame.ui.panels.warnings import WarningsPanel
from wargame.ui.window.controller import GameController, Update
from wargame.ui.window.file_commands import FileCommands
from wargame.ui.window.frame import WindowFrame
from wargame.ui.window.map_tools import MODE_TITLES, MapTools
from wargame.ui.window.menus import menu_named

if TYPE_CHECKING:
    from wargame.ui.window.assembly import Features

APP_TITLE = "Wargame companion"
HINT = (
    "Drag a unit type onto a hex · drag counters to move · right-click a hex for actions · "
    "wheel or +/− to zoom, drag the map to pan, F to fit · F1 lists the keys"
)


def turn_banner(turn: int, side: Side, ground: str, short: bool = False) -> str:
    """The turn bar's "Turn 3 · ■ Russia to move · mud ground" (short: "Turn 3 · ■ RU · mud")."""
    colour = QColor(side.colour).darker(120).name()
    square = f"<span style='color:{colour}'>■</span>"
    if short:
        return f" Turn {turn} · {square} <b>{side.id}</b> · {ground} "
    return f"  Turn {turn}  ·  {square} <b>{side.name}</b> to move  ·  {ground} ground  "


class MainWindow(QMainWindow):
    closed = Signal()  # the window closed for good (the user did not cancel)

    def __init__(
        self,
        controller: GameController,
        settings: QSettings,
        parent: QWidget | None = None,
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.dialogs = dialogs or Dialogs()
        self.setObjectName("mainWindow")
        self.show_document()
        game = controller.game
        self.scene = MapScene(game.map, game.scenario.sides, self)
        self.view = MapView(self.scene, self)
        self.setCentralWidget(self.view)
        self.hovered: Hex | None = None
        self._warnings_shown: tuple[object, str, str | None] | None = None
        self._features: Features | None = None
        self.tools = MapTools(self)  # what clicks, drops and the hex menu ask for
        self.files = FileCommands(self)  # open, save, save as; asking before work is lost
        self.frame = WindowFrame(self)  # the docks' layout, full screen, the key sheet, About
        self.extra_keys: list[tuple[str, str]] = []  # keys and clicks no action carries (F1)
        self.unit_entries: list[UnitEntry] = []  # features' hex-menu entries for a unit
        self._framed = False  # frame the units again once the window has its real size
        self._build_docks()
        self._build_actions()
        self._build_turn_bar()
        self._build_tool_bar()
        self._build_menus()
        self._build_status_bar()
        self._connect()

    def start(self, features: Features) -> None:
        """Take the features the assembly built, restore the saved layout (their docks too)
        and show the game."""
        self._features = features
        place_on_screen(self, QSize(1600, 1000))  # a laptop's screen, or a projector's
        self.frame.restore_layout()
        self.controller.refresh()
        self.fit_units()
        self.statusBar().showMessage(HINT, 30000)

    @property
    def features(self) -> Features:
        if self._features is None:
            raise RuntimeError("the main window is built by build_main_window()")
        return self._features

    # --- what features see of the window (WindowContext) --------------------------------------

    @property
    def widget(self) -> QMainWindow:
        return self

    def menu(self, title: str) -> QMenu:
        return menu_named(self.menuBar(), title)

    def panels_menu(self) -> QMenu:
        return self.panels

    def add_dock(self, dock: QDockWidget) -> None:
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.tabifyDockWidget(self.log_dock, dock)
        self.log_dock.raise_()
        self.panels.addAction(dock.toggleViewAction())

    def add_key(self, key: str, what: str) -> None:
        self.extra_keys.append((key, what))

    def show_message(self, text: str, ms: int) -> None:
        self.statusBar().showMessage(text, ms)

    # --- building -----------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        sides = self.controller.game.scenario.sides
        self.unit_palette = UnitPalette(sides)
        self.legend = LegendPanel(sides)
        self.warnings = WarningsPanel()
        self.log = ActionLogPanel()
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        scroller = self.palette_scroller = QScrollArea()  # scrolls rather than forcing a tall window
        scroller.setWidget(self.unit_palette)
        scroller.setWidgetResizable(True)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.palette_dock = self._dock("Units", "paletteDock", scroller, left)
        self.legend_dock = self._dock("Legend", "legendDock", self.legend, left)
        self.warnings_dock = self._dock("Warnings", "warningsDock", self.warnings, right)
        self.log_dock = self._dock("Action log", "logDock", self.log, right)
        self.resizeDocks([self.palette_dock, self.warnings_dock], [400, 470], Qt.Orientation.Horizontal)
        self.resizeDocks([self.warnings_dock, self.log_dock], [560, 340], Qt.Orientation.Vertical)

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        c = self.controller
        self.open_action = self._action("&Open…", self.files.open_file, QKeySequence.StandardKey.Open)
        self.save_action = self._action("&Save", self.files.save_file, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action(
            "Save &as…", self.files.save_file_as, QKeySequence.StandardKey.SaveAs
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = self._action("Undo", c.undo, QKeySequence("Ctrl+Z"))
        self.redo_action = self._action("Redo", c.redo, QKeySequence("Ctrl+Shift+Z"))
        self.end_turn_action = self._action(
            "End turn",
            lambda: c.push(EndTurn()),
            QKeySequence("Ctrl+Return"),
            "End the turn of the side to move (Ctrl+Enter)",
        )
        self.remove_action = self._action(
            "Remove selected units", self.tools.remove_selected, QKeySequence.StandardKey.Delete
        )
        self.note_action = self._action("Add &note…", lambda: self.tools.add_note(()), QKeySequence("Ctrl+N"))
        self.zoom_in_action = self._action(
            "Zoom in", lambda: self.view.zoom_by(1.25), QKeySequence.StandardKey.ZoomIn
        )
        self.zoom_out_action = self._action(
            "Zoom out", lambda: self.view.zoom_by(0.8), QKeySequence.StandardKey.ZoomOut
        )
        self.fit_action = self._action(
            "Fit map", self.view.fit_map, QKeySequence("F"), "Show the whole map (F)"
        )
        self.fit_units_action = self._action("Fit units", self.fit_units, QKeySequence("Shift+F"))
        self.reset_layout_action = self._action("Reset window layout", self.frame.reset_layout)
        self.full_screen_action = self._action(
            "Full screen", self.frame.toggle_full_screen, QKeySequence("F11")
        )
        self.about_action = self._action("About", self.frame.about)
        self.shortcuts_action = self._action(
            "Keyboard shortcuts", self.frame.show_shortcuts, QKeySequence("F1")
        )
        self.layer_actions: dict[str, QAction] = {}

    def _build_layer_actions(self) -> None:
        """One checkable action per map layer, listed in View ▸ Map layers."""
        self.layers_menu.clear()
        self.layer_actions = {}
        for name, title in self.scene.layer_titles().items():
            action = QAction(title, self, checkable=True)
            action.toggled.connect(lambda on, n=name: self._show_layer(n, on))
            action.setChecked(bool(self.settings.value(f"layers/{name}", True, type=bool)))
            self.scene.set_layer_visible(name, action.isChecked())
            self.layer_actions[name] = action
            self.layers_menu.addAction(action)
        self.layer_actions["grid"].setShortcut(QKeySequence("G"))

    def _show_layer(self, name: str, visible: bool) -> None:
        self.scene.set_layer_visible(name, visible)
        self.settings.setValue(f"layers/{name}", visible)

    def _build_turn_bar(self) -> None:
        bar = QToolBar("Turn", self)
        bar.setObjectName("turnBar")
        bar.setMovable(False)
        self.turn_label = SteadyLabel()
        self.turn_label.setObjectName("turnLabel")
        bar.addWidget(self.turn_label)
        bar.addSeparator()
        for action in (self.end_turn_action, self.undo_action, self.redo_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.fit_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.turn_bar = bar

    def _build_tool_bar(self) -> None:
        bar = QToolBar("Tools", self)
        bar.setObjectName("toolBar")
        group = QActionGroup(self)
        self.mode_actions: dict[str, QAction] = {}
        for index, (mode, (title, tip)) in enumerate(MODE_TITLES.items()):
            action = QAction(title, self, checkable=True)
            action.setShortcut(QKeySequence(str(index + 1)))
            action.setToolTip(f"{tip} ({index + 1})")
            action.setStatusTip(tip)
            action.triggered.connect(lambda _=False, m=mode: self.tools.set_mode(m))
            group.addAction(action)
            bar.addAction(action)
            self.mode_actions[mode] = action
        self.mode_actions["select"].setChecked(True)
        bar.addSeparator()
        bar.addWidget(QLabel(" acting side: "))
        self.acting_side = QComboBox()
        self.acting_side.setObjectName("actingSide")
        self.acting_side.addItem("side to move", None)
        for side in self.controller.game.scenario.sides:
            self.acting_side.addItem(side.name, side.id)
        bar.addWidget(self.acting_side)
        # Tools on a row of their own: beside the turn bar they overflow a 1600-pixel window.
        self.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.tool_bar = bar

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for action in (self.open_action, self.save_action, self.save_as_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit = menu.addMenu("&Edit")
        for action in (self.undo_action, self.redo_action, self.note_action, self.remove_action):
            edit.addAction(action)
        tools = menu.addMenu("&Tools")
        for action in self.mode_actions.values():
            tools.addAction(action)
        view = menu.addMenu("&View")
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action, self.fit_units_action):
            view.addAction(action)
        view.addSeparator()
        self.layers_menu = view.addMenu("Map layers")
        self._build_layer_actions()
        self.panels = view.addMenu("Panels")
        for dock in (self.palette_dock, self.legend_dock, self.warnings_dock, self.log_dock):
            self.panels.addAction(dock.toggleViewAction())
        view.addAction(self.reset_layout_action)
        view.addAction(self.full_screen_action)
        turn = menu.addMenu("T&urn")
        turn.addAction(self.end_turn_action)
        self._build_ground_menu(turn.addMenu("&Ground"))
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _build_ground_menu(self, menu: QMenu) -> None:
        """The facilitator's call on the ground: what cross-country links carry (logged)."""
        group = QActionGroup(self)
        self.ground_actions: dict[str, QAction] = {}
        for ground in GROUNDS:
            action = menu.addAction(ground.capitalize())
            action.setCheckable(True)
            action.setObjectName(f"ground-{ground}")
            action.setStatusTip(f"From now on the ground is {ground} (a logged facilitator action)")
            action.triggered.connect(lambda _on, g=ground: self.controller.push(SetGround(g)))
            group.addAction(action)
            self.ground_actions[ground] = action

    def _build_status_bar(self) -> None:
        self.hex_label = QLabel("")
        self.hex_label.setObjectName("hexStatus")
        # Permanent, so action messages and refusals keep the left part of the bar.
        self.hex_label.setMinimumWidth(860)  # the hex facts keep their room beside messages
        self.hex_label.setMaximumWidth(1100)
        self.statusBar().addPermanentWidget(self.hex_label)
        self.hex_label.hide()

    def _connect(self) -> None:
        self.controller.changed.connect(self.on_update)
        self.controller.saved.connect(lambda _path: self.show_document())
        self.controller.perspective_changed.connect(self.on_update)
        self.controller.refused.connect(self.show_refusal)
        self.scene.unit_move_requested.connect(self.tools.move_unit)
        self.scene.unit_edit_requested.connect(self.tools.set_strength)
        self.view.hex_hovered.connect(self.show_hex)
        self.view.hex_clicked.connect(self.tools.hex_clicked)
        self.view.area_painted.connect(self.tools.seize_area)
        self.view.unit_dropped.connect(self.tools.place_unit)
        self.view.context_requested.connect(self.tools.context_menu)
        self.view.mode_changed.connect(lambda mode: self.mode_actions[mode].setChecked(True))
        self.warnings.warning_activated.connect(self.tools.go_to_warning)

    # --- showing ----------------------------------------------------------------------------

    def on_update(self, update: Update) -> None:
        """Draw a step of the game (or the same step from another side): the map, the turn bar,
        the warnings and the log, as the side in view sees them."""
        self.scene.show_state(
            update.state, update.analysis, update.changes, update.side, update.shown, update.visible
        )
        state = update.state
        ground = state.ground or state.scenario.rules.ground
        # As wide as the widest banner, so the buttons beside it stay put.
        banners = [
            (turn_banner(max(state.turn, 99), s, g), turn_banner(max(state.turn, 99), s, g, short=True))
            for s in state.scenario.sides
            for g in GROUNDS
        ]
        mover = state.scenario.side(state.side_to_move)
        now = (turn_banner(state.turn, mover, ground), turn_banner(state.turn, mover, ground, short=True))
        self.turn_label.show_variant(now, banners)
        if ground in self.ground_actions:
            self.ground_actions[ground].setChecked(True)
        game = self.controller.game
        self.undo_action.setEnabled(game.can_undo())
        self.redo_action.setEnabled(game.can_redo())
        self.undo_action.setToolTip(
            f"Undo: {game.undo_text()} (Ctrl+Z)" if game.can_undo() else "Nothing to undo"
        )
        self.redo_action.setToolTip(
            f"Redo: {game.redo_text()} (Ctrl+Shift+Z)" if game.can_redo() else "Nothing to redo"
        )
        unavailable = self.controller.analysis_error or "no supply analysis for this game"
        shown = (update.shown, state.side_to_move, update.side)
        # The same analysis seen from the same side (e.g. a refused or silent step) needs no new list.
        if update.shown is None or self._warnings_shown != shown:
            self._warnings_shown = shown
            self.warnings.show_analysis(update.shown, update.side or state.side_to_move, unavailable)
        self.log.show_game(game)
        self.setWindowModified(self.controller.document.unsaved)
        if update.description:
            self.statusBar().showMessage(update.description, 8000)
        if self.hovered is not None:
            self.show_hex(self.hovered)

    def show_hex(self, h: Hex | None) -> None:
        """The facts of the hex under the cursor; a side's view names no enemy unit it cannot see."""
        self.hovered = h
        self.hex_label.setVisible(h is not None)  # no hex: messages get the whole bar
        if h is None:
            self.hex_label.setText("")
            return
        view = self.controller.update()
        self.hex_label.setText(hex_status(view.seen_state(), view.shown, h))

    def show_refusal(self, reason: str) -> None:
        self.statusBar().showMessage(f"✖ Not done: {reason}", 15000)

    def fit_units(self) -> None:
        """Frame the first side's units (the force the game is about), else every unit..."""
        state = self.controller.state
        own = state.units_of(state.scenario.sides[0].id)
        # ...and the enemy in contact with them, so the front around the force is in view.
        near = [
            u for u in state.units.values() if u not in own and any(u.hex.distance(o.hex) <= 3 for o in own)
        ]
        units = own + near or list(state.units.values())
        if not units:
            self.view.fit_map()
            return
        points = [self.scene.geometry.centre(u.hex) for u in units]
        margin = self.controller.game.map.layout.size_m * 3
        xs, ys = [p.x() for p in points], [p.y() for p in points]
        self.view.fit_rect(
            QRectF(
                min(xs) - margin,
                min(ys) - margin,
                max(xs) - min(xs) + 2 * margin,
                max(ys) - min(ys) + 2 * margin,
            )
        )

    # --- requests into actions ---------------------------------------------------------------

    # --- files, layout ------------------------------------------------------------------------

    def show_document(self) -> None:
        """The title bar: the file's name with an unsaved mark, then the game's title."""
        document = self.controller.document
        read_only = " [read-only]" if document.read_only else ""
        self.setWindowTitle(f"{document.name}[*]{read_only} — {document.game.scenario.title} — {APP_TITLE}")
        self.setWindowModified(document.unsaved)

    def open_document(self, document: Document) -> None:
        """Show another game; a different map or different sides rebuild the map and panels."""
        game, old = document.game, self.controller.game
        if game.map is not old.map or game.scenario.sides != old.scenario.sides:
            self._rebuild_for(game.map, game.scenario.sides)
        self.controller.open(document)
        self.show_document()
        self.fit_units()

    def _rebuild_for(self, gamemap: GameMap, sides: tuple[Side, ...]) -> None:
        self.scene.unit_move_requested.disconnect(self.tools.move_unit)
        self.scene = MapScene(gamemap, sides, self)
        self.scene.unit_move_requested.connect(self.tools.move_unit)
        self.scene.unit_edit_requested.connect(self.tools.set_strength)
        self.view.set_scene(self.scene)
        self.unit_palette = UnitPalette(sides)
        self.palette_scroller.setWidget(self.unit_palette)
        self.legend = LegendPanel(sides)
        self.legend_dock.setWidget(self.legend)
        self.acting_side.clear()
        self.acting_side.addItem("side to move", None)
        for side in sides:
            self.acting_side.addItem(side.name, side.id)
        self._build_layer_actions()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._framed:
            self._framed = True
            if not self.frame.restored:
                self.frame.share_width()
            # After the layout settles: before it the view is a few pixels wide.
            QTimer.singleShot(0, self.fit_units)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.confirm_discard("quit"):
            event.ignore()
            return
        self.frame.save_layout()
        super().closeEvent(event)
        self.closed.emit()
        self.controller.document.close()  # its file's lock
