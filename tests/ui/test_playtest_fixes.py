"""What the facilitator's playtest found (issue 15, "Also fix"): each behaviour as a player or
facilitator meets it in the window."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSettings, Qt

from tests.ui.conftest import open_window
from wargame.core.actions import EndTurn, OverrideStatus, RollDice, SetControl
from wargame.core.reports.aar import Moment
from wargame.ui.features.facilitator import natural, subjects
from wargame.ui.output.export import export_scene, render_moment
from wargame.ui.window.main_window import MainWindow


def test_esc_puts_the_tool_highlight_back_on_move(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_3)  # the Cut road tool
    assert window.view.mode == "cut" and window.mode_actions["cut"].isChecked()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.view.mode == "select" and window.mode_actions["select"].isChecked()


def test_the_turn_bar_buttons_keep_their_places_as_the_phase_changes(window: MainWindow) -> None:
    end_turn = window.turn_bar.widgetForAction(window.end_turn_action)
    place = end_turn.geometry().x()
    for action in (EndTurn(), EndTurn(), RollDice(1, 6, (3,), "adjudication")):
        assert window.controller.push(action)
        assert end_turn.geometry().x() == place, window.features.facilitator.phase_label.text()


def test_at_200_percent_the_bars_fit_the_window_and_the_size_menu_is_whole(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, settings)
    window.resize(1920, 1080)
    hook = window.features.presentation
    hook.set_scale(200, remember=False)
    for bar in (window.turn_bar, window.tool_bar):
        for action in bar.actions():
            widget = bar.widgetForAction(action)
            if widget is not None and not action.isSeparator():
                assert widget.isVisible() and widget.geometry().right() <= bar.width(), action.text()
    menu = next(iter(hook.scale_actions.values())).associatedObjects()[-1]
    metrics = menu.fontMetrics()
    assert menu.minimumWidth() > metrics.horizontalAdvance("200 %")  # not "2…%"
    hook.set_scale(100, remember=False)
    assert menu.minimumWidth() == 0


def test_each_side_view_has_its_own_legend_and_draws_its_units_friendly(window: MainWindow) -> None:
    views = window.features.side_views
    ru = window.controller.state.units_of("RU")[0]
    assert (
        "rectangle (friendly)" in window.legend.item(0).text() and "Ukraine" in window.legend.item(0).text()
    )
    views.switch("RU")
    views.curtain.lift()
    assert window.legend.item(0).text() == "Russia: rectangle (friendly)"
    assert window.legend.item(1).text() == "Ukraine: diamond (hostile)"
    assert not window.scene.counters[ru.id].hostile
    views.switch(None)
    views.curtain.lift()
    assert window.legend.item(0).text().startswith("Ukraine") and window.scene.counters[ru.id].hostile


def test_the_action_log_survives_presentation_and_side_views_and_a_restart(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = open_window(qtbot, settings)
    views = window.features.side_views
    assert window.log_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    views.switch("RU")  # Ctrl+2
    qtbot.keyClick(views.curtain, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.log_dock.isVisible()  # the Russian view never shows the log
    views.switch(None)  # Ctrl+0
    qtbot.keyClick(views.curtain, Qt.Key.Key_Space)
    assert window.log_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    views.switch("RU")
    window.close()  # closed while folded: the facilitator's own layout is saved
    again = open_window(qtbot, settings)
    assert again.log_dock.isVisible() and again.tool_bar.isVisible() and again.menuBar().isVisible()


def test_seizing_a_hex_the_side_already_holds_is_refused_as_a_no_op(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    state = window.controller.state
    held = next(h for h, side in sorted(state.control.items()) if side == "UA" and not state.units_at(h))
    before = len(window.controller.game)
    with qtbot.waitSignal(window.controller.refused) as refused:
        assert not window.controller.push(SetControl((held,), "UA"))
    assert "already holds" in refused.args[0] and len(window.controller.game) == before


def test_the_hex_menu_offers_every_road_link_of_the_hex(window: MainWindow) -> None:
    gamemap = window.controller.game.map
    h = next(h for h in sorted(gamemap) if sum(gamemap.road(h, n) is not None for n in h.neighbours()) >= 3)
    links = [n for n in h.neighbours() if gamemap.road(h, n) is not None]
    texts = [a.text() for a in window.tools.hex_menu(h, window.scene.geometry.centre(h)).actions()]
    cuts = [t for t in texts if t.startswith(("Cut ", "Repair "))]
    assert len(cuts) == len(links)
    assert all(any(gamemap.describe(n) in t for t in cuts) for n in links)


def test_the_override_list_has_routes_first_and_natural_order(window: MainWindow) -> None:
    found = subjects(window.controller.state, window.controller.analysis)
    kinds = [kind for _, kind, _, _ in found]
    assert kinds == sorted(kinds, key=lambda k: k != "route")  # every route before every unit
    titles = [title for side, kind, _, title in found if kind == "unit" and side == "RU"]
    assert titles == sorted(titles, key=natural)
    wagner = [t for t in titles if "Wagner Assault Det." in t]
    assert wagner.index(next(t for t in wagner if "Det. 2 " in t)) < wagner.index(
        next(t for t in wagner if "Det. 10 " in t)
    )


def test_presentation_shows_rulings_dice_and_refusals_as_banners(window: MainWindow) -> None:
    hook = window.features.presentation
    hook.set_presenting(True)
    facilitator = window.features.facilitator
    assert facilitator.override(OverrideStatus("UA", "route", "O0506", "cut", "bridge blown"))
    assert hook.banner.isVisible() and "O0506" in hook.banner.text() and hook.banner.kind == "ruling"
    state = window.controller.state
    ru = state.units_of("RU")[0]
    window.controller.push(SetControl((ru.hex,), "UA"))  # refused: the enemy stands there
    assert hook.banner.kind == "refused" and "Not done" in hook.banner.text()
    hook.set_presenting(False)


def test_presentation_draws_the_headline_route_whichever_side_is_to_move(window: MainWindow) -> None:
    hook = window.features.presentation
    assert window.controller.push(EndTurn())  # Russia to move: the map shows Russia's routes
    assert "O0506" not in {r.name for r in window.scene.routes.routes}
    hook.set_presenting(True)
    assert any("O0506" in w.message for w in hook._top())
    assert "O0506" in {r.name for r in window.scene.routes.routes}
    cited = {t.text for t in window.scene.text_boxes(window.scene.zoom) if t.kind == "cited"}
    assert cited, "the numbers of the hexes the top warnings cite are drawn"
    hook.set_presenting(False)
    assert "O0506" not in {r.name for r in window.scene.routes.routes}


def test_an_exported_picture_keeps_every_name_inside_the_map(window: MainWindow) -> None:
    controller = window.controller
    scene = export_scene(controller.game)
    render_moment(
        controller.game, Moment(controller.game.cursor, controller.state, controller.analysis), scene=scene
    )
    bounds = scene.map_rect()
    zoom = scene.zoom
    boxes = scene.text_boxes(zoom)
    assert {"Bakhmut", "Chasiv Yar"} <= {t.text for t in boxes}
    for text in boxes:
        box = text.box.translated(QPointF(text.anchor.x() * zoom, text.anchor.y() * zoom))
        frame = QRectF(
            bounds.left() * zoom, bounds.top() * zoom, bounds.width() * zoom, bounds.height() * zoom
        )
        assert frame.contains(box), text.text
