"""Why a unit has the supply it has: the traced path, what limits it, or what cuts it off.

``explain(state, unit_id)`` answers the facilitator's "why?" for one unit, on demand (the
analysis after every action does not compute it):

- **supplied / limited**: the traced path from its source, hex by hex, with the cost of each
  step, and the hexes on it under enemy fire or interdicted (why it is limited);
- **out of supply**: the cheapest path ignoring the limit, and by how much it exceeds
  ``Rules.max_trace_cost``;
- **encircled**: the region of hexes the unit can still reach and every hex next to it that
  supply cannot enter, with the reason (an enemy unit stands there, enemy control, an enemy
  zone of control and the units exerting it, water, a cut road with no way across without it).

Cut roads that make the trace longer than it would be are named in every case.
``hex_supply(state, h)`` says the same about one hex for each side (for ``report --hex``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from scipy.sparse.csgraph import breadth_first_order, dijkstra

from wargame.core.errors import WargameError
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Segment, Terrain, Unit
from wargame.core.rules.graph import BoolArray, FloatArray, MapGraph, graph_of
from wargame.core.rules.results import Link, Supply, share_text, sp_text
from wargame.core.rules.supply import SupplyTrace, edge_weights, status_of, trace
from wargame.core.state import GameState

_EPSILON = 1e-9
_IDS_SHOWN = 6


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a hex blocks or limits supply. ``kind``: water, enemy_unit, enemy_control, zoc,
    cut_segment, no_crossing, fire or interdicted."""

    kind: str
    text: str
    units: tuple[str, ...] = ()  # the enemy units responsible
    segment: Segment | None = None  # the road link, for cut_segment and no_crossing


@dataclass(frozen=True, slots=True)
class Obstacle:
    """A hex that blocks (or, on a path, limits) supply, with every reason for it."""

    hex: Hex
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """One link of a traced path and what it costs."""

    start: Hex
    end: Hex
    cost: float
    how: str  # "road M03 (highway)", "cross-country into woods, across a river (road cut)"


@dataclass(frozen=True)
class Explanation:
    """The reasons behind one unit's supply status. Hexes and reasons come out sorted."""

    unit_id: str
    side: str
    hex: Hex
    supply: Supply  # computed (projected) status
    official: Supply | None
    override: str | None
    override_reason: str | None
    max_cost: float
    reach: Supply | None = None  # how supply can be traced: clean (supplied), only through fire
    # (limited), too far (out of supply) or not at all (encircled); the path follows it
    need_sp: float = 0.0
    delivered_sp: float = 0.0
    bottleneck: tuple[Link, ...] = ()  # the saturated links that limit what arrives, busiest first
    priority: str = "normal"  # supply priority (high filled first, low last)
    path: tuple[Hex, ...] = ()  # traced path (or, out of supply, the cheapest), source first
    steps: tuple[Step, ...] = ()
    cost: float | None = None
    fire: tuple[Obstacle, ...] = ()  # hexes on the path under fire or interdicted
    clean_cost: float | None = None  # cheapest path avoiding fire, when the path goes through it
    cut_roads: tuple[Obstacle, ...] = ()  # cut roads without which the trace would be cheaper
    uncut_cost: float | None = None  # the trace cost were those roads repaired
    region: tuple[Hex, ...] = ()  # encircled: the hexes the unit can still reach
    blockers: tuple[Obstacle, ...] = ()  # encircled: every impassable hex next to that region
    blocked_sources: tuple[Obstacle, ...] = ()  # the side's sources the enemy denies
    map: GameMap | None = field(default=None, compare=False, repr=False)

    @property
    def source(self) -> Hex | None:
        return self.path[0] if self.path else None

    @property
    def excess(self) -> float | None:
        """How much the cheapest path exceeds the limit (too far only)."""
        if self.reach is not Supply.OUT_OF_SUPPLY or self.cost is None:
            return None
        return self.cost - self.max_cost

    @property
    def blocking_hexes(self) -> tuple[Hex, ...]:
        return tuple(b.hex for b in self.blockers)

    @property
    def blocking_units(self) -> tuple[str, ...]:
        return tuple(sorted({u for b in self.blockers for r in b.reasons for u in r.units}))

    @property
    def blocking_segments(self) -> tuple[Segment, ...]:
        found = {r.segment for b in self.blockers for r in b.reasons if r.segment is not None}
        return tuple(sorted(found))

    def lines(self) -> list[str]:
        """The explanation as readable lines, hexes named "0504 (Bakhmut)"."""
        return explanation_lines(self)

    def to_dict(self) -> dict[str, Any]:
        """The ``explain --json`` shape."""
        return {
            "unit": self.unit_id,
            "side": self.side,
            "hex": list(self.hex),
            "supply": self.supply.value,
            "official_supply": self.official.value if self.official else None,
            "override": {"status": self.override, "reason": self.override_reason} if self.override else None,
            "max_trace_cost": self.max_cost,
            "reach": self.reach.value if self.reach else None,
            "need_sp": self.need_sp,
            "delivered_sp": self.delivered_sp,
            "supply_priority": self.priority,
            "bottleneck": [
                {
                    "from": list(link.tail) if link.tail else None,
                    "to": list(link.head),
                    "capacity_sp": link.capacity,
                    "flow_sp": link.flow,
                    "road": link.road or None,
                }
                for link in self.bottleneck
            ],
            "source": list(self.source) if self.source else None,
            "cost": self.cost,
            "excess": self.excess,
            "path": [list(h) for h in self.path],
            "steps": [
                {"from": list(s.start), "to": list(s.end), "cost": s.cost, "how": s.how} for s in self.steps
            ],
            "fire": [_obstacle_dict(o) for o in self.fire],
            "clean_cost": self.clean_cost,
            "cut_roads": [_obstacle_dict(o) for o in self.cut_roads],
            "uncut_cost": self.uncut_cost,
            "region_hexes": len(self.region),
            "blockers": [_obstacle_dict(o) for o in self.blockers],
            "blocked_sources": [_obstacle_dict(o) for o in self.blocked_sources],
        }


