"""Warnings: what a facilitator must notice this turn, with stable codes and severities.

Each warning has a code (stable across versions, for files and tests), a severity, the side
it concerns, a message naming places as "0504 (Ivanivske)", and the hexes and units it is
about. ``since_turn`` is carried over from the previous analysis while the same warning (same
code, side and subject) persists; ``new`` marks warnings that appeared this turn.
"""

from __future__ import annotations

from collections.abc import Iterable

from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.rules.overrides import override_warnings
from wargame.core.rules.results import (
    Analysis,
    RouteState,
    Severity,
    SideAnalysis,
    Supply,
    Warning,
)

ROUTE_CUT = "ROUTE_CUT"
ROUTE_UNDER_FIRE = "ROUTE_UNDER_FIRE"
ONE_ROUTE_LEFT = "ONE_ROUTE_LEFT"
NO_ROUTE_OPEN = "NO_ROUTE_OPEN"
CORRIDOR_NARROW = "CORRIDOR_NARROW"
UNITS_ENCIRCLED = "UNITS_ENCIRCLED"
UNITS_OUT_OF_SUPPLY = "UNITS_OUT_OF_SUPPLY"
UNITS_LIMITED = "UNITS_LIMITED"


def side_warnings(gamemap: GameMap, analysis: SideAnalysis, narrow: int) -> list[Warning]:
    """Every warning about one side, before since_turn is known."""
    return [
        *_route_warnings(gamemap, analysis),
        *_corridor_warnings(gamemap, analysis, narrow),
        *_supply_warnings(gamemap, analysis),
        *override_warnings(analysis),
    ]


def _route_warnings(gamemap: GameMap, a: SideAnalysis) -> Iterable[Warning]:
    for name, route in sorted(a.routes.items()):
        if route.status is RouteState.CUT:
            where = _places(gamemap, route.hexes)
            yield Warning(
                ROUTE_CUT, Severity.WARNING, a.side, f"{name} cut at {where}", route.hexes, subject=name
            )
        elif route.status is RouteState.UNDER_FIRE:
            where = _places(gamemap, route.hexes)
            yield Warning(
                ROUTE_UNDER_FIRE,
                Severity.WARNING,
                a.side,
                f"{name} under fire at {where}",
                route.hexes,
                subject=name,
            )
    # Counting open routes follows the facilitator's rulings (a route ruled cut is not open);
    # the per-route warnings above say what the engine computed, and where.
    open_routes = sorted(n for n, r in a.routes.items() if r.effective is RouteState.OPEN)
    if len(a.routes) > 1 and len(open_routes) == 1:
        only = a.routes[open_routes[0]]
        yield Warning(
            ONE_ROUTE_LEFT,
            Severity.CRITICAL,
            a.side,
            f"Only {only.name} remains open",
            only.route_hexes,
            subject="routes",
        )
    elif a.routes and not open_routes:
        names = ", ".join(sorted(a.routes))
        yield Warning(
            NO_ROUTE_OPEN,
            Severity.CRITICAL,
            a.side,
            f"No route remains open ({names} cut or under fire)",
            subject="routes",
        )


def _corridor_warnings(gamemap: GameMap, a: SideAnalysis, narrow: int) -> Iterable[Warning]:
    for corridor in a.corridors:
        if corridor.width_hexes > narrow:
            continue
        severity = Severity.CRITICAL if corridor.width_hexes <= 1 else Severity.WARNING
        hexes = "hex" if corridor.width_hexes == 1 else "hexes"
        message = (
            f"Corridor to {corridor.name} {corridor.width_hexes} {hexes} "
            f"({corridor.width_m / 1000:.1f} km) wide at {_places(gamemap, corridor.critical_hexes)}"
        )
        yield Warning(
            CORRIDOR_NARROW,
            severity,
            a.side,
            message,
            corridor.critical_hexes,
            corridor.units,
            subject=f"corridor:{corridor.name}",
        )


def _supply_warnings(gamemap: GameMap, a: SideAnalysis) -> Iterable[Warning]:
    for pocket in a.pockets:
        count = _units(len(pocket.units))
        yield Warning(
            UNITS_ENCIRCLED,
            Severity.CRITICAL,
            a.side,
            f"{count} encircled ({pocket.name})",
            tuple(a.units[u].hex for u in pocket.units),
            pocket.units,
            subject=f"pocket:{pocket.name}",
        )
    out = [u for u in a.units.values() if u.supply is Supply.OUT_OF_SUPPLY]
    if out:
        longest = max(u.turns_out_of_supply for u in out)
        since = f" (longest {longest} turn{'s' if longest != 1 else ''})" if longest else ""
        yield Warning(
            UNITS_OUT_OF_SUPPLY,
            Severity.WARNING,
            a.side,
            f"{_units(len(out))} out of supply: too far from a source{since}",
            tuple(u.hex for u in out),
            tuple(u.unit_id for u in out),
            subject="out_of_supply",
        )
    limited = [u for u in a.units.values() if u.supply is Supply.LIMITED]
    if limited:
        yield Warning(
            UNITS_LIMITED,
            Severity.INFO,
            a.side,
            f"{_units(len(limited))} on limited supply: every route to them is under fire",
            tuple(u.hex for u in limited),
            tuple(u.unit_id for u in limited),
            subject="limited",
        )


def _units(count: int) -> str:
    return f"{count} unit{'s' if count != 1 else ''}"


def _places(gamemap: GameMap, hexes: tuple[Hex, ...]) -> str:
    """The first hex described, and how many more."""
    if not hexes:
        return "an unknown place"
    first = gamemap.describe(hexes[0])
    more = len(hexes) - 1
    return first if more == 0 else f"{first} and {more} more hex{'es' if more != 1 else ''}"


def sort_key(w: Warning) -> tuple[int, str, str, str]:
    return (-w.severity.rank, w.code, w.side, w.message)


def carry_over(
    warnings: list[Warning], previous: Analysis | None, turn: int
) -> tuple[tuple[Warning, ...], tuple[Warning, ...]]:
    """Warnings with since_turn and new set from the previous analysis, and those cleared."""
    before = {w.key: w for w in previous.warnings} if previous else {}
    result = []
    for w in warnings:
        old = before.get(w.key)
        since = old.since_turn if old else turn
        result.append(_with(w, since, since == turn))
    keys = {w.key for w in result}
    cleared = [w for w in before.values() if w.key not in keys]
    if previous is not None and previous.turn == turn:
        # Within a turn, warnings cleared earlier stay listed until the turn ends.
        cleared += [w for w in previous.cleared if w.key not in keys and w.key not in before]
    return tuple(sorted(result, key=sort_key)), tuple(sorted(cleared, key=sort_key))


def _with(w: Warning, since_turn: int, new: bool) -> Warning:
    return Warning(w.code, w.severity, w.side, w.message, w.hexes, w.units, since_turn, new, w.subject)
