"""The withdrawal window: how long a force needs to get out, and the last turn it can start.

*Outside the ring* is the side's supplied ground on the far side of the corridor's minimum
cut: the hexes supply reaches in full (never enemy-held) that the cut separates from the force.
Each unit of the force needs whole turns, by its movement, to reach the nearest of them
(:func:`wargame.core.rules.movement.turns_to_reach`, against the enemy's units, ground and
zone of control); the force needs the most of them. A withdrawal that starts in turn ``L``
is out after the side's move in turn ``L + needed - 1``, which must come before the enemy's
move that closes the ring at the earliest (the same turn, when the side moves first in a
turn). The last such ``L`` is the last turn to start; the side's moves left until then are
the turns left ("leave while you still can": one turn left, then closed).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Unit
from wargame.core.rules.forecast import HORIZON_TURNS, first_move_turn
from wargame.core.rules.graph import BoolArray, MapGraph
from wargame.core.rules.movement import allowance, barriers, edge_costs, movement_graph, turns_to_reach
from wargame.core.rules.supply import SupplyTrace
from wargame.core.state import GameState


def outside_ring(
    trace: SupplyTrace, state: GameState, force: Sequence[Unit], cut: Sequence[Hex]
) -> BoolArray:
    """The side's supplied ground (which the enemy never holds) that the cut separates from
    the force."""
    graph = trace.graph
    open_ground = trace.reachable & ~graph.mask(cut)
    edges = open_ground[graph.tail] & open_ground[graph.head]
    _, label = connected_components(graph.subgraph(edges), directed=False)
    inside = np.isin(label, label[graph.indices(u.hex for u in force)])
    return trace.supplied & open_ground & ~inside


class OwnMoves:
    """The side's own movement graphs, built once per state for all its corridors."""

    def __init__(self, graph: MapGraph, state: GameState, side: str) -> None:
        self.graph = graph
        self.costs = edge_costs(graph, state)
        self.barrier = barriers(graph, state, side)
        self._matrices: dict[float, csr_matrix] = {}

    def reverse(self, moves: float) -> csr_matrix:
        if moves not in self._matrices:
            self._matrices[moves] = movement_graph(self.graph, self.costs, self.barrier, moves, reverse=True)
        return self._matrices[moves]


def turns_out(
    trace: SupplyTrace,
    state: GameState,
    force: Sequence[Unit],
    cut: Sequence[Hex],
    own: OwnMoves | None = None,
) -> tuple[int | None, tuple[str, ...]]:
    """Turns every unit of ``force`` needs to get outside the ring, and the slowest units
    (None when one of them cannot get out within the horizon)."""
    graph = trace.graph
    outside = np.flatnonzero(outside_ring(trace, state, force, cut))
    if not len(outside):
        return None, ()
    moving = own or OwnMoves(graph, state, trace.side)
    rules = state.scenario.rules
    needed: dict[str, float] = {}
    for moves in sorted({allowance(u, rules) for u in force}):
        matrix = moving.reverse(moves)
        found = turns_to_reach(matrix, outside, moves, HORIZON_TURNS, nearest=True)[0]
        for unit in force:
            if allowance(unit, rules) == moves:
                needed[unit.id] = float(found[graph.index[unit.hex]])
    most = max(needed.values())
    if not np.isfinite(most):
        return None, tuple(sorted(u for u, n in needed.items() if not np.isfinite(n)))
    return int(most), tuple(sorted(u for u, n in needed.items() if n == most))


def last_turn_to_start(state: GameState, side: str, needed: int, close_turn: int) -> int:
    """The last turn a withdrawal taking ``needed`` moves can start and be out before the
    enemy's move in ``close_turn``."""
    order = state.scenario.side_ids
    moves_first = order.index(side) < order.index(state.enemy_of(side))
    return close_turn - max(needed, 1) + (1 if moves_first else 0)


def turns_left(state: GameState, side: str, last_turn: int) -> int:
    """The side's moves, from now, in which a withdrawal can still start (0: closed)."""
    return max(0, last_turn - first_move_turn(state, side) + 1)


def in_graph(graph: MapGraph, units: Sequence[Unit]) -> list[Unit]:
    return [u for u in units if u.hex in graph.index]