def _obstacle_dict(o: Obstacle) -> dict[str, Any]:
    return {
        "hex": list(o.hex),
        "reasons": [
            {
                "kind": r.kind,
                "text": r.text,
                "units": list(r.units),
                "segment": [list(r.segment.a), list(r.segment.b)] if r.segment else None,
            }
            for r in o.reasons
        ],
    }


# --- explaining a unit ---------------------------------------------------------------------


def explain(state: GameState, unit_id: str) -> Explanation:
    """Why ``unit_id`` has the supply it has in ``state``; WargameError for an unknown unit.

    >>> explain(state, "ua-93").lines()[0]   # doctest: +SKIP
    'ua-93 (UA) at 2924 (Bakhmut): limited'
    """
    unit = state.units.get(unit_id)
    if unit is None:
        raise WargameError(unknown_unit_message(state, unit_id))
    graph = graph_of(state.map)
    traced = trace(state, unit.side, graph)
    status = status_of(traced, unit)
    override = state.override_for(unit.side, "unit", unit_id)
    official = state.official.get(unit_id)
    base = Explanation(
        unit_id,
        unit.side,
        unit.hex,
        status,
        Supply(official) if official else None,
        override.status if override else None,
        override.reason if override else None,
        state.scenario.rules.max_trace_cost,
        map=state.map,
        blocked_sources=_blocked_sources(state, traced),
        need_sp=traced.delivery.need.get(unit_id, 0.0),
        priority=traced.delivery.priority.get(unit_id, "normal"),
    )
    i = graph.index.get(unit.hex)
    if i is None:
        return base
    base = replace(
        base,
        reach=traced.status(i),
        delivered_sp=traced.delivery.delivered.get(unit_id, 0.0) if status is not Supply.ENCIRCLED else 0.0,
        bottleneck=traced.delivery.bottlenecks.get(unit_id, ()) if status is not Supply.SUPPLIED else (),
    )
    if status is Supply.ENCIRCLED:
        return _encircled(state, traced, base, i)
    found = _connected(state, traced, base, i)
    if not found.path:  # joined to a source only against the flow of supply (one-way links)
        return _encircled(state, traced, base, i)
    return found


