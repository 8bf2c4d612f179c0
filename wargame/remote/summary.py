"""A game's headline in one line per side, from a view: what the control cell lists and what
``wargame host`` and ``wargame join`` print after each step.

>>> side_headline(view, "UA")          # doctest: +SKIP
'Ukraine: routes 1/3 open · 62% of need arriving · corridor 2 hexes (1.0 km) · worst: Only O0506 remains open'
"""

from __future__ import annotations

from wargame.core.rules.results import RouteState, SideAnalysis
from wargame.core.view.side_view import SideView


def turn_line(view: SideView, names: dict[str, str]) -> str:
    phase = (
        view.phase.current
        if view.phase is not None
        else f"{names.get(view.side_to_move, view.side_to_move)} move"
    )
    return f"turn {view.turn} · {phase}"


def side_headline(view: SideView, side: str, name: str = "") -> str:
    """Routes open, share of need arriving, the narrowest corridor and the worst warning."""
    analysis = view.own_sides.get(side)
    label = name or side
    if analysis is None:
        return f"{label}: no analysis" + (f" ({view.analysis_error})" if view.analysis_error else "")
    parts = [_routes(analysis), f"{analysis.arriving_percent}% of need arriving"]
    if analysis.corridors:
        narrowest = min(analysis.corridors, key=lambda c: c.width_hexes)
        parts.append(f"corridor {narrowest.width_hexes} hexes ({narrowest.width_m / 1000:.1f} km)")
    own = [w for w in (view.analysis.warnings if view.analysis else ()) if w.side == side]
    if own:
        worst = max(own, key=lambda w: w.severity.rank)
        parts.append(f"worst: {worst.message}")
    return f"{label}: " + " · ".join(parts)


def _routes(analysis: SideAnalysis) -> str:
    routes = analysis.routes.values()
    open_ = sum(1 for r in routes if r.effective is RouteState.OPEN)
    return f"routes {open_}/{len(analysis.routes)} open"
