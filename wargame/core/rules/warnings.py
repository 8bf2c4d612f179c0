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
from wargame.core.rules.naming import place_of, units_text
from wargame.core.rules.overrides import override_warnings
from wargame.core.rules.results import (
    Analysis,
    Corridor,
    ForceSupply,
    Link,
    RouteState,
    RouteStatus,
    Severity,
    SideAnalysis,
    Supply,
    UnitSupply,
    Warning,
    share_text,
    sp_text,
)

ROUTE_CUT = "ROUTE_CUT"
ROUTE_UNDER_FIRE = "ROUTE_UNDER_FIRE"
ONE_ROUTE_LEFT = "ONE_ROUTE_LEFT"
NO_ROUTE_OPEN = "NO_ROUTE_OPEN"
CORRIDOR_NARROW = "CORRIDOR_NARROW"
UNITS_ENCIRCLED = "UNITS_ENCIRCLED"
UNITS_OUT_OF_SUPPLY = "UNITS_OUT_OF_SUPPLY"
UNITS_LIMITED = "UNITS_LIMITED"
FORCE_SHORT = "FORCE_SHORT"


def side_warnings(
    gamemap: GameMap, analysis: SideAnalysis, narrow: int, limited_share: float = 0.5
) -> list[Warning]:
    """Every warning about one side, before since_turn is known: one per subject and cause."""
    return one_per_key(
        [
            *_route_warnings(gamemap, analysis),
            *_corridor_warnings(gamemap, analysis, narrow),
            *_force_warnings(gamemap, analysis, limited_share),
            *_supply_warnings(gamemap, analysis),
            *override_warnings(analysis),
        ]
    )


def one_per_key(warnings: list[Warning]) -> list[Warning]:
    """One warning per code, side and subject: two forces of one name (or a cause found twice)
    give one warning, the most severe, about all their hexes and units."""
    merged: dict[tuple[str, str, str], Warning] = {}
    for w in warnings:
        old = merged.get(w.key)
        if old is None:
            merged[w.key] = w
            continue
        keep = w if w.severity.rank > old.severity.rank else old
        hexes = tuple(dict.fromkeys((*old.hexes, *w.hexes)))
        units = tuple(dict.fromkeys((*old.units, *w.units)))
        merged[w.key] = Warning(
            keep.code, keep.severity, keep.side, keep.message, hexes, units, subject=keep.subject
        )
    return list(merged.values())


def _carries(route: RouteStatus) -> str:
    return f"{sp_text(route.capacity_sp)} of {sp_text(route.nominal_sp)} SP"


def _force_warnings(gamemap: GameMap, a: SideAnalysis, limited_share: float) -> Iterable[Warning]:
    """A force short of supply: how much reaches it, what limits it, and what one more loss
    would do."""
    encircled = {u for p in a.pockets for u in p.units}
    for force in a.forces:
        if force.need_sp <= 0 or force.ratio >= 1.0 - 1e-6:
            continue
        if encircled.issuperset(force.units):
            continue  # encircled: the pocket's warning says so, once
        count = len(force.units)
        # A force out of supply is critical; a lone unit (a raid, an outpost) only a warning.
        starving = force.ratio < limited_share and count > 1
        severity = Severity.CRITICAL if starving else Severity.WARNING
        who = _group_name(gamemap, a, force)
        message = (
            f"{who[:1].upper()}{who[1:]}: {share_text(force.ratio)} of the need arrives "
            f"({sp_text(force.delivered_sp)} of {sp_text(force.need_sp)} SP)"
        )
        if force.bottleneck:
            message += _bottleneck(gamemap, force.bottleneck)
        message += _one_more_loss(gamemap, a, force, limited_share)
        hexes = tuple(a.units[u].hex for u in force.units)
        yield Warning(
            FORCE_SHORT, severity, a.side, message, hexes, force.units, subject=f"force:{force.name}"
        )


def _group_name(gamemap: GameMap, a: SideAnalysis, force: ForceSupply) -> str:
    """ "UA garrison of Bakhmut (9 units) and 3 other units": the place most of the group
    stands at, and how many stand elsewhere behind the same bottleneck (a corridor names only
    the force at its end)."""
    count = len(force.units)
    if count == 1:
        return force.name
    place = place_of(force.name)
    at_place = sum(1 for u in force.units if gamemap.place_name(a.units[u].hex) == place)
    if not place or at_place in (0, count):
        return f"{force.name} ({units_text(count)})"
    others = count - at_place
    return f"{force.name} ({units_text(at_place)}) and {others} other unit{'s' if others != 1 else ''}"


