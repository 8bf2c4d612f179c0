"""The static hex graph of a map, as arrays: built once per map and reused by every analysis.

Hexes are numbered in sorted order (so index order is hex order and outputs come out
sorted for free). Every directed link between neighbouring hexes is an *edge*; edges are
stored grouped by their tail hex, so a compressed sparse row graph of any subset of them is
a cheap mask away. Trace costs depend on the scenario's rules and are cached per rule set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix

from wargame.core.errors import GameFileError, MapDataError
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Rules, Segment, Terrain
from wargame.core.rule_check import RuleError, check_rules

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class EdgeCosts:
    """Trace cost of every edge under one rule set: by road, and cross-country."""

    road: FloatArray  # inf where no road runs along the edge
    offroad: FloatArray  # terrain of the hex entered, plus the river crossing when unbridged


@dataclass(eq=False)
class MapGraph:
    """Arrays describing one map's hexes and links. Treat as read-only."""

    map: GameMap
    hexes: tuple[Hex, ...]
    index: dict[Hex, int]
    neighbours: IntArray  # (hexes, 6), -1 where the neighbour is off the map
    tail: IntArray  # edge -> hex it leaves
    head: IntArray  # edge -> hex it enters
    indptr: IntArray  # CSR row pointers of all edges (edges are sorted by tail)
    water: BoolArray
    segment_edges: dict[Segment, tuple[int, int]]  # road segment -> its two directed edges
    _adjacency: list[list[int]] | None = None
    _costs: dict[tuple[object, ...], EdgeCosts] = field(default_factory=dict)
    _routes: dict[tuple[str, Hex, Hex], tuple[Hex, ...] | None] = field(default_factory=dict)
    _capacities: dict[tuple[object, ...], IntArray] = field(default_factory=dict)
    _memos: dict[str, dict[Any, Any]] = field(default_factory=dict)

    def memo(self, name: str) -> dict[Any, Any]:
        """A cache the rules keep for this map's graph (zones of control, cuts), by name."""
        return self._memos.setdefault(name, {})

    @property
    def size(self) -> int:
        return len(self.hexes)

    @property
    def adjacency(self) -> list[list[int]]:
        """Neighbour indices of every hex as plain lists, for searches written in Python."""
        if self._adjacency is None:
            self._adjacency = [[v for v in row if v >= 0] for row in self.neighbours.tolist()]
        return self._adjacency

    def indices(self, hexes: Iterable[Hex]) -> IntArray:
        """Indices of the hexes that lie on the map (others are ignored)."""
        found = [self.index[h] for h in hexes if h in self.index]
        return np.array(sorted(set(found)), dtype=np.int64)

    def mask(self, hexes: Iterable[Hex]) -> BoolArray:
        result = np.zeros(self.size, dtype=bool)
        result[self.indices(hexes)] = True
        return result

    def hexes_of(self, mask_or_indices: BoolArray | IntArray) -> tuple[Hex, ...]:
        """Hexes of a mask or index array, in sorted order."""
        if mask_or_indices.dtype == bool:
            indices = np.flatnonzero(mask_or_indices)
        else:
            indices = np.sort(mask_or_indices)
        hexes = self.hexes
        return tuple([hexes[i] for i in indices.tolist()])

    def expand(self, mask: BoolArray, steps: int) -> BoolArray:
        """Hexes within ``steps`` links of the mask (the mask included)."""
        result = mask.copy()
        if steps <= 0:
            return result
        # Only the mask's edge can reach new hexes: start from hexes with a neighbour outside.
        frontier = np.unique(self.tail[mask[self.tail] & ~mask[self.head]])
        for _ in range(steps):
            if not len(frontier):
                break
            reached = self.neighbours[frontier].ravel()
            reached = np.unique(reached[reached >= 0])
            frontier = reached[~result[reached]]
            result[frontier] = True
        return result

    def subgraph(self, edge_mask: BoolArray, weights: FloatArray | None = None) -> csr_matrix:
        """Sparse graph of the selected edges (weights default to 1)."""
        counts = np.bincount(self.tail[edge_mask], minlength=self.size)
        indptr = np.concatenate(([0], np.cumsum(counts)))
        data = np.ones(int(indptr[-1])) if weights is None else weights[edge_mask]
        return csr_matrix((data, self.head[edge_mask], indptr), shape=(self.size, self.size))

    @cached_property
    def edge_hexes(self) -> BoolArray:
        """Hexes on the map's edge (fewer than six neighbours on the map)."""
        return np.asarray((self.neighbours < 0).any(axis=1))

    @cached_property
    def river_edges(self) -> IntArray:
        """Edges that cross a river or canal (without a bridge unless a road runs along them)."""
        found = [e for s in self.map.river_crossings if _on(self, s) for e in _edges_of(self, s)]
        return np.array(sorted(found), dtype=np.int64)

    @cached_property
    def road_edges(self) -> BoolArray:
        """Edges a road runs along (cut or not)."""
        mask = np.zeros(len(self.tail), dtype=bool)
        for forward, backward in self.segment_edges.values():
            mask[forward] = mask[backward] = True
        return mask

    @cached_property
    def slot_edges(self) -> IntArray:
        """(hexes, 6): the edge leaving each hex towards each neighbour slot (-1 off the map)."""
        valid = self.neighbours >= 0
        rank = np.cumsum(valid, axis=1) - 1
        result = np.where(valid, self.indptr[:-1, None] + rank, -1)
        return np.asarray(result, dtype=np.int64)

    @cached_property
    def reverse_edges(self) -> IntArray:
        """The edge running the other way of each edge (head to tail)."""
        n = self.size
        keys = self.tail * n + self.head  # sorted: edges are grouped by tail, heads in slot order
        order = np.argsort(keys, kind="stable")
        found = np.searchsorted(keys[order], self.head * n + self.tail)
        return np.asarray(order[found], dtype=np.int64)

    @cached_property
    def into_edges(self) -> IntArray:
        """(hexes, 6): the edge entering each hex from each neighbour slot (-1 off the map)."""
        slots = self.slot_edges
        return np.where(slots >= 0, self.reverse_edges[np.maximum(slots, 0)], -1)

    def capacity_cache(self, key: tuple[object, ...], build: Callable[[], IntArray]) -> IntArray:
        """Static capacities per rule set, built once (treat the array as read-only)."""
        if key not in self._capacities:
            self._capacities[key] = build()
        return self._capacities[key]

    def costs(self, rules: Rules) -> EdgeCosts:
        """Edge costs under ``rules``; GameFileError when a cost is not a positive number."""
        key = rules_key(rules)
        if key not in self._costs:
            check_costs(rules)
            self._costs[key] = self._build_costs(rules)
        return self._costs[key]

    def route_hexes(self, road: str, start: Hex, end: Hex) -> tuple[Hex, ...] | None:
        """Hexes of a named route along its road, or None when the road does not join its ends."""
        key = (road, start, end)
        if key not in self._routes:
            try:
                self._routes[key] = self.map.road_path(road, start, end)
            except MapDataError:
                self._routes[key] = None
        return self._routes[key]

    def _build_costs(self, rules: Rules) -> EdgeCosts:
        gamemap = self.map
        road = np.full(len(self.tail), np.inf)
        for segment, (forward, backward) in self.segment_edges.items():
            link = gamemap.roads[segment]
            road[forward] = road[backward] = rules.road_cost.get(link.road_class.value, np.inf)
        terrain = np.array(
            [rules.terrain_cost.get(gamemap.hexes[h].terrain.value, np.inf) for h in self.hexes]
        )
        terrain[self.water] = np.inf
        offroad = terrain[self.head].copy()
        crossings = [e for s in gamemap.river_crossings if _on(self, s) for e in _edges_of(self, s)]
        offroad[np.array(crossings, dtype=np.int64)] += rules.river_crossing_cost
        return EdgeCosts(road=road, offroad=offroad)


