"""Attention aids: the last move's arrow, movement trails, the flare."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

from tests.ui.conftest import hex_point
from wargame.core.actions import EndTurn, MoveUnit, Note
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Terrain
from wargame.ui.window.main_window import MainWindow


def free_step(window: MainWindow, side: str = "UA") -> tuple[str, Hex]:
    """A unit of ``side`` and an empty land hex next to it."""
    state = window.controller.state
    for unit in state.units_of(side):
        for n in unit.hex.neighbours():
            if n in state.map and state.map.terrain(n) is not Terrain.WATER and not state.units_at(n):
                return unit.id, n
    raise AssertionError("no unit can step anywhere")


def test_the_last_move_is_an_arrow_that_fades_at_the_next_action(window: MainWindow) -> None:
    hook = window.features.attention
    unit_id, to = free_step(window)
    start = window.controller.state.units[unit_id].hex
    assert window.controller.push(MoveUnit(unit_id, to))
    arrow = hook.arrow
    assert arrow is not None and hook.arrow_unit == unit_id and arrow.scene() is window.scene
    path = arrow.path()
    geometry = window.scene.geometry
    head = QPointF(path.elementAt(1).x, path.elementAt(1).y)
    assert path.elementAt(0).x == geometry.centre(start).x()
    assert window.scene.hex_at(head) == to and head != geometry.centre(to)  # its head at the hex's edge
    drawn = window.scene.stack_of(unit_id)
    assert drawn is not None and arrow.zValue() < drawn.zValue()  # under the counter: its tooltip wins
    window.controller.push(Note("next action"))
    assert hook.arrow is None
    [(fading, animation)] = hook.fading
    assert fading is arrow
    animation.setCurrentTime(animation.duration())  # the fade runs out
    assert arrow.scene() is None and not hook.fading


def test_undo_fades_the_arrow_and_a_side_view_hides_unseen_moves(window: MainWindow) -> None:
    hook = window.features.attention
    unit_id, to = free_step(window)
    window.controller.push(MoveUnit(unit_id, to))
    window.controller.undo()
    assert hook.arrow is None
    window.features.side_views.switch("RU")
    window.features.side_views.curtain.lift()
    window.controller.redo()
    assert (hook.arrow is not None) == (unit_id in window.features.side_views.visible)


def test_trails_show_each_units_path_this_turn(window: MainWindow) -> None:
    hook = window.features.attention
    unit_id, first = free_step(window)
    start = window.controller.state.units[unit_id].hex
    window.controller.push(MoveUnit(unit_id, first))
    second = next(
        n
        for n in first.neighbours()
        if n != start
        and n in window.controller.state.map
        and not window.controller.state.units_at(n)
        and window.controller.state.map.terrain(n).value != "water"
    )
    window.controller.push(MoveUnit(unit_id, second))
    assert hook.trail_hexes() == {unit_id: [start, first, second]}
    assert not hook.trails  # off by default
    hook.trails_action.trigger()
    assert len(hook.trails) == 1 and hook.trails[0].scene() is window.scene
    assert window.settings.value("view/trails", type=bool)
    window.controller.push(EndTurn())
    window.controller.push(EndTurn())  # a new turn: no trails of the last one
    assert hook.trail_hexes() == {} and not hook.trails


def test_alt_click_pulses_a_flare_on_the_hex(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    hook = window.features.attention
    h = window.controller.game.map.settlements["Bakhmut"]
    window.view.centre_on_hexes([h])
    actions = len(window.controller.game.actions)
    qtbot.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.AltModifier,
        hex_point(window, h),
    )
    [(ring, animation)] = hook.flares
    assert ring.data(0) == h and ring.scene() is window.scene
    assert len(window.controller.game.actions) == actions  # a flare is no action
    animation.setCurrentTime(animation.totalDuration())
    assert ring.scene() is None and not hook.flares
