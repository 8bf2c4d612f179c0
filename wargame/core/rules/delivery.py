"""How much of its need reaches each unit: exact weighted max-min fair shares of a flow.

A unit beyond reach (every path longer than ``max_trace_cost``) draws nothing: its need
leaves the network. The others share what the network can deliver by **water-filling**:
every unit's share of its need rises together; when a saturated cut stops some of them
(their need behind it asks more than it carries), they are frozen at that share and the
rest rise on. Units of a higher supply priority are filled first (with fair shares among
them), then the next priority in what is left. The shares are exact fractions, found by
repeated maximum flows (Newton's method on the cut that stops them: each flow either
confirms a share or finds the cut that lowers it), so every set of deliveries reported can
be delivered at once by one flow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Rules, Unit
from wargame.core.rules.capacity import (
    UNIT,
    SourceStretch,
    exact,
    ground_of,
    ground_units,
    link_units,
    need_units,
    scaled,
)
from wargame.core.rules.flow import ArcNetwork, Demand, Feed, FlowNetwork, FlowResult, SubNetwork
from wargame.core.rules.graph import BoolArray, FloatArray, IntArray, MapGraph
from wargame.core.rules.results import Link
from wargame.core.state import GameState

PRIORITIES = ("high", "normal", "low")  # filled in this order
ONE = Fraction(1)


@dataclass(frozen=True)
class Delivery:
    """One side's supply flow in one state."""

    side: str
    ground: str
    rules: Rules
    need: Mapping[str, float]
    delivered: Mapping[str, float]
    shares: Mapping[str, Fraction]  # exact share of its need each unit receives
    bottlenecks: Mapping[str, tuple[Link, ...]]
    groups: tuple[tuple[str, ...], ...]  # units short of supply behind one bottleneck each
    capacity: FloatArray  # what each graph edge carries now, SP
    network: FlowNetwork
    priority: Mapping[str, str]  # units not of normal priority
    split: Split | None = None  # how the first flow split the network
    carries: IntArray | None = None  # what each edge carries before fire, millionths

    def keeps_without(self, hex_index: int) -> bool:
        """Whether losing this hex leaves every delivery as it is, reach unchanged (checked by
        the caller): the first flow reaches the hex and sends nothing through it, and no unit
        draws from it. Then the deliveries can still all be made without it (the reached side
        of the first flow never needed it, the ground behind its cut is untouched), and fair
        shares that can still be made stay the fairest."""
        first = self.split.first if self.split else None
        network = self.network
        if first is None or not first.reached[hex_index]:
            return False
        if first.arc_flow[network.head == hex_index].any():
            return False
        return not network.drawing_from(hex_index)

    def delivered_without(self, hex_index: int, passable: BoolArray, units: list[Unit]) -> dict[str, float]:
        """What each unit receives with this hex lost (``passable`` without it; ``units`` in
        demand order), on this very network less the hex's arcs: valid when reach is
        otherwise unchanged (checked by the caller). The last miles of the units that drew
        from it are walked again, and their draws on hexes no longer in them dropped."""
        network = self.network
        touched = network.drawing_from(hex_index)
        behind = self._behind_without(hex_index, touched, passable, units)
        if behind is not None:
            return behind
        lost = network.without(hex_index)
        if touched:
            assert self.carries is not None  # set by deliver
            steps = self.rules.last_mile_hexes
            miles = last_miles(network.graph, passable, self.carries, [units[j] for j in touched], steps)
            arcs = slice(network.first_mile, network.first_need)
            tails, owners = network.tail[arcs], network.mile_owner
            capacity = lost.capacity[arcs]
            for j, mile in zip(touched, miles, strict=True):
                capacity[(owners == j) & ~np.isin(tails, mile)] = 0
            lost.capacity[arcs] = capacity
            lost._build()
        classes = [
            [j for j, d in enumerate(lost.demands) if self.priority.get(d.unit_id, "normal") == p]
            for p in PRIORITIES
        ]
        shares = shares_of(lost, classes)[0]
        return {d.unit_id: float(shares[j] * d.need) / UNIT for j, d in enumerate(lost.demands)}

    def _behind_without(
        self, hex_index: int, touched: list[int], passable: BoolArray, units: list[Unit]
    ) -> dict[str, float] | None:
        """The loss of a hex behind the first flow's cut, on that piece of ground alone: the
        reached side keeps all it had (it never needed the ground behind the cut), the other
        pieces are untouched, and the piece holding the hex is shared out again without it.
        None when the hex is not behind the cut, or a unit elsewhere draws from it."""
        split = self.split
        if split is None or split.label is None or split.first.reached[hex_index]:
            return None
        sub = split.parts.get(int(split.label[hex_index]))
        if sub is None:
            return None
        mine = {int(j): k for k, j in enumerate(sub.demand_ids.tolist())}
        if any(j not in mine for j in touched):
            return None
        node = sub.node_of(hex_index)
        if node < 0:
            return None
        lost = sub.without(node)
        if touched:
            assert self.carries is not None  # set by deliver
            steps = self.rules.last_mile_hexes
            graph = self.network.graph
            miles = last_miles(graph, passable, self.carries, [units[j] for j in touched], steps)
            for j, mile in zip(touched, miles, strict=True):
                drop = (lost.head == sub.unit_nodes[mine[j]]) & ~np.isin(sub.link_tail, mile)
                lost.capacity[drop] = 0
            lost._build()
        shares = sub_shares(lost)[0]
        delivered = dict(self.delivered)
        for k, j in enumerate(sub.demand_ids.tolist()):
            demand = self.network.demands[j]
            delivered[demand.unit_id] = float(shares[k] * demand.need) / UNIT
        return delivered

    def share(self, unit_id: str) -> Fraction:
        """Delivered ÷ need, exact (1 for a unit that needs nothing)."""
        return self.shares.get(unit_id, ONE)

    def carried(self, unit_ids: tuple[str, ...], removed: tuple[Hex, ...] = ()) -> float:
        """Most the network could bring to these units alone (with ``removed`` hexes lost)."""
        return self.force_flow(unit_ids, removed).total_sp

    def force_flow(self, unit_ids: tuple[str, ...], removed: tuple[Hex, ...] = ()) -> FlowResult:
        """The maximum flow to these units alone, without limit on their need."""
        wanted = set(unit_ids)
        caps = np.array([-1 if d.unit_id in wanted else 0 for d in self.network.demands], dtype=np.int64)
        graph = self.network.graph
        gone = [graph.index[h] for h in removed if h in graph.index]
        return self.network.flow(caps, gone)


