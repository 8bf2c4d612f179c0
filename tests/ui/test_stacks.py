"""Counters that fit the zoom: compact far out, stacks where counters would overlap, fanned out
by a click or by hovering, every unit still reached by Tab and the warnings, and no two counters
ever drawn over each other."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent

from tests.ui.conftest import hex_point, mouse
from wargame.core.model import Terrain
from wargame.ui.map.items.counters import CounterItem
from wargame.ui.map.scene import MapScene
from wargame.ui.window.main_window import MainWindow


def stacks(scene: MapScene) -> list[CounterItem]:
    return [c for c in scene.counters.values() if c.isVisible() and c.members]


def overlapping(scene: MapScene) -> list[tuple[str, str]]:
    """Pairs of drawn counters whose boxes overlap by more than half a pixel."""
    z = scene.zoom
    boxes = [(c.unit_id, c.drawn_box()[0]) for c in scene.counters.values() if c.isVisible()]
    found = []
    for (a, ra), (b, rb) in itertools.combinations(boxes, 2):
        shared = ra.intersected(rb)
        if shared.width() * z > 0.5 and shared.height() * z > 0.5:
            found.append((a, b))
    return found


def test_far_out_counters_are_compact_and_stacked_and_every_unit_is_drawn(window: MainWindow) -> None:
    window.view.fit_map()
    scene = window.scene
    compact, _ = scene.counter_look()
    assert compact
    assert stacks(scene), "at Fit map units close together draw as stacks"
    assert scene.shown_units() == set(window.controller.state.units)
    lead = stacks(scene)[0]
    assert f"Stack of {len(lead.members) + 1}" in lead.toolTip()


def test_counters_never_overlap_at_any_zoom(window: MainWindow) -> None:
    window.view.fit_map()
    for _ in range(14):  # from the whole map to a few hexes across
        assert overlapping(window.scene) == [], window.view.zoom
        assert window.scene.shown_units() == set(window.controller.state.units)
        window.view.zoom_by(1.35)
    assert not window.scene.counter_look()[0]  # zoomed in: the full face


def test_a_click_fans_a_stack_out_and_moving_away_folds_it(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.fit_map()
    scene = window.scene
    lead = stacks(scene)[0]
    members = [lead, *lead.members]
    viewport = window.view.viewport()
    at = window.view.mapFromScene(lead.pos())
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=at)
    assert scene.fan is not None and scene.fan[0] is lead
    assert all(c.isVisible() and not c.members for c in members)
    assert overlapping(scene) == [] or all(
        a not in {c.unit_id for c in members} or b not in {c.unit_id for c in members}
        for a, b in overlapping(scene)
    )  # the fanned counters lie side by side
    far = window.view.mapFromScene(lead.pos() + QPointF(scene.map.layout.size_m * 12, 0))
    mouse(viewport, QMouseEvent.Type.MouseMove, far, Qt.MouseButton.NoButton)
    assert scene.fan is None and lead.isVisible() and lead.members


def test_hovering_a_stack_fans_it_out(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.view.fit_map()
    scene = window.scene
    lead = stacks(scene)[0]
    scene.fan_out_soon(lead)  # what hovering the counter does
    assert scene.fan is None  # not at once: after a moment
    with qtbot.waitSignal(scene._fan_timer.timeout, timeout=30_000):  # the moment, however slow
        pass
    assert scene.fan is not None and scene.fan[0] is lead


def test_tab_reaches_every_unit_even_in_a_stack(window: MainWindow) -> None:
    window.view.fit_map()
    state = window.controller.state
    own = {u.id for u in state.units_of(state.side_to_move)}
    assert any(c.unit_id in own for lead in stacks(window.scene) for c in lead.members)
    reached = set()
    for _ in own:
        unit_id = window.features.keyboard.cycle(1)
        item = window.scene.counters[unit_id]  # type: ignore[index]
        assert item.isVisible() and item.isSelected(), unit_id
        reached.add(unit_id)
    assert reached == own


def test_a_warning_brings_its_units_into_view(window: MainWindow) -> None:
    window.view.fit_map()
    scene = window.scene
    inside = next(c.unit_id for lead in stacks(scene) for c in lead.members)
    warning = next(w for w in window.controller.analysis.warnings if w.units)  # type: ignore[union-attr]
    window.tools.go_to_warning(warning.__class__(**{**_fields(warning), "units": (inside,), "hexes": ()}))
    assert scene.counters[inside].isVisible() and scene.counters[inside].isSelected()


def _fields(warning: object) -> dict[str, object]:
    return {name: getattr(warning, name) for name in warning.__dataclass_fields__}  # type: ignore[attr-defined]


def test_the_hex_a_dragged_counter_cannot_go_to_is_marked(window: MainWindow) -> None:
    state = window.controller.state
    water = next(h for h in sorted(state.map) if state.map.terrain(h) is Terrain.WATER)
    unit = min(state.units_of(state.side_to_move), key=lambda u: (u.hex.distance(water), u.id))
    window.view.centre_on_hexes([unit.hex, water])
    window.view.zoom_by(150 / state.map.layout.size_m / window.view.zoom)  # full counters
    window.view.centerOn(window.scene.geometry.centre(unit.hex))
    drawn = window.scene.stack_of(unit.id)
    if drawn is not None and drawn.members:
        window.scene.fan_out(drawn)
    counter = window.scene.counters[unit.id]
    viewport = window.view.viewport()
    start = window.view.mapFromScene(counter.pos())
    window.view.centerOn(window.scene.geometry.centre(water))
    start = window.view.mapFromScene(counter.pos())
    left = Qt.MouseButton.LeftButton
    mouse(viewport, QMouseEvent.Type.MouseButtonPress, start, left)
    mouse(viewport, QMouseEvent.Type.MouseMove, hex_point(window, water), left)
    assert window.scene.refused_drop() == water
    mouse(viewport, QMouseEvent.Type.MouseButtonRelease, hex_point(window, water), Qt.MouseButton.NoButton)
    assert window.scene.refused_drop() is None
    assert window.controller.state.units[unit.id].hex == unit.hex
