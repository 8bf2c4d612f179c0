"""A player's hands on the map: placing, moving, seizing, undoing, ending turns."""

from __future__ import annotations

import itertools

import numpy as np
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import drag, hex_point
from wargame.core.actions import SetControl
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Terrain, UnitType
from wargame.core.rules.results import Severity
from wargame.ui.window.main_window import MainWindow


def _empty_land_near_centre(window: MainWindow, side: str) -> Hex:
    state = window.controller.state
    centre = window.view.view_centre_hex()
    assert centre is not None
    candidates = [
        h
        for h in state.map
        if state.map.terrain(h) is not Terrain.WATER and not state.units_at(h) and state.controller(h) == side
    ]
    return min(candidates, key=lambda h: (h.distance(centre), h))


def _drop(window: MainWindow, data: QMimeData, h: Hex) -> None:
    viewport = window.view.viewport()
    point = QPointF(hex_point(window, h))
    actions = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(point.toPoint(), actions, data, buttons, mods),
        QDragMoveEvent(point.toPoint(), actions, data, buttons, mods),
        QDropEvent(point, actions, data, buttons, mods),
    ):
        QApplication.sendEvent(viewport, event)
    assert event.dropAction() == Qt.DropAction.CopyAction  # the palette keeps its symbol


def test_dragging_a_unit_type_from_the_palette_places_a_counter_on_the_hex(window: MainWindow) -> None:
    target = _empty_land_near_centre(window, "UA")
    palette = window.unit_palette.lists["UA"]
    before = set(window.controller.state.units)
    _drop(window, palette.mimeData([palette.item_for(UnitType.ARTILLERY)]), target)
    new = set(window.controller.state.units) - before
    assert len(new) == 1
    unit = window.controller.state.units[new.pop()]
    assert (unit.hex, unit.type, unit.side) == (target, UnitType.ARTILLERY, "UA")
    counter = window.scene.counters[unit.id]
    assert window.scene.hex_at(counter.pos()) == target
    assert "places" in window.log.lines()[-1]


def test_palette_id_and_strength_are_used_for_the_placed_unit(window: MainWindow) -> None:
    target = _empty_land_near_centre(window, "UA")
    window.unit_palette.id_edit.setText("Reserve 1")
    window.unit_palette.strength.setValue(2)
    palette = window.unit_palette.lists["UA"]
    _drop(window, palette.mimeData([palette.item_for(UnitType.INFANTRY)]), target)
    unit = window.controller.state.units["Reserve 1"]
    assert (unit.hex, unit.strength) == (target, 2)
    assert window.unit_palette.id_edit.text() == ""  # the next unit gets an automatic id again


def test_counter_dragged_onto_water_snaps_back_and_the_reason_is_shown(window: MainWindow) -> None:
    state = window.controller.state
    water = next(h for h in sorted(state.map) if state.map.terrain(h) is Terrain.WATER)
    unit = min(state.units_of(state.side_to_move), key=lambda u: (u.hex.distance(water), u.id))
    window.view.centre_on_hexes([unit.hex, water])
    counter = window.scene.counters[unit.id]
    home = QPointF(counter.pos())
    start = window.view.mapFromScene(counter.pos())
    end = hex_point(window, water)
    drag(window.view.viewport(), [start, (start + end) / 2, end])
    assert window.controller.state.units[unit.id].hex == unit.hex
    assert counter.pos() == home
    assert "water" in window.statusBar().currentMessage()


def test_counter_dragged_to_a_free_hex_moves_the_unit(window: MainWindow) -> None:
    state = window.controller.state
    unit = state.units_of(state.side_to_move)[0]
    target = next(
        n
        for n in state.map.neighbours(unit.hex)
        if state.map.terrain(n) is not Terrain.WATER and not state.units_at(n)
    )
    window.view.centre_on_hexes([unit.hex])
    counter = window.scene.counters[unit.id]
    drag(window.view.viewport(), [window.view.mapFromScene(counter.pos()), hex_point(window, target)])
    assert window.controller.state.units[unit.id].hex == target
    assert window.scene.hex_at(counter.pos()) == target


