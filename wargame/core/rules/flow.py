"""Supply as a flow: the most supply that can move from a side's sources to its units.

The network is the hex graph of the hexes supply can reach within ``max_trace_cost`` (see
:mod:`.supply`), each link carrying its capacity (see :mod:`.capacity`). A super-source
feeds each source stretch up to its capacity; each stretch feeds its open hexes. Each unit
within reach draws from the hexes of its last mile (see :mod:`.delivery`). Capacities are
whole millionths of an SP, so the integer maximum flow is exact; a flow may be asked with
every capacity multiplied by a whole number (the denominator of a fair share being tried).

The flows are solved by OR-Tools' push-relabel ``SimpleMaxFlow`` (C++, 64-bit capacities):
one solver per network, its capacities reset for each flow asked of it.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np
from ortools.graph.python.max_flow import SimpleMaxFlow

from wargame.core.errors import WargameError
from wargame.core.rules.capacity import UNIT
from wargame.core.rules.graph import BoolArray, FloatArray, IntArray, MapGraph

LARGEST = 2**62  # no scaled capacity may exceed this (OR-Tools counts in signed 64 bits)


@dataclass(frozen=True, slots=True)
class Demand:
    """A unit's draw on the network: its id, need in millionths of an SP and the hexes it
    can draw from (none when it is beyond reach)."""

    unit_id: str
    need: int
    hexes: IntArray


@dataclass(frozen=True, slots=True)
class Feed:
    """A source stretch: what it sends, the hexes it enters through and what each lets in."""

    capacity: int
    hexes: IntArray
    shares: IntArray


@dataclass(frozen=True)
class FlowResult:
    """One maximum flow: its total and the flow on every arc, in millionths × ``scale``."""

    total: int
    arc_flow: IntArray
    reached: BoolArray  # nodes reachable from the super-source in the residual network
    scale: int = 1

    @property
    def total_sp(self) -> float:
        return self.total / (UNIT * self.scale)

    def sp(self, arcs: IntArray) -> FloatArray:
        return np.asarray(arcs / (UNIT * self.scale), dtype=np.float64)


class ArcNetwork:
    """Arcs with integer capacities from a source to a sink through unit nodes, one solver
    reused for every flow asked of it. ``unit_nodes[j]`` is the node of demand ``j`` and
    ``need_arcs[j]`` its arc to the sink; ``arc_global`` names each arc in the side's whole
    network (the same arc here)."""

    graph: MapGraph
    tail: IntArray
    head: IntArray
    capacity: IntArray  # as the rules give them
    capped: IntArray  # no more than all the units need together (for sharing)
    source: int
    sink: int
    size: int
    needs: IntArray
    unit_nodes: IntArray
    need_arcs: IntArray
    arc_global: IntArray
    drawing: BoolArray  # the unit can draw from some hex (it is within reach)
    # Each arc as the side's whole network has it: its tail and head node there, and the
    # graph edge of a hex-to-hex link (-1 for the other arcs).
    link_tail: IntArray
    link_head: IntArray
    link_edge: IntArray
    _solver: SimpleMaxFlow | None = None

    def _build(self) -> None:
        self.total_need = int(self.needs.sum())
        self.capped = np.minimum(self.capacity, max(self.total_need, 1))

    def _prepare(self) -> SimpleMaxFlow:
        """The solver, made on first use."""
        if self._solver is None:
            self._solver = SimpleMaxFlow()
            self._arcs = self._solver.add_arcs_with_capacity(self.tail, self.head, self.capacity)
        return self._solver

    def largest_scale(self) -> int:
        """The largest factor capacities may be multiplied by in :meth:`share_flow`."""
        return max(1, LARGEST // max(int(self.capped.max(initial=1)), 1))

    def share_flow(self, sink_caps: IntArray, scale: int) -> FlowResult:
        """Maximum flow with every capacity × ``scale`` and each unit capped at ``sink_caps``
        (already scaled, demand order)."""
        capacity = self.capped * scale
        capacity[self.need_arcs] = sink_caps
        return self._solve(capacity, scale)

    def _solve(self, capacity: IntArray, scale: int) -> FlowResult:
        solver = self._prepare()
        solver.set_arcs_capacity(self._arcs, capacity)
        if solver.solve(self.source, self.sink) != solver.OPTIMAL:
            raise WargameError("the supply flow could not be solved (capacities out of range)")
        arc_flow = np.asarray(solver.flows(self._arcs), dtype=np.int64)
        reached = np.zeros(self.size, dtype=bool)
        reached[np.asarray(solver.get_source_side_min_cut(), dtype=np.int64)] = True
        return FlowResult(int(solver.optimal_flow()), arc_flow, reached, scale)

    def node_of(self, parent_node: int) -> int:
        """This network's node for a node of the side's whole network (-1: not here)."""
        return parent_node

    def without(self, node: int) -> Self:
        """The same network with one node's arcs carrying nothing (it shares this one's
        solver: every flow sets all capacities)."""
        self._prepare()
        other = copy.copy(self)
        other.capacity = np.where((self.tail == node) | (self.head == node), 0, self.capacity)
        other._build()
        return other

    def unit_flow(self, result: FlowResult) -> IntArray:
        """What each unit receives in a flow (demand order, in the flow's units)."""
        return result.arc_flow[self.need_arcs]


class FlowNetwork(ArcNetwork):
    """One side's supply network in one state, reused for every flow asked of it."""

    def __init__(
        self,
        graph: MapGraph,
        region: BoolArray,
        capacity: IntArray,
        feeds: Sequence[Feed],
        demands: Sequence[Demand],
    ) -> None:
        self.graph = graph
        self.demands = tuple(demands)
        n = graph.size
        self.source = n
        self.first_stretch = n + 1
        self.first_unit = self.first_stretch + len(feeds)
        self.sink = self.first_unit + len(self.demands)
        self.size = self.sink + 1
        self.needs = np.array([d.need for d in self.demands], dtype=np.int64)
        links = region[graph.tail] & region[graph.head] & (capacity > 0)
        self.link_edges = np.flatnonzero(links)  # graph edge of each hex-to-hex arc
        tails = [graph.tail[links]]
        heads = [graph.head[links]]
        caps = [capacity[links]]
        for k, feed in enumerate(feeds):
            node = self.first_stretch + k
            inside = region[feed.hexes]
            tails += [np.array([self.source]), np.full(int(inside.sum()), node)]
            heads += [np.array([node]), feed.hexes[inside]]
            caps += [np.array([feed.capacity]), feed.shares[inside]]
        self.supply_total = int(sum(f.capacity for f in feeds))
        self.first_mile = int(sum(len(t) for t in tails))
        owners = []
        for j, demand in enumerate(self.demands):
            draw = demand.hexes[region[demand.hexes]] if len(demand.hexes) else demand.hexes
            tails.append(draw)
            heads.append(np.full(len(draw), self.first_unit + j))
            caps.append(np.full(len(draw), demand.need))
            owners.append(np.full(len(draw), j))
        self.mile_owner = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int64)
        self.first_need = int(sum(len(t) for t in tails))
        tails.append(np.arange(self.first_unit, self.sink))
        heads.append(np.full(len(self.demands), self.sink))
        caps.append(self.needs)
        self.tail = np.concatenate(tails).astype(np.int64)
        self.head = np.concatenate(heads).astype(np.int64)
        self.capacity = np.concatenate(caps).astype(np.int64)  # as the rules give them
        self.unit_nodes = np.arange(self.first_unit, self.sink, dtype=np.int64)
        self.need_arcs = np.arange(self.first_need, len(self.tail), dtype=np.int64)
        self.arc_global = np.arange(len(self.tail), dtype=np.int64)
        self.link_tail, self.link_head = self.tail, self.head
        self.link_edge = np.full(len(self.tail), -1, dtype=np.int64)
        self.link_edge[: len(self.link_edges)] = self.link_edges
        self.drawing = np.array([len(d.hexes) > 0 for d in self.demands], dtype=bool)
        self._drawn: tuple[IntArray, IntArray] | None = None
        # For sharing, no arc needs to carry more than all the units need together: capping
        # there changes no delivery and keeps capacities × a share's denominator in 64 bits.
        self._build()

    def drawing_from(self, hex_index: int) -> list[int]:
        """The demands whose last mile holds this hex (within reach or not)."""
        if self._drawn is None:
            lengths = [len(d.hexes) for d in self.demands]
            hexes = [d.hexes for d in self.demands]
            every = np.concatenate(hexes) if hexes else np.zeros(0, dtype=np.int64)
            self._drawn = (every, np.repeat(np.arange(len(lengths)), lengths))
        every, owners = self._drawn
        return sorted(set(owners[every == hex_index].tolist()))

    def flow(self, unit_caps: IntArray | None = None, removed: Iterable[int] = ()) -> FlowResult:
        """Maximum flow to the units at scale 1 (``unit_caps`` in millionths replaces their
        needs, a negative cap meaning no limit; ``removed`` hexes carry nothing)."""
        capacity = self.capacity.copy()
        if unit_caps is not None:
            caps = np.asarray(unit_caps, dtype=np.int64)
            free = caps < 0
            caps = np.where(free, self.supply_total, caps)
            capacity[self.first_need :] = caps
            miles = slice(self.first_mile, self.first_need)
            capacity[miles] = np.where(free[self.mile_owner], self.supply_total, capacity[miles])
        gone = list(removed)
        if gone:
            lost = np.isin(self.tail, gone) | np.isin(self.head, gone)
            capacity[lost] = 0
        return self._solve(capacity, 1)

    def hex_throughput(self, result: FlowResult) -> FloatArray:
        """Supply passing into each hex in a flow, in SP (hexes only)."""
        inflow = np.bincount(self.head, weights=result.arc_flow.astype(np.float64), minlength=self.size)
        return np.asarray(inflow[: self.graph.size] / (UNIT * result.scale), dtype=np.float64)