def _bottleneck(gamemap: GameMap, links: tuple[Link, ...]) -> str:
    """What limits the force: the busiest full link, carrying all it can (not all that
    arrives: the rest comes by other links), and how many more are full."""
    more = len(links) - 1
    others = f" (and {more} other full link{'s' if more != 1 else ''})" if more else ""
    return f"; held back by {_link(gamemap, links[0], full=True)}{others}"


def _one_more_loss(gamemap: GameMap, a: SideAnalysis, force: ForceSupply, limited_share: float) -> str:
    """What losing the costliest hex of a narrow corridor into the force would do."""
    members = set(force.units)
    for corridor in a.corridors:
        loss, carries = corridor.worst_loss_sp, corridor.capacity_sp
        if not loss or loss <= 0 or carries is None or not members & set(corridor.units):
            continue
        if corridor.need_sp <= 0:
            continue
        # worst_loss_sp is what losing the hex costs the force now (recomputed with it lost)
        left = max(corridor.delivered_sp - loss, 0.0)
        now, after = corridor.delivered_sp / corridor.need_sp, left / corridor.need_sp
        worst = gamemap.label(corridor.critical_hexes[0])
        if now < limited_share:  # already out of supply: say how much worse, not that it would be
            return f"; losing {worst} would cut it further, to {share_text(after)}"
        if after < limited_share:
            return f"; losing {worst} would leave it out of supply ({share_text(after)})"
        return f"; losing {worst} would cut it to {share_text(after)}"
    return ""


def _link(gamemap: GameMap, link: Link, full: bool = False) -> str:
    """ "O0506 at 2422–2423 carries 4 SP" ("…, full at 4 SP" for a link that limits)"""
    head = gamemap.label(link.head)
    if link.tail is None:
        if full:
            return (
                f"the source at {gamemap.describe(link.head)}, sending all it can ({sp_text(link.flow)} SP)"
            )
        return f"the source at {gamemap.describe(link.head)} sends {sp_text(link.flow)} SP"
    road = gamemap.road(link.tail, link.head)
    what = (
        f"{', '.join(road.refs) or road.road_class.value + ' road'}"
        if road is not None and link.road
        else "cross-country"
    )
    if full:
        return f"{what} at {gamemap.label(link.tail)}–{head}, full at {sp_text(link.flow)} SP"
    return f"{what} at {gamemap.label(link.tail)}–{head} carries {sp_text(link.flow)} SP"


def _route_warnings(gamemap: GameMap, a: SideAnalysis) -> Iterable[Warning]:
    for name, route in sorted(a.routes.items()):
        if route.status is RouteState.CUT:
            where = _places(gamemap, route.hexes)
            yield Warning(
                ROUTE_CUT,
                Severity.WARNING,
                a.side,
                f"{name} cut at {where}{_cause(route)}{_ruling(route)}: carries {_carries(route)}",
                route.hexes,
                subject=name,
            )
        elif route.status is RouteState.UNDER_FIRE:
            where = _places(gamemap, route.hexes)
            yield Warning(
                ROUTE_UNDER_FIRE,
                Severity.WARNING,
                a.side,
                f"{name} under fire at {where}{_ruling(route)}: carries {_carries(route)}",
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
            f"Only {only.name} remains open ({_carries(only)}){_arriving(a)}",
            only.route_hexes,
            subject="routes",
        )
    elif a.routes and not open_routes:
        names = ", ".join(sorted(a.routes))
        yield Warning(
            NO_ROUTE_OPEN,
            Severity.CRITICAL,
            a.side,
            f"No route remains open ({names} cut or under fire){_arriving(a)}",
            subject="routes",
        )


def _cause(route: RouteStatus) -> str:
    """ " (held by RU)": why the route is cut there."""
    return f" ({route.cause})" if route.cause else ""


def _ruling(route: RouteStatus) -> str:
    """ " — ruled open: the bridge holds": a facilitator's ruling on the route, where there is one."""
    if not route.override:
        return ""
    why = f": {route.override_reason}" if route.override_reason else ""
    return f" — ruled {route.override.replace('_', ' ')}{why}"


def _arriving(a: SideAnalysis) -> str:
    """What still reaches the side's units, so a closed route never sits beside full supply
    unexplained."""
    need, delivered = a.need_sp, a.delivered_sp
    if need <= 0:
        return ""
    if delivered >= need - 1e-6:
        return f"; all {sp_text(need)} SP the units need still arrive, off the named routes or around them"
    return (
        f"; {sp_text(delivered)} of the {sp_text(need)} SP the units need arrive, over every road and track"
    )


