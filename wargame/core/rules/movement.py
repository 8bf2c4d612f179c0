"""Movement that takes time: what a unit's move costs, where it can still go this turn.

Each unit has a movement allowance per turn (``Rules.move_allowance`` by type, times
``Rules.move_echelon_factor`` by echelon), spent hex by hex: the road's class cost along a road
that is not cut, else the terrain's cost (times ``move_mud_factor`` in mud) plus
``move_river_cost`` across a river without a bridge; of the two the cheaper. A unit never
enters water, a hex an enemy unit stands in or a hex the enemy holds (seize it first), and it
stops on entering an enemy zone of control. What it spent is kept in the state until the
turn ends, so a unit may move several times while it has points left.

Two searches: :func:`reach` is the exact one for play (the hexes within what a unit has left,
in Python, over the few hexes it can reach); :func:`turns_to_reach` counts whole turns over
the whole map for the forecasts (scipy), at the earliest: a step from one hex of the enemy's
zone of control to the next takes a whole turn, and enemy-held hexes are seized on the way
(a unit next to one may seize it and move on in the same turn).

>>> reach(state, state.units["ua-1"])[Hex(3, 4)]      # doctest: +SKIP
1.5
"""

from __future__ import annotations

import heapq
import math

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from wargame.core.errors import ActionError
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Rules, Unit
from wargame.core.rules.graph import BoolArray, FloatArray, IntArray, MapGraph, graph_of
from wargame.core.rules.zoc import control_masks, zone_of_control
from wargame.core.state import GameState

_EPSILON = 1e-9


def allowance(unit: Unit, rules: Rules) -> float:
    """Movement points (MP) the unit has each turn."""
    return rules.move_allowance.get(unit.type.value, 0.0) * rules.move_echelon_factor.get(
        unit.echelon.value, 1.0
    )


def left_this_turn(state: GameState, unit: Unit) -> float:
    """MP the unit still has this turn."""
    return max(0.0, allowance(unit, state.scenario.rules) - state.moved.get(unit.id, 0.0))


def edge_costs(graph: MapGraph, state: GameState) -> FloatArray:
    """MP to cross each edge of the map now (inf into water); cut roads are off-road."""
    rules = state.scenario.rules
    ground = state.ground or rules.ground
    key: tuple[object, ...] = (
        tuple(sorted(rules.move_road_cost.items())),
        tuple(sorted(rules.move_terrain_cost.items())),
        rules.move_river_cost,
        rules.move_mud_factor,
        ground,
    )
    memo = graph.memo("move-costs")
    if key not in memo:
        memo[key] = _static_costs(graph, rules, ground)
    road: FloatArray = memo[key][0]
    offroad: FloatArray = memo[key][1]
    if state.cut:
        road = road.copy()
        for segment in state.cut:
            for edge in graph.segment_edges.get(segment, ()):
                road[edge] = np.inf
    result: FloatArray = np.minimum(road, offroad)
    return result


def _static_costs(graph: MapGraph, rules: Rules, ground: str) -> tuple[FloatArray, FloatArray]:
    gamemap = graph.map
    road = np.full(len(graph.tail), np.inf)
    for segment, (forward, backward) in graph.segment_edges.items():
        road[forward] = road[backward] = rules.move_road_cost.get(
            gamemap.roads[segment].road_class.value, np.inf
        )
    terrain = np.array(
        [rules.move_terrain_cost.get(gamemap.hexes[h].terrain.value, np.inf) for h in graph.hexes]
    )
    terrain[graph.water] = np.inf
    if ground == "mud":
        terrain = terrain * rules.move_mud_factor
    offroad = terrain[graph.head].copy()
    if len(graph.river_edges):
        offroad[graph.river_edges] += rules.move_river_cost
    return road, offroad


def barriers(graph: MapGraph, state: GameState, side: str) -> tuple[BoolArray, BoolArray, BoolArray]:
    """For ``side``'s moves: hexes it may never enter (water, enemy units), hexes the enemy
    holds (seize them first) and the enemy's zone of control (entering it stops a move)."""
    enemy = state.enemy_of(side)
    enemy_units = [u for u in state.units.values() if u.side == enemy]
    occupied = graph.mask(u.hex for u in enemy_units) | graph.water
    held = control_masks(graph, state.control).get(enemy, np.zeros(graph.size, dtype=bool))
    zoc = (
        zone_of_control(graph, enemy_units) if state.scenario.rules.zoc else np.zeros(graph.size, dtype=bool)
    )
    return occupied, held, zoc


