"""Pockets and corridors on hand-built maps with known answers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.core.grid.hexgrid import Hex, from_offset, hex_range, ring
from wargame.core.map.mapdata import load_map
from wargame.core.map.sketch import grid_map, make_scenario
from wargame.core.model import Rules, Unit, UnitType
from wargame.core.rules import cuts
from wargame.core.rules.analysis import analyse
from wargame.core.rules.encirclement import force_name
from wargame.core.rules.graph import graph_of
from wargame.core.rules.results import Supply
from wargame.core.state import GameState


def at(col: int, row: int) -> Hex:
    return from_offset(col, row)


def ua(uid: str, h: Hex) -> Unit:
    return Unit(uid, "UA", UnitType.INFANTRY, h)


def ru(uid: str, h: Hex) -> Unit:
    return Unit(uid, "RU", UnitType.INFANTRY, h)


def state(gamemap, units, sources, control=None, rules=None) -> GameState:
    scenario = make_scenario(gamemap, units, control, {"UA": sources}, rules=rules)
    return GameState.initial(scenario, gamemap)


OPEN = grid_map(13, 13)
CENTRE = at(6, 6)
CORNER = at(0, 0)


def ring_of_enemies(radius: int) -> list[Unit]:
    return [ru(f"r{i:02d}", h) for i, h in enumerate(ring(CENTRE, radius))]


def test_a_ring_of_enemy_units_makes_a_pocket_of_the_ground_inside_it():
    s = state(OPEN, [ua("a", CENTRE), *ring_of_enemies(2)], [CORNER], rules=Rules(zoc=False))
    side = analyse(s).sides["UA"]
    assert side.units["a"].supply is Supply.ENCIRCLED
    assert [(p.units, set(p.hexes)) for p in side.pockets] == [(("a",), set(hex_range(CENTRE, 1)))]


def test_removing_one_unit_of_the_ring_reopens_the_pocket():
    # Zones of control off, as in the test above: with them on, the two neighbours of the gap
    # would still cover it (see the next test for zones of control closing a ring).
    enemies = ring_of_enemies(2)[1:]
    s = state(OPEN, [ua("a", CENTRE), *enemies], [CORNER], rules=Rules(zoc=False))
    side = analyse(s).sides["UA"]
    assert side.pockets == ()
    assert side.units["a"].supply is Supply.LIMITED  # the gap is within the ring's direct fire


def test_zones_of_control_close_the_ring_inward():
    s = state(OPEN, [ua("a", CENTRE), *ring_of_enemies(3)], [CORNER])
    (pocket,) = analyse(s).sides["UA"].pockets
    assert set(pocket.hexes) == set(hex_range(CENTRE, 1))  # ring 2 lies in the ring's zone of control


def test_one_pocket_holds_every_unit_trapped_in_it_and_warns_how_many():
    units = [ua("a", CENTRE), ua("b", CENTRE.neighbour(0)), ua("c", CENTRE.neighbour(3)), *ring_of_enemies(3)]
    analysis = analyse(state(OPEN, units, [CORNER]))
    assert [p.units for p in analysis.sides["UA"].pockets] == [("a", "b", "c")]
    (warning,) = [w for w in analysis.warnings if w.code == "UNITS_ENCIRCLED" and w.side == "UA"]
    assert warning.message.startswith("3 units encircled")
    assert warning.units == ("a", "b", "c") and warning.severity.value == "critical"


# A wall of enemy-held hexes down column 8 of a 15 x 9 map, with a gap of some rows in it.
WALL_COLUMN = 8
WIDE = grid_map(15, 9)


def walled(gap_rows: list[int]) -> GameState:
    control = {at(WALL_COLUMN, r): "RU" for r in range(9) if r not in gap_rows}
    return state(WIDE, [ua("a", at(14, 4))], [at(0, 4)], control=control)


@pytest.mark.parametrize("gap_rows", [[4], [4, 5], [3, 4, 5]])
def test_a_corridor_of_width_n_has_width_n_and_the_gap_as_its_critical_hexes(gap_rows):
    (corridor,) = analyse(walled(gap_rows)).sides["UA"].corridors
    assert corridor.units == ("a",)
    assert corridor.width_hexes == len(gap_rows)
    assert corridor.width_m == 500.0 * len(gap_rows)
    assert set(corridor.critical_hexes) == {at(WALL_COLUMN, r) for r in gap_rows}


def test_a_narrow_corridor_warns_with_its_width_in_metres():
    analysis = analyse(walled([4, 5]))
    (warning,) = [w for w in analysis.warnings if w.code == "CORRIDOR_NARROW"]
    assert "2 hexes (1.0 km) wide" in warning.message
    assert set(warning.hexes) == {at(WALL_COLUMN, 4), at(WALL_COLUMN, 5)}


def test_a_corridor_of_one_hex_is_critical():
    (warning,) = [w for w in analyse(walled([4])).warnings if w.code == "CORRIDOR_NARROW"]
    assert warning.severity.value == "critical"


def test_corridors_wider_than_the_threshold_give_no_warning():
    analysis = analyse(walled([2, 3, 4, 5]))
    assert analysis.sides["UA"].corridors[0].width_hexes == 4
    assert not [w for w in analysis.warnings if w.code == "CORRIDOR_NARROW"]


def test_a_force_standing_next_to_its_source_has_no_corridor():
    s = state(WIDE, [ua("a", at(1, 4))], [at(0, 4)], control={at(3, r): "RU" for r in range(9) if r != 4})
    assert analyse(s).sides["UA"].corridors == ()


def test_a_force_far_from_any_enemy_has_no_corridor():
    s = state(WIDE, [ua("a", at(14, 4))], [at(0, 4)])
    assert analyse(s).sides["UA"].corridors == ()


def test_units_close_together_form_one_force_with_one_corridor():
    s = walled([4])
    s = s.evolve(units={**s.units, "b": ua("b", at(13, 3)), "c": ua("c", at(12, 5))})
    (corridor,) = analyse(s).sides["UA"].corridors
    assert corridor.units == ("a", "b", "c") and corridor.width_hexes == 1


def test_the_corridor_hexes_are_never_the_forces_own_hexes_or_sources():
    s = walled([4])
    s = s.evolve(units={**s.units, "gap": ua("gap", at(WALL_COLUMN, 4))})
    for corridor in analyse(s).sides["UA"].corridors:
        held = {s.units[u].hex for u in corridor.units}
        assert not held & set(corridor.critical_hexes)
        assert at(0, 4) not in corridor.critical_hexes


def _network(blocked: set[Hex], cuttable: set[Hex], source: Hex) -> cuts.CutNetwork:
    graph = graph_of(OPEN)
    region = ~graph.mask(blocked)
    return cuts.CutNetwork(graph, region, graph.mask(cuttable), graph.indices([source]), widest=100)


@settings(max_examples=40, deadline=None)
@given(
    blocked=st.sets(st.sampled_from(sorted(OPEN.hexes)), max_size=60),
    target=st.sampled_from(sorted(OPEN.hexes)),
    depth=st.integers(1, 4),
)
def test_the_local_search_finds_the_same_cut_as_scipys_maximum_flow(blocked, target, depth):
    source = CORNER
    blocked = blocked - {source, target}
    graph = graph_of(OPEN)
    cuttable = graph.hexes_of(graph.expand(graph.mask(blocked), depth))
    targets = graph.indices([target])
    cuts.clear_cache(graph)
    local = _network(blocked, set(cuttable), source).min_cut(targets)
    cuts.clear_cache(graph)
    saved = cuts.SEARCH_BUDGET
    cuts.SEARCH_BUDGET = 0
    try:
        global_ = _network(blocked, set(cuttable), source).min_cut(targets)
    finally:
        cuts.SEARCH_BUDGET = saved
        cuts.clear_cache(graph)
    if local is None or global_ is None:
        assert local is None and global_ is None
    else:
        assert np.array_equal(local, global_)


def test_forces_are_named_after_where_they_stand():
    bakhmut = load_map("bakhmut")
    assert force_name(bakhmut, [bakhmut.settlements["Bakhmut"]]) == "Bakhmut garrison"
    assert force_name(bakhmut, [bakhmut.hex_from_label("2723")]) == "forces NE of Khromove"
    assert force_name(WIDE, [at(3, 4)]) == f"forces at {WIDE.label(at(3, 4))}"