def unknown_unit_message(state: GameState, unit_id: str) -> str:
    ids = sorted(state.units)
    if not ids:
        return f"there is no unit {unit_id!r}: this game has no units"
    shown = ", ".join(ids[:_IDS_SHOWN]) + (f", … ({len(ids)} in all)" if len(ids) > _IDS_SHOWN else "")
    return f"there is no unit {unit_id!r}; units are {shown}"


def _connected(state: GameState, traced: SupplyTrace, base: Explanation, i: int) -> Explanation:
    """Supplied, limited or out of supply: the path, its steps, fire on it and cut roads."""
    graph = traced.graph
    weights = edge_weights(graph, state)
    edges = _edges(traced, weights)
    path: tuple[Hex, ...] = ()
    cost: float | None = None
    if base.reach is Supply.SUPPLIED:
        path, cost = traced.path_from(traced.clean_predecessors, i), float(traced.clean_cost[i])
    elif base.reach is Supply.LIMITED:
        path, cost = traced.path_from(traced.predecessors, i), float(traced.cost[i])
    else:
        found = _cheapest(graph, traced, edges, weights, i)
        if found:
            path, cost = found
    fire = tuple(
        Obstacle(h, fire_reasons(state, graph, traced.side, h))
        for h in path[:-1]
        if traced.obstacles.fire[graph.index[h]]
    )
    clean_cost = None
    if fire:
        clean = _cheapest(graph, traced, edges & ~traced.obstacles.fire[graph.tail], weights, i)
        clean_cost = clean[1] if clean else None
    cut_roads, uncut_cost = _cut_roads(state, traced, i, cost)
    return replace(
        base,
        path=path,
        steps=steps_of(state, graph, path),
        cost=cost,
        fire=fire,
        clean_cost=clean_cost,
        cut_roads=cut_roads,
        uncut_cost=uncut_cost,
    )


def _encircled(state: GameState, traced: SupplyTrace, base: Explanation, i: int) -> Explanation:
    """The region from which supply could still reach the unit, and every hex next to it that
    supply cannot enter it from, with reasons."""
    graph = traced.graph
    network = graph.subgraph(_edges(traced, edge_weights(graph, state)))
    region = np.zeros(graph.size, dtype=bool)
    region[breadth_first_order(network.transpose().tocsr(), i, return_predecessors=False)] = True
    blockers: dict[Hex, list[Reason]] = {}
    passable = traced.obstacles.passable
    hexes = graph.hexes
    for u in np.flatnonzero(region).tolist():
        for v in graph.adjacency[u]:
            if region[v]:
                continue
            h = hexes[v]
            if not passable[v]:
                if h not in blockers:
                    blockers[h] = list(block_reasons(state, graph, traced.side, h))
            else:
                blockers.setdefault(h, []).append(_link_reason(state, hexes[u], h))
    # Reasons in a fixed order (as found, in hex order), each once.
    found = tuple(Obstacle(h, tuple(dict.fromkeys(r))) for h, r in sorted(blockers.items()))
    return replace(base, region=graph.hexes_of(region), blockers=found)


def _edges(traced: SupplyTrace, weights: FloatArray) -> BoolArray:
    graph, passable = traced.graph, traced.obstacles.passable
    return passable[graph.tail] & passable[graph.head] & np.isfinite(weights)


def _cheapest(
    graph: MapGraph, traced: SupplyTrace, edges: BoolArray, weights: FloatArray, target: int
) -> tuple[tuple[Hex, ...], float] | None:
    """The cheapest path from any live source to ``target`` over ``edges``, with no limit."""
    if not len(traced.sources):
        return None
    cost, predecessor, _ = dijkstra(
        graph.subgraph(edges, weights),
        directed=True,
        indices=traced.sources,
        min_only=True,
        return_predecessors=True,
    )
    if not np.isfinite(cost[target]):
        return None
    steps = [target]
    while predecessor[steps[-1]] >= 0:
        steps.append(int(predecessor[steps[-1]]))
    return tuple(graph.hexes[j] for j in reversed(steps)), float(cost[target])


