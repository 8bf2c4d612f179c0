"""Supply as a flow: the most supply points that can move from a side's sources to its units.

The network is the hex graph of the hexes supply can reach within ``max_trace_cost`` (see
:mod:`.supply`), each link carrying its capacity (see :mod:`.capacity`). A super-source
feeds each source stretch up to its capacity; each stretch feeds its open hexes. Each unit
draws its need from any open hex within ``Rules.last_mile_hexes`` of it (the last mile is
free). Capacities are whole hundredths of an SP, so scipy's integer maximum flow is exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, maximum_flow

from wargame.core.rules.capacity import SourceStretch
from wargame.core.rules.graph import BoolArray, FloatArray, IntArray, MapGraph

SCALE = 100  # capacities are counted in hundredths of a supply point
_MAX_SP = 1_000_000.0  # no link, source or need counts above this (keeps int32 exact)


def to_units(sp: FloatArray | float) -> IntArray:
    """Supply points as whole hundredths (capped, so int32 sums stay exact)."""
    scaled = np.rint(np.minimum(np.asarray(sp, dtype=np.float64), _MAX_SP) * SCALE)
    return np.asarray(scaled, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Demand:
    """A unit's draw on the network: its id, need in SP and the hexes it can draw from."""

    unit_id: str
    need: float
    hexes: IntArray


@dataclass(frozen=True)
class FlowResult:
    """One maximum flow: its total, and the flow on every network arc (in SP)."""

    total: float
    arc_flow: FloatArray
    reached: BoolArray  # nodes reachable from the super-source in the residual network


class FlowNetwork:
    """One side's supply network in one state, reused for every flow asked of it."""

    def __init__(
        self,
        graph: MapGraph,
        region: BoolArray,
        capacity: FloatArray,
        stretches: Sequence[tuple[SourceStretch, IntArray, FloatArray]],
        demands: Sequence[Demand],
    ) -> None:
        self.graph = graph
        self.demands = tuple(demands)
        n = graph.size
        self.source = n
        self.first_stretch = n + 1
        self.first_unit = self.first_stretch + len(stretches)
        self.sink = self.first_unit + len(self.demands)
        self.size = self.sink + 1
        links = region[graph.tail] & region[graph.head] & (capacity > 0)
        self.link_edges = np.flatnonzero(links)  # graph edge of each hex-to-hex arc
        tails = [graph.tail[links]]
        heads = [graph.head[links]]
        caps = [to_units(capacity[links])]
        for k, (stretch, hexes, shares) in enumerate(stretches):
            node = self.first_stretch + k
            tails.append(np.array([self.source], dtype=np.int64))
            heads.append(np.array([node], dtype=np.int64))
            caps.append(to_units(np.array([stretch.capacity])))
            tails.append(np.full(len(hexes), node, dtype=np.int64))
            heads.append(hexes)
            caps.append(to_units(stretch.capacity * shares))
        self.first_draw = int(sum(len(t) for t in tails))
        big = to_units(np.array([_MAX_SP]))
        for j, demand in enumerate(self.demands):
            node = self.first_unit + j
            draw = demand.hexes[region[demand.hexes]] if len(demand.hexes) else demand.hexes
            tails.append(draw)
            heads.append(np.full(len(draw), node, dtype=np.int64))
            caps.append(np.repeat(big, len(draw)))
        self.first_need = int(sum(len(t) for t in tails))
        tails.append(np.arange(self.first_unit, self.sink, dtype=np.int64))
        heads.append(np.full(len(self.demands), self.sink, dtype=np.int64))
        caps.append(to_units(np.array([d.need for d in self.demands])))
        self.tail = np.concatenate(tails)
        self.head = np.concatenate(heads)
        self.capacity = np.concatenate(caps)
        order = np.lexsort((self.head, self.tail))
        self._order = order
        self._sorted_keys = (self.tail * self.size + self.head)[order]

    def flow(self, needs: FloatArray | None = None, removed: Iterable[int] = ()) -> FlowResult:
        """Maximum flow to the units (``needs`` in demand order replaces their needs;
        ``removed`` hexes carry nothing, as if the enemy had taken them)."""
        capacity = self.capacity.copy()
        if needs is not None:
            capacity[self.first_need :] = to_units(needs)
        gone = list(removed)
        if gone:
            lost = np.isin(self.tail, gone) | np.isin(self.head, gone)
            capacity[lost] = 0
        keep = capacity > 0
        matrix = csr_matrix(
            (capacity[keep].astype(np.int32), (self.tail[keep], self.head[keep])),
            shape=(self.size, self.size),
        )
        result = maximum_flow(matrix, self.source, self.sink, method="dinic")
        arc_flow = self._arc_flow(result.flow)
        return FlowResult(result.flow_value / SCALE, arc_flow / SCALE, self._reached(capacity, arc_flow))

    def _arc_flow(self, flow: csr_matrix) -> IntArray:
        """Flow on every arc of this network, in hundredths of an SP (0 where none)."""
        coo = flow.tocoo()
        positive = coo.data > 0
        keys = coo.row[positive].astype(np.int64) * self.size + coo.col[positive]
        values = coo.data[positive].astype(np.int64)
        result = np.zeros(len(self.tail), dtype=np.int64)
        at = np.searchsorted(self._sorted_keys, keys)
        at = np.minimum(at, len(self._sorted_keys) - 1)
        hit = self._sorted_keys[at] == keys
        result[self._order[at[hit]]] = values[hit]
        return result

    def _reached(self, capacity: IntArray, arc_flow: IntArray) -> BoolArray:
        """Nodes still reachable from the super-source through arcs with room or flow to undo."""
        forward = arc_flow < capacity
        backward = arc_flow > 0
        tails = np.concatenate((self.tail[forward], self.head[backward]))
        heads = np.concatenate((self.head[forward], self.tail[backward]))
        residual = csr_matrix(
            (np.ones(len(tails), dtype=np.int8), (tails, heads)), shape=(self.size, self.size)
        )
        order = breadth_first_order(residual, self.source, directed=True, return_predecessors=False)
        reached = np.zeros(self.size, dtype=bool)
        reached[order] = True
        return reached

    def unit_flow(self, result: FlowResult) -> FloatArray:
        """What each unit receives in a flow (demand order)."""
        return result.arc_flow[self.first_need :]

    def hex_throughput(self, result: FlowResult) -> FloatArray:
        """Supply passing into each hex in a flow (hexes only)."""
        inflow = np.zeros(self.size)
        np.add.at(inflow, self.head, result.arc_flow)
        return inflow[: self.graph.size]
