"""The scenario setup editor: the facilitator draws the starting situation before a game.

A window of its own, on the same map scene and view as the game: paint control with a brush,
drop units from the palette and drag their counters, click supply sources, fill in the
turn length, rule parameters, texts and briefings; save as a scenario file, or start turn 1
of a new game on it in the main window. Every edit goes to a :class:`ScenarioDraft` (with
its own undo), never to a game: the finished scenario is where the game's log starts.

Its :class:`SetupHook` gives the main window File ▸ New scenario… and Edit scenario
setup…, and starts the games they make.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, QPointF, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from wargame.core.actions import EVERYTHING, Changes
from wargame.core.errors import ActionError, WargameError
from wargame.core.files.document import Document
from wargame.core.files.scenario_file import load_scenario, shipped_scenarios
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.map.mapdata import load_map, maps_dir
from wargame.core.model import Scenario, Unit
from wargame.core.rules.analysis import analyse
from wargame.core.rules.naming import counted
from wargame.core.rules.results import Analysis, SideAnalysis, Supply
from wargame.core.setup.placing import unit_from_drop
from wargame.core.setup.scenario_draft import ScenarioDraft, default_scenario_name, save_scenario
from wargame.core.state import GameState, frozen
from wargame.ui.features.dialogs import Dialogs
from wargame.ui.map.scene import MapScene
from wargame.ui.panels.palette import UnitPalette
from wargame.ui.setup.setup_map import MAX_BRUSH, SetupMapView, SourceLayer
from wargame.ui.setup.setup_panels import UnitForm, scenario_tabs

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

TOOLS = {
    "select": ("Move", "Select a counter to edit it, drag it to move it; drag the map to pan (Esc)"),
    "seize": ("Paint control", "Drag across hexes to give them to the chosen side (brush radius 0–3)"),
    "sources": (
        "Supply sources",
        "Click a hex to make it a supply source of the chosen side, again to remove it",
    ),
}
NOBODY = "nobody"
NOTHING = Changes()  # an edit that changes nothing on the map (texts, rules)


def preview_state(scenario: Scenario, gamemap: GameMap) -> GameState:
    """The scenario as a game's first state, for drawing only (no supply is computed)."""
    return GameState(
        scenario=scenario,
        map=gamemap,
        turn=scenario.first_turn,
        side_to_move=scenario.sides[0].id,
        units=frozen({u.id: u for u in scenario.units}),
        control=frozen(scenario.control),
    )


def supply_summary(side: SideAnalysis, sources: tuple[Hex, ...] = ()) -> str:
    """One side's units by supply state, e.g. "UA: 12 supplied, 2 encircled", and why when
    every unit is encircled because the side has no supply source."""
    counts = Counter(unit.supply for unit in side.units.values())
    parts = [f"{counts[state]} {state.title}" for state in Supply if counts[state]]
    why = ""
    if side.units and not sources:
        why = f" — {side.side} has no supply source, so every unit is encircled (add one: Supply sources)"
    return f"{side.side}: {', '.join(parts) or 'no units'}{why}"


