"""The forecast of encirclement: how soon the ring around a force can close.

For every force whose corridor is at most ``Rules.corridor_max_hexes`` wide, two turns:

- **at the earliest**: the enemy must take every hex of the corridor's minimum cut, and a hex
  is taken by a unit standing in or next to it (the seizure rule). Each enemy combat unit's
  whole turns to get next to each cut hex come from its movement
  (:func:`wargame.core.rules.movement.turns_to_reach`); one unit takes one hex, and the
  assignment of units to hexes that makes the *latest* arrival earliest (a bottleneck
  assignment: binary search over the turns with a bipartite matching) gives the turn;
- **at the enemy's pace**: the corridor's width at the end of each of the last
  ``Rules.forecast_trend_turns`` turns, a straight line through them, and the turn it reaches
  zero (None when the width is not shrinking, or there is only one turn to go by).

Both are turn numbers, with the units and hexes they rest on. Turns count the moves still to
come: in the enemy's first move from now (this turn, or the next when its move this turn is
over) a unit that is already next to a hex, or gets there with one turn's movement, takes it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from wargame.core.grid.hexgrid import Hex
from wargame.core.rules.graph import BoolArray, FloatArray, MapGraph
from wargame.core.rules.movement import allowance, barriers, edge_costs, movement_graph, turns_to_reach
from wargame.core.state import GameState

HORIZON_TURNS = 8  # the forecast looks this many turns ahead at most


@dataclass(frozen=True, slots=True)
class WidthPoint:
    """A corridor's width at the end of a turn: what the pace forecast's trend is drawn from."""

    side: str
    force: str
    turn: int
    width: int


@dataclass(frozen=True, slots=True)
class Forecast:
    """When the ring around one force can close, and how long the force needs to get out."""

    side: str
    force: str  # the force's name ("Bakhmut garrison")
    units: tuple[str, ...]
    width_hexes: int
    critical_hexes: tuple[Hex, ...]
    share_percent: int  # of the force's need that arrives now
    earliest_close_turn: int | None = None  # None: the enemy cannot take the cut in the horizon
    earliest_units: tuple[str, ...] = ()  # the enemy unit taking each critical hex, in order
    earliest_hexes: tuple[Hex, ...] = ()
    pace_close_turn: int | None = None
    pace_widths: tuple[tuple[int, int], ...] = ()  # (turn, width) the trend rests on
    turns_needed: int | None = None  # for every unit to reach supplied ground outside the ring
    last_turn_to_start: int | None = None
    slowest_units: tuple[str, ...] = ()  # the units that need the most turns
    turns_left: int | None = None  # own moves left in which a withdrawal can still start

    def to_dict(self) -> dict[str, object]:
        """The ``forecast`` and ``withdrawal`` parts of a force in ``report --json``."""
        return {
            "forecast": {
                "earliest_close_turn": self.earliest_close_turn,
                "earliest_units": list(self.earliest_units),
                "earliest_hexes": [[h.q, h.r] for h in self.earliest_hexes],
                "pace_close_turn": self.pace_close_turn,
                "pace_widths": [list(p) for p in self.pace_widths],
            },
            "withdrawal": {
                "turns_needed": self.turns_needed,
                "last_turn_to_start": self.last_turn_to_start,
                "turns_left": self.turns_left,
                "slowest_units": list(self.slowest_units),
            },
        }


def first_move_turn(state: GameState, side: str) -> int:
    """The turn of ``side``'s next move: this one unless its move this turn is over."""
    order = state.scenario.side_ids
    return state.turn if order.index(side) >= order.index(state.side_to_move) else state.turn + 1


