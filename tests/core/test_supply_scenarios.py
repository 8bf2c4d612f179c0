"""Issue #18's figures on the February 2023 scenario (tests/core/supply_figures.py prints all)."""

from __future__ import annotations

import pytest

from tests.core import supply_figures as figures
from wargame.core.rules.results import Supply


@pytest.fixture(scope="module")
def february():
    return figures.start("bakhmut-2023-02")


def test_february_2023_the_garrison_is_limited_and_the_rear_at_chasiv_yar_supplied(february):
    now = figures.supplies(february)
    assert {now.status[u] for u in figures.garrison(february)} == {Supply.LIMITED}
    assert figures.rear(february)
    assert {now.status[u] for u in figures.rear(february)} == {Supply.SUPPLIED}


def test_february_2023_most_single_losses_on_the_o0506_neck_put_the_garrison_out_of_supply(february):
    garrison = figures.garrison(february)
    losses = figures.single_losses(february, figures.o0506_neck(february))
    out = sum(figures.out(figures.supplies(s), garrison) for _, s in losses)
    assert len(losses) >= 10 and 2 * out >= len(losses)


def test_february_2023_garrison_first_moves_supply_to_the_garrison(february):
    garrison = figures.garrison(february)
    before = figures.supplies(february)
    after = figures.supplies(february.evolve(supply_priority={u: "high" for u in garrison}))
    gained = sum(after.delivered[u] - before.delivered[u] for u in garrison)
    assert gained > 1.0
    others = [u for u in before.delivered if u not in garrison]
    assert sum(after.delivered[u] - before.delivered[u] for u in others) == pytest.approx(-gained)


def test_the_worst_loss_of_a_narrow_corridor_agrees_with_the_counters_after_that_loss(february):
    from wargame.core.rules.analysis import analyse

    side = analyse(february).sides["UA"]
    narrow = [c for c in side.corridors if c.worst_loss_sp is not None]
    assert narrow
    for corridor in narrow:
        worst = corridor.critical_hexes[0]
        assert not february.units_at(worst)
        after = analyse(february.evolve(control={**february.control, worst: "RU"})).sides["UA"]
        left = sum(after.units[u].delivered_sp for u in corridor.units)
        assert left == pytest.approx(corridor.delivered_sp - corridor.worst_loss_sp, abs=1e-9)
        for h in corridor.critical_hexes[1:]:  # costliest first
            other = analyse(february.evolve(control={**february.control, h: "RU"})).sides["UA"]
            assert sum(other.units[u].delivered_sp for u in corridor.units) >= left - 1e-9


@pytest.mark.parametrize("loss", ["cut 2924-2824", "seize 3024"])
def test_february_2023_the_loss_that_leaves_the_garrison_exactly_half_leaves_it_limited(february, loss):
    from wargame.core.model import Segment

    label = {february.map.label(h): h for h in february.map.hexes}
    if loss.startswith("cut"):
        after = february.evolve(cut=february.cut | {Segment.of(label["2924"], label["2824"])})
    else:
        after = february.evolve(control={**february.control, label["3024"]: "RU"})
    now = figures.supplies(after)
    garrison = figures.garrison(february)
    assert now.share(garrison) == 0.5  # exactly: needs and capacities are whole millionths
    assert {now.status[u] for u in garrison} == {Supply.LIMITED}
