"""Routes drawn along their road: the road's own lines inside the route's hexes, straight only
where no road is drawn."""

from __future__ import annotations

from wargame.core.grid.hexgrid import from_offset
from wargame.core.map.gamemap import Feature
from wargame.core.map.route_lines import nearest_on, point_along, route_lines
from wargame.core.map.sketch import make_map


def test_a_sketch_route_with_no_drawn_road_runs_between_the_hex_centres() -> None:
    gamemap = make_map("= = = =", road_ref="T1")
    hexes = gamemap.road_path("T1", from_offset(0, 0), from_offset(3, 0))
    lines = route_lines(gamemap, "T1", hexes)
    assert len(lines) == len(hexes) - 1
    assert lines[0][0] == gamemap.layout.centre(hexes[0]) and lines[-1][-1] == gamemap.layout.centre(
        hexes[-1]
    )


def test_a_drawn_road_is_followed_and_other_roads_are_not() -> None:
    gamemap = make_map("= = = =", road_ref="T1")
    hexes = gamemap.road_path("T1", from_offset(0, 0), from_offset(3, 0))
    start, end = gamemap.layout.centre(hexes[0]), gamemap.layout.centre(hexes[-1])
    bend = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + 60.0)  # the road bends off the centre line
    road = Feature("roads", "main", "", "T1", ((start, bend, end),))
    other = Feature("roads", "main", "", "T2", ((start, end),))
    gamemap.features = (road, other)
    lines = route_lines(gamemap, "T1", hexes)
    assert [p for line in lines for p in line] == [start, bend, end]


def test_points_along_and_nearest_on_the_lines() -> None:
    lines = (((0.0, 0.0), (10.0, 0.0)), ((10.0, 0.0), (10.0, 10.0)))
    assert point_along(lines, 0.5) == (10.0, 0.0)
    assert point_along(lines, 0.75) == (10.0, 5.0)
    assert nearest_on(lines, (4.0, 3.0)) == (4.0, 0.0)