def _on(graph: MapGraph, segment: Segment) -> bool:
    return segment.a in graph.index and segment.b in graph.index


def _edges_of(graph: MapGraph, segment: Segment) -> list[int]:
    """Both directed edges of a link between adjacent hexes."""
    a, b = graph.index[segment.a], graph.index[segment.b]
    result: list[int] = []
    for tail, head in ((a, b), (b, a)):
        row = slice(int(graph.indptr[tail]), int(graph.indptr[tail + 1]))
        hits = np.flatnonzero(graph.head[row] == head)
        result.extend(int(graph.indptr[tail]) + int(i) for i in hits)
    return result


def check_costs(rules: Rules) -> None:
    """The rules pass the one check of each parameter (:mod:`wargame.core.rule_check`)."""
    try:
        check_rules(rules)
    except RuleError as error:
        raise GameFileError(f"scenario rules: {error}") from None


def rules_key(rules: Rules) -> tuple[object, ...]:
    """A hashable fingerprint of the rules that set trace costs."""
    return (
        tuple(sorted(rules.road_cost.items())),
        tuple(sorted(rules.terrain_cost.items())),
        rules.river_crossing_cost,
    )


def build_graph(gamemap: GameMap) -> MapGraph:
    hexes = tuple(sorted(gamemap.hexes))
    index = {h: i for i, h in enumerate(hexes)}
    neighbours = np.array(
        [[index.get(n, -1) for n in h.neighbours()] for h in hexes], dtype=np.int64
    ).reshape(len(hexes), 6)
    tail = np.repeat(np.arange(len(hexes), dtype=np.int64), 6)
    head = neighbours.ravel()
    keep = head >= 0
    tail, head = tail[keep], head[keep]
    indptr = np.concatenate(([0], np.cumsum(np.bincount(tail, minlength=len(hexes)))))
    water = np.array([gamemap.hexes[h].terrain is Terrain.WATER for h in hexes], dtype=bool)
    graph = MapGraph(gamemap, hexes, index, neighbours, tail, head, indptr, water, {})
    for segment in gamemap.roads:
        if _on(graph, segment):
            forward, backward = _edges_of(graph, segment)
            graph.segment_edges[segment] = (forward, backward)
    return graph


def graph_of(gamemap: GameMap) -> MapGraph:
    """The graph of a map, built once and kept by the map (maps never change)."""
    graph = gamemap.derived.get("graph")
    if not isinstance(graph, MapGraph):
        graph = gamemap.derived["graph"] = build_graph(gamemap)
    return graph


def clear_cache(gamemap: GameMap) -> None:
    """Forget the map's graph and what was cached with it (tests compare cached and
    from-scratch results)."""
    gamemap.derived.pop("graph", None)
