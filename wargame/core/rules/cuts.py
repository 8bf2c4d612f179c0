"""Minimum vertex cuts: the fewest hexes whose loss separates a force from its sources.

The network is the hexes from which supply can be traced (the *region*). Hexes the enemy
can take (*cuttable*) carry one unit of capacity; every other hex (the force's own, the
sources, the deep rear) carries unlimited capacity. The rear hexes joined to a source
without crossing a cuttable hex form the *base*; the force's hexes, with any uncuttable
hexes joined to them, form its *hold*. The maximum number of hex-disjoint paths from the
hold to the base is the width, and the hexes cut nearest the hold are reported.

Cuts are found by augmenting paths searched depth-first from the hold, heading for the base
first, so each search touches little more than the path it finds; a search that grows past a
budget hands over to scipy's maximum flow on the whole region. Both give the same, unique,
hold-side cut (the set reached from the hold when no path is left does not depend on the
order of the search).
"""

from __future__ import annotations

from collections import deque

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, connected_components, dijkstra, maximum_flow

from wargame.core.rules.graph import BoolArray, FloatArray, IntArray, MapGraph

SEARCH_BUDGET = 3000  # node visits before the local search hands over to scipy


# Cuts found before, per map (kept by its graph) and force: reused while every hex the search
# read is unchanged.
CutKey = tuple[int, tuple[int, ...]]  # widest cut searched, force hexes
CachedCut = tuple[IntArray, npt.NDArray[np.int8], IntArray | None]  # hexes read, their codes, cut
_CUTS_SIZE = 4096