class EnemyReach:
    """Whole turns each enemy combat unit needs to stand in or next to a hex: one search
    forward from each unit, once per side and state for all its corridors. Rows are kept
    while what they depend on stays the same (the other side's units and zone of control,
    the roads cut, the ground), so a move of one enemy unit searches again from it alone."""

    def __init__(self, graph: MapGraph, state: GameState, side: str) -> None:
        enemy = state.enemy_of(side)
        self.graph = graph
        self.units = [u for u in state.units_of(enemy) if u.type.is_combat and u.hex in graph.index]
        costs = edge_costs(graph, state)
        barrier = barriers(graph, state, enemy)
        rules = state.scenario.rules
        rows = _row_cache(graph, costs, barrier)
        wanted: dict[float, list[Hex]] = {}
        keys = [(u.hex, allowance(u, rules)) for u in self.units]
        for h, moves in keys:
            if (h, moves) not in rows:
                wanted.setdefault(moves, []).append(h)
        for moves, hexes in wanted.items():
            starts = graph.indices(hexes)
            found = turns_to_reach(
                movement_graph(graph, costs, barrier, moves, False), starts, moves, HORIZON_TURNS
            )
            for n, i in enumerate(starts.tolist()):
                rows[(graph.hexes[i], moves)] = found[n]
        self.turns: FloatArray = np.array([rows[key] for key in keys]) if keys else np.zeros((0, graph.size))

    def next_to(self, h: Hex) -> FloatArray:
        """Turns each unit needs to stand in or next to ``h`` (inf beyond the horizon)."""
        i = self.graph.index[h]
        around = [i, *[n for n in self.graph.neighbours[i].tolist() if n >= 0]]
        return self.turns[:, around].min(axis=1) if len(self.units) else np.zeros(0)


_ROW_CACHES = 4  # settings of the other side (units, roads cut, ground) whose rows are kept


def _row_cache(
    graph: MapGraph, costs: FloatArray, barrier: tuple[BoolArray, BoolArray, BoolArray]
) -> dict[tuple[Hex, float], FloatArray]:
    memo: dict[bytes, dict[tuple[Hex, float], FloatArray]] = graph.memo("forecast-rows")
    raw = b"".join(a.tobytes() for a in (costs, barrier[0], barrier[2]))
    key = hashlib.blake2b(raw, digest_size=16).digest()
    if key not in memo:
        if len(memo) >= _ROW_CACHES:
            del memo[next(iter(memo))]
        memo[key] = {}
    return memo[key]


def earliest(reach: EnemyReach, graph: MapGraph, cut: Sequence[Hex]) -> tuple[int, tuple[str, ...]] | None:
    """Moves the enemy needs to take every hex of ``cut`` (at least 1), with the unit taking
    each; None when its units cannot do it within the horizon."""
    if not cut or len(reach.units) < len(cut):
        return None
    found = bottleneck(np.array([reach.next_to(h) for h in cut]))
    if found is None:
        return None
    return max(1, found[0]), tuple(reach.units[k].id for k in found[1])


def bottleneck(table: FloatArray) -> tuple[int, list[int]] | None:
    """The assignment of a distinct column (unit) to every row (hex) that makes the largest
    value taken smallest, as (that value, the column of each row); None when there is none
    with finite values.

    >>> bottleneck(np.array([[1.0, 5.0], [2.0, 9.0]]))
    (5, [1, 0])
    """
    values = np.unique(table[np.isfinite(table)])
    low, high = 0, len(values) - 1
    best: tuple[int, list[int]] | None = None
    while low <= high:
        middle = (low + high) // 2
        matched = _matching(table <= values[middle])
        if matched is None:
            low = middle + 1
        else:
            best = (int(values[middle]), matched)
            high = middle - 1
    return best


def _matching(allowed: BoolArray) -> list[int] | None:
    """A column for every row, or None."""
    if allowed.shape[0] > allowed.shape[1] or not allowed.any(axis=1).all():
        return None
    match = maximum_bipartite_matching(csr_matrix(allowed.astype(np.int8)), perm_type="column")
    return None if (match < 0).any() else [int(k) for k in match]


def pace(
    turn: int, width: int, points: Sequence[WidthPoint], turns: int
) -> tuple[int | None, tuple[tuple[int, int], ...]]:
    """The turn the width's trend over the last ``turns`` turns reaches zero, and the
    (turn, width) points it rests on (None when it is not shrinking)."""
    series = {p.turn: p.width for p in points if turn - turns <= p.turn < turn}
    series[turn] = width
    used = tuple(sorted(series.items()))
    if len(used) < 2:
        return None, used
    x = np.array([t for t, _ in used], dtype=float)
    y = np.array([w for _, w in used], dtype=float)
    slope = float(np.polyfit(x, y, 1)[0])
    if slope >= -1e-9:
        return None, used
    return turn + max(0, math.ceil(width / -slope - 1e-9)), used
