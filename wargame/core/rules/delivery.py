"""How much of its need reaches each unit: one maximum flow, shared out deterministically.

Units the flow can fill are filled (no other allocation gives any of them more without
taking from another). The rest stand behind a bottleneck: the maximum flow saturates a set
of links between the ground supply can still freely reach and them. Units behind the same
bottleneck (joined to each other without crossing it) share what crosses it in proportion
to their need, so a garrison short of supply is short as a whole, not one unit at random.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.sparse.csgraph import connected_components

from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Rules, Unit
from wargame.core.rules.capacity import (
    SourceStretch,
    ground_of,
    link_capacity,
    unit_need,
)
from wargame.core.rules.flow import Demand, FlowNetwork, FlowResult
from wargame.core.rules.graph import BoolArray, FloatArray, IntArray, MapGraph
from wargame.core.rules.results import Link
from wargame.core.state import GameState

_EPSILON = 0.005  # half a hundredth of an SP: flows are exact in hundredths
_UNLIMITED = 10_000.0  # a need no corridor can fill: asks for all it carries


@dataclass(frozen=True)
class Delivery:
    """One side's supply flow in one state."""

    side: str
    ground: str
    rules: Rules
    need: Mapping[str, float]
    delivered: Mapping[str, float]
    bottlenecks: Mapping[str, tuple[Link, ...]]
    groups: tuple[tuple[str, ...], ...]  # units short of supply behind one bottleneck each
    capacity: FloatArray  # what each graph edge carries now (before fire on the head hex: no)
    network: FlowNetwork
    flow: FlowResult

    def share(self, unit_id: str) -> float:
        """Delivered ÷ need (1 for a unit that needs nothing)."""
        need = self.need.get(unit_id, 0.0)
        return 1.0 if need <= 0 else self.delivered.get(unit_id, 0.0) / need

    def carried(self, unit_ids: tuple[str, ...], removed: tuple[Hex, ...] = ()) -> float:
        """Most the network could bring to these units alone (with ``removed`` hexes lost)."""
        return self.force_flow(unit_ids, removed).total

    def force_flow(self, unit_ids: tuple[str, ...], removed: tuple[Hex, ...] = ()) -> FlowResult:
        """The maximum flow to these units alone, without limit on their need."""
        wanted = set(unit_ids)
        needs = np.array([_UNLIMITED if d.unit_id in wanted else 0.0 for d in self.network.demands])
        graph = self.network.graph
        gone = [graph.index[h] for h in removed if h in graph.index]
        return self.network.flow(needs, gone)


def deliver(
    state: GameState,
    side: str,
    graph: MapGraph,
    region: BoolArray,
    passable: BoolArray,
    fire: BoolArray,
    cut_edges: IntArray,
    stretches: tuple[SourceStretch, ...],
) -> Delivery:
    """The supply flow of ``side``: ``region`` is where supply can reach within the trace limit."""
    rules = state.scenario.rules
    ground = ground_of(rules, state.ground)
    capacity = link_capacity(graph, rules, ground, cut_edges, fire)
    feeds = []
    for stretch in stretches:
        hexes = graph.indices(stretch.hexes)
        hexes = hexes[passable[hexes]]
        shares = np.where(fire[hexes], rules.fire_capacity, 1.0)
        feeds.append((stretch, hexes, shares))
    units = state.units_of(side)
    miles = _last_miles(graph, passable, units, rules.last_mile_hexes)
    demands = [Demand(u.id, unit_need(rules, u), mile) for u, mile in zip(units, miles, strict=True)]
    network = FlowNetwork(graph, region, capacity, feeds, demands)
    result = network.flow()
    road_open = graph.road_edges.copy()
    road_open[cut_edges] = False
    delivered, bottlenecks, groups = _share_out(network, result, road_open)
    need = {d.unit_id: d.need for d in demands}
    return Delivery(side, ground, rules, need, delivered, bottlenecks, groups, capacity, network, result)


def _last_miles(graph: MapGraph, passable: BoolArray, units: list[Unit], steps: int) -> list[IntArray]:
    """Open hexes each unit can draw from: its own and those within ``steps`` through open
    ground. All units are walked at once, one ring a step, each row kept free of repeats (so
    a row holds at most the hexes within ``steps``, not six to the power of ``steps``)."""
    if not units:
        return []
    at = np.array([graph.index.get(u.hex, -1) for u in units], dtype=np.int64)
    rows = np.where((at >= 0) & passable[np.maximum(at, 0)], at, -1)[:, None]  # (units, hexes)
    for _ in range(max(steps, 0)):
        near = np.where(rows[:, :, None] >= 0, graph.neighbours[np.maximum(rows, 0)], -1)
        near = near.reshape(len(units), -1)
        near = np.where((near >= 0) & passable[np.maximum(near, 0)], near, -1)
        rows = _distinct(np.concatenate((rows, near), axis=1))
    return [row[row >= 0] for row in rows]  # a unit off the map or on water draws from nothing


def _distinct(rows: IntArray) -> IntArray:
    """Each row's distinct hexes, right-aligned, padded with -1 on the left."""
    ordered = np.sort(rows, axis=1)
    repeat = np.zeros_like(ordered, dtype=bool)
    repeat[:, 1:] = ordered[:, 1:] == ordered[:, :-1]
    ordered[repeat] = -1
    ordered = np.sort(ordered, axis=1)
    width = int((ordered >= 0).sum(axis=1).max(initial=1))
    return ordered[:, -max(width, 1) :]


