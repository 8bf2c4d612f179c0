"""Tracing supply from a side's sources to its units, and how much of it arrives.

The *trace* answers reach and connection. Supply moves from a source stretch (see
:mod:`.capacity`) to a unit through passable hexes (see :mod:`.zoc`). Each link costs the
road's class cost when a road (not cut) joins the two hexes, otherwise the cross-country
cost of the terrain entered, plus the river crossing cost when an unbridged river lies
between them; of the two, the cheaper (a road never makes a link dearer).

The *flow* (see :mod:`.delivery`) answers how much: the maximum flow of supply points over
the hexes within the trace limit, shared out among the units. A unit is

- **supplied**: all of its need arrives;
- **limited**: at least ``Rules.limited_share`` (half) of it arrives;
- **out of supply**: less arrives, or every path is longer than ``max_trace_cost``;
- **encircled**: no path to any source at all (it sits in a pocket).

Fire cuts what a link into a hex under fire carries, so fire along the way, or on a source
hex, reduces what arrives; the last mile next to a unit is free, so fire on the unit's own
hex (combat, not the line of communication) does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra

from wargame.core.errors import GameFileError
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Unit
from wargame.core.rules.capacity import SourceStretch, exact, source_stretches
from wargame.core.rules.delivery import Delivery, deliver
from wargame.core.rules.graph import BoolArray, FloatArray, IntArray, MapGraph, graph_of
from wargame.core.rules.results import Supply, UnitSupply
from wargame.core.rules.zoc import Obstacles, obstacles
from wargame.core.state import GameState

_EPSILON = 1e-9  # trace costs are sums of small binary fractions; this absorbs rounding


@dataclass(frozen=True)
class SupplyTrace:
    """The result of tracing one side's supply over the whole map."""

    side: str
    graph: MapGraph
    obstacles: Obstacles
    sources: IntArray  # live source hexes (not blocked)
    cost: FloatArray  # cheapest trace cost through any passable hex (inf beyond the limit)
    clean_cost: FloatArray  # cheapest trace cost avoiding enemy fire (inf beyond the limit)
    predecessor: IntArray  # of the cheapest path (any)
    clean_predecessor: IntArray  # of the cheapest path avoiding fire
    component: IntArray  # connected region of passable hexes each hex belongs to
    connected: BoolArray  # hex lies in a region holding a live source
    max_cost: float
    limited_share: float
    delivery: Delivery

    @property
    def supplied(self) -> BoolArray:
        return self.clean_cost <= self.max_cost + _EPSILON

    @property
    def reachable(self) -> BoolArray:
        return self.cost <= self.max_cost + _EPSILON

    def status(self, i: int) -> Supply:
        """Whether supply can be traced to hex ``i`` at all: supplied (avoiding fire),
        limited (only through fire), out of supply (too far) or encircled (no path)."""
        if self.clean_cost[i] <= self.max_cost + _EPSILON:
            return Supply.SUPPLIED
        if self.cost[i] <= self.max_cost + _EPSILON:
            return Supply.LIMITED
        return Supply.OUT_OF_SUPPLY if self.connected[i] else Supply.ENCIRCLED

    def unit_status(self, unit: Unit) -> Supply:
        """A unit's supply: connection and reach from the trace, the rest from what arrives."""
        i = self.graph.index.get(unit.hex)
        if i is None:
            return Supply.ENCIRCLED
        if not self.connected[i]:
            return Supply.ENCIRCLED
        if not self.cost[i] <= self.max_cost + _EPSILON:
            return Supply.OUT_OF_SUPPLY
        share = self.delivery.share(unit.id)
        if share >= 1:
            return Supply.SUPPLIED
        return Supply.LIMITED if share >= exact(self.limited_share) else Supply.OUT_OF_SUPPLY

    def path(self, i: int) -> tuple[Hex, ...]:
        """The traced path from a source to hex ``i`` (empty when beyond the limit)."""
        status = self.status(i)
        if status is Supply.SUPPLIED:
            return self.path_from(self.clean_predecessors, i)
        if status is Supply.LIMITED:
            return self.path_from(self.predecessors, i)
        return ()

    @cached_property
    def predecessors(self) -> list[int]:
        return self.predecessor.tolist()  # type: ignore[no-any-return]

    @cached_property
    def clean_predecessors(self) -> list[int]:
        return self.clean_predecessor.tolist()  # type: ignore[no-any-return]

    def path_from(self, predecessors: list[int], i: int) -> tuple[Hex, ...]:
        steps = [i]
        while predecessors[steps[-1]] >= 0:
            steps.append(predecessors[steps[-1]])
        hexes = self.graph.hexes
        return tuple(hexes[j] for j in reversed(steps))


