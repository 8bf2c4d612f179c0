"""The sharing of supply among units, checked against the flow itself on random sketch states."""

from __future__ import annotations

import random

import numpy as np
import pytest

from wargame.core.grid.hexgrid import from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Echelon, RoadClass, Rules, Unit, UnitType
from wargame.core.rules.supply import trace
from wargame.core.state import GameState, Interdiction

FIELD = make_map(
    """
    . . . = . . . . w .
    . . . = . . ^ . w .
    = = = = = = = = = =
    . . . . = . . . . .
    . w w . = . . ~ ~ .
    . . . . = = = = = =
    . . ^ . . . . . . .
""",
    road_class=RoadClass.MINOR,
)


def random_state(seed: int) -> GameState:
    rng = random.Random(seed)
    land = sorted(h for h, info in FIELD.hexes.items() if info.terrain.value != "water")
    picks = rng.sample(land, 12)
    echelons = [Echelon.COMPANY, Echelon.BATTALION, Echelon.BRIGADE]
    units = [
        Unit(f"ua{k}", "UA", UnitType.INFANTRY, h, rng.choice(echelons)) for k, h in enumerate(picks[:8])
    ]
    units += [
        Unit(f"ru{k}", "RU", UnitType.ARTILLERY, h, reach=rng.choice([0, 1, 2]))
        for k, h in enumerate(picks[8:])
    ]
    ground = rng.choice(["dry", "frozen", "mud"])
    scenario = make_scenario(
        FIELD, units, sources={"UA": [from_offset(0, 2), from_offset(0, 6)]}, rules=Rules(ground=ground)
    )
    state = GameState.initial(scenario, FIELD)
    roads = sorted(FIELD.roads)
    cut = frozenset(rng.sample(roads, 2))
    fired = {h: Interdiction("RU", 1) for h in rng.sample(land, 3)}
    return state.evolve(cut=cut, interdicted=fired)


@pytest.mark.parametrize("seed", range(30))
def test_what_the_units_receive_can_all_be_delivered_at_once_and_wastes_nothing(seed):
    t = trace(random_state(seed), "UA")
    d = t.delivery
    got = np.array([d.delivered[dm.unit_id] for dm in d.network.demands])
    need = np.array([dm.need for dm in d.network.demands])
    assert np.all(got <= need + 1e-9)
    rounding = 0.01 * len(got)  # flows count whole hundredths of an SP, a unit's share is rounded
    # Feasible: a flow capped at each unit's share delivers all of it together.
    assert d.network.flow(got).total == pytest.approx(float(got.sum()), abs=rounding)
    # Efficient: sharing hands out everything the maximum flow brings.
    assert float(got.sum()) == pytest.approx(d.flow.total, abs=rounding)
