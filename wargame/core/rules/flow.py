"""Supply as a flow: the most supply points that can move from a side's sources to its units.

The network is the hex graph of the hexes supply can reach within ``max_trace_cost`` (see
:mod:`.supply`), each link carrying its capacity (see :mod:`.capacity`). A super-source
feeds each source stretch up to its capacity; each stretch feeds its open hexes. Each unit
draws its need from any open hex within ``Rules.last_mile_hexes`` of it (the last mile is
free). Capacities are whole hundredths of an SP, so the integer maximum flow is exact.

The flows are solved by OR-Tools' push-relabel ``SimpleMaxFlow`` (C++): one solver per network,
its capacities reset for each flow asked of it. scipy's ``maximum_flow`` gives the same totals
but costs about four times as much per flow on the Bakhmut map, and a turn asks for a dozen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python.max_flow import SimpleMaxFlow
from scipy.sparse import csr_matrix

from wargame.core.errors import WargameError
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
        order = np.argsort(self.tail, kind="stable")  # the arcs in compressed-row order
        self._rows = order
        self._columns = self.head[order].astype(np.int32)
        counts = np.bincount(self.tail, minlength=self.size)
        self._indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
        self._solver = SimpleMaxFlow()
        self._arcs = self._solver.add_arcs_with_capacity(self.tail, self.head, self.capacity)

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
        solver = self._solver
        solver.set_arcs_capacity(self._arcs, capacity)
        if solver.solve(self.source, self.sink) != solver.OPTIMAL:
            raise WargameError("the supply flow could not be solved (capacities out of range)")
        arc_flow = np.asarray(solver.flows(self._arcs), dtype=np.int64)
        reached = np.zeros(self.size, dtype=bool)
        reached[np.asarray(solver.get_source_side_min_cut(), dtype=np.int64)] = True
        return FlowResult(solver.optimal_flow() / SCALE, arc_flow / SCALE, reached)

    def arc_matrix(self, arcs: BoolArray) -> csr_matrix:
        """The selected arcs as a sparse graph (for scipy's graph searches)."""
        data = arcs[self._rows].astype(np.int8)
        # Copies: eliminate_zeros compacts the index arrays in place, and these are kept.
        structure = (data, self._columns.copy(), self._indptr.copy())
        matrix = csr_matrix(structure, shape=(self.size, self.size))
        matrix.eliminate_zeros()
        return matrix

    def unit_flow(self, result: FlowResult) -> FloatArray:
        """What each unit receives in a flow (demand order)."""
        return result.arc_flow[self.first_need :]

    def hex_throughput(self, result: FlowResult) -> FloatArray:
        """Supply passing into each hex in a flow (hexes only)."""
        inflow = np.bincount(self.head, weights=result.arc_flow, minlength=self.size)
        return np.asarray(inflow[: self.graph.size], dtype=np.float64)
