"""The supply figures of the shipped Bakhmut scenarios (issue #18), for tests and the record.

``python -m tests.core.supply_figures`` prints, per scenario: the garrison's status and share,
the rear units', the share of single losses on the O0506 between Khromove and the city that
put the garrison out of supply, what "garrison first" moves, and, per named Ukrainian route,
the share of single cuts, seizures and interdictions that change Ukrainian supply by more
than 10 % and that put the garrison out of supply.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from itertools import pairwise

from wargame.core.files.scenario_file import load_scenario
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Segment
from wargame.core.rules.results import Supply
from wargame.core.rules.supply import trace
from wargame.core.state import GameState, Interdiction

SCENARIOS = ("bakhmut-2022-12", "bakhmut-2023-02", "bakhmut-2023-05")
REAR = ("Chasiv Yar", "Kostiantynivka")
UNSUPPLIED = {Supply.OUT_OF_SUPPLY, Supply.ENCIRCLED}


def start(scenario_id: str) -> GameState:
    scenario, gamemap = load_scenario(scenario_id)
    return GameState.initial(scenario, gamemap)


def garrison(state: GameState) -> list[str]:
    return [u.id for u in state.units_of("UA") if state.map.place_name(u.hex) == "Bakhmut"]


def rear(state: GameState) -> list[str]:
    return [u.id for u in state.units_of("UA") if state.map.place_name(u.hex) in REAR]


@dataclass(frozen=True)
class Supplies:
    status: dict[str, Supply]
    delivered: dict[str, float]
    need: dict[str, float]

    def share(self, ids: list[str]) -> float:
        need = sum(self.need[u] for u in ids)
        return sum(self.delivered[u] for u in ids) / need if need else 1.0

    @property
    def total(self) -> float:
        return sum(self.delivered.values())


def supplies(state: GameState) -> Supplies:
    t = trace(state, "UA")
    units = state.units_of("UA")
    status = {u.id: t.unit_status(u) for u in units}
    delivered = {u.id: 0.0 if status[u.id] is Supply.ENCIRCLED else t.delivery.delivered[u.id] for u in units}
    return Supplies(status, delivered, dict(t.delivery.need))


def out(s: Supplies, ids: list[str]) -> bool:
    return bool(ids) and all(s.status[u] in UNSUPPLIED for u in ids)


def route_path(state: GameState, name: str) -> tuple[Hex, ...]:
    spec = next(r for r in state.scenario.routes["UA"] if r.name == name)
    return state.map.road_path(spec.road, spec.start, spec.end)


def single_losses(state: GameState, hexes: tuple[Hex, ...]) -> list[tuple[str, GameState]]:
    """Every seizure, interdiction (by the enemy) and cut along a run of road hexes, alone."""
    losses = []
    for h in hexes:
        if not state.units_at(h):
            losses.append((f"seize {state.map.label(h)}", state.evolve(control={**state.control, h: "RU"})))
        fire = {**state.interdicted, h: Interdiction("RU", 1)}
        losses.append((f"interdict {state.map.label(h)}", state.evolve(interdicted=fire)))
    for a, b in pairwise(hexes):
        segment = Segment.of(a, b)
        if segment not in state.cut and state.map.road(a, b) is not None:
            losses.append(
                (f"cut {state.map.label(a)}–{state.map.label(b)}", state.evolve(cut=state.cut | {segment}))
            )
    return losses


def o0506_neck(state: GameState) -> tuple[Hex, ...]:
    """The O0506 from the first Khromove hex to the first hex of the city, inclusive."""
    path = route_path(state, "O0506")  # city first
    names = [state.map.place_name(h) for h in path]
    last_city = max((i for i, n in enumerate(names) if n == "Bakhmut"), default=0)
    first_khromove = max(i for i, n in enumerate(names) if n == "Khromove")
    return path[last_city : first_khromove + 1]


def figures(scenario_id: str) -> dict[str, object]:
    state = start(scenario_id)
    now = supplies(state)
    ids, back = garrison(state), rear(state)
    result: dict[str, object] = {
        "garrison": sorted({now.status[u].value for u in ids}),
        "garrison_share": round(now.share(ids), 4),
        "rear": sorted({now.status[u].value for u in back}),
        "rear_share": round(now.share(back), 4),
        "total_sp": round(now.total, 3),
    }
    neck = single_losses(state, o0506_neck(state))
    result["o0506_neck_out"] = (sum(out(supplies(s), ids) for _, s in neck), len(neck))
    first = state.evolve(supply_priority={u: "high" for u in ids})
    then = supplies(first)
    moved = {u: round(then.delivered[u] - now.delivered[u], 3) for u in now.delivered}
    result["garrison_first_moves"] = {u: d for u, d in moved.items() if d}
    result["garrison_first"] = {
        "garrison_share": round(then.share(ids), 4),
        "garrison": sorted({then.status[u].value for u in ids}),
        "rear_share": round(then.share(back), 4),
        "rear": sorted({then.status[u].value for u in back}),
    }
    routes = {}
    for spec in state.scenario.routes.get("UA", ()):
        losses = single_losses(state, route_path(state, spec.name))
        after = [supplies(s) for _, s in losses]
        changed = sum(abs(a.total - now.total) > 0.1 * now.total for a in after)
        cut_off = sum(out(a, ids) and not out(now, ids) for a in after)
        routes[spec.name] = {"losses": len(losses), "change_10pc": changed, "garrison_out": cut_off}
    result["routes"] = routes
    return result


if __name__ == "__main__":
    for scenario_id in sys.argv[1:] or SCENARIOS:
        print(scenario_id, figures(scenario_id), flush=True)