class CutNetwork:
    """One side's flow network: region, cuttable hexes and base; reused for every force."""

    def __init__(
        self, graph: MapGraph, region: BoolArray, cuttable: BoolArray, sources: IntArray, widest: int
    ) -> None:
        self.graph = graph
        self.widest = widest  # wider cuts are not searched for: the answer is "too wide"
        self.region = region
        self.cuttable = cuttable & region
        self.cuttable[sources] = False
        self.sources = sources
        self.base = self._base()
        # What a search may read of each hex; a cached cut stays valid while these agree.
        self.code = (
            region.astype(np.int8) | (self.cuttable.astype(np.int8) << 1) | (self.base.astype(np.int8) << 2)
        )
        self._lists: tuple[list[bool], list[bool], list[bool], list[float]] | None = None
        self._toward: dict[int, list[int]] = {}
        self._out_steps: dict[int, list[int]] = {}

    def _base(self) -> BoolArray:
        """Uncuttable region hexes joined to a source through uncuttable hexes."""
        graph = self.graph
        solid = self.region & ~self.cuttable
        if not len(self.sources):
            return np.zeros(graph.size, dtype=bool)
        edges = solid[graph.tail] & solid[graph.head]  # symmetric: strong components need no transpose
        _, label = connected_components(graph.subgraph(edges), directed=True, connection="strong")
        return np.isin(label, label[self.sources]) & solid

    @property
    def lists(self) -> tuple[list[bool], list[bool], list[bool], list[float]]:
        """Region, cuttable, base and steps to the base per hex as lists, for the local search."""
        if self._lists is None:
            self._lists = (
                self.region.tolist(),
                self.cuttable.tolist(),
                self.base.tolist(),
                self._distance_to_base().tolist(),
            )
        return self._lists

    def toward_base(self, i: int) -> list[int]:
        """Region neighbours of hex i, nearest the base first (cached per hex)."""
        found = self._toward.get(i)
        if found is None:
            inside, _, _, distance = self.lists
            found = sorted((v for v in self.graph.adjacency[i] if inside[v]), key=distance.__getitem__)
            self._toward[i] = found
        return found

    def out_steps(self, i: int) -> list[int]:
        """In-nodes of hex i's region neighbours, nearest the base first (cached per hex)."""
        found = self._out_steps.get(i)
        if found is None:
            found = [2 * v for v in self.toward_base(i)]
            self._out_steps[i] = found
        return found

    def _distance_to_base(self) -> FloatArray:
        """Steps from each region hex to the base, which steers the search straight there."""
        graph = self.graph
        base = np.flatnonzero(self.base)
        if not len(base):
            return np.full(graph.size, np.inf)
        edges = self.region[graph.tail] & self.region[graph.head]
        steps = dijkstra(graph.subgraph(edges), indices=base, min_only=True, unweighted=True)
        return np.asarray(steps, dtype=np.float64)

    def min_cut(self, targets: IntArray) -> IntArray | None:
        """Hexes of the hold-side minimum cut; None when the force cannot be cut off by taking
        at most ``widest`` hexes."""
        if not len(targets) or not len(self.sources):
            return None
        cuts: dict[CutKey, CachedCut] = self.graph.memo("cuts")
        key = (self.widest, tuple(targets.tolist()))
        cached = cuts.get(key)
        if cached is not None and np.array_equal(self.code[cached[0]], cached[1]):
            return cached[2]
        read: set[int] = set(targets.tolist())
        cut = self._find_cut(targets, read)
        if read:
            touched = np.array(sorted(read), dtype=np.int64)
            around = self.graph.neighbours[touched].ravel()
            touched = np.union1d(touched, around[around >= 0])
            if len(cuts) >= _CUTS_SIZE:
                del cuts[next(iter(cuts))]
            cuts[key] = (touched, self.code[touched], cut)
        return cut

    def _find_cut(self, targets: IntArray, read: set[int]) -> IntArray | None:
        """The cut, noting in ``read`` the hexes looked at (emptied when the search went global)."""
        targets = targets[self.region[targets]]
        if not len(targets):
            return None
        hold = self._hold(targets.tolist(), read)
        if hold is None:
            return None
        flow = _LocalFlow(self, hold, read)
        local = flow.run()
        if flow.paths > self.widest or local == set():
            return None
        if local is not None:
            return np.array(sorted(local), dtype=np.int64)
        read.clear()
        cut = self._global_cut(np.array(sorted(hold), dtype=np.int64))
        return cut if cut is not None and len(cut) else None  # no cut: not joined to the base at all

    def _hold(self, targets: list[int], read: set[int]) -> set[int] | None:
        """The force's hexes with the uncuttable hexes joined to them; None if that reaches the base."""
        hold = set(targets)
        queue = deque(targets)
        adjacency = self.graph.adjacency
        inside, cuttable, base, _ = self.lists
        while queue:
            i = queue.popleft()
            read.add(i)
            if base[i]:
                return None
            for v in adjacency[i]:
                if inside[v] and v not in hold and not cuttable[v]:
                    hold.add(v)
                    queue.append(v)
        return hold

    def _global_cut(self, hold: IntArray) -> IntArray | None:
        """The same cut by scipy's maximum flow on the split-hex network of the whole region."""
        graph = self.graph
        nodes = np.flatnonzero(self.region)
        n = len(nodes)
        local = np.full(graph.size, -1, dtype=np.int64)
        local[nodes] = np.arange(n)
        big = n + 1
        edges = self.region[graph.tail] & self.region[graph.head]
        split = np.where(self.cuttable[nodes], 1, big)
        base, dst = local[np.flatnonzero(self.base)], local[hold]
        split[dst] = big
        s, t = 2 * n, 2 * n + 1
        tails = np.concatenate((np.arange(n), n + local[graph.tail[edges]], np.full(len(base), s), n + dst))
        heads = np.concatenate((n + np.arange(n), local[graph.head[edges]], base, np.full(len(dst), t)))
        caps = np.concatenate((split, np.full(int(edges.sum()) + len(base) + len(dst), big)))
        capacity = csr_matrix((caps.astype(np.int32), (tails, heads)), shape=(2 * n + 2, 2 * n + 2))
        result = maximum_flow(capacity, s, t)
        if result.flow_value > self.widest:
            return None
        residual = csr_matrix(capacity - result.flow)
        residual.data = (residual.data > 0).astype(np.int8)
        residual.eliminate_zeros()
        reaches = np.zeros(2 * n + 2, dtype=bool)
        reaches[breadth_first_order(residual.T.tocsr(), t, directed=True, return_predecessors=False)] = True
        return np.sort(nodes[np.flatnonzero(reaches[n : 2 * n] & ~reaches[:n])])


