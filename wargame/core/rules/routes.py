"""Status of a side's named routes (lines of communication along a road).

A route is **cut** where the enemy occupies or holds one of its hexes, where one of its
segments is cut, or where it runs through an enemy zone of control with no friendly unit
standing there: in each case supply can no longer pass along it, so the route status agrees
with the supply trace. Otherwise it is **under fire** where it runs within enemy direct-fire
reach or through hexes the enemy interdicts, and **open** when neither applies. The hexes
responsible are listed in route order (start to end).
"""

from __future__ import annotations

from wargame.core.grid.hexgrid import Hex
from wargame.core.model import RouteSpec, Segment
from wargame.core.rules.results import RouteState, RouteStatus
from wargame.core.rules.supply import SupplyTrace
from wargame.core.state import GameState


def route_status(state: GameState, trace: SupplyTrace, spec: RouteSpec) -> RouteStatus:
    """Whether one route of the traced side is open, under fire or cut, and where."""
    hexes = trace.graph.route_hexes(spec.road, spec.start, spec.end)
    if hexes is None:  # the road does not join the route's ends: nothing can pass
        return RouteStatus(spec.name, RouteState.CUT, (spec.start, spec.end), ())
    now, nominal = route_capacity(trace, hexes)
    cut = cut_hexes(state, trace, hexes)
    if cut:
        cause = cut_cause(state, trace, hexes, cut[0])
        return RouteStatus(
            spec.name, RouteState.CUT, cut, hexes, capacity_sp=now, nominal_sp=nominal, cause=cause
        )
    fire = trace.obstacles.fire
    index = trace.graph.index
    under_fire = tuple(h for h in hexes if fire[index[h]])
    state_now = RouteState.UNDER_FIRE if under_fire else RouteState.OPEN
    return RouteStatus(spec.name, state_now, under_fire, hexes, capacity_sp=now, nominal_sp=nominal)


def route_capacity(trace: SupplyTrace, hexes: tuple[Hex, ...]) -> tuple[float, float]:
    """What the route's weakest link carries now (either way; nothing through a blocked hex),
    and what it carries with no enemy about (its road)."""
    graph = trace.graph
    capacity = trace.delivery.capacity
    blocked = trace.obstacles.blocked
    rules = trace.delivery.rules
    now: list[float] = []
    nominal: list[float] = []
    for a, b in zip(hexes, hexes[1:], strict=False):
        edges = graph.segment_edges.get(Segment.of(a, b))
        link = graph.map.road(a, b)
        nominal.append(rules.road_capacity.get(link.road_class.value, 0.0) if link else 0.0)
        if edges is None or blocked[graph.index[a]] or blocked[graph.index[b]]:
            now.append(0.0)
        else:
            now.append(float(min(capacity[edges[0]], capacity[edges[1]])))
    return (min(now, default=0.0), min(nominal, default=0.0))


def cut_hexes(state: GameState, trace: SupplyTrace, hexes: tuple[Hex, ...]) -> tuple[Hex, ...]:
    """Hexes of a route where the enemy stops supply (blocked hexes and cut segments)."""
    blocked = trace.obstacles.blocked
    index = trace.graph.index
    found = [h for h in hexes if blocked[index[h]]]
    if state.cut:
        for a, b in zip(hexes, hexes[1:], strict=False):
            if Segment.of(a, b) in state.cut:
                found.extend((a, b))
    order = {h: i for i, h in enumerate(hexes)}
    return tuple(sorted(set(found), key=order.__getitem__))


def cut_cause(state: GameState, trace: SupplyTrace, hexes: tuple[Hex, ...], at: Hex) -> str:
    """Why supply cannot pass the route at ``at``: the enemy stands there, holds it, covers it
    by its zone of control, or a segment there is cut."""
    enemy = state.enemy_of(trace.side)
    gamemap = state.map
    here = gamemap.label(at)
    if any(u.side == enemy for u in state.units_at(at)):
        return f"{enemy} units stand at {here}"
    if state.control.get(at) == enemy:
        return f"{here} held by {enemy}"
    for a, b in zip(hexes, hexes[1:], strict=False):
        if at in (a, b) and Segment.of(a, b) in state.cut:
            return f"road cut {gamemap.label(a)}–{gamemap.label(b)}"
    if trace.obstacles.zoc[trace.graph.index[at]]:
        return f"{here} in the {enemy} zone of control, no {trace.side} unit there"
    return ""


def side_routes(state: GameState, trace: SupplyTrace) -> dict[str, RouteStatus]:
    specs = state.scenario.routes.get(trace.side, ())
    return {spec.name: route_status(state, trace, spec) for spec in specs}