def _cut_roads(
    state: GameState, traced: SupplyTrace, i: int, cost: float | None
) -> tuple[tuple[Obstacle, ...], float | None]:
    """Cut roads on the cheapest trace were every cut repaired, when that trace is cheaper."""
    if not state.cut:
        return (), None
    graph = traced.graph
    uncut = state.evolve(cut=frozenset())
    weights = edge_weights(graph, uncut)
    edges = _edges(traced, weights)
    if traced.status(i) is Supply.SUPPLIED:
        edges &= ~traced.obstacles.fire[graph.tail]
    found = _cheapest(graph, traced, edges, weights, i)
    if found is None or (cost is not None and found[1] >= cost - _EPSILON):
        return (), None
    path, uncut_cost = found
    cuts = []
    for a, b in zip(path, path[1:], strict=False):
        segment = Segment.of(a, b)
        if segment in state.cut:
            cuts.append(Obstacle(b, (_cut_reason(state, segment),)))
    return tuple(cuts), uncut_cost


# --- reasons -------------------------------------------------------------------------------


def block_reasons(state: GameState, graph: MapGraph, side: str, h: Hex) -> tuple[Reason, ...]:
    """Why ``h`` is impassable for ``side``'s supply (empty when it is not)."""
    gamemap = state.map
    enemy = state.enemy_of(side)
    reasons = []
    if gamemap.hexes[h].terrain is Terrain.WATER:
        reasons.append(Reason("water", "water"))
    here = state.units_at(h)
    for unit in here:
        if unit.side == enemy:
            reasons.append(Reason("enemy_unit", f"{unit.id} stands there", (unit.id,)))
    if any(u.side == side for u in here):
        return tuple(reasons)  # a friendly unit negates control and zones of control
    if state.control.get(h) == enemy:
        reasons.append(Reason("enemy_control", f"held by {enemy}"))
    if state.scenario.rules.zoc:
        exerting = tuple(u.id for u in _zoc_units(state, gamemap, enemy, h))
        if exerting:
            reasons.append(Reason("zoc", f"zone of control of {', '.join(exerting)}", exerting))
    return tuple(reasons)


def _zoc_units(state: GameState, gamemap: GameMap, enemy: str, h: Hex) -> list[Unit]:
    near = set(gamemap.neighbours(h))
    return sorted(
        (u for u in state.units.values() if u.side == enemy and u.type.is_combat and u.hex in near),
        key=lambda u: u.id,
    )


def fire_reasons(state: GameState, graph: MapGraph, side: str, h: Hex) -> tuple[Reason, ...]:
    """Why ``h`` is under fire for ``side``: enemy units in reach, enemy interdiction."""
    enemy = state.enemy_of(side)
    i = graph.index[h]
    reasons = []
    for unit in sorted(state.units.values(), key=lambda u: u.id):
        reach = unit.fire_reach
        if unit.side != enemy or reach <= 0 or unit.hex.distance(h) > reach:
            continue
        if graph.expand(graph.mask([unit.hex]), reach)[i]:  # reach runs over the map's hexes
            hexes = f"{reach} hex{'es' if reach > 1 else ''}"
            reasons.append(Reason("fire", f"within reach of {unit.id} ({hexes})", (unit.id,)))
    fire = state.interdicted.get(h)
    if fire is not None and fire.side == enemy:
        turns = f"{fire.remaining} more turn{'s' if fire.remaining != 1 else ''}"
        reasons.append(Reason("interdicted", f"interdicted by {enemy} ({turns})"))
    return tuple(reasons)


def _link_reason(state: GameState, inside: Hex, outside: Hex) -> Reason:
    """Why supply cannot cross between two passable hexes: a cut road and no way around it."""
    segment = Segment.of(inside, outside)
    if segment in state.cut:
        return _cut_reason(state, segment)
    gamemap = state.map
    terrain = gamemap.hexes[outside].terrain.value
    return Reason(
        "no_crossing",
        f"no way into {terrain} from {gamemap.describe(inside)} off the road (no cost for {terrain})",
        segment=segment,
    )


