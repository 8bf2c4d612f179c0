"""Hex grid maths: distance, neighbours, lines, rings, offsets, layout."""

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from wargame.core.grid.hexgrid import DIRECTIONS, Hex, from_offset, hex_range, line, ring, to_offset
from wargame.core.grid.layout import HexLayout

coord = st.integers(min_value=-60, max_value=60)
hexes = st.builds(Hex, coord, coord)


def test_six_neighbours_at_distance_one():
    h = Hex(3, -2)
    assert len(set(h.neighbours())) == 6
    assert all(h.distance(n) == 1 for n in h.neighbours())


def test_directions_are_clockwise_from_north_east():
    layout = HexLayout(500.0)
    angles = []
    import math

    for d in DIRECTIONS:
        x, y = layout.centre(d)
        angles.append(math.degrees(math.atan2(x, y)) % 360)  # bearing from north
    assert [round(a) for a in angles] == [60, 120, 180, 240, 300, 0]


@given(hexes, hexes)
def test_distance_is_symmetric(a, b):
    assert a.distance(b) == b.distance(a)


@given(hexes, hexes, hexes)
def test_triangle_inequality(a, b, c):
    assert a.distance(c) <= a.distance(b) + b.distance(c)


@given(hexes, hexes)
def test_line_is_a_connected_chain_of_the_right_length(a, b):
    chain = line(a, b)
    assert chain[0] == a and chain[-1] == b
    assert len(chain) == a.distance(b) + 1
    assert all(x.distance(y) == 1 for x, y in pairwise(chain))


@given(hexes, st.integers(min_value=0, max_value=8))
def test_ring_has_six_r_hexes_all_at_radius(centre, radius):
    hexes_on_ring = ring(centre, radius)
    assert len(hexes_on_ring) == max(1, 6 * radius)
    assert len(set(hexes_on_ring)) == len(hexes_on_ring)
    assert all(centre.distance(h) == radius for h in hexes_on_ring)
    assert all(x.distance(y) == 1 for x, y in pairwise(hexes_on_ring))


@given(hexes, st.integers(min_value=0, max_value=6))
def test_range_is_union_of_rings(centre, radius):
    filled = set(hex_range(centre, radius))
    assert filled == {h for r in range(radius + 1) for h in ring(centre, r)}
    assert len(filled) == 1 + 3 * radius * (radius + 1)


@given(hexes)
def test_offset_round_trip(h):
    assert from_offset(*to_offset(h)) == h


def test_odd_columns_sit_half_a_hex_lower():
    layout = HexLayout(500.0)
    _, y_even = layout.centre(from_offset(0, 0))
    _, y_odd = layout.centre(from_offset(1, 0))
    assert y_odd == y_even - 250.0


@given(hexes)
def test_pixel_round_trip(h):
    layout = HexLayout(500.0)
    assert layout.hex_at(*layout.centre(h)) == h


@given(hexes, st.integers(min_value=0, max_value=5))
def test_adjacent_centres_are_hex_size_apart(h, direction):
    layout = HexLayout(500.0)
    (x0, y0), (x1, y1) = layout.centre(h), layout.centre(h.neighbour(direction))
    assert abs(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 - 500.0) < 1e-6


@given(hexes, st.floats(min_value=-0.45, max_value=0.45), st.floats(min_value=-0.45, max_value=0.45))
def test_points_near_a_centre_belong_to_that_hex(h, dx, dy):
    layout = HexLayout(500.0)
    x, y = layout.centre(h)
    # Inside the inscribed circle (radius 250 m) every point is in the hex.
    assert layout.hex_at(x + dx * 250 / 0.45 * 0.7, y + dy * 250 / 0.45 * 0.7) == h