def reach(state: GameState, unit: Unit, budget: float | None = None) -> dict[Hex, float]:
    """Every hex the unit can move to with ``budget`` MP (default: what it has left this
    turn), with the MP it costs; its own hex costs 0."""
    graph = graph_of(state.map)
    start = graph.index.get(unit.hex)
    if start is None:
        return {}
    limit = left_this_turn(state, unit) if budget is None else budget
    occupied, held, zoc = barriers(graph, state, unit.side)
    closed = (occupied | held).tolist()
    stops = zoc.tolist()
    costs = edge_costs(graph, state).tolist()
    heads = graph.head.tolist()
    indptr = graph.indptr.tolist()
    best = {start: 0.0}
    queue = [(0.0, start)]
    while queue:
        spent, i = heapq.heappop(queue)
        if spent > best.get(i, math.inf) or (stops[i] and i != start):
            continue
        for edge in range(indptr[i], indptr[i + 1]):
            j = heads[edge]
            total = spent + costs[edge]
            if closed[j] or total > limit + _EPSILON or total >= best.get(j, math.inf):
                continue
            best[j] = total
            heapq.heappush(queue, (total, j))
    return {graph.hexes[i]: cost for i, cost in best.items()}


def move_cost(state: GameState, unit: Unit, to: Hex) -> float:
    """MP the move of ``unit`` to ``to`` costs; ActionError says why it cannot make it this
    turn (what it would cost, what it has left, or what is in the way)."""
    reached = reach(state, unit)
    if to in reached:
        return reached[to]
    raise ActionError(_why_not(state, unit, to))


def _why_not(state: GameState, unit: Unit, to: Hex) -> str:
    where = state.map.describe(to)
    holder = state.controller(to)
    if holder is not None and holder != unit.side:
        return (
            f"{unit.label} cannot move into {where}: {state.scenario.side(holder).name} holds it "
            "(seize it first, with a unit in or next to it)"
        )
    left = left_this_turn(state, unit)
    full = allowance(unit, state.scenario.rules)
    unlimited = reach(state, unit, budget=full * 20)
    if to not in unlimited:
        return f"{unit.label} cannot reach {where}: enemy units, enemy ground or water are in the way"
    return (
        f"{unit.label} cannot reach {where} this turn: the way costs {unlimited[to]:g} MP "
        f"and it has {left:g} of {full:g} MP left"
    )


def spent_after(state: GameState, unit: Unit, to: Hex, cost: float) -> float:
    """MP the unit has spent once it reaches ``to`` at ``cost``: all of them in an enemy zone
    of control (the move stops there)."""
    graph = graph_of(state.map)
    _, _, zoc = barriers(graph, state, unit.side)
    full = allowance(unit, state.scenario.rules)
    before = state.moved.get(unit.id, 0.0)
    i = graph.index.get(to)
    return full if i is not None and zoc[i] else min(full, before + cost)


def near_unit(state: GameState, side: str, h: Hex) -> bool:
    """A combat unit of ``side`` stands in or next to ``h`` (it can seize ``h``)."""
    return any(u.side == side and u.type.is_combat and u.hex.distance(h) <= 1 for u in state.units.values())


def movement_graph(
    graph: MapGraph,
    costs: FloatArray,
    barrier: tuple[BoolArray, BoolArray, BoolArray],
    moves: float,
    reverse: bool,
) -> csr_matrix:
    """The sparse graph of moves for a unit of ``moves`` MP (``reverse``: edges turned
    around, to search from where units go back to where they are). ``barrier`` is
    :func:`barriers` of the moving side."""
    occupied, _, zoc = barrier
    # From one hex of the zone of control to the next is a move of its own: a whole turn.
    belt = zoc[graph.tail] & zoc[graph.head]
    weights = np.where(belt, np.maximum(costs, moves), costs)
    keep = ~occupied[graph.head] & ~occupied[graph.tail] & np.isfinite(weights)
    if not reverse:
        return graph.subgraph(keep, weights)
    return csr_matrix((weights[keep], (graph.head[keep], graph.tail[keep])), shape=(graph.size, graph.size))


def turns_to_reach(
    matrix: csr_matrix, starts: IntArray, moves: float, horizon: int, nearest: bool = False
) -> FloatArray:
    """Whole turns a unit of ``moves`` MP needs, over :func:`movement_graph` ``matrix``,
    between each of ``starts`` (rows) and each hex (columns); inf beyond ``horizon`` turns.
    ``nearest``: one row, the nearest of ``starts``."""
    if moves <= 0 or not len(starts):
        return np.full((1 if nearest else len(starts), matrix.shape[0]), np.inf)
    dist = dijkstra(matrix, directed=True, indices=starts, limit=moves * horizon, min_only=nearest)
    return np.ceil(np.atleast_2d(np.asarray(dist, dtype=float)) / moves - _EPSILON)