def _critical_messages(window: MainWindow) -> set[str]:
    return {w.message for w in window.warnings.warnings_shown() if w.severity is Severity.CRITICAL}


def _badges(window: MainWindow) -> dict[str, str]:
    return {uid: c.supply.supply.value for uid, c in window.scene.counters.items() if c.supply}


def test_seizing_across_the_last_open_route_raises_a_critical_warning_and_undo_reverts(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    analysis = window.controller.analysis
    assert analysis is not None
    open_routes = [r for r in analysis.sides["UA"].routes.values() if r.status.value == "open"]
    assert len(open_routes) == 1, "the default scenario starts with one route left"
    last = open_routes[0]
    # The narrowest corridor whose critical hexes lie across that route and are free of units.
    corridor = min(
        (
            c
            for c in analysis.sides["UA"].corridors
            if set(c.critical_hexes) & set(last.route_hexes)
            and not any(window.controller.state.units_at(h) for h in c.critical_hexes)
        ),
        key=lambda c: c.width_hexes,
    )
    before_critical, before_badges = _critical_messages(window), _badges(window)
    window.acting_side.setCurrentIndex(window.acting_side.findData("RU"))
    qtbot.keyClick(window, Qt.Key.Key_2)  # the Seize tool
    assert window.view.mode == "seize"
    window.view.centre_on_hexes(list(corridor.critical_hexes))
    drag(window.view.viewport(), [hex_point(window, h) for h in corridor.critical_hexes])

    after = window.controller.analysis
    assert after is not None and after.sides["UA"].routes[last.name].status.value == "cut"
    assert _critical_messages(window) - before_critical, "a new critical warning is listed"
    assert _badges(window) != before_badges

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _critical_messages(window) == before_critical
    assert _badges(window) == before_badges
    qtbot.keyClick(
        window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert _badges(window) != before_badges


def test_clicking_a_warning_centres_the_map_on_its_hexes(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.fit_map()
    shown = window.warnings.list
    row = next(
        i
        for i in range(shown.count())
        if shown.item(i).data(Qt.ItemDataRole.UserRole + 1)
        and shown.item(i).data(Qt.ItemDataRole.UserRole + 1).hexes
    )
    warning = shown.item(row).data(Qt.ItemDataRole.UserRole + 1)
    rect = shown.visualItemRect(shown.item(row))
    qtbot.mouseClick(shown.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    centre = window.view.view_centre_hex()
    assert centre is not None
    hexes = warning.hexes
    assert min(centre.distance(h) for h in hexes) <= max(2, max(a.distance(b) for a in hexes for b in hexes))
    selected = {item.unit_id for item in window.scene.selectedItems()}
    assert selected == {u for u in warning.units if u in window.controller.state.units}


def test_end_turn_shortcut_advances_side_then_turn(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    state = window.controller.state
    first, second = state.scenario.side_ids
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert (window.controller.state.turn, window.controller.state.side_to_move) == (state.turn, second)
    assert f"Turn {state.turn}" in window.turn_label.text() and "Russia" in window.turn_label.text()
    window.end_turn_action.trigger()
    assert (window.controller.state.turn, window.controller.state.side_to_move) == (state.turn + 1, first)
    assert f"Turn {state.turn + 1}" in window.turn_label.text()
    assert len(window.log.lines()) == 2


def test_moving_the_other_sides_counter_is_refused_with_the_reason(window: MainWindow) -> None:
    state = window.controller.state
    enemy = state.units_of(state.enemy_of(state.side_to_move))[0]
    target = next(
        n
        for n in state.map.neighbours(enemy.hex)
        if state.map.terrain(n) is not Terrain.WATER and not state.units_at(n)
    )
    window.view.centre_on_hexes([enemy.hex])
    counter = window.scene.counters[enemy.id]
    drag(window.view.viewport(), [window.view.mapFromScene(counter.pos()), hex_point(window, target)])
    assert window.controller.state.units[enemy.id].hex == enemy.hex
    assert "turn" in window.statusBar().currentMessage()


def test_delete_key_removes_the_selected_counter_and_undo_brings_it_back(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    unit = window.controller.state.units_of("UA")[0]
    window.scene.select_units([unit.id])
    qtbot.keyClick(window, Qt.Key.Key_Delete)
    assert unit.id not in window.controller.state.units and unit.id not in window.scene.counters
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert unit.id in window.scene.counters
    assert window.scene.hex_at(window.scene.counters[unit.id].pos()) == unit.hex


def test_selecting_a_counter_draws_its_supply_line_from_the_source(window: MainWindow) -> None:
    analysis = window.controller.analysis
    assert analysis is not None
    unit_id, supply = next(
        (uid, s) for uid, s in sorted(analysis.sides["UA"].units.items()) if len(s.path) > 1
    )
    assert window.scene.supply_paths.paths == []
    window.scene.select_units([unit_id])
    [(_, line)] = window.scene.supply_paths.paths
    assert window.scene.hex_at(line.first()) == supply.path[0]
    assert window.scene.hex_at(line.last()) == supply.path[-1] == window.controller.state.units[unit_id].hex
    window.scene.clearSelection()
    assert window.scene.supply_paths.paths == []


def test_partial_repaint_after_an_action_matches_a_full_repaint(window: MainWindow) -> None:
    """Layers repaint only around what changed; the picture must equal a full repaint."""
    state = window.controller.state
    unit = state.units_of("UA")[0]
    target = next(n for n in state.map.neighbours(unit.hex) if not state.units_at(n))
    window.view.centre_on_hexes([unit.hex])
    for item in window.scene.items():  # fresh caches at this view (a pan shifts them by subpixels)
        item.update()
    window.view.viewport().repaint()
    assert window.controller.push(SetControl((target,), "RU"))
    partial = window.view.viewport().grab().toImage()
    for item in window.scene.items():
        item.update()
    full = window.view.viewport().grab().toImage()
    # Equal up to anti-aliasing rounding (a few levels out of 255); a missed repaint is far more.
    assert _largest_difference(partial, full) <= 8


def _largest_difference(a: QImage, b: QImage) -> int:
    def pixels(image: QImage) -> np.ndarray:
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
        return data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4].astype(int)

    return int(np.abs(pixels(a) - pixels(b)).max())


def test_routes_on_the_map_are_those_of_the_side_to_move(window: MainWindow) -> None:
    def shown() -> set[str]:
        return {route.name for route in window.scene.routes.routes}

    analysis = window.controller.analysis
    assert analysis is not None
    assert shown() == set(analysis.sides["UA"].routes)
    window.end_turn_action.trigger()
    after = window.controller.analysis
    assert after is not None and shown() == set(after.sides["RU"].routes)
    assert "Routes of RU" in window.warnings.routes.text()


def test_cutting_the_last_open_road_with_the_cut_tool_raises_a_critical_warning(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    analysis = window.controller.analysis
    assert analysis is not None
    [last] = [r for r in analysis.sides["UA"].routes.values() if r.status.value == "open"]
    gamemap = window.controller.game.map
    a, b = next((x, y) for x, y in itertools.pairwise(last.route_hexes) if gamemap.road(x, y))
    before = _critical_messages(window)
    window.view.centre_on_hexes([a, b])
    qtbot.keyClick(window, Qt.Key.Key_3)  # the Cut road tool
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=hex_point(window, a, b, 0.3))
    assert {r.name: r.status.value for r in window.scene.routes.routes}[last.name] == "cut"
    assert _critical_messages(window) - before
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _critical_messages(window) == before
    assert {r.name: r.status.value for r in window.scene.routes.routes}[last.name] == "open"
