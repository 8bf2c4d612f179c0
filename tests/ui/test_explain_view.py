"""Why: select a unit, press Y, see its supply line (or what cuts it off) on the map and in words."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from tests.ui.conftest import drag, hex_point
from wargame.core.actions import MoveUnit, RemoveUnit
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Terrain
from wargame.core.rules.explain import explain
from wargame.core.rules.results import Supply
from wargame.ui.features.explain_view import WhyOverlay
from wargame.ui.window.main_window import MainWindow


def lone_unit(window: MainWindow, side: str = "UA", limited: dict | None = None) -> str:  # type: ignore[type-arg]
    """A unit of ``side`` alone in its hex, with land and no unit in any neighbour (and, given
    the side's supply, limited with a path that avoids fire)."""
    state = window.controller.state
    for unit in sorted(state.units_of(side), key=lambda u: u.id):
        if limited is not None and (
            limited[unit.id].supply is not Supply.LIMITED
            or explain(state, unit.id).reach is not Supply.SUPPLIED
        ):
            continue
        around = state.map.neighbours(unit.hex)
        if len(around) == 6 and all(
            state.map.terrain(n) is not Terrain.WATER and not state.units_at(n) for n in around
        ):
            return unit.id
    raise AssertionError(f"no {side} unit stands alone")


def click_counter(window: MainWindow, qtbot, unit_id: str) -> None:  # type: ignore[no-untyped-def]
    """Click the unit's counter as a player would (select it)."""
    counter = window.scene.counters[unit_id]
    window.view.centre_on_hexes([counter.unit.hex])
    point = window.view.mapFromScene(counter.scenePos())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert counter.isSelected()


def overlay(window: MainWindow) -> WhyOverlay:
    [item] = [i for i in window.scene.items() if isinstance(i, WhyOverlay)]
    return item


def test_why_draws_the_traced_path_and_lists_the_reasons(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    # February's mud leaves the garrison and the units by the city limited (the rear, fed from
    # the depot at Chasiv Yar, is supplied); a limited unit's traced path may still avoid fire.
    units = window.controller.analysis.sides["UA"].units  # type: ignore[union-attr]
    unit_id = lone_unit(window, limited=units)
    assert explain(window.controller.state, unit_id).reach is Supply.SUPPLIED
    click_counter(window, qtbot, unit_id)
    qtbot.keyClick(window.view, Qt.Key.Key_Y)
    expected = explain(window.controller.state, unit_id)
    drawn = overlay(window)
    assert drawn.isVisible() and len(expected.path) > 1
    assert (
        drawn.path_hexes == expected.path
        and drawn.path_hexes[-1] == window.controller.state.units[unit_id].hex
    )
    assert drawn.path_points() == [window.scene.geometry.centre(h) for h in expected.path]
    assert drawn.kinds == ["clean"] * (len(expected.path) - 1)  # supplied: no step under fire
    source = window.controller.game.map.label(expected.path[0])
    text = window.features.why.panel.text.toPlainText()
    assert f"source at {source}" in text and text.splitlines() == expected.lines()
    assert "Bottleneck" in text and " SP" in text  # what limits what arrives, and how much
    assert window.features.why.dock.isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not drawn.isVisible() and window.features.why.unit_id is None


def test_clicking_elsewhere_clears_and_another_unit_is_explained_in_turn(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    first = lone_unit(window)
    # Another unit on its own counter (not in a stack with others), so that selecting it
    # selects it alone.
    other = next(
        u.id
        for u in sorted(window.controller.state.units_of("UA"), key=lambda u: u.id)
        if u.id != first
        and len(window.controller.state.units_at(u.hex)) == 1
        and window.scene.counters[u.id].isVisible()
    )
    window.scene.select_units([first])
    assert window.features.why.explain_selected()
    window.scene.select_units([other])
    # The view follows the selection from a zero-delay timer (after both selection signals):
    # the wait is for that event, not for a speed; 30 s only matters if it never comes.
    qtbot.waitUntil(lambda: window.features.why.unit_id == other, timeout=30_000)
    assert overlay(window).path_hexes == explain(window.controller.state, other).path
    window.scene.clearSelection()
    qtbot.waitUntil(lambda: not overlay(window).isVisible(), timeout=30_000)


def test_the_hex_menu_asks_why_for_a_unit_standing_there(window: MainWindow) -> None:
    unit_id = lone_unit(window)
    h = window.controller.state.units[unit_id].hex
    menu = window.tools.hex_menu(h, window.scene.geometry.centre(h))
    [why] = [a for a in menu.actions() if a.text().startswith("Why this supply status?")]
    why.trigger()
    assert window.features.why.unit_id == unit_id
    assert overlay(window).path_hexes == explain(window.controller.state, unit_id).path


def test_the_explanation_follows_moves_undo_and_removal(window: MainWindow) -> None:
    unit_id = lone_unit(window)
    state = window.controller.state
    to = next(n for n in state.map.neighbours(state.units[unit_id].hex))
    window.features.why.explain_unit(unit_id)
    assert window.controller.push(MoveUnit(unit_id, to))
    assert overlay(window).path_hexes[-1] == to
    assert "moves" in window.statusBar().currentMessage()  # the move's own message stays
    assert overlay(window).path_hexes == explain(window.controller.state, unit_id).path
    window.controller.undo()
    assert overlay(window).path_hexes[-1] == state.units[unit_id].hex
    window.controller.push(RemoveUnit(unit_id))
    assert not overlay(window).isVisible() and window.features.why.unit_id is None


def _pixel(image: QImage, point: QPoint) -> QColor:
    return image.pixelColor(point)


def test_an_encircled_unit_shows_the_blocking_hexes_where_explain_finds_them(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    unit_id = lone_unit(window)
    state = window.controller.state
    centre = state.units[unit_id].hex
    ring = list(state.map.neighbours(centre))
    # The room seizes the ring around the unit for Russia, painting it with the Seize tool.
    window.view.centre_on_hexes([centre])
    window.view.zoom_by(0.12 / window.view.zoom)
    window.view.centre_on_hexes([centre])
    window.acting_side.setCurrentIndex(window.acting_side.findData("RU"))
    window.tools.set_mode("seize")
    drag(window.view.viewport(), [hex_point(window, h) for h in ring])
    window.tools.set_mode("select")
    assert all(window.controller.state.control.get(h) == "RU" for h in ring)
    before = window.view.viewport().grab().toImage()
    click_counter(window, qtbot, unit_id)
    qtbot.keyClick(window.view, Qt.Key.Key_Y)
    expected = explain(window.controller.state, unit_id)
    assert expected.supply is Supply.ENCIRCLED
    drawn = overlay(window)
    assert drawn.blocker_hexes == expected.blocking_hexes and set(drawn.blocker_hexes) == set(ring)
    assert drawn.path_hexes == ()
    assert "every way out is blocked" in window.features.why.panel.text.toPlainText()
    after = window.view.viewport().grab().toImage()
    geometry = window.scene.geometry
    # Inside each blocker hex, off its centre (where the reason letters are): the hatching shows.
    for h in ring:
        inner = geometry.centre(h) + (geometry.polygon(h)[0] - geometry.centre(h)) * 0.55
        point = window.view.mapFromScene(inner)
        assert _pixel(after, point) != _pixel(before, point), window.controller.game.map.describe(h)
    far = geometry.centre(centre) + QPointF(0, geometry.layout.size_m * 4)
    assert _pixel(after, window.view.mapFromScene(far)) == _pixel(before, window.view.mapFromScene(far))


def test_explaining_nothing_says_what_to_do(window: MainWindow) -> None:
    window.scene.clearSelection()
    assert not window.features.why.explain_selected()
    assert "Select one unit" in window.statusBar().currentMessage()
    assert not window.features.why.explain_unit("no-such-unit")
    assert "no-such-unit" in window.statusBar().currentMessage()


def test_unit_hex_is_the_path_end(window: MainWindow) -> None:
    """The path runs from a source of the unit's side to the unit."""
    unit_id = lone_unit(window, "RU")
    window.features.why.explain_unit(unit_id)
    path = overlay(window).path_hexes
    state = window.controller.state
    assert path[-1] == state.units[unit_id].hex
    assert path[0] in set(state.scenario.supply_sources["RU"])
    assert isinstance(path[0], Hex)


def test_the_why_panel_is_listed_with_the_other_panels(window: MainWindow) -> None:
    view = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View")
    panels = next(a.menu() for a in view.actions() if a.text() == "Panels")
    toggle = next(a for a in panels.actions() if a.text() == "Why")
    shown = window.features.why.dock.isVisible()
    toggle.trigger()
    assert window.features.why.dock.isVisible() is not shown
