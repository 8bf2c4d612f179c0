"""Hidden information: which units a side can see, and which warnings are its own.

A side sees all its own units. It sees an enemy unit standing next to one of its units or
within that unit's sight: its direct-fire reach (at least the adjacent hexes), and two hexes
further for reconnaissance units. The facilitator (``side=None``) sees everything.

>>> sight(Unit("r", "UA", UnitType.RECON, Hex(0, 0)))  # reach 1, plus 2 for recon  # doctest: +SKIP
3
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from wargame.core.model import Unit, UnitType
from wargame.core.rules.results import Analysis, Warning
from wargame.core.state import GameState

RECON_EXTRA_SIGHT = 2  # hexes a recon unit sees beyond its direct-fire reach


def sight(unit: Unit) -> int:
    """How many hexes away ``unit`` sees enemy units."""
    extra = RECON_EXTRA_SIGHT if unit.type is UnitType.RECON else 0
    return max(1, unit.fire_reach) + extra


def visible_units(state: GameState, side: str | None) -> frozenset[str]:
    """Ids of the units ``side`` can see in ``state`` (all of them for ``None``)."""
    if side is None:
        return frozenset(state.units)
    own = [u for u in state.units.values() if u.side == side]
    seen = {u.id for u in own}
    for enemy in state.units.values():
        if enemy.side != side and any(enemy.hex.distance(u.hex) <= sight(u) for u in own):
            seen.add(enemy.id)
    return frozenset(seen)


def own_warnings(warnings: Iterable[Warning], side: str | None) -> tuple[Warning, ...]:
    """The warnings a side's view shows: its own (all of them for the facilitator)."""
    return tuple(w for w in warnings if side is None or w.side == side)


def analysis_for(analysis: Analysis, side: str | None) -> Analysis:
    """The analysis as one side's view shows it: only that side's results and warnings."""
    if side is None:
        return analysis
    sides = {s: a for s, a in analysis.sides.items() if s == side}
    own_points = {w.subject for w in analysis.warnings if w.code == "decision_point" and w.side == side}
    return replace(
        analysis,
        sides=sides,
        warnings=own_warnings(analysis.warnings, side),
        cleared=own_warnings(analysis.cleared, side),
        widths=tuple(w for w in analysis.widths if w.side == side),
        reached=tuple(r for r in analysis.reached if r[0] in own_points),
    )