def deliver(
    state: GameState,
    side: str,
    graph: MapGraph,
    region: BoolArray,
    passable: BoolArray,
    fire: BoolArray,
    cut_edges: IntArray,
    stretches: tuple[SourceStretch, ...],
    detail: bool = True,
) -> Delivery:
    """The supply flow of ``side``: ``region`` is where supply can reach within the trace limit
    (``detail``: also the bottleneck of every unit short of supply)."""
    rules = state.scenario.rules
    ground = ground_of(rules, state.ground)
    carries = ground_units(graph, rules, ground, cut_edges)
    capacity = link_units(graph, rules, carries, fire)
    fire_share = exact(rules.fire_capacity)
    feeds = []
    for stretch in stretches:
        hexes = graph.indices(stretch.hexes)
        hexes = hexes[passable[hexes]]
        sends = round(exact(stretch.capacity) * UNIT)
        entering = np.full(len(hexes), sends, dtype=np.int64)
        entering = np.where(fire[hexes], scaled(entering, fire_share), entering)
        feeds.append(Feed(sends, hexes, entering))
    units = state.units_of(side)
    within = [bool(region[i]) if (i := graph.index.get(u.hex, -1)) >= 0 else False for u in units]
    miles = last_miles(graph, passable, carries, units, rules.last_mile_hexes)
    empty = np.zeros(0, dtype=np.int64)
    demands = [
        Demand(u.id, need_units(rules, u), mile if ok else empty)
        for u, mile, ok in zip(units, miles, within, strict=True)
    ]
    network = FlowNetwork(graph, region, capacity, feeds, demands)
    priority = priorities(state, side)
    classes = [
        [j for j, d in enumerate(demands) if priority.get(d.unit_id, "normal") == p] for p in PRIORITIES
    ]
    shares, rounds, split = shares_of(network, classes)
    road_open = graph.road_edges.copy()
    road_open[cut_edges] = False
    bottlenecks, groups = _short(network, rounds, road_open) if detail else ({}, ())
    need = {d.unit_id: d.need / UNIT for d in demands}
    delivered = {d.unit_id: float(shares[j] * d.need) / UNIT for j, d in enumerate(demands)}
    by_id = {d.unit_id: shares[j] for j, d in enumerate(demands)}
    return Delivery(
        side,
        ground,
        rules,
        need,
        delivered,
        by_id,
        bottlenecks,
        groups,
        capacity / UNIT,
        network,
        priority,
        split,
        carries,
    )


