"""What reaches each unit, on the screen: counters, corridor captions and the ground."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt

from tests.ui.conftest import hex_point
from wargame.core.rules.results import Supply
from wargame.ui.window.main_window import MainWindow


def garrison(window: MainWindow) -> list[str]:
    state = window.controller.state
    return [u.id for u in state.units_of("UA") if state.map.place_name(u.hex) == "Bakhmut"]


def test_a_garrison_counter_shows_the_share_of_its_need_that_arrives(window: MainWindow) -> None:
    unit_id = garrison(window)[0]
    counter = window.scene.counters[unit_id]
    supply = counter.supply
    assert supply is not None and supply.supply is Supply.LIMITED
    assert f"SP a turn arrive ({supply.ratio:.0%})" in counter.toolTip()
    assert 0.5 <= supply.ratio < 1.0


def test_cutting_the_o0506_with_the_cut_tool_starves_the_garrison_on_the_counters(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    state = window.controller.state
    ids = garrison(window)
    before = {u: window.scene.counters[u].supply.delivered_sp for u in ids}  # type: ignore[union-attr]
    o0506 = window.controller.analysis.sides["UA"].routes["O0506"]  # type: ignore[union-attr]
    gamemap = state.map
    # The road link just west of the city, where the O0506 leaves the urban area.
    a, b = next(
        (x, y)
        for x, y in itertools.pairwise(o0506.route_hexes)
        if gamemap.road(x, y) and gamemap.place_name(x) != "Bakhmut" and not state.units_at(x)
    )
    window.view.centre_on_hexes([a, b])
    qtbot.keyClick(window, Qt.Key.Key_3)  # the Cut road tool
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=hex_point(window, a, b, 0.3))
    assert window.controller.state.cut
    after = {u: window.scene.counters[u].supply for u in ids}
    assert all(s is not None and s.supply is Supply.OUT_OF_SUPPLY for s in after.values())
    assert all(after[u].delivered_sp < before[u] for u in ids)  # type: ignore[union-attr]
    texts = [w.message for w in window.warnings.warnings_shown()]
    assert any("UA garrison of Bakhmut" in t and "of the need arrives" in t for t in texts)
    assert "O0506</b> cut · " in window.warnings.routes.text()  # the route summary: what it carries


def test_the_facilitator_sets_the_ground_from_the_turn_menu_and_it_is_logged(window: MainWindow) -> None:
    ids = garrison(window)
    mud = sum(window.scene.counters[u].supply.delivered_sp for u in ids)  # type: ignore[union-attr]
    assert "mud ground" in window.turn_label.text()
    window.ground_actions["dry"].trigger()
    assert window.controller.state.ground == "dry" and "dry ground" in window.turn_label.text()
    assert "ground is now dry" in window.log.lines()[-1]
    dry = sum(window.scene.counters[u].supply.delivered_sp for u in ids)  # type: ignore[union-attr]
    assert dry > mud
    window.undo_action.trigger()
    assert window.ground_actions["mud"].isChecked()


def test_the_corridor_caption_says_what_it_can_carry_against_the_need(window: MainWindow) -> None:
    captions = [label.text for label in window.scene.critical.captions]
    assert any("can carry" in text and "SP, needs" in text for text in captions)
