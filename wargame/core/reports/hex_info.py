"""What the status bar says about a hex, and which road link of a hex points at the cursor."""

from __future__ import annotations

import math

from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Segment
from wargame.core.rules.results import Analysis
from wargame.core.state import GameState

DIRECTION_NAMES = ("NE", "SE", "S", "SW", "NW", "N")


def road_link_toward(
    gamemap: GameMap, h: Hex, x: float, y: float, only: frozenset[Segment] | None = None
) -> Segment | None:
    """The road link of ``h`` whose direction is closest to the point (x, y) in local metres.

    ``only`` limits the choice (e.g. to cut segments when repairing).
    """
    cx, cy = gamemap.layout.centre(h)
    best: tuple[float, Segment] | None = None
    for n in gamemap.neighbours(h):
        segment = Segment.of(h, n)
        if gamemap.road(h, n) is None or (only is not None and segment not in only):
            continue
        nx, ny = gamemap.layout.centre(n)
        angle = abs(math.remainder(math.atan2(ny - cy, nx - cx) - math.atan2(y - cy, x - cx), math.tau))
        if best is None or angle < best[0]:
            best = (angle, segment)
    return best[1] if best else None


def roads_text(gamemap: GameMap, h: Hex) -> str:
    parts = []
    for direction, n in enumerate(h.neighbours()):
        link = gamemap.road(h, n) if n in gamemap else None
        if link is not None:
            name = "/".join(link.refs) or link.road_class.value
            parts.append(f"{name} {DIRECTION_NAMES[direction]}")
    return ", ".join(parts) or "none"


def supply_text(analysis: Analysis | None, h: Hex) -> str:
    if analysis is None:
        return "not analysed"
    parts = []
    for side_id, side in sorted(analysis.sides.items()):
        if h in side.supplied_hexes:
            parts.append(f"{side_id} supplied")
        elif h in side.limited_hexes:
            parts.append(f"{side_id} limited")
        else:
            parts.append(f"{side_id} none")
    return ", ".join(parts)


def hex_status(state: GameState, analysis: Analysis | None, h: Hex) -> str:
    """One line for the status bar: label, coordinates, terrain, place, control, supply, roads."""
    gamemap = state.map
    info = gamemap.hexes[h]
    terrain = (
        info.terrain.value + (", river" if info.river else "") + (", high ground" if info.high_ground else "")
    )
    place = gamemap.place_name(h) or "—"
    controller = state.controller(h) or "nobody"
    extras = []
    if h in state.interdicted:
        fire = state.interdicted[h]
        extras.append(f"under {fire.side} fire ({fire.remaining} turn(s))")
    notes = [note.text for note in state.notes if h in note.hexes]
    if notes:
        extras.append("note: " + " / ".join(notes))
    units = ", ".join(u.label for u in state.units_at(h))
    if units:
        extras.append(f"units: {units}")
    # Most telling first: the bar may cut the end of a long line.
    text = (
        f"Hex {gamemap.label(h)} ({h.q},{h.r}) · {terrain} · {place} · control: {controller} · "
        f"supply: {supply_text(analysis, h)} · roads: {roads_text(gamemap, h)}"
    )
    return " · ".join([text, *extras])