def priorities(state: GameState, side: str) -> dict[str, str]:
    """Supply priority of the side's units that are not normal (by unit id)."""
    chosen: Mapping[str, str] = getattr(state, "supply_priority", {})
    return {
        uid: p
        for uid, p in chosen.items()
        if p != "normal" and uid in state.units and state.units[uid].side == side
    }


def last_miles(
    graph: MapGraph, passable: BoolArray, carries: IntArray, units: list[Unit], steps: int
) -> list[IntArray]:
    """Hexes each unit can draw from: its own and those within ``steps`` of it over ground
    that carries supply towards it (a link whose capacity before fire is above 0: not an
    unbridged river in mud, not a cut road the ground beside it cannot carry) through open
    hexes (not enemy-held, enemy-occupied or in an enemy zone of control). All units are
    walked at once, one ring a step, each row kept free of repeats."""
    if not units:
        return []
    at = np.array([graph.index.get(u.hex, -1) for u in units], dtype=np.int64)
    rows = np.where((at >= 0) & passable[np.maximum(at, 0)], at, -1)[:, None]  # (units, hexes)
    into = graph.into_edges
    for _ in range(max(steps, 0)):
        safe = np.maximum(rows, 0)
        near = graph.neighbours[safe]  # (units, hexes, 6)
        edge = into[safe]  # the link from each neighbour into the row's hex
        usable = (rows[:, :, None] >= 0) & (near >= 0) & (edge >= 0)
        usable &= passable[np.maximum(near, 0)] & (carries[np.maximum(edge, 0)] > 0)
        near = np.where(usable, near, -1).reshape(len(units), -1)
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


Round = tuple[ArcNetwork, list[int], Fraction, FlowResult]  # network, units frozen, share, flow


def shares_of(
    network: FlowNetwork, classes: list[list[int]]
) -> tuple[list[Fraction], list[Round], Split | None]:
    """The fair shares of every demand: split at the first saturated cut when there is one
    priority (the ground behind each piece of it is shared out on its own, a small network),
    else class by class on the whole network."""
    needs = network.needs
    wanting = [j for members in classes for j in members if needs[j] > 0 and network.drawing[j]]
    levels = {p for p, members in enumerate(classes) for j in members if needs[j] > 0 and network.drawing[j]}
    if len(levels) > 1:
        return (*fair_shares(network, classes), None)
    shares = [ONE if needs[j] <= 0 else Fraction(0) for j in range(len(needs))]
    if not wanting:
        return shares, [], None
    caps = np.zeros(len(needs), dtype=np.int64)
    caps[wanting] = needs[wanting]
    first = network.share_flow(caps, 1)
    short = [j for j in wanting if not first.reached[network.unit_nodes[j]]]
    for j in wanting:
        shares[j] = ONE
    if not short:
        return shares, [], Split(first, None, {})
    label = _behind(network, first.reached)
    rounds: list[Round] = []
    parts: dict[int, SubNetwork] = {}
    for group in sorted({int(label[network.unit_nodes[j]]) for j in short}):
        nodes = (label == group) & ~first.reached
        nodes[network.sink] = False
        sub = parts[group] = SubNetwork(network, nodes, first.reached)
        local, found = sub_shares(sub)
        for k, j in enumerate(sub.demand_ids.tolist()):
            shares[j] = local[k]
        rounds += found
    return shares, rounds, Split(first, label, parts)


