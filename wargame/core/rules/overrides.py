"""Facilitators' overrides, shown beside the computed statuses rather than in their place.

An ``OverrideStatus`` action records a ruling in ``GameState.overrides``, keyed by side,
``"unit"`` or ``"route"`` and the subject. The analysis keeps the computed ``supply`` or
``status`` and adds the ruling (``override``, ``override_reason``); ``effective`` is the
ruling when there is one. Each ruling also raises an info warning (``OVERRIDE``) that says
what was ruled, why, and what the engine computed, so the table sees both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from wargame.core.grid.hexgrid import Hex
from wargame.core.rules.results import RouteStatus, Severity, SideAnalysis, UnitSupply, Warning
from wargame.core.state import GameState

OVERRIDE = "OVERRIDE"


def with_unit_overrides(state: GameState, side: str, units: dict[str, UnitSupply]) -> dict[str, UnitSupply]:
    """The units' supply with the facilitator's rulings on them added."""
    for (owner, kind, subject), ruling in sorted(state.overrides.items()):
        if owner == side and kind == "unit" and subject in units:
            units[subject] = replace(units[subject], override=ruling.status, override_reason=ruling.reason)
    return units


def with_route_overrides(
    state: GameState, side: str, routes: dict[str, RouteStatus]
) -> dict[str, RouteStatus]:
    """The routes' status with the facilitator's rulings on them added."""
    for (owner, kind, subject), ruling in sorted(state.overrides.items()):
        if owner == side and kind == "route" and subject in routes:
            routes[subject] = replace(routes[subject], override=ruling.status, override_reason=ruling.reason)
    return routes


def override_warnings(a: SideAnalysis) -> Iterable[Warning]:
    """One info warning per ruling, e.g.
    "Facilitator: T0504 ruled cut — bridge destroyed (computed: under fire)"."""
    for name, route in sorted(a.routes.items()):
        if route.override:
            computed = route.status.value.replace("_", " ")
            yield _warning(
                a.side,
                f"route:{name}",
                name,
                route.override,
                route.override_reason,
                computed,
                route.route_hexes,
                (),
            )
    for uid, unit in sorted(a.units.items()):
        if unit.override:
            yield _warning(
                a.side,
                f"unit:{uid}",
                uid,
                unit.override,
                unit.override_reason,
                unit.supply.title,
                (unit.hex,),
                (uid,),
            )


def _warning(
    side: str,
    subject: str,
    name: str,
    ruled: str,
    reason: str | None,
    computed: str,
    hexes: tuple[Hex, ...],
    units: tuple[str, ...],
) -> Warning:
    why = f" — {reason}" if reason else ""
    message = f"Facilitator: {name} ruled {ruled.replace('_', ' ')}{why} (computed: {computed})"
    return Warning(OVERRIDE, Severity.INFO, side, message, hexes, units, subject=f"override:{subject}")