def _corridor_warnings(gamemap: GameMap, a: SideAnalysis, narrow: int) -> Iterable[Warning]:
    pocketed = {p.name for p in a.pockets}
    for corridor in a.corridors:
        if corridor.width_hexes > narrow:
            continue
        closes = _one_hex_closes(corridor)
        severity = Severity.CRITICAL if corridor.width_hexes <= 1 or closes else Severity.WARNING
        hexes = "hex" if corridor.width_hexes == 1 else "hexes"
        # Units of the same name may be encircled beside it: say which ones the corridor feeds.
        whom = (
            f"the {units_text(len(corridor.units))} of {corridor.name} not encircled"
            if corridor.name in pocketed
            else corridor.name
        )
        message = (
            f"Corridor to {whom} {corridor.width_hexes} {hexes} "
            f"({corridor.width_m / 1000:.1f} km) wide at {_places(gamemap, corridor.critical_hexes)}"
        )
        if closes:
            message += f", but losing {gamemap.label(corridor.critical_hexes[0])} alone would close it"
        if corridor.capacity_sp is not None:
            can, needs = sp_text(corridor.capacity_sp), sp_text(corridor.need_sp)
            message += f"; it can carry {can} SP a turn, the force needs {needs}"
        yield Warning(
            CORRIDOR_NARROW,
            severity,
            a.side,
            message,
            corridor.critical_hexes,
            corridor.units,
            subject=f"corridor:{corridor.name}",
        )


def _one_hex_closes(corridor: Corridor) -> bool:
    """Whether losing the corridor's first critical hex alone would stop all it carries (a
    corridor "n hexes wide" that one hex can close must say so)."""
    loss, carries = corridor.worst_loss_sp, corridor.capacity_sp
    if corridor.width_hexes <= 1 or loss is None or carries is None or carries <= 0:
        return False
    return loss >= carries - 1e-6


def _supply_warnings(gamemap: GameMap, a: SideAnalysis) -> Iterable[Warning]:
    """Units encircled, out of supply and on limited supply, counted as ruled: a facilitator's
    ruling moves a unit from its computed count to its ruled one, and the message says so."""
    for pocket in a.pockets:
        members = tuple(u for u in pocket.units if a.units[u].effective is Supply.ENCIRCLED)
        if not members:
            continue
        ruled = len(pocket.units) - len(members)
        aside = f"; {units_text(ruled)} more ruled otherwise" if ruled else ""
        yield Warning(
            UNITS_ENCIRCLED,
            Severity.CRITICAL,
            a.side,
            f"{units_text(len(members))} encircled ({pocket.name}){aside}",
            tuple(a.units[u].hex for u in members),
            members,
            subject=f"pocket:{pocket.name}",
        )
    yield from _counted_warnings(a)


def _ruled_aside(units: list[UnitSupply]) -> str:
    ruled = [u for u in units if u.override and u.supply is not u.effective]
    if not ruled:
        return ""
    return f" ({units_text(len(ruled))} by the facilitator's ruling)"


def _counted_warnings(a: SideAnalysis) -> Iterable[Warning]:
    out = [u for u in a.units.values() if u.effective is Supply.OUT_OF_SUPPLY]
    if out:
        longest = max(u.turns_out_of_supply for u in out)
        since = f" (longest {longest} turn{'s' if longest != 1 else ''})" if longest else ""
        computed = [u for u in out if u.supply is Supply.OUT_OF_SUPPLY]
        far = sum(1 for u in computed if u.cost is None)
        their = "its" if len(computed) == 1 else "their"
        why = (
            "so ruled"
            if not computed
            else "too far from a source"
            if far == len(computed)
            else f"less than half {their} need arrives"
            if not far
            else f"less than half {their} need arrives ({far} too far from a source)"
        )
        yield Warning(
            UNITS_OUT_OF_SUPPLY,
            Severity.WARNING,
            a.side,
            f"{units_text(len(out))} out of supply{_ruled_aside(out)}: {why}{since}",
            tuple(u.hex for u in out),
            tuple(u.unit_id for u in out),
            subject="out_of_supply",
        )
    limited = [u for u in a.units.values() if u.effective is Supply.LIMITED]
    if limited:
        yield Warning(
            UNITS_LIMITED,
            Severity.INFO,
            a.side,
            f"{units_text(len(limited))} on limited supply{_ruled_aside(limited)}: "
            f"at least half, not all, of {'its' if len(limited) == 1 else 'their'} need arrives",
            tuple(u.hex for u in limited),
            tuple(u.unit_id for u in limited),
            subject="limited",
        )


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
