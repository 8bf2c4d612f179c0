"""The scenario as one viewer may know it, for a remote window to draw its view on: the map,
the sides, the rules, and only the viewer's own starting units, supply sources, routes and
briefing (the situation itself comes with every view)."""

from __future__ import annotations

from dataclasses import replace

from wargame.core.model import Scenario


def scenario_for(scenario: Scenario, viewer: str | None) -> Scenario:
    """``scenario`` stripped of what ``viewer`` (a side id; None: the facilitator) may not see."""
    if viewer is None:
        return scenario
    return replace(
        scenario,
        units=tuple(u for u in scenario.units if u.side == viewer),
        control={},
        supply_sources={s: h for s, h in scenario.supply_sources.items() if s == viewer},
        routes={s: r for s, r in scenario.routes.items() if s == viewer},
        briefings={s: b for s, b in scenario.briefings.items() if s == viewer},
    )
