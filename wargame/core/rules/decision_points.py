"""Decision points: moments the facilitator set for a side to decide, reached when every
criterion given holds (docs/rules.md, "Decision points"), judged after every action.

Criteria: the corridor ≤ N hexes (an encircled force counts as 0), a route's status, a force's
share of need ≤ x %, the withdrawal window ≤ N turns (closed counts as 0), turn ≥ T. Force
criteria hold when one of the side's forces in a corridor (or one whose name contains
``force``, e.g. "Bakhmut") meets them.
A point once reached stays reached, with the turn it was first reached in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wargame.core.model import DecisionPoint
from wargame.core.rules.forecast import Forecast
from wargame.core.rules.results import Severity, SideAnalysis, Warning
from wargame.core.state import GameState


def holds(point: DecisionPoint, state: GameState, side: SideAnalysis) -> bool:
    """Whether every criterion of ``point`` holds now."""
    wanted = point.force.casefold()
    forces = [f for f in side.forecasts if wanted in f.force.casefold()]
    encircled = [p for p in side.pockets if wanted in p.name.casefold()]
    checks = []
    if point.corridor_width_at_most is not None:
        n = point.corridor_width_at_most
        checks.append(bool(encircled) or any(f.width_hexes <= n for f in forces))
    if point.route:
        route = side.routes.get(point.route)
        checks.append(route is not None and route.effective.value == point.route_status)
    if point.share_at_most is not None:
        checks.append(any(f.share_percent <= point.share_at_most for f in forces))
    if point.window_at_most is not None:
        checks.append(any(f.turns_left is not None and f.turns_left <= point.window_at_most for f in forces))
    if point.turn_at_least is not None:
        checks.append(state.turn >= point.turn_at_least)
    return bool(checks) and all(checks)


def reached(
    state: GameState, sides: Mapping[str, SideAnalysis], earlier: Sequence[tuple[str, int]]
) -> tuple[tuple[str, int], ...]:
    """(name, first turn reached) of every point reached so far: ``earlier`` and those that
    hold now."""
    known = dict(earlier)
    for point in state.all_decision_points:
        side = sides.get(point.side)
        if point.name not in known and side is not None and holds(point, state, side):
            known[point.name] = state.turn
    return tuple(sorted(known.items(), key=lambda item: (item[1], item[0])))


def point_warnings(state: GameState, record: Sequence[tuple[str, int]]) -> list[Warning]:
    """A warning for every point reached (the banner shows the new ones)."""
    points = {p.name: p for p in state.all_decision_points}
    found = []
    for name, turn in record:
        point = points.get(name)
        if point is None:
            continue
        text = f"Decision point reached: {name} ({', '.join(point.criteria)}) — {point.side} to decide"
        found.append(
            Warning("decision_point", Severity.WARNING, point.side, text, subject=name, since_turn=turn)
        )
    return found


def forecast_for(forecasts: Sequence[Forecast], name: str) -> Forecast | None:
    return next((f for f in forecasts if f.force == name), None)
