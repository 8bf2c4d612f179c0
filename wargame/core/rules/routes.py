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
    cut = cut_hexes(state, trace, hexes)
    if cut:
        return RouteStatus(spec.name, RouteState.CUT, cut, hexes)
    fire = trace.obstacles.fire
    index = trace.graph.index
    under_fire = tuple(h for h in hexes if fire[index[h]])
    if under_fire:
        return RouteStatus(spec.name, RouteState.UNDER_FIRE, under_fire, hexes)
    return RouteStatus(spec.name, RouteState.OPEN, (), hexes)


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


def side_routes(state: GameState, trace: SupplyTrace) -> dict[str, RouteStatus]:
    specs = state.scenario.routes.get(trace.side, ())
    return {spec.name: route_status(state, trace, spec) for spec in specs}
