"""Pockets and corridors: how close a side's forces are to being cut off.

A **pocket** is a group of units with no connection to any source: the connected region of
passable hexes they stand in, and the units in it.

A **force** is a group of supplied (or limited) units standing close together: units within
``Rules.force_link_hexes`` of each other belong to the same force. Its **corridor width** is
the fewest hexes the enemy must take to cut the force from all its sources: a minimum vertex
cut between the sources and the force's hexes, found by maximum flow on the graph of hexes
from which supply can still be traced (trace cost within ``max_trace_cost``; longer detours
do not supply anyone).

Only ground the enemy can contest counts: hexes within ``Rules.corridor_depth_hexes`` of a
hex the enemy blocks (holds, occupies or covers by zone of control). The force's own hexes,
the source hexes and hexes deeper in the rear are never part of the cut, so the cut lies in
the corridor, not around the units or at the map edge where the sources are. A force that
cannot be cut off this way (it stands on or next to a source, or is linked to one through
the rear) has no corridor and gets none. Of several equally narrow cuts, the one nearest the
force is reported: the neck of the corridor a facilitator would point at.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, maximum_flow

from wargame.core.gamemap import GameMap
from wargame.core.hexgrid import Hex, hex_range
from wargame.core.model import Rules, Unit
from wargame.core.rules.graph import BoolArray, IntArray, MapGraph
from wargame.core.rules.results import Corridor, Pocket, Supply, UnitSupply
from wargame.core.rules.supply import SupplyTrace

SUPPLIED = frozenset({Supply.SUPPLIED, Supply.LIMITED})


def pockets(trace: SupplyTrace, units: list[Unit], supply: dict[str, UnitSupply]) -> tuple[Pocket, ...]:
    """Encircled units grouped by the region they are trapped in."""
    graph = trace.graph
    by_region: dict[int, list[Unit]] = {}
    for unit in units:
        i = graph.index.get(unit.hex)
        if i is not None and supply[unit.id].supply is Supply.ENCIRCLED:
            by_region.setdefault(int(trace.component[i]), []).append(unit)
    result = []
    for region, members in by_region.items():
        hexes = graph.hexes_of(np.flatnonzero(trace.component == region))
        ids = tuple(sorted(u.id for u in members))
        result.append(Pocket(ids, hexes, force_name(graph.map, [u.hex for u in members])))
    return tuple(sorted(result, key=lambda p: p.units))


def forces(units: list[Unit], supply: dict[str, UnitSupply], link: int) -> list[list[Unit]]:
    """Supplied units grouped by proximity (single linkage within ``link`` hexes)."""
    members = sorted((u for u in units if supply[u.id].supply in SUPPLIED), key=lambda u: u.id)
    parent = list(range(len(members)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    at: dict[Hex, list[int]] = {}
    for i, unit in enumerate(members):
        at.setdefault(unit.hex, []).append(i)
    for i, unit in enumerate(members):
        for h in hex_range(unit.hex, link):
            for j in at.get(h, ()):
                parent[root(j)] = root(i)
    groups: dict[int, list[Unit]] = {}
    for i, unit in enumerate(members):
        groups.setdefault(root(i), []).append(unit)
    return sorted(groups.values(), key=lambda g: g[0].id)


def corridors(
    trace: SupplyTrace, units: list[Unit], supply: dict[str, UnitSupply], rules: Rules
) -> tuple[Corridor, ...]:
    """The corridor of every force that has one, narrowest first."""
    graph = trace.graph
    region = trace.reachable
    edges = region[graph.tail] & region[graph.head] & trace.obstacles.passable[graph.tail]
    enemy_ground = trace.obstacles.blocked & ~graph.water
    contested = graph.expand(enemy_ground, rules.corridor_depth_hexes)
    network = _Network(graph, region, edges, contested)
    result = []
    for force in forces(units, supply, rules.force_link_hexes):
        targets = graph.indices(u.hex for u in force)
        cut = network.min_vertex_cut(trace.sources, targets)
        if cut is None:
            continue
        ids = tuple(u.id for u in force)
        width = len(cut)
        name = force_name(graph.map, [u.hex for u in force])
        result.append(Corridor(ids, width, graph.map.layout.metres(width), graph.hexes_of(cut), name))
    return tuple(sorted(result, key=lambda c: (c.width_hexes, c.units)))


class _Network:
    """The split-vertex flow network of a region: each hex is an in-node and an out-node
    joined by an arc of capacity one, so a maximum flow counts hexes, not links."""

    def __init__(self, graph: MapGraph, region: BoolArray, edges: BoolArray, cuttable: BoolArray) -> None:
        self.nodes = np.flatnonzero(region)
        n = len(self.nodes)
        self.local = np.full(graph.size, -1, dtype=np.int64)
        self.local[self.nodes] = np.arange(n)
        self.n = n
        self.big = n + 1
        self.split = np.where(cuttable[self.nodes], 1, self.big).astype(np.int64)
        self.link_tail = n + self.local[graph.tail[edges]]  # out-node of the hex left
        self.link_head = self.local[graph.head[edges]]  # in-node of the hex entered

    def min_vertex_cut(self, sources: IntArray, targets: IntArray) -> IntArray | None:
        """Global indices of a minimum set of hexes separating targets from sources."""
        n, big = self.n, self.big
        src = self.local[sources]
        dst = self.local[targets]
        src, dst = src[src >= 0], dst[dst >= 0]
        if not len(src) or not len(dst):
            return None
        split = self.split.copy()
        split[src] = big
        split[dst] = big
        s, t = 2 * n, 2 * n + 1
        tails = np.concatenate((np.arange(n), self.link_tail, np.full(len(src), s), n + dst))
        heads = np.concatenate((n + np.arange(n), self.link_head, src, np.full(len(dst), t)))
        caps = np.concatenate((split, np.full(len(self.link_tail), big), np.full(len(src) + len(dst), big)))
        capacity = csr_matrix((caps.astype(np.int32), (tails, heads)), shape=(2 * n + 2, 2 * n + 2))
        capacity.sum_duplicates()
        result = maximum_flow(capacity, s, t)
        if result.flow_value >= big:
            return None
        return self.nodes[self._sink_side_cut(capacity, result.flow, t)]

    def _sink_side_cut(self, capacity: csr_matrix, flow: csr_matrix, t: int) -> IntArray:
        """Hexes whose out-node still reaches the sink in the residual graph but in-node does not."""
        residual = csr_matrix(capacity - flow)
        residual.data = (residual.data > 0).astype(np.int8)
        residual.eliminate_zeros()
        reaches_sink = np.zeros(2 * self.n + 2, dtype=bool)
        reaches_sink[breadth_first_order(residual.T.tocsr(), t, directed=True, return_predecessors=False)] = True
        n = self.n
        return np.flatnonzero(reaches_sink[n : 2 * n] & ~reaches_sink[:n])


def force_name(gamemap: GameMap, hexes: list[Hex]) -> str:
    """"Bakhmut garrison" or "forces near Khromove": after the place most of the units are at."""
    places = Counter(gamemap.place_name(h) for h in hexes)
    place, _ = min(places.items(), key=lambda item: (-item[1], item[0] == "", item[0]))
    if not place:
        return f"forces at {gamemap.label(min(hexes))}"
    if place.startswith("near "):
        return f"forces {place}"
    return f"{place} garrison"
