"""The trends dock: per side, corridor width, routes open and units out of supply over the turns."""

from __future__ import annotations

from PySide6.QtGui import QImage

from wargame.core.actions import EndTurn, OverrideStatus
from wargame.core.rules.results import Supply
from wargame.ui.panels.trends import TrendChart, TrendPoint, trends
from wargame.ui.window.main_window import MainWindow


def test_the_dock_has_a_chart_per_side_with_a_point_per_turn_and_now(window: MainWindow) -> None:
    hook = window.features.trends
    first = window.controller.state.turn
    window.controller.push(EndTurn())
    window.controller.push(EndTurn())
    points = trends(window.controller)
    assert set(points) == {"UA", "RU"}
    assert [p.turn for p in points["UA"]] == [first, first + 1]  # the start of turn 2 is now
    assert points["UA"][-1].now and not points["UA"][0].now
    analysis = window.controller.analysis
    assert analysis is not None
    ua = analysis.sides["UA"]
    assert points["UA"][-1].routes == sum(1 for r in ua.routes.values() if r.status.value == "open")
    assert points["UA"][-1].corridor == min((c.width_hexes for c in ua.corridors), default=None)
    assert hook.panel.charts["UA"].points == points["UA"]


def test_an_override_to_out_of_supply_counts_in_the_trend(window: MainWindow) -> None:
    before = trends(window.controller)["UA"][-1].unsupplied
    analysis = window.controller.analysis
    assert analysis is not None
    unit_id = next(u for u, s in sorted(analysis.sides["UA"].units.items()) if s.supply is Supply.SUPPLIED)
    window.controller.push(OverrideStatus("UA", "unit", unit_id, "encircled", "flooded"))
    assert trends(window.controller)["UA"][-1].unsupplied == before + 1


def test_a_side_view_shows_only_its_own_chart(window: MainWindow) -> None:
    hook = window.features.trends
    window.features.trends.dock.show()
    window.features.trends.dock.raise_()
    window.features.side_views.switch("RU")
    assert not hook.panel.charts["UA"].isVisibleTo(hook.panel) and hook.panel.charts["RU"].isVisibleTo(
        hook.panel
    )
    window.features.side_views.switch(None)
    assert hook.panel.charts["UA"].isVisibleTo(hook.panel)


def test_the_chart_draws_its_lines() -> None:
    chart = TrendChart("Ukraine")
    chart.resize(360, 230)
    blank = QImage(chart.size(), QImage.Format.Format_ARGB32)
    chart.render(blank)
    chart.show_points([TrendPoint(1, 3, 2, 0), TrendPoint(2, 2, 1, 1), TrendPoint(2, 1, 1, 3, now=True)])
    drawn = QImage(chart.size(), QImage.Format.Format_ARGB32)
    chart.render(drawn)
    assert drawn != blank
    blue = sum(
        1 for x in range(0, 360, 2) for y in range(0, 150, 2) if drawn.pixelColor(x, y).name() == "#0072b2"
    )
    assert blue > 20  # the corridor line and its marks


def test_the_share_of_the_need_arriving_is_tracked_over_the_turns(window: MainWindow) -> None:
    start = trends(window.controller)["UA"][-1].arriving
    assert 50 <= start < 100  # February: the garrison is short
    window.ground_actions["dry"].trigger()
    assert trends(window.controller)["UA"][-1].arriving > start
    title = window.features.trends.panel.titles["UA"].text()
    assert f"{trends(window.controller)['UA'][-1].arriving} % of the need arrives" in title