def _share_out(
    network: FlowNetwork, result: FlowResult, road_open: BoolArray
) -> tuple[dict[str, float], dict[str, tuple[Link, ...]], tuple[tuple[str, ...], ...]]:
    """Each unit's delivery: filled, or its share of what crosses its bottleneck."""
    demands = network.demands
    got = network.unit_flow(result)
    delivered = {d.unit_id: d.need for d in demands}
    bottlenecks: dict[str, tuple[Link, ...]] = {d.unit_id: () for d in demands}
    short = [j for j, d in enumerate(demands) if got[j] < d.need - _EPSILON]
    if not short:
        return delivered, bottlenecks, ()
    found: list[tuple[str, ...]] = []
    labels: dict[int, IntArray] = {}  # by the flow they were found in
    first = [(list(members), arrived, result) for members, arrived in _first_groups(network, result).items()]
    for part, share, flow in _split(network, first, got, _DEPTH):
        if id(flow) not in labels:
            labels[id(flow)] = _behind(network, flow.reached)
        label = labels[id(flow)]
        node = network.first_unit + part[0]
        links = _bottleneck(network, flow, label, int(label[node]), road_open)
        for j in part:
            delivered[demands[j].unit_id] = round(demands[j].need * share, 3)
            bottlenecks[demands[j].unit_id] = links
        if share < 1.0 - 1e-6:
            found.append(tuple(sorted(demands[j].unit_id for j in part)))
    return delivered, bottlenecks, tuple(sorted(found))


_DEPTH = 4  # nested bottlenecks refined at most this deep (each level is one more flow)


def _first_groups(network: FlowNetwork, result: FlowResult) -> dict[tuple[int, ...], float]:
    """Units the flow cannot fill, by the ground behind the bottleneck they stand behind,
    with what reaches each group."""
    got = network.unit_flow(result)
    label = _behind(network, result.reached)
    groups: dict[int, list[int]] = {}
    for j in range(len(network.demands)):
        node = network.first_unit + j
        if not result.reached[node]:
            groups.setdefault(int(label[node]), []).append(j)
    return {tuple(m): float(sum(got[j] for j in m)) for m in groups.values()}


Group = tuple[list[int], float, FlowResult]  # units, what reaches them, the flow that found them


def _split(network: FlowNetwork, groups: list[Group], base: FloatArray, depth: int) -> list[Group]:
    """Share each group's budget among its members in proportion to need, unless some of them
    stand behind a narrower bottleneck: those get what crosses it (shared the same way) and
    the others the rest. One trial flow checks every group of a level at once. ``base`` is
    what a feasible flow gives every unit. Returns (units, share of need, flow whose
    bottleneck they stand behind)."""
    demands = network.demands

    def share(members: list[int], budget: float) -> float:
        total = sum(demands[j].need for j in members)
        return min(budget / total, 1.0) if total > 0 else 1.0

    done = [(m, share(m, b), f) for m, b, f in groups if depth <= 0 or len(m) < 2]
    open_groups = [(m, b, f) for m, b, f in groups if depth > 0 and len(m) >= 2]
    if not open_groups:
        return done
    caps = base.copy()
    for members, budget, _ in open_groups:
        caps[members] = np.array([demands[j].need for j in members]) * share(members, budget)
    trial = network.flow(caps)
    if trial.total >= float(caps.sum()) - _EPSILON:
        return done + [(m, share(m, b), f) for m, b, f in open_groups]
    got = network.unit_flow(trial)
    deeper: list[Group] = []
    for members, budget, found_in in open_groups:
        tight = [j for j in members if not trial.reached[network.first_unit + j]]
        rest = [j for j in members if trial.reached[network.first_unit + j]]
        if not tight or not rest:
            done.append((members, share(members, budget), found_in))
            continue
        inner = float(sum(got[j] for j in tight))
        deeper += [(tight, inner, trial), (rest, budget - inner, found_in)]
    return done + _split(network, deeper, got, depth - 1)


def _behind(network: FlowNetwork, reached: BoolArray) -> IntArray:
    """Component label of each node among the nodes the residual network cannot reach."""
    inside = ~reached
    inside[network.sink] = False
    arcs = inside[network.tail] & inside[network.head] & (network.capacity > 0)
    matrix = network.arc_matrix(arcs)
    _, label = connected_components(matrix, directed=True, connection="weak")
    return np.asarray(label, dtype=np.int64)


def _bottleneck(
    network: FlowNetwork, result: FlowResult, label: IntArray, group: int, road_open: BoolArray
) -> tuple[Link, ...]:
    """The saturated links into a group's ground, busiest first."""
    reached = result.reached
    arcs = np.flatnonzero(
        reached[network.tail]
        & ~reached[network.head]
        & (label[network.head] == group)
        & (network.capacity > 0)
    )
    graph = network.graph
    links = []
    for arc in arcs.tolist():
        tail, head = int(network.tail[arc]), int(network.head[arc])
        if head >= graph.size:
            continue  # into a unit's last mile or the sink: not a link on the ground
        cap = float(network.capacity[arc]) / 100
        flow = float(result.arc_flow[arc])
        if arc < len(network.link_edges):
            road = graph.map.road(graph.hexes[tail], graph.hexes[head])
            kind = road.road_class.value if road and road_open[network.link_edges[arc]] else ""
            links.append(Link(graph.hexes[tail], graph.hexes[head], cap, flow, kind))
        else:
            links.append(Link(None, graph.hexes[head], cap, flow, ""))
    links.sort(key=lambda link: (-link.flow, link.head, link.tail or link.head))
    return tuple(links)
