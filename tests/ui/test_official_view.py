"""Official and projected supply: the badge follows every move, the boxed official mark stays
until the unit's side begins its next turn."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import drag, hex_point
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Terrain
from wargame.core.rules.results import Supply
from wargame.ui.features.official_view import LEGEND_TEXT, OfficialMark
from wargame.ui.window.main_window import MainWindow


def deep_in_enemy_ground(window: MainWindow, side: str = "RU") -> Hex:
    """A land hex ``side`` holds, with every neighbour held by it too and no unit near."""
    state = window.controller.state
    for h in sorted(state.map):
        around = state.map.neighbours(h)
        if (
            len(around) == 6
            and state.map.terrain(h) is not Terrain.WATER
            and all(state.control.get(n) == side for n in (h, *around))
            and not any(u.hex.distance(h) <= 2 for u in state.units.values())
        ):
            return h
    raise AssertionError(f"no hex deep in {side} ground")


def supplied_unit(window: MainWindow) -> str:
    analysis = window.controller.analysis
    assert analysis is not None
    state = window.controller.state
    # A supplied unit whose counter no other counter overlaps at Fit map (none within 3 hexes).
    return next(
        uid
        for uid, u in sorted(analysis.sides["UA"].units.items())
        if u.supply is Supply.SUPPLIED
        and all(o.id == uid or o.hex.distance(u.hex) > 3 for o in state.units.values())
    )


def marks(window: MainWindow, unit_id: str) -> list[OfficialMark]:
    return [c for c in window.scene.counters[unit_id].childItems() if isinstance(c, OfficialMark)]


def test_projected_follows_the_move_official_waits_for_the_side_s_next_turn(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window.ground_actions["dry"].trigger()  # Turn ▸ Ground ▸ Dry: the fields carry again
    assert window.controller.state.ground == "dry" and window.ground_actions["dry"].isChecked()
    unit_id = supplied_unit(window)
    # Officially it keeps the status fixed when the turn began, in February's mud.
    fixed = window.scene.counters[unit_id].supply.official
    assert fixed is not None
    target = deep_in_enemy_ground(window)
    window.view.fit_map()
    counter = window.scene.counters[unit_id]
    start = window.view.mapFromScene(counter.scenePos())
    drag(window.view.viewport(), [start, (start + hex_point(window, target)) / 2, hex_point(window, target)])
    assert window.controller.state.units[unit_id].hex == target
    supply = counter.supply
    assert supply is not None and supply.supply is Supply.ENCIRCLED  # the badge: projected
    assert supply.official is fixed
    [mark] = marks(window, unit_id)
    assert mark.supply is fixed and mark.isVisible()
    said = f"official: {fixed.title} (fixed at the start of turn 1) · projected: encircled"
    assert said in counter.toolTip() and said in mark.toolTip()
    window.scene.select_units([unit_id])
    assert said in window.statusBar().currentMessage()

    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # End turn: Russia
    assert window.controller.state.side_to_move == "RU"
    assert [m.supply for m in marks(window, unit_id)] == [fixed]  # still the status fixed in turn 1
    assert said in window.scene.counters[unit_id].toolTip()

    qtbot.keyClick(
        window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )  # End turn: Ukraine, turn 2
    state = window.controller.state
    assert (state.turn, state.side_to_move) == (2, "UA")
    supply = window.scene.counters[unit_id].supply
    assert supply is not None and supply.official is Supply.ENCIRCLED and supply.supply is Supply.ENCIRCLED
    assert marks(window, unit_id) == []  # official and projected agree: one badge
    tip = window.scene.counters[unit_id].toolTip()
    assert "official: encircled (fixed at the start of turn 2) · projected: the same" in tip


def test_the_other_side_has_no_official_status_before_its_first_turn(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    supplied = window.controller.analysis.sides["RU"].units  # type: ignore[union-attr]
    ru = next(u for u in window.controller.state.units_of("RU") if supplied[u.id].supply.value == "supplied")
    tip = window.scene.counters[ru.id].toolTip()
    assert "official: none yet" in tip
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "official: supplied (fixed at the start of turn 1)" in window.scene.counters[ru.id].toolTip()
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    # Turn 2 has begun for Ukraine only: Russia's status is still the one fixed in turn 1.
    assert "official: supplied (fixed at the start of turn 1)" in window.scene.counters[ru.id].toolTip()


def test_the_legend_explains_the_official_mark(window: MainWindow) -> None:
    texts = [window.legend.item(i).text() for i in range(window.legend.count())]
    assert LEGEND_TEXT in texts