class _LocalFlow:
    """Augmenting paths from a hold outward to the base, over split hexes (in and out nodes).

    Node ``2*i`` is hex i's in-node and ``2*i+1`` its out-node; in -> out carries the hex's
    capacity, out -> in of a neighbour is unlimited. Flow runs from the hold to the base,
    which has the same cuts as from the base to the hold (links are symmetric).
    """

    def __init__(self, network: CutNetwork, hold: set[int], read: set[int]) -> None:
        self.network = network
        self.hold = hold
        self.read = read
        self.through: dict[int, int] = {}  # flow through a hex (in -> out)
        self.incoming: dict[int, dict[int, int]] = {}  # v -> {u: flow on out_u -> in_v}
        self.visits = 0
        self.paths = 0  # augmenting paths found: the flow so far

    def run(self) -> set[int] | None:
        """The hold-side cut, or None if the search outgrew its budget (or, with ``paths``
        above the network's ``widest``, the cut is too wide to matter)."""
        inside = self.network.lists[0]
        adjacency = self.network.graph.adjacency
        ring = {v for h in self.hold for v in adjacency[h] if inside[v] and v not in self.hold}
        while self.paths <= self.network.widest:
            if self.paths == len(ring):
                # As many paths as hexes around the hold: that ring is a minimum cut, and no
                # cut lies nearer the hold, so it is the hold-side one (no last search needed).
                return ring
            found = self._search()
            if found is None:
                return None
            reached, end = found
            if end < 0:
                cuttable = self.network.lists[1]
                return {
                    i
                    for i in {n >> 1 for n in reached}
                    if cuttable[i] and (2 * i) in reached and (2 * i + 1) not in reached
                }
            self._augment(reached, end)
            self.paths += 1
        return set()

    def _search(self) -> tuple[dict[int, int], int] | None:
        """Depth-first search of the residual graph, heading for the base first.

        Returns the predecessor of every node reached and the base in-node found, or -1
        when the base cannot be reached (then the nodes reached show the cut). Written as
        one loop over local names: it is the innermost loop of the whole analysis.
        """
        network = self.network
        _, cuttable, base, _ = network.lists
        out_steps, through, incoming = network.out_steps, self.through, self.incoming
        previous = {2 * i + 1: -1 for i in self.hold}
        nodes = list(previous)
        choices = [out_steps(node >> 1) for node in nodes]
        tried = [0] * len(nodes)  # the stack: node, its residual arcs, how many were tried
        budget = SEARCH_BUDGET - self.visits
        found = -1
        while nodes:
            steps, position = choices[-1], tried[-1]
            count = len(steps)
            while position < count and steps[position] in previous:
                position += 1
            if position == count:
                nodes.pop(), choices.pop(), tried.pop()
                continue
            tried[-1] = position + 1
            step = steps[position]
            previous[step] = nodes[-1]
            budget -= 1
            if budget < 0:
                return None
            i = step >> 1
            if step & 1:  # out-node: on to the neighbours' in-nodes, or back through its hex
                arcs = out_steps(i)
                if through.get(i):
                    arcs = [*arcs, step - 1]
            elif base[i]:
                found = step
                break
            else:  # in-node: through its hex if it has room, or back along incoming flow
                arcs = [2 * u + 1 for u in incoming[i]] if i in incoming else []
                if not cuttable[i] or not through.get(i):
                    arcs.insert(0, step + 1)
            nodes.append(step)
            choices.append(arcs)
            tried.append(0)
        self.visits = SEARCH_BUDGET - budget
        self.read.update(node >> 1 for node in previous)
        return previous, found

    def _augment(self, previous: dict[int, int], end: int) -> None:
        node = end
        while previous[node] >= 0:
            before = previous[node]
            i, j = before >> 1, node >> 1
            if i == j:  # through a hex: forwards (in -> out) or back (out -> in)
                self.through[i] = self.through.get(i, 0) + (1 if node & 1 else -1)
            elif before & 1:  # out_i -> in_j along a link
                flows = self.incoming.setdefault(j, {})
                flows[i] = flows.get(i, 0) + 1
            else:  # in_i -> out_j: undoing flow on out_j -> in_i
                flows = self.incoming[i]
                flows[j] -= 1
                if not flows[j]:
                    del flows[j]
            node = before


def clear_cache(graph: MapGraph) -> None:
    """Forget the cuts cached for a map (tests compare cached and from-scratch results)."""
    graph.memo("cuts").clear()
