"""The context menu of a hex: seize, neutralise, cut or repair each of its road links (the one
towards the cursor first), interdict, note, and the units standing there. Every entry sends an
Action to the controller."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QMenu

from wargame.core.actions import (
    SUPPLY_PRIORITIES,
    CutSegment,
    Interdict,
    RemoveUnit,
    RepairSegment,
    SetControl,
    SetSupplyPriority,
)
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Segment
from wargame.core.reports.hex_info import road_link_toward
from wargame.ui.map.items.geometry import to_metres

if TYPE_CHECKING:
    from wargame.ui.window.main_window import MainWindow


def hex_menu(window: MainWindow, h: Hex, point: QPointF) -> QMenu:
    """The actions a player can take on ``h`` (and on its road link towards ``point``); for
    each unit there, the entries features contribute (:meth:`MainWindow.add_unit_entries`)."""
    push = window.controller.push
    state = window.controller.state
    menu = QMenu(window)
    menu.addAction(f"Hex {state.map.describe(h)}").setEnabled(False)
    for side in state.scenario.sides:
        menu.addAction(f"Seize for {side.name}", partial(push, SetControl((h,), side.id)))
    menu.addAction("Make neutral", lambda: push(SetControl((h,), None)))
    menu.addSeparator()
    _add_road_entry(window, menu, h, point)
    fire = menu.addMenu("Interdict by fire")
    for side in state.scenario.sides:
        fire.addAction(f"by {side.name}", partial(push, Interdict(h, side.id)))
    menu.addAction("Add note…", lambda: window.tools.add_note((h,)))
    view = window.controller.view()  # a side's view holds only the units it sees
    for unit in view.state.units_at(h):
        sub = menu.addMenu(f"Unit {unit.label}")
        sub.addAction("Set strength…", partial(window.tools.set_strength, unit.id))
        sub.addAction("Remove", partial(push, RemoveUnit(unit.id)))
        if view.facilitator or view.viewer == unit.side:  # a side sets its own units' priority
            chosen = state.supply_priority.get(unit.id, "normal")
            priority = sub.addMenu("Supply priority")
            for level in SUPPLY_PRIORITIES:
                entry = priority.addAction(
                    level, partial(push, SetSupplyPriority(unit.side, (unit.id,), level))
                )
                entry.setCheckable(True)
                entry.setChecked(level == chosen)
                entry.setEnabled(level != chosen)
        for contribute in window.unit_entries:  # Why, the facilitator's ruling, …
            contribute(menu, sub, unit, view)
    return menu


def _add_road_entry(window: MainWindow, menu: QMenu, h: Hex, point: QPointF) -> None:
    """Cut (or repair, when it is cut) each road link of ``h``: the one that points at the
    cursor first, then the others clockwise."""
    state = window.controller.state
    gamemap = state.map
    toward = road_link_toward(gamemap, h, *to_metres(point))
    links = [Segment.of(h, n) for n in h.neighbours() if gamemap.road(h, n) is not None]
    if not links:
        menu.addAction("No road leaves this hex").setEnabled(False)
        return
    links.sort(key=lambda segment: segment != toward)
    for segment in links:
        other = segment.b if segment.a == h else segment.a
        road = gamemap.road(h, other)
        name = "/".join(road.refs) if road and road.refs else "road"
        towards = gamemap.describe(other)
        if segment in state.cut:
            action: RepairSegment | CutSegment = RepairSegment(segment)
            text = f"Repair {name} towards {towards}"
        else:
            action, text = CutSegment(segment), f"Cut {name} towards {towards}"
        menu.addAction(text, partial(window.controller.push, action))