def trace(
    state: GameState, side: str, graph: MapGraph | None = None, lost: tuple[Hex, ...] = ()
) -> SupplyTrace:
    """Trace ``side``'s supply in ``state``, and the flow of supply points over it
    (``lost``: hexes taken as held by the enemy, to see what losing them would cost)."""
    graph = graph or graph_of(state.map)
    rules = state.scenario.rules
    if not rules.max_trace_cost >= 0:
        limit = rules.max_trace_cost
        raise GameFileError(f"scenario rules: max_trace_cost must not be negative, not {limit:g}")
    blocks = obstacles(graph, state, side)
    if lost:
        blocks = replace(blocks, blocked=blocks.blocked | graph.mask(lost))
    passable = blocks.passable
    stretches = source_stretches(graph, rules, state.scenario.supply_sources.get(side, ()))
    sources = source_hexes(graph, stretches, passable)
    cut_edges = cut_edges_of(graph, state)
    weights = edge_weights(graph, state, cut_edges)
    edges = passable[graph.tail] & passable[graph.head] & np.isfinite(weights)
    limit = rules.max_trace_cost + _EPSILON
    network = graph.subgraph(edges, weights)
    cost, predecessor = _search(graph, network, sources, limit)
    clean_edges = edges & ~blocks.fire[graph.tail]
    clean_cost, clean_predecessor = _search(graph, graph.subgraph(clean_edges, weights), sources, limit)
    _, component = connected_components(network, directed=True, connection="weak")
    connected = np.isin(component, component[sources]) if len(sources) else np.zeros(graph.size, bool)
    reachable = cost <= limit
    flow = deliver(state, side, graph, reachable, passable, blocks.fire, cut_edges, stretches)
    return SupplyTrace(
        side,
        graph,
        blocks,
        sources,
        cost,
        clean_cost,
        predecessor,
        clean_predecessor,
        component.astype(np.int64),
        connected & passable,
        rules.max_trace_cost,
        rules.limited_share,
        flow,
    )


def delivered_without(traced: SupplyTrace, state: GameState, lost: Hex) -> dict[str, float]:
    """What each unit of the traced side would receive with ``lost`` held by the enemy (as
    the full trace would say: reach, last miles and fair shares recomputed; encircled units
    get 0)."""
    graph = traced.graph
    rules = state.scenario.rules
    blocks = replace(traced.obstacles, blocked=traced.obstacles.blocked | graph.mask((lost,)))
    passable = blocks.passable
    stretches = source_stretches(graph, rules, state.scenario.supply_sources.get(traced.side, ()))
    cut_edges = cut_edges_of(graph, state)
    i = graph.index.get(lost, -1)
    before = traced.reachable.copy()
    if i >= 0:
        before[i] = False
    if i >= 0 and before.any() and traced.reachable[i] and not (traced.predecessor == i).any():
        # No cheapest path runs on through the lost hex: every other hex keeps its path and
        # cost, and losing a hex makes none cheaper, so the reach is the same less that hex.
        region = before
    else:
        sources = source_hexes(graph, stretches, passable)
        weights = edge_weights(graph, state, cut_edges)
        edges = passable[graph.tail] & passable[graph.head] & np.isfinite(weights)
        limit = rules.max_trace_cost + _EPSILON
        cost, _ = _search(graph, graph.subgraph(edges, weights), sources, limit)
        region = cost <= limit
    if i >= 0 and np.array_equal(region, before):
        if traced.delivery.keeps_without(i):
            return dict(traced.delivery.delivered)
        return traced.delivery.delivered_without(i, passable, state.units_of(traced.side))
    flow = deliver(
        state, traced.side, graph, region, passable, blocks.fire, cut_edges, stretches, detail=False
    )
    return dict(flow.delivered)