class SubNetwork(ArcNetwork):
    """The ground behind one saturated cut of a side's network, fed by the cut's arcs.

    In a maximum flow that gives every unit at most its need, the units the residual network
    still reaches get all of it, and every arc of the minimum cut is full: so what lies behind
    the cut shares exactly what its arcs carry, whatever happens elsewhere. The sub-network is
    that ground (``nodes``, one weakly connected piece of it), its arcs, and one feed from the
    source per cut arc into it, with that arc's capacity.
    """

    def __init__(self, parent: ArcNetwork, nodes: BoolArray, reached: BoolArray) -> None:
        self.graph = parent.graph
        local = np.full(parent.size, -1, dtype=np.int64)
        kept = self.kept = np.flatnonzero(nodes)  # the parent's node of each node here
        local[kept] = np.arange(len(kept))
        count = len(kept)
        self.source, self.sink, self.size = count, count + 1, count + 2
        positive = parent.capacity > 0
        inner = nodes[parent.tail] & nodes[parent.head] & positive
        feeds = reached[parent.tail] & nodes[parent.head] & positive
        inner &= parent.head != parent.sink
        mine = np.flatnonzero(nodes[parent.unit_nodes])  # parent demand indices
        self.demand_ids = mine
        self.needs = parent.needs[mine]
        self.unit_nodes = local[parent.unit_nodes[mine]]
        self.drawing = parent.drawing[mine]
        inner_arcs, feed_arcs = np.flatnonzero(inner), np.flatnonzero(feeds)
        need_arcs = parent.need_arcs[mine]
        self.tail = np.concatenate(
            (local[parent.tail[inner_arcs]], np.full(len(feed_arcs), self.source), self.unit_nodes)
        ).astype(np.int64)
        self.head = np.concatenate(
            (local[parent.head[inner_arcs]], local[parent.head[feed_arcs]], np.full(len(mine), self.sink))
        ).astype(np.int64)
        self.capacity = np.concatenate(
            (parent.capacity[inner_arcs], parent.capacity[feed_arcs], parent.capacity[need_arcs])
        ).astype(np.int64)
        self.arc_global = parent.arc_global[np.concatenate((inner_arcs, feed_arcs, need_arcs))]
        self.link_tail = parent.link_tail[self.arc_global]
        self.link_head = parent.link_head[self.arc_global]
        self.link_edge = parent.link_edge[self.arc_global]
        first_need = len(inner_arcs) + len(feed_arcs)
        self.need_arcs = np.arange(first_need, first_need + len(mine), dtype=np.int64)
        self._build()

    def node_of(self, parent_node: int) -> int:
        at = int(np.searchsorted(self.kept, parent_node))
        return at if at < len(self.kept) and int(self.kept[at]) == parent_node else -1

    def key(self) -> bytes:
        """A digest of everything its fair shares depend on (equal sub-networks share them)."""
        digest = hashlib.blake2b(digest_size=20)
        for part in (
            self.tail,
            self.head,
            self.capacity,
            self.needs,
            self.drawing,
            self.link_tail,
            self.link_head,
        ):
            digest.update(np.ascontiguousarray(part).tobytes())
            digest.update(b"|")
        return digest.digest()