def _cut_reason(state: GameState, segment: Segment) -> Reason:
    gamemap = state.map
    link = gamemap.roads.get(segment)
    road = f"road {'/'.join(link.refs)}" if link and link.refs else "road"
    a, b = gamemap.describe(segment.a), gamemap.describe(segment.b)
    return Reason("cut_segment", f"{road} cut between {a} and {b}", segment=segment)


def _blocked_sources(state: GameState, traced: SupplyTrace) -> tuple[Obstacle, ...]:
    graph = traced.graph
    result = []
    for h in sorted(set(state.scenario.supply_sources.get(traced.side, ()))):
        if h in graph.index and not traced.obstacles.passable[graph.index[h]]:
            result.append(Obstacle(h, block_reasons(state, graph, traced.side, h)))
    return tuple(result)


# --- steps ---------------------------------------------------------------------------------


def steps_of(state: GameState, graph: MapGraph, path: tuple[Hex, ...]) -> tuple[Step, ...]:
    """Each link of a path with its trace cost and how supply crosses it."""
    costs = graph.costs(state.scenario.rules)
    result = []
    for a, b in zip(path, path[1:], strict=False):
        edge = _edge(graph, graph.index[a], graph.index[b])
        segment = Segment.of(a, b)
        cut = segment in state.cut
        road = np.inf if cut else float(costs.road[edge])
        offroad = float(costs.offroad[edge])
        if road <= offroad:
            link = state.map.roads[segment]
            refs = "/".join(link.refs) or "unnamed"
            result.append(Step(a, b, road, f"road {refs} ({link.road_class.value})"))
            continue
        how = f"cross-country into {state.map.hexes[b].terrain.value}"
        if state.map.crosses_river(a, b):
            how += ", across a river"
        if cut:
            how += " (road cut)"
        result.append(Step(a, b, offroad, how))
    return tuple(result)


def _edge(graph: MapGraph, tail: int, head: int) -> int:
    start, end = int(graph.indptr[tail]), int(graph.indptr[tail + 1])
    return start + int(np.flatnonzero(graph.head[start:end] == head)[0])


# --- one hex -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HexSupply:
    """One side's supply of one hex: the status a unit there would have, or why it is blocked."""

    side: str
    supply: Supply | None  # None when the hex is blocked for this side
    cost: float | None
    blocked: tuple[Reason, ...] = ()
    fire: tuple[Reason, ...] = ()


def hex_supply(state: GameState, h: Hex) -> dict[str, HexSupply]:
    """Each side's supply of hex ``h`` (as if a unit of that side stood there)."""
    graph = graph_of(state.map)
    i = graph.index[h]
    result = {}
    for side in state.scenario.side_ids:
        traced = trace(state, side, graph)
        fire = fire_reasons(state, graph, side, h) if traced.obstacles.fire[i] else ()
        if not traced.obstacles.passable[i]:
            result[side] = HexSupply(side, None, None, block_reasons(state, graph, side, h), fire)
            continue
        status = traced.status(i)  # what a fresh unit there could trace, before any flow
        cost = traced.clean_cost[i] if status is Supply.SUPPLIED else traced.cost[i]
        result[side] = HexSupply(side, status, float(cost) if np.isfinite(cost) else None, (), fire)
    return result


# --- text ----------------------------------------------------------------------------------


def explanation_lines(e: Explanation) -> list[str]:
    gamemap = e.map
    if gamemap is None:
        raise WargameError("an explanation needs its map to be written out")
    name = gamemap.describe
    head = f"{e.unit_id} ({e.side}) at {name(e.hex) if e.hex in gamemap else e.hex}: {e.supply.title}"
    if e.official is not None and e.official is not e.supply:
        head += f" (official: {e.official.title}, fixed when the side's turn began)"
    lines = [head]
    if e.override:
        why = f": {e.override_reason}" if e.override_reason else ""
        lines.append(f"  Ruled {e.override.replace('_', ' ')} by the facilitator{why}")
    if e.hex not in gamemap:
        lines.append("  The unit stands off the map: no supply reaches it.")
        return lines
    if e.priority != "normal":
        before = "before normal and low units" if e.priority == "high" else "after high and normal units"
        lines.append(f"  Supply priority {e.priority}: its share is filled {before}")
    lines += _delivery_lines(e, gamemap)
    if e.path:
        lines += _path_lines(e, gamemap)
    elif e.region:
        lines += _pocket_lines(e, gamemap)
    if e.cut_roads:
        lines.append(f"  Cut roads lengthen the trace (repaired, it would cost {e.uncut_cost:g}):")
        lines += [f"    {r.text}" for o in e.cut_roads for r in o.reasons]
    if e.blocked_sources:
        lines.append("  Sources the enemy denies:")
        lines += [f"    {name(o.hex)}: {_reasons(o)}" for o in e.blocked_sources]
    return lines


