"""What the enemy does to a side's lines of communication: blocked hexes and hexes under fire.

A hex is **blocked** for a side when water, enemy-occupied, enemy-controlled or in an enemy
zone of control (next to an enemy combat unit). A friendly unit standing in a hex keeps it
open: it negates enemy control and zones of control there (the hex is contested, not lost).
A hex is **under fire** when within an enemy unit's direct-fire reach or interdicted by the
enemy; supply may pass through it, but only limited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Unit
from wargame.core.rules.graph import BoolArray, MapGraph
from wargame.core.state import GameState

_CONTROL_CACHE_SIZE = 16  # control mappings remembered per map graph


@dataclass(frozen=True, slots=True)
class Obstacles:
    """The enemy's effect on one side's movement of supply, per hex."""

    side: str
    friendly: BoolArray  # a friendly unit stands here
    enemy_units: BoolArray
    enemy_control: BoolArray
    zoc: BoolArray  # enemy zone of control (before friendly units negate it)
    fire: BoolArray  # enemy direct-fire reach or enemy interdiction
    blocked: BoolArray

    @property
    def passable(self) -> BoolArray:
        return ~self.blocked


def obstacles(graph: MapGraph, state: GameState, side: str) -> Obstacles:
    """Blocked and fired-on hexes for ``side`` in ``state``."""
    enemy = state.enemy_of(side)
    friendly_units = [u for u in state.units.values() if u.side == side]
    enemy_units = [u for u in state.units.values() if u.side == enemy]
    friendly = graph.mask(u.hex for u in friendly_units)
    occupied = graph.mask(u.hex for u in enemy_units)
    control = control_masks(graph, state.control).get(enemy, np.zeros(graph.size, dtype=bool))
    zoc = zone_of_control(graph, enemy_units) if state.scenario.rules.zoc else np.zeros_like(friendly)
    fire = fire_reach(graph, enemy_units)
    interdicted = [h for h, i in state.interdicted.items() if i.side == enemy]
    fire[graph.indices(interdicted)] = True
    blocked = graph.water | occupied | ((control | zoc) & ~friendly)
    return Obstacles(side, friendly, occupied, control, zoc, fire, blocked)


def zone_of_control(graph: MapGraph, units: list[Unit]) -> BoolArray:
    """Hexes next to the units that exert a zone of control (combat units)."""
    centres = graph.mask(u.hex for u in units if u.type.is_combat)
    reached = graph.neighbours[centres].ravel()
    zoc = np.zeros(graph.size, dtype=bool)
    zoc[reached[reached >= 0]] = True
    return zoc


def fire_reach(graph: MapGraph, units: list[Unit]) -> BoolArray:
    """Hexes within direct-fire reach of any of the units (their own hexes included)."""
    fire = np.zeros(graph.size, dtype=bool)
    for reach in sorted({u.fire_reach for u in units if u.fire_reach > 0}):
        centres = graph.mask(u.hex for u in units if u.fire_reach == reach)
        fire |= graph.expand(centres, reach)
    return fire


def control_masks(graph: MapGraph, control: Mapping[Hex, str]) -> dict[str, BoolArray]:
    """Hexes held by each side. Cached per control mapping: most actions leave it unchanged."""
    cache: dict[int, tuple[Mapping[Hex, str], dict[str, BoolArray]]] = graph.memo("control")
    key = id(control)  # the cached mapping is kept, so its id is not reused
    cached = cache.get(key)
    if cached is not None and cached[0] is control:
        return cached[1]
    masks = _build_control(graph, control)
    if len(cache) >= _CONTROL_CACHE_SIZE:
        del cache[next(iter(cache))]
    cache[key] = (control, masks)
    return masks


def _build_control(graph: MapGraph, control: Mapping[Hex, str]) -> dict[str, BoolArray]:
    by_side: dict[str, list[int]] = {}
    index = graph.index
    for h, side in control.items():
        i = index.get(h)
        if i is not None:
            by_side.setdefault(side, []).append(i)
    masks = {}
    for side, found in by_side.items():
        mask = np.zeros(graph.size, dtype=bool)
        mask[np.array(found, dtype=np.int64)] = True
        masks[side] = mask
    return masks


def clear_cache(graph: MapGraph) -> None:
    graph.memo("control").clear()