def sub_shares(sub: SubNetwork) -> tuple[list[Fraction], list[Round]]:
    """The fair shares of a sub-network's units, remembered per map by its digest."""
    memo: dict[bytes, tuple[list[Fraction], list[tuple[list[int], Fraction, FlowResult]]]]
    memo = sub.graph.memo("shares")
    key = sub.key()
    known = memo.get(key)
    if known is None:
        inside = [k for k in range(len(sub.needs)) if sub.needs[k] > 0 and sub.drawing[k]]
        local, found = fair_shares(sub, [inside])
        known = memo[key] = (local, [(members, level, result) for _, members, level, result in found])
        while len(memo) > _MEMO_SIZE:
            del memo[next(iter(memo))]
    local, found_rounds = known
    return local, [(sub, members, level, result) for members, level, result in found_rounds]


@dataclass(frozen=True)
class Split:
    """The first flow of the sharing (every unit capped at its need), the components of the
    nodes it cannot reach (``label``, -1 for the others) and the sub-network of each one that
    holds units short of their need."""

    first: FlowResult
    label: IntArray | None
    parts: Mapping[int, SubNetwork]


_MEMO_SIZE = 256  # sub-networks whose shares are remembered, per map


def fair_shares(network: ArcNetwork, classes: list[list[int]]) -> tuple[list[Fraction], list[Round]]:
    """Exact weighted max-min fair shares (weights: the needs), class after class.

    Each round finds the largest share ``λ`` every unit still rising can have at once, with
    the units frozen before keeping theirs. A flow caps the frozen units at their whole need
    (they cannot take more than they already have: the frozen set's deliveries are already
    the most it can receive) and the rising ones at ``λ × need``; when it falls short, the
    saturated cut it finds gives a lower ``λ``: what the cut carries, less what the frozen
    units behind it take, over the need of the rising units behind it. When the flow falls
    short no more, the rising units it cannot reach any further are frozen at ``λ``.
    """
    needs = network.needs.tolist()
    count = len(needs)
    shares = [ONE if needs[j] <= 0 else Fraction(0) for j in range(count)]
    frozen = np.zeros(count, dtype=bool)
    frozen_total = Fraction(0)  # what the frozen units receive together, in millionths
    rounds: list[Round] = []
    nodes = network.unit_nodes
    for members in classes:
        free = [j for j in members if needs[j] > 0 and network.drawing[j]]
        while free:
            level, result, behind = _level(network, needs, frozen, frozen_total, free)
            stopped = free if level == ONE else [j for j in free if not result.reached[nodes[j]]]
            stopped = stopped or behind
            for j in stopped:
                shares[j] = level
                frozen[j] = True
            frozen_total += level * sum(needs[j] for j in stopped)
            rounds.append((network, stopped, level, result))
            gone = set(stopped)
            free = [j for j in free if j not in gone]
    return shares, rounds


def _level(
    network: ArcNetwork, needs: list[int], frozen: BoolArray, frozen_total: Fraction, free: list[int]
) -> tuple[Fraction, FlowResult, list[int]]:
    """The largest share the free units can all have at once, the flow that delivers it and
    the free units behind the last cut that lowered it."""
    nodes = network.unit_nodes
    free_need = sum(needs[j] for j in free)
    frozen_caps = np.where(frozen, network.needs, 0)
    largest = network.largest_scale()
    level = ONE
    behind: list[int] = []
    while True:
        if level.denominator > largest:  # only on vast networks: round the share down
            level = Fraction(int(level * largest), largest)
        p, q = level.numerator, level.denominator
        caps = frozen_caps * q
        caps[free] = network.needs[free] * p
        result = network.share_flow(caps, q)
        if result.total >= frozen_total * q + p * free_need:
            return level, result, behind
        stopped = [j for j in free if not result.reached[nodes[j]]]
        if not stopped:
            return level, result, behind
        stopped_need = sum(needs[j] for j in stopped)
        lower = (Fraction(result.total - p * (free_need - stopped_need)) - frozen_total * q) / (
            q * stopped_need
        )
        if lower >= level:
            return level, result, stopped
        level, behind = max(lower, Fraction(0)), stopped