def source_hexes(graph: MapGraph, stretches: tuple[SourceStretch, ...], passable: BoolArray) -> IntArray:
    """The open hexes of the side's source stretches (a stretch is denied only when the
    enemy holds or covers every hex of it)."""
    found = graph.indices(h for stretch in stretches for h in stretch.hexes)
    return found[passable[found]] if len(found) else found


def cut_edges_of(graph: MapGraph, state: GameState) -> IntArray:
    """Graph edges whose road is cut."""
    found = [e for segment in state.cut for e in graph.segment_edges.get(segment, ())]
    return np.array(sorted(found), dtype=np.int64)


def edge_weights(graph: MapGraph, state: GameState, cut_edges: IntArray | None = None) -> FloatArray:
    """Trace cost of each link: the cheaper of the road (unless cut) and cross-country."""
    costs = graph.costs(state.scenario.rules)
    road = costs.road
    cut = cut_edges_of(graph, state) if cut_edges is None else cut_edges
    if len(cut):
        road = road.copy()
        road[cut] = np.inf
    return np.minimum(road, costs.offroad)


def _search(
    graph: MapGraph, network: csr_matrix, sources: IntArray, limit: float
) -> tuple[FloatArray, IntArray]:
    if not len(sources):
        return np.full(graph.size, np.inf), np.full(graph.size, -1, dtype=np.int64)
    cost, predecessor, _ = dijkstra(
        network,
        directed=True,
        indices=sources,
        min_only=True,
        limit=limit,
        return_predecessors=True,
    )
    predecessor = predecessor.astype(np.int64)
    predecessor[predecessor < 0] = -1
    return cost, predecessor


def status_of(trace: SupplyTrace, unit: Unit) -> Supply:
    """Computed supply of one unit of the traced side (off the map: encircled)."""
    return trace.unit_status(unit)


def unit_supply(
    trace: SupplyTrace,
    units: list[Unit],
    counts: Mapping[str, int],
    official: Mapping[str, str] | None = None,
) -> dict[str, UnitSupply]:
    """Supply state of each unit of the traced side (``official``: the statuses fixed at the
    start of the side's turn, by unit id)."""
    official = official or {}
    delivery = trace.delivery
    result = {}
    for unit in sorted(units, key=lambda u: u.id):
        status = status_of(trace, unit)
        i = trace.graph.index.get(unit.hex, -1)
        cost: float | None = None
        path: tuple[Hex, ...] = ()
        if i >= 0 and trace.clean_cost[i] <= trace.max_cost + _EPSILON:
            cost, path = float(trace.clean_cost[i]), trace.path_from(trace.clean_predecessors, i)
        elif i >= 0 and trace.cost[i] <= trace.max_cost + _EPSILON:
            cost, path = float(trace.cost[i]), trace.path_from(trace.predecessors, i)
        fixed = official.get(unit.id)
        need = delivery.need.get(unit.id, 0.0)
        arrived = delivery.delivered.get(unit.id, 0.0) if cost is not None else 0.0
        result[unit.id] = UnitSupply(
            unit.id,
            unit.hex,
            status,
            cost,
            counts.get(unit.id, 0),
            path,
            Supply(fixed) if fixed else None,
            need_sp=need,
            delivered_sp=arrived,
            bottleneck=delivery.bottlenecks.get(unit.id, ()) if status is not Supply.SUPPLIED else (),
            priority=delivery.priority.get(unit.id, "normal"),
        )
    return result


UNSUPPLIED = frozenset({Supply.OUT_OF_SUPPLY, Supply.ENCIRCLED})