class SetupWindow(QMainWindow):
    """Edits one ScenarioDraft on its map; ``game_requested`` carries the new game to start."""

    game_requested = Signal(object)  # Game at turn 1 of the edited scenario
    saved = Signal(object)  # Path

    def __init__(
        self,
        draft: ScenarioDraft,
        settings: QSettings,
        parent: QWidget | None = None,
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__(parent)
        self.dialogs = dialogs or Dialogs()
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("setupWindow")
        self.draft = draft
        self.settings = settings
        self.saved_scenario: Scenario | None = None
        self.started = False
        self._preview: tuple[tuple[object, ...], Analysis] | None = None
        sides = draft.scenario.sides
        self.scene = MapScene(draft.map, sides, self)
        self.sources = SourceLayer(self.scene.geometry, self.scene.colours)
        self.scene.addItem(self.sources)
        self.view = SetupMapView(self.scene, self)
        self.setCentralWidget(self.view)
        self._build_docks()
        self._build_tool_bar()
        self._build_menus()
        self.hex_label = QLabel()
        self.supply_label = QLabel()
        self.supply_label.setObjectName("setupSupply")
        self.statusBar().addPermanentWidget(self.supply_label)
        self.statusBar().addPermanentWidget(self.hex_label)
        self._connect()
        self.resize(1600, 1000)
        self.show_draft(EVERYTHING)
        self.view.fit_map()
        self.set_tool("seize")

    # --- building -----------------------------------------------------------------------------

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"setup-{title}")
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        scenario = self.draft.scenario
        self.unit_palette = UnitPalette(scenario.sides)
        self.unit_form = UnitForm(scenario.sides)
        units = QWidget()
        layout = QVBoxLayout(units)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.unit_palette)
        layout.addWidget(self.unit_form)
        scroller = QScrollArea()
        scroller.setWidget(units)
        scroller.setWidgetResizable(True)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tabs, self.scenario_form, self.rules_form, self.briefings_form = scenario_tabs(scenario)
        self.tabs = tabs
        left = self._dock("Units", scroller, Qt.DockWidgetArea.LeftDockWidgetArea)
        right = self._dock("Scenario", tabs, Qt.DockWidgetArea.RightDockWidgetArea)
        self.docks = (left, right)
        self._shared = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shared:  # once the window has its real size
            self._shared = True
            self.share_width()

    def share_width(self) -> None:
        """The panels take a share of the window, so a projector's 1280 pixels still show the map."""
        width = self.width()
        left = min(430, max(250, round(width * 0.22)))
        right = min(460, max(280, round(width * 0.24)))
        self.resizeDocks(list(self.docks), [left, right], Qt.Orientation.Horizontal)

    def _action(self, text: str, slot: Any, shortcut: str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip} ({shortcut})" if tip and shortcut else tip or text)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_tool_bar(self) -> None:
        bar = QToolBar("Setup", self)
        bar.setObjectName("setupBar")
        bar.setMovable(False)
        group = QActionGroup(self)
        self.tool_actions: dict[str, QAction] = {}
        for index, (tool, (title, tip)) in enumerate(TOOLS.items()):
            action = self._action(title, lambda _=False, t=tool: self.set_tool(t), str(index + 1), tip)
            action.setCheckable(True)
            group.addAction(action)
            bar.addAction(action)
            self.tool_actions[tool] = action
        self.tool_actions["select"].setShortcuts([QKeySequence("1"), QKeySequence("Escape")])
        bar.addSeparator()
        bar.addWidget(QLabel(" Side "))
        self.side = QComboBox()
        self.side.setObjectName("setupSide")
        for side in self.draft.scenario.sides:
            self.side.addItem(f"{side.name} ({side.id})", side.id)
        self.side.addItem("nobody (neutral)", NOBODY)
        bar.addWidget(self.side)
        bar.addWidget(QLabel(" Brush "))
        self.brush = QSpinBox()
        self.brush.setObjectName("setupBrush")
        self.brush.setRange(0, MAX_BRUSH)
        self.brush.setSuffix(" hexes")
        self.brush.setToolTip("Brush radius: 0 paints the hex under the cursor, 3 a patch 7 hexes across")
        self.brush.valueChanged.connect(self._set_brush)
        bar.addWidget(self.brush)
        bar.addSeparator()
        self.undo_action = self._action("Undo", self.undo, "Ctrl+Z")
        self.redo_action = self._action("Redo", self.redo, "Ctrl+Shift+Z")
        self.save_action = self._action("Save scenario…", self.save_as, "Ctrl+S", "Write a scenario file")
        self.start_action = self._action(
            "Start game", self.start_game, "Ctrl+Return", "Leave setup: turn 1 of a new game on this scenario"
        )
        self.start_action.setObjectName("setupStart")
        self.supply_action = self._action(
            "Preview supply",
            lambda _=False: self.show_draft(EVERYTHING),
            "Ctrl+P",
            "Trace both sides' supply on the set-up as it stands (as turn 1 would show it)",
        )
        self.supply_action.setCheckable(True)
        # Leaving setup comes first, so a narrow window folds the others away (the menus and
        # keys still have them).
        bar.addActions(
            [self.start_action, self.save_action, self.supply_action, self.undo_action, self.redo_action]
        )
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&Scenario")
        file_menu.addActions([self.save_action, self.start_action])
        file_menu.addSeparator()
        file_menu.addAction(self._action("Close setup", self.close, "Ctrl+W"))
        edit = menus.addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        self.fill_actions: dict[str, QAction] = {}
        for side in self.draft.scenario.sides:
            action = self._action(
                f"Give all neutral hexes to {side.name}", partial(self.fill_neutral, side.id)
            )
            self.fill_actions[side.id] = action
            edit.addAction(action)
        view = menus.addMenu("&View")
        view.addAction(self.supply_action)
        view.addAction(self._action("Fit map", self.view.fit_map, "F"))
        tools = menus.addMenu("&Tools")
        tools.addActions(list(self.tool_actions.values()))

    def _connect(self) -> None:
        self.view.area_painted.connect(self.paint)
        self.view.hex_clicked.connect(self.hex_clicked)
        self.view.unit_dropped.connect(self.place_unit)
        self.view.hex_hovered.connect(self.show_hex)
        self.view.context_requested.connect(self.context_menu)
        self.scene.unit_move_requested.connect(self.move_unit)
        self.scene.unit_edit_requested.connect(self.select_unit)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.unit_form.apply_requested.connect(self.edit_unit)
        self.unit_form.remove_requested.connect(self.remove_unit)
        self.scenario_form.edited.connect(self.edit_scenario)
        self.rules_form.edited.connect(lambda name, value: self._edit(self.draft.set_rule, name, value))
        self.rules_form.reset_requested.connect(lambda: self._edit(self.draft.reset_rules))
        self.briefings_form.edited.connect(lambda side, text: self._edit(self.draft.set_briefing, side, text))

    # --- showing ------------------------------------------------------------------------------

    def show_draft(self, changes: Changes) -> None:
        """Draw the draft (only what ``changes`` names) and bring the forms up to date."""
        scenario = self.draft.scenario
        state = preview_state(scenario, self.draft.map)
        self.scene.show_state(state, self.supply_preview(state), changes | self._turned_counters(scenario))
        self.sources.show_sources(scenario.supply_sources)
        self.scenario_form.show_scenario(scenario)
        self.rules_form.show_rules(scenario.rules)
        self.briefings_form.show_briefings(dict(scenario.briefings))
        self.undo_action.setEnabled(self.draft.can_undo())
        self.redo_action.setEnabled(self.draft.can_redo())
        self.undo_action.setToolTip(
            f"Undo {self.draft.undo_text()}" if self.draft.can_undo() else "Nothing to undo"
        )
        self.redo_action.setToolTip(
            f"Redo {self.draft.redo_text()}" if self.draft.can_redo() else "Nothing to redo"
        )
        self.setWindowTitle(f"Scenario setup — {scenario.title or scenario.id}")

    def _turned_counters(self, scenario: Scenario) -> Changes:
        """Units now of another side than their counter (an edit or its undo): the counter takes
        its side's colour when made, so it goes, and the scene makes a new one."""
        sides = {unit.id: unit.side for unit in scenario.units}
        turned = {
            i
            for i, counter in self.scene.counters.items()
            if sides.get(i, counter.unit.side) != counter.unit.side
        }
        for unit_id in turned:
            self.scene.removeItem(self.scene.counters.pop(unit_id))
        return Changes(units=frozenset(turned))

    def supply_preview(self, state: GameState) -> Analysis | None:
        """The analysis of the set-up when Preview supply is on, with a summary in the bar."""
        if not self.supply_action.isChecked():
            self.supply_label.setText("")
            return None
        scenario = state.scenario
        # Texts and briefings do not change supply: typing a title must not trace it again.
        key = (scenario.units, scenario.control, scenario.supply_sources, scenario.rules, scenario.sides)
        if self._preview is not None and all(a is b for a, b in zip(self._preview[0], key, strict=True)):
            analysis = self._preview[1]
        else:
            try:
                analysis = analyse(state, None)
            except WargameError as error:
                self.supply_label.setText(f"supply: {error}")
                return None
            self._preview = (key, analysis)
        sources = scenario.supply_sources
        self.supply_label.setText(
            "   ".join(supply_summary(a, sources.get(a.side, ())) for a in analysis.sides.values())
        )
        return analysis

    def report(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def refuse(self, reason: str) -> None:
        self.statusBar().showMessage(f"✖ Not done: {reason}", 15000)

    def show_hex(self, h: Hex | None) -> None:
        if h is None:
            self.hex_label.setText("")
            return
        scenario = self.draft.scenario
        facts = [self.draft.map.describe(h), self.draft.map.terrain(h).value]
        facts.append(f"held by {scenario.control.get(h, NOBODY)}")
        facts += [f"{side} supply source" for side, hexes in scenario.supply_sources.items() if h in hexes]
        self.hex_label.setText("  ·  ".join(facts))

    # --- tools --------------------------------------------------------------------------------

    def set_tool(self, tool: str) -> None:
        self.view.set_mode(tool)
        self.tool_actions[tool].setChecked(True)
        self.report(TOOLS[tool][1])

    def _set_brush(self, radius: int) -> None:
        self.view.brush_radius = radius

    def chosen_side(self) -> str | None:
        side = self.side.currentData()
        return None if side == NOBODY else str(side)

    # --- edits --------------------------------------------------------------------------------

    def _edit(self, edit: Any, *args: Any, changes: Changes = NOTHING) -> bool:
        """Apply one draft edit; a refusal is shown and the forms show the draft back."""
        try:
            edit(*args)
        except ActionError as error:
            self.refuse(str(error))
            self.show_draft(NOTHING)
            return False
        self.show_draft(changes)
        return True

    def paint(self, hexes: list[Hex]) -> None:
        covered = self.view.brush(hexes)
        try:
            result = self.draft.paint_control(covered, self.chosen_side())
        except ActionError as error:
            self.refuse(str(error))
            return
        self.show_draft(Changes(hexes=result.changed))
        text = f"{counted(len(result.changed), 'hex', 'hexes')} now held by {self.chosen_side() or NOBODY}"
        if result.skipped:
            text += f"; {len(result.skipped)} kept (an enemy unit stands there)"
        self.report(text)

    def hex_clicked(self, mode: str, h: Hex, point: QPointF) -> None:
        if mode != "sources":
            return
        side = self.chosen_side()
        if side is None:
            self.refuse("choose a side for the supply source")
            return
        if self._edit(self.draft.toggle_source, side, h):
            self.report(self.draft.undo_text() or "")

    def place_unit(self, payload: dict[str, Any], h: Hex | None) -> None:
        if h is None:
            self.refuse("the unit was dropped off the map")
            return
        try:
            unit = unit_from_drop(payload, h, preview_state(self.draft.scenario, self.draft.map))
        except ActionError as error:
            self.refuse(str(error))
            return
        if self._edit(
            self.draft.place_unit, unit, changes=Changes(units=frozenset({unit.id}), hexes=frozenset({h}))
        ):
            self.unit_palette.placed()
            self.select_unit(unit.id)

    def move_unit(self, unit_id: str, h: Hex | None) -> None:
        old = self.draft.unit(unit_id)
        if h is None or h == old.hex:
            self.scene.snap_back(unit_id)
            if h is None:
                self.refuse(f"{unit_id} was dropped off the map")
            return
        moved = Changes(units=frozenset({unit_id}), hexes=frozenset({old.hex, h}))
        if not self._edit(self.draft.move_unit, unit_id, h, changes=moved):
            self.scene.snap_back(unit_id)

    def edit_unit(self, unit_id: str, unit: Unit) -> None:
        old = self.draft.unit(unit_id)
        changed = Changes(units=frozenset({unit_id, unit.id}), hexes=frozenset({old.hex}))
        if self._edit(self.draft.update_unit, unit_id, unit, changes=changed):
            self.select_unit(unit.id)

    def remove_unit(self, unit_id: str) -> None:
        old = self.draft.unit(unit_id)
        gone = Changes(units=frozenset({unit_id}), hexes=frozenset({old.hex}))
        if self._edit(self.draft.remove_unit, unit_id, changes=gone):
            self.unit_form.show_unit(None)

    def select_unit(self, unit_id: str) -> None:
        self.scene.select_units([unit_id])
        self.unit_form.show_unit(self.draft.unit(unit_id))

    def _selection_changed(self) -> None:
        ids = [str(item.unit_id) for item in self.scene.selectedItems() if hasattr(item, "unit_id")]
        self.unit_form.show_unit(self.draft.unit(ids[0]) if len(ids) == 1 else None)

    def context_menu(self, h: Hex | None, point: QPointF, where: QPoint) -> None:
        if h is not None:
            self.hex_menu(h).exec(where)

    def hex_menu(self, h: Hex) -> QMenu:
        """Right-click on a hex: its owner, its supply sources, the units standing there."""
        scenario = self.draft.scenario
        menu = QMenu(self)
        menu.addAction(f"Hex {self.draft.map.describe(h)}").setEnabled(False)
        for side in scenario.sides:
            menu.addAction(f"Give to {side.name}", partial(self._paint_one, h, side.id))
        menu.addAction("Make neutral", partial(self._paint_one, h, None))
        menu.addSeparator()
        for side in scenario.sides:
            verb = "Remove" if h in self.draft.sources_of(side.id) else "Make"
            menu.addAction(
                f"{verb} supply source of {side.name}",
                partial(self._edit, self.draft.toggle_source, side.id, h),
            )
        for unit in sorted((u for u in scenario.units if u.hex == h), key=lambda u: u.id):
            sub = menu.addMenu(f"Unit {unit.label}")
            sub.addAction("Edit…", partial(self.select_unit, unit.id))
            sub.addAction("Remove", partial(self.remove_unit, unit.id))
        return menu

    def fill_neutral(self, side: str) -> None:
        result = self.draft.fill_neutral(side)
        self.show_draft(Changes(hexes=result.changed))
        self.report(f"{counted(len(result.changed), 'neutral hex', 'neutral hexes')} now held by {side}")

    def _paint_one(self, h: Hex, side: str | None) -> None:
        result = self.draft.paint_control([h], side)
        self.show_draft(Changes(hexes=result.changed))
        if result.skipped:
            self.refuse(f"an enemy unit stands in {self.draft.map.describe(h)}")

    def edit_scenario(self, field: str, value: Any) -> None:
        if field == "turn_length":
            self._edit(self.draft.set_turn_length, value)
        elif field == "first_turn":
            self._edit(self.draft.set_first_turn, value)
        elif field == "first_side":
            self._edit(self.draft.set_first_side, value)
        else:
            self._edit(self.draft.set_text, field, value)

    def undo(self) -> None:
        if self.draft.can_undo():
            self.report(f"undone: {self.draft.undo()}")
            self.show_draft(EVERYTHING)

    def redo(self) -> None:
        if self.draft.can_redo():
            self.report(f"redone: {self.draft.redo()}")
            self.show_draft(EVERYTHING)

    # --- leaving ------------------------------------------------------------------------------

    def default_folder(self) -> Path:
        chosen = str(self.settings.value("setup/folder", "", type=str) or "")
        if chosen and Path(chosen).is_dir():
            return Path(chosen)
        shipped = maps_dir() / self.draft.map.name / "scenarios"
        return shipped if shipped.is_dir() else Path.cwd()

    def save_as(self) -> Path | None:
        try:
            scenario = self.draft.to_scenario()
        except ActionError as error:
            self.refuse(str(error))
            return None
        suggested = self.default_folder() / default_scenario_name(scenario)
        path = self.dialogs.save_path(self, "Save scenario", str(suggested), "Scenario files (*.json)")
        if not path:
            return None
        return self.save_to(Path(path if path.lower().endswith(".json") else f"{path}.json"))

    def save_to(self, path: Path) -> Path | None:
        """Write the finished scenario to ``path``; None (with the reason shown) when it cannot."""
        try:
            scenario = self.draft.to_scenario()
            save_scenario(path, scenario)
        except ActionError as error:
            self.refuse(str(error))
            return None
        except WargameError as error:
            self.dialogs.tell(self, "Cannot save the scenario", str(error))
            return None
        self.saved_scenario = scenario
        self.settings.setValue("setup/folder", str(path.parent))
        self.report(f"saved {path}; open it with File ▸ Open or `python main.py {path}`")
        self.saved.emit(path)
        return path

    def start_game(self) -> Game | None:
        """Leave setup: a new game at the first turn of the edited scenario."""
        try:
            game = Game(self.draft.to_scenario(), self.draft.map)
        except WargameError as error:
            self.refuse(str(error))
            return None
        self.game_requested.emit(game)
        return game

    def finish(self) -> None:
        """Close without asking: the set-up became a game."""
        self.started = True
        self.close()

    def unsaved(self) -> bool:
        """Edits that neither a saved file nor a started game holds."""
        return not self.started and self.draft.can_undo() and self.draft.scenario != self.saved_scenario

    def ask_to_discard(self) -> bool:
        return self.dialogs.confirm(
            self, "Close setup", "The set-up has changes that are not saved.\n\nClose it and lose them?"
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.unsaved() and not self.ask_to_discard():
            event.ignore()
            return
        self.scene.clearSelection()
        super().closeEvent(event)


# --- in the main window ----------------------------------------------------------------------------


class SetupHook(QObject):
    """File ▸ New scenario… and Edit scenario setup… of a main window; starts the games they make."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.editor: SetupWindow | None = None
        self.new_action = QAction("&New scenario…", window.widget)
        self.new_action.setObjectName("newScenarioAction")
        self.new_action.setStatusTip(
            "Set up a new scenario on a map: control, units, supply, rules, briefings"
        )
        self.new_action.triggered.connect(lambda: self.new_scenario())
        self.edit_action = QAction("&Edit scenario setup…", window.widget)
        self.edit_action.setObjectName("editScenarioAction")
        self.edit_action.setStatusTip(
            "Edit the starting situation of the open game's scenario, as a new scenario"
        )
        self.edit_action.triggered.connect(self.edit_scenario)
        menu = window.menu("File")
        if menu.actions():  # at the top of the File menu, above Open
            first = menu.actions()[0]
            menu.insertActions(first, [self.new_action, self.edit_action])
            menu.insertSeparator(first)
        else:
            menu.addActions([self.new_action, self.edit_action])

    def new_scenario(self, map_name: str | None = None) -> SetupWindow | None:
        """A blank scenario: on the open game's map, or on one the facilitator picks."""
        current = self.window.controller.game
        if map_name is None:
            map_name = self._ask_map(current.map.name)
            if map_name is None:
                return None
        try:
            gamemap = current.map if map_name == current.map.name else load_map(map_name)
        except WargameError as error:
            self.window.dialogs.tell(self.window.widget, "Cannot open the map", str(error))
            return None
        template = current.scenario if gamemap is current.map else _template_for(map_name, current.scenario)
        return self.open_editor(ScenarioDraft.blank(template, gamemap, f"{map_name}-new"))

    def edit_scenario(self) -> SetupWindow:
        """The open game's scenario as the start of a new one (the open game is not changed)."""
        game = self.window.controller.game
        # A new id, so saving does not offer to overwrite the shipped scenario it came from.
        scenario = replace(game.scenario, id=f"{game.scenario.id}-variant")
        return self.open_editor(ScenarioDraft(scenario, game.map))

    def open_editor(self, draft: ScenarioDraft) -> SetupWindow:
        if self.editor is not None:
            self.editor.close()
        # A window of its own, not a child of the main one: its keys stay out of the main
        # window's F1 sheet, and closing the main window does not drop an unsaved set-up.
        self.editor = SetupWindow(draft, self.window.settings, dialogs=self.window.dialogs)
        self.editor.game_requested.connect(self.start)
        self.editor.show()
        return self.editor

    def start(self, game: Game) -> bool:
        """Show ``game`` in the main window, asking first if unsaved moves would be lost."""
        if not self.window.files.confirm_discard("start the new game"):
            return False
        self.window.open_document(Document(game))  # a new game: Save asks where
        self.window.widget.show()  # it may have been closed while the set-up went on
        if self.editor is not None:
            self.editor.finish()
        self.window.show_message(f"Turn {game.state.turn} of {game.scenario.title}", 15000)
        return True

    def _ask_map(self, current: str) -> str | None:
        maps = sorted(p.parent.name for p in maps_dir().glob("*/map.json"))
        if len(maps) <= 1:
            return current
        return self.window.dialogs.item(
            self.window.widget, "New scenario", "Map:", maps, maps.index(current) if current in maps else 0
        )


def _template_for(map_name: str, fallback: Scenario) -> Scenario:
    """The first shipped scenario of a map lends a new scenario its sides and named routes."""
    for path in shipped_scenarios():
        if path.parent.parent.name == map_name:
            try:
                return load_scenario(path)[0]
            except WargameError:
                continue
    return fallback
