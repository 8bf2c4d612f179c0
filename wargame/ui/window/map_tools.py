"""The map tools of the main window: what a click, a drop, a drag or the hex menu asks for,
turned into actions for the controller (moving, placing, seizing, cutting, repairing,
interdicting, notes, strength, removal).

The window owns one :class:`MapTools` (``window.tools``); its view's signals and its actions
are connected to it, so the window itself only assembles and shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QMenu

from wargame.core.actions import (
    CutSegment,
    Interdict,
    MoveUnit,
    Note,
    PlaceUnit,
    RemoveUnit,
    RepairSegment,
    SetControl,
    SetStrength,
)
from wargame.core.errors import ActionError
from wargame.core.grid.hexgrid import Hex
from wargame.core.reports.hex_info import road_link_toward
from wargame.core.rules.results import Warning
from wargame.core.setup.placing import unit_from_drop
from wargame.ui.map.items.geometry import to_metres
from wargame.ui.window.hex_menu import hex_menu

if TYPE_CHECKING:
    from wargame.ui.window.main_window import MainWindow

MODE_TITLES = {
    "select": ("Move", "Select and drag counters; drag the map to pan (Esc)"),
    "seize": ("Seize", "Click or paint hexes to give them to the acting side"),
    "cut": ("Cut road", "Click near a road link of a hex to cut it"),
    "repair": ("Repair road", "Click near a cut road link of a hex to repair it"),
    "interdict": ("Interdict", "Click a hex to lay fire on it for the acting side"),
    "note": ("Note", "Click a hex to add a note about it"),
}


class MapTools:
    """The window's map tools (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def set_mode(self, mode: str) -> None:
        self.window.view.set_mode(mode)
        self.window.mode_actions[mode].setChecked(True)
        self.window.statusBar().showMessage(MODE_TITLES[mode][1], 6000)

    def acting(self) -> str:
        return self.window.acting_side.currentData() or self.window.controller.state.side_to_move

    def move_unit(self, unit_id: str, h: Hex | None) -> None:
        unit = self.window.controller.state.units.get(unit_id)
        if unit is not None and h == unit.hex:
            self.window.scene.snap_back(unit_id)  # let go where it was picked up: not a move
            return
        if h is None:
            self.window.show_refusal(f"{unit_id} was dropped off the map")
            self.window.scene.snap_back(unit_id)
        elif not self.window.controller.push(MoveUnit(unit_id, h)):
            self.window.scene.snap_back(unit_id)

    def place_unit(self, payload: dict[str, Any], h: Hex | None) -> None:
        if h is None:
            self.window.show_refusal("the unit was dropped off the map")
            return
        try:
            unit = unit_from_drop(payload, h, self.window.controller.state)
        except ActionError as error:
            self.window.show_refusal(str(error))
            return
        if self.window.controller.push(PlaceUnit(unit)):
            self.window.unit_palette.placed()

    def seize_area(self, hexes: list[Hex]) -> None:
        self.window.controller.push(SetControl(tuple(hexes), self.acting()))

    def hex_clicked(self, mode: str, h: Hex, point: QPointF) -> None:
        if mode == "cut":
            self.cut_road(h, point)
        elif mode == "repair":
            self.repair_road(h, point)
        elif mode == "interdict":
            self.window.controller.push(Interdict(h, self.acting()))
        elif mode == "note":
            self.add_note((h,))

    def cut_road(self, h: Hex, point: QPointF) -> None:
        segment = road_link_toward(self.window.controller.game.map, h, *to_metres(point))
        if segment is None:
            self.window.show_refusal(f"no road leaves {self.window.controller.game.map.describe(h)}")
            return
        self.window.controller.push(CutSegment(segment))

    def repair_road(self, h: Hex, point: QPointF) -> None:
        state = self.window.controller.state
        segment = road_link_toward(state.map, h, *to_metres(point), only=frozenset(state.cut))
        if segment is None:
            self.window.show_refusal(f"no cut road at {state.map.describe(h)}")
            return
        self.window.controller.push(RepairSegment(segment))

    def add_note(self, hexes: tuple[Hex, ...]) -> None:
        where = f" about {self.window.controller.game.map.describe(hexes[0])}" if hexes else ""
        text = self.window.dialogs.text(self.window, "Add note", f"Note{where}:")
        if text is not None:
            self.window.controller.push(Note(text, hexes))

    def remove_selected(self) -> None:
        for item in self.window.scene.selectedItems():
            unit_id = getattr(item, "unit_id", None)
            if unit_id is not None:
                self.window.controller.push(RemoveUnit(unit_id))

    def set_strength(self, unit_id: str) -> None:
        unit = self.window.controller.state.units[unit_id]
        value = self.window.dialogs.number(
            self.window, "Set strength", f"Strength of {unit.label}:", unit.strength, 1, unit.max_strength
        )
        if value is not None:
            self.window.controller.push(SetStrength(unit_id, value))

    # --- context menu -----------------------------------------------------------------------

    def context_menu(self, h: Hex | None, point: QPointF, where: QPoint) -> None:
        if h is None:
            return
        menu = self.hex_menu(h, point)
        menu.exec(where)

    def hex_menu(self, h: Hex, point: QPointF) -> QMenu:
        """The actions a player can take on a hex (and on the road link towards ``point``)."""
        return hex_menu(self.window, h, point)

    def go_to_warning(self, warning: Warning) -> None:
        """Centre the map on what a warning is about and select its units."""
        state = self.window.controller.view().state  # the side in view's own units
        hexes = list(warning.hexes) or [state.units[u].hex for u in warning.units if u in state.units]
        self.window.view.centre_on_hexes(hexes)
        self.window.scene.select_units([u for u in warning.units if u in state.units])