def _short(
    network: FlowNetwork, rounds: list[Round], road_open: BoolArray
) -> tuple[dict[str, tuple[Link, ...]], tuple[tuple[str, ...], ...]]:
    """The bottleneck of every unit frozen short of its need, and the groups behind one each."""
    demands = network.demands
    bottlenecks: dict[str, tuple[Link, ...]] = {d.unit_id: () for d in demands}
    found: list[tuple[str, ...]] = []
    for net, members, level, flow in rounds:
        if level >= ONE:
            continue
        label = _behind(net, flow.reached)
        ids = net.demand_ids if isinstance(net, SubNetwork) else np.arange(len(net.needs))
        by_group: dict[int, list[int]] = {}
        for j in members:
            by_group.setdefault(int(label[net.unit_nodes[j]]), []).append(j)
        for group, part in by_group.items():
            links = _bottleneck(network, net, flow, label, group, road_open)
            for j in part:
                bottlenecks[demands[int(ids[j])].unit_id] = links
            found.append(tuple(sorted(demands[int(ids[j])].unit_id for j in part)))
    return bottlenecks, tuple(sorted(found))


def _behind(network: ArcNetwork, reached: BoolArray) -> IntArray:
    """Component label of each node among the nodes the residual network cannot reach (the
    others are labelled -1). Only those nodes and the arcs among them are searched."""
    inside = ~reached
    inside[network.sink] = False
    arcs = inside[network.tail] & inside[network.head] & (network.capacity > 0)
    nodes = np.flatnonzero(inside)
    local = np.full(network.size, -1, dtype=np.int64)
    local[nodes] = np.arange(len(nodes))
    tails, heads = local[network.tail[arcs]], local[network.head[arcs]]
    matrix = csr_matrix((np.ones(len(tails), dtype=np.int8), (tails, heads)), shape=(len(nodes), len(nodes)))
    _, found = connected_components(matrix, directed=True, connection="weak")
    label = np.full(network.size, -1, dtype=np.int64)
    label[nodes] = found
    return label


def _bottleneck(
    whole: FlowNetwork, net: ArcNetwork, result: FlowResult, label: IntArray, group: int, road_open: BoolArray
) -> tuple[Link, ...]:
    """The saturated links into a group's ground, busiest first (``net`` is the network the
    flow was found in, ``whole`` the side's)."""
    reached = result.reached
    arcs = np.flatnonzero(
        reached[net.tail] & ~reached[net.head] & (label[net.head] == group) & (net.capacity > 0)
    )
    graph = whole.graph
    links = []
    for arc in arcs.tolist():
        tail, head, edge = int(net.link_tail[arc]), int(net.link_head[arc]), int(net.link_edge[arc])
        if head >= graph.size:
            continue  # into a unit's last mile or the sink: not a link on the ground
        cap = float(net.capacity[arc]) / UNIT
        flow = float(result.arc_flow[arc]) / (UNIT * result.scale)
        if edge >= 0:
            road = graph.map.road(graph.hexes[tail], graph.hexes[head])
            kind = road.road_class.value if road and road_open[edge] else ""
            links.append(Link(graph.hexes[tail], graph.hexes[head], cap, flow, kind))
        else:
            links.append(Link(None, graph.hexes[head], cap, flow, ""))
    links.sort(key=lambda link: (-link.flow, link.head, link.tail or link.head))
    return tuple(links)


def clear_cache(graph: MapGraph) -> None:
    """Forget the shares remembered for a map's sub-networks (the bench's from-scratch runs)."""
    graph.memo("shares").clear()