def _delivery_lines(e: Explanation, gamemap: GameMap) -> list[str]:
    """How much arrives against the need, and the bottleneck links that limit it."""
    if e.reach in (None, Supply.ENCIRCLED, Supply.OUT_OF_SUPPLY) or e.need_sp <= 0:
        return []
    share = e.delivered_sp / e.need_sp
    arrive = f"{sp_text(e.delivered_sp)} arrive ({share_text(share)})"
    lines = [f"  Needs {sp_text(e.need_sp)} SP a turn; {arrive}"]
    if e.bottleneck:
        lines.append("  Bottleneck (links full to capacity, shared with the units behind them):")
        for link in e.bottleneck[:_LINKS_SHOWN]:
            if link.tail is None:
                lines.append(
                    f"    the source at {gamemap.describe(link.head)}: sends {sp_text(link.flow)} SP"
                )
                continue
            road = gamemap.road(link.tail, link.head)
            what = (
                f"road {'/'.join(road.refs) or road.road_class.value} ({link.road})"
                if road and link.road
                else ("cross-country")
            )
            lines.append(
                f"    {gamemap.describe(link.tail)} → {gamemap.describe(link.head)}: {what}, "
                f"carries {sp_text(link.flow)} of {sp_text(link.capacity)} SP"
            )
        if len(e.bottleneck) > _LINKS_SHOWN:
            lines.append(f"    … and {len(e.bottleneck) - _LINKS_SHOWN} more links")
    return lines


_LINKS_SHOWN = 5


def _path_lines(e: Explanation, gamemap: GameMap) -> list[str]:
    name = gamemap.describe
    assert e.cost is not None and e.source is not None
    if e.reach is Supply.OUT_OF_SUPPLY:
        lines = [
            f"  Cheapest path from the source at {name(e.source)} costs {e.cost:g}, "
            f"{e.excess:g} over the limit of {e.max_cost:g}"
        ]
    else:
        lines = [f"  Traced from the source at {name(e.source)}: cost {e.cost:g} (limit {e.max_cost:g})"]
    for run in _runs(e.steps):
        cost = sum(s.cost for s in run)
        count = f", {len(run)} hexes" if len(run) > 1 else ""
        lines.append(f"    {name(run[0].start)} → {name(run[-1].end)}: {cost:g} by {run[0].how}{count}")
    if e.fire:
        lines.append("  Under fire on the way:")
        lines += [f"    {name(o.hex)}: {_reasons(o)}" for o in e.fire]
        if e.clean_cost is None:
            lines.append("  No path avoids the fire.")
        else:
            lines.append(f"  The cheapest path avoiding fire costs {e.clean_cost:g}.")
    return lines


def _runs(steps: tuple[Step, ...]) -> list[list[Step]]:
    """Consecutive steps taken the same way (along one road, across one kind of ground)."""
    runs: list[list[Step]] = []
    for step in steps:
        if runs and runs[-1][-1].how == step.how:
            runs[-1].append(step)
        else:
            runs.append([step])
    return runs


def _pocket_lines(e: Explanation, gamemap: GameMap) -> list[str]:
    size = len(e.region)
    lines = [f"  Cut off in {size} hex{'es' if size != 1 else ''}; every way out is blocked:"]
    lines += [f"    {gamemap.describe(o.hex)}: {_reasons(o)}" for o in e.blockers]
    if not e.blockers:
        lines.append("    (the region reaches the map's edge: no source lies within it)")
    return lines


def _reasons(o: Obstacle) -> str:
    return "; ".join(r.text for r in o.reasons)
