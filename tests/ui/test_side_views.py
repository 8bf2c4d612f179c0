"""Side views: each side sees its own units and the enemy within sight; the curtain between views."""

from __future__ import annotations

from PySide6.QtCore import Qt

from wargame.core.actions import EndTurn, MoveUnit
from wargame.core.model import UnitType
from wargame.ui.window.main_window import MainWindow


def _seen_by(window: MainWindow, side: str) -> set[str]:
    """Enemy units next to or within reach of an own unit (recon: 2 further), worked out here."""
    state = window.controller.state
    own = state.units_of(side)

    def sees(u, e) -> bool:  # type: ignore[no-untyped-def]
        return e.hex.distance(u.hex) <= max(1, u.fire_reach) + (2 if u.type is UnitType.RECON else 0)

    return {e.id for e in state.units.values() if e.side != side and any(sees(u, e) for u in own)}


def _shown(window: MainWindow) -> set[str]:
    return window.scene.shown_units()


def test_each_side_view_hides_the_enemy_out_of_sight(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    views = window.features.side_views
    state = window.controller.state
    assert _shown(window) == set(state.units)
    for side in ("UA", "RU"):
        views.switch(side)
        qtbot.keyClick(views.curtain, Qt.Key.Key_Space)
        own = {u.id for u in state.units_of(side)}
        enemy = set(state.units) - own
        shown = _shown(window)
        assert own <= shown
        assert shown & enemy == _seen_by(window, side)
        assert enemy - shown, "the scenario has enemy units out of sight of either side"
    views.switch(None)
    qtbot.keyClick(views.curtain, Qt.Key.Key_Space)
    assert _shown(window) == set(state.units)


def test_a_side_view_lists_only_its_own_warnings_and_hides_the_log(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert {w.side for w in window.warnings.warnings_shown()} == {"UA", "RU"}
    views = window.features.side_views
    views.switch("RU")
    views.curtain.lift()
    assert {w.side for w in window.warnings.warnings_shown()} == {"RU"}
    assert "Routes of RU" in window.warnings.routes.text()
    ru_routes = {r.name for r in window.controller.game.scenario.routes.get("RU", ())}
    assert {r.name for r in window.scene.routes.routes} == ru_routes  # not Ukraine's routes on the map
    analysis = window.controller.analysis
    ru_critical = {h for c in analysis.sides["RU"].corridors for h in c.critical_hexes}  # type: ignore[union-attr]
    assert set(window.scene.critical.hexes) <= ru_critical  # no Ukrainian corridor on the map
    assert not window.log_dock.isVisible()
    views.switch(None)
    views.curtain.lift()
    assert {w.side for w in window.warnings.warnings_shown()} == {"UA", "RU"}
    assert window.log_dock.isVisible()
    ua_critical = {h for c in analysis.sides["UA"].corridors for h in c.critical_hexes}  # type: ignore[union-attr]
    assert ua_critical & set(window.scene.critical.hexes)  # the facilitator sees both again


def test_the_curtain_covers_the_window_before_the_view_changes(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    views = window.features.side_views
    views.actions["UA"].trigger()
    assert views.curtain_down and views.curtain.geometry() == window.rect()
    assert "Turn" in views.curtain.banner and "Ukraine view" in views.curtain.detail
    window.resize(1200, 800)
    assert views.curtain.geometry() == window.rect()
    qtbot.mouseClick(views.curtain, Qt.MouseButton.LeftButton)
    assert not views.curtain_down and views.side == "UA"


def test_a_side_view_follows_the_turn_behind_the_curtain(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    views = window.features.side_views
    views.switch("UA")
    views.curtain.lift()
    window.controller.push(EndTurn())
    assert views.curtain_down and views.side == "RU"
    assert "Russia to move" in views.curtain.banner
    views.curtain.lift()
    assert _shown(window) >= {u.id for u in window.controller.state.units_of("RU")}


def test_an_enemy_counter_in_sight_does_not_tell_its_supply(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    views = window.features.side_views
    views.switch("RU")
    views.curtain.lift()
    seen_enemy = [window.scene.counters[u] for u in _seen_by(window, "RU")]
    assert seen_enemy
    for item in seen_enemy:
        assert (
            item.supply is None
            and "supply: not known to this side" in item.toolTip()
            and not item.flags() & item.GraphicsItemFlag.ItemIsSelectable
        )
        # nothing of the facilitator's view shown before stays: no official or projected status
        assert "official:" not in item.toolTip() and "projected" not in item.toolTip()
    own = window.scene.counters[window.controller.state.units_of("RU")[0].id]
    assert own.supply is not None
    views.switch(None)
    views.curtain.lift()
    assert all(item.supply is not None for item in seen_enemy)


def test_a_side_view_draws_no_trail_of_an_enemy_it_cannot_see(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    attention = window.features.attention
    attention.trails_action.setChecked(True)
    state = window.controller.state
    hidden = sorted(set(state.units) - set(_units_of(window, "UA")) - _seen_by(window, "UA"))
    mover = next(u for u in hidden if state.units[u].side == "RU")
    where = state.units[mover].hex
    refused: list[str] = []
    window.controller.refused.connect(refused.append)
    assert window.controller.push(EndTurn())  # Russia to move
    to = next(
        n
        for n in state.map.neighbours(where)
        if not state.units_at(n) and state.control.get(n) == "RU" and state.map.terrain(n).value != "water"
    )
    assert window.controller.push(MoveUnit(mover, to)), refused
    assert mover in attention.trail_hexes() and attention.trails  # the facilitator sees it
    views = window.features.side_views
    views.switch("UA")
    views.curtain.lift()
    if mover in _seen_by(window, "UA"):
        return  # the move brought it into sight: nothing hidden to check
    assert mover not in attention.trail_hexes()
    assert len(attention.trails) == len(attention.trail_hexes())


def _units_of(window: MainWindow, side: str) -> list[str]:
    return [u.id for u in window.controller.state.units_of(side)]
