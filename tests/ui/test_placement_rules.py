"""Label placement and counter stacking as rules on boxes in screen pixels (no window needed):
placed labels never overlap each other or an obstacle, the important ones go first, and
stacks never overlap whatever the pieces."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.ui.map.boxes import BoxIndex, box_at, overlap
from wargame.ui.map.label_placement import LabelSpec, around, place_labels
from wargame.ui.map.stacking import Piece, stack_pieces

SOLO = (-20.0, -18.0, 20.0, 18.0)
STACKED = (-26.0, -24.0, 24.0, 22.0)

coordinate = st.floats(min_value=0, max_value=600, allow_nan=False)
point = st.tuples(coordinate, coordinate)


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(st.tuples(point, st.floats(10, 120), st.floats(8, 30)), max_size=25),
    obstacles=st.lists(point, max_size=15),
)
def test_placed_labels_never_overlap_each_other_or_an_obstacle(labels, obstacles) -> None:  # type: ignore[no-untyped-def]
    blocks = [box_at(x, y, SOLO) for x, y in obstacles]
    specs = [
        LabelSpec(i, i, w, h, around(x, y, w, h, (2.0, 12.0))) for i, ((x, y), w, h) in enumerate(labels)
    ]
    chosen = place_labels(specs, blocks)
    boxes = [specs[key].box(centre) for key, centre in chosen.items()]  # type: ignore[index]
    assert not any(overlap(a, b) for a, b in itertools.combinations(boxes, 2))
    assert not any(overlap(a, b) for a in boxes for b in blocks)


def test_the_more_important_label_takes_the_contested_place() -> None:
    spot = ((100.0, 100.0),)
    chosen = place_labels([LabelSpec("village", 5, 60, 12, spot), LabelSpec("route", 0, 60, 12, spot)], [])
    assert chosen == {"route": (100.0, 100.0)}


def test_a_label_that_would_leave_the_frame_moves_inside_or_is_left_out() -> None:
    spec = LabelSpec("edge", 0, 80, 12, ((10.0, 50.0), (60.0, 50.0)))
    assert place_labels([spec], [], frame=(0, 0, 200, 100)) == {"edge": (60.0, 50.0)}
    assert place_labels([LabelSpec("out", 0, 80, 12, ((10.0, 50.0),))], [], frame=(0, 0, 200, 100)) == {}


def test_a_label_prefers_a_place_inside_the_view() -> None:
    spec = LabelSpec("name", 0, 40, 10, ((10.0, 10.0), (100.0, 100.0)))
    assert place_labels([spec], [], prefer=(50, 50, 200, 200)) == {"name": (100.0, 100.0)}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["UA", "RU"]), point), min_size=1, max_size=40))
def test_stacks_never_overlap_and_every_piece_is_in_one(pieces) -> None:  # type: ignore[no-untyped-def]
    given_pieces = [Piece(f"u{i}", side, x, y) for i, (side, (x, y)) in enumerate(pieces)]
    stacks = stack_pieces(given_pieces, SOLO, STACKED)
    boxes = [box_at(s.x, s.y, STACKED if len(s.keys) > 1 else SOLO) for s in stacks]
    assert not any(overlap(a, b) for a, b in itertools.combinations(boxes, 2))
    assert sorted(k for s in stacks for k in s.keys) == sorted(p.key for p in given_pieces)


def test_units_in_one_hex_stack_and_the_worst_supplied_leads() -> None:
    pieces = [
        Piece("fine", "UA", 50, 50, (3,)),
        Piece("cut-off", "UA", 50, 50, (0,)),
        Piece("far", "UA", 400, 50),
    ]
    stacks = stack_pieces(pieces, SOLO, STACKED)
    assert [s.keys for s in stacks] == [("cut-off", "fine"), ("far",)]


def test_enemies_side_by_side_are_moved_apart_before_they_are_stacked_together() -> None:
    stacks = stack_pieces([Piece("ua", "UA", 100, 100), Piece("ru", "RU", 120, 100)], SOLO, STACKED)
    assert len(stacks) == 2 and all(len(s.sides) == 1 for s in stacks)


def test_the_box_index_finds_what_it_holds() -> None:
    index = BoxIndex(cell=50)
    index.add((0, 0, 120, 10))
    assert index.hits((110, 5, 130, 20)) and not index.hits((121, 0, 140, 10))
