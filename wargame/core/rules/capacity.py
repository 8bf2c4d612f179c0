"""How much supply each link, source and unit carries or needs, in supply points (SP) per turn.

A link between two hexes carries its road's capacity (by class) while the road is not cut,
else the cross-country capacity of the ground (dry, frozen or mud) times the share the
terrain entered allows, and times the river share of the ground when it crosses a river or
canal without a bridge. A road never carries less than the ground beside it. A link into a
hex under enemy fire carries only ``Rules.fire_capacity`` of that.

A unit needs its echelon's SP times its type's factor, scaled by its strength. A supply
source is a *stretch*: the source hex and, on the map edge, the edge hexes within
``Rules.source_stretch_hexes`` of it; each stretch sends up to ``Rules.source_capacity``
through whichever of its hexes the enemy leaves open.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wargame.core.grid.hexgrid import Hex
from wargame.core.model import GROUNDS, Rules, Unit
from wargame.core.rules.graph import BoolArray, FloatArray, IntArray, MapGraph


def ground_of(rules: Rules, ground: str | None) -> str:
    """The ground in force: the facilitator's latest call, else the scenario's."""
    chosen = ground or rules.ground
    return chosen if chosen in GROUNDS else "dry"


def unit_need(rules: Rules, unit: Unit) -> float:
    """SP per turn a unit needs: echelon × type, scaled by strength (logistics units need none).

    >>> unit_need(Rules(), Unit("a", "UA", UnitType.ARMOUR, Hex(0, 0)))  # doctest: +SKIP
    1.5
    """
    base = rules.need_sp.get(unit.echelon.value, 1.0) * rules.need_factor.get(unit.type.value, 1.0)
    share = max(unit.strength, 0) / max(unit.max_strength, 1)
    return round(base * share, 3)


def road_capacity(graph: MapGraph, rules: Rules) -> FloatArray:
    """Capacity of every edge along its road (0 where no road runs)."""
    capacity = np.zeros(len(graph.tail))
    for segment, (forward, backward) in graph.segment_edges.items():
        link = graph.map.roads[segment]
        capacity[forward] = capacity[backward] = rules.road_capacity.get(link.road_class.value, 0.0)
    return capacity


def offroad_capacity(graph: MapGraph, rules: Rules, ground: str) -> FloatArray:
    """Cross-country capacity of every edge on this ground (0 into water)."""
    gamemap = graph.map
    base = rules.offroad_capacity.get(ground, 0.0)
    terrain = np.array([rules.terrain_capacity.get(gamemap.hexes[h].terrain.value, 0.0) for h in graph.hexes])
    terrain[graph.water] = 0.0
    capacity = base * terrain[graph.head]
    river = rules.river_capacity.get(ground, 0.0)
    crossings = graph.river_edges
    if len(crossings):
        capacity[crossings] *= river
    return np.asarray(capacity, dtype=np.float64)


def link_capacity(
    graph: MapGraph, rules: Rules, ground: str, cut_edges: IntArray, fire: BoolArray
) -> FloatArray:
    """What every edge carries now: road unless cut, else ground; reduced into hexes under fire."""
    road = graph.capacity_cache(("road", _key(rules)), lambda: road_capacity(graph, rules))
    offroad = graph.capacity_cache(
        ("offroad", ground, _key(rules)), lambda: offroad_capacity(graph, rules, ground)
    )
    if len(cut_edges):
        road = road.copy()
        road[cut_edges] = 0.0
    capacity = np.maximum(road, offroad)
    return np.where(fire[graph.head], capacity * rules.fire_capacity, capacity)


def _key(rules: Rules) -> tuple[object, ...]:
    return (
        tuple(sorted(rules.road_capacity.items())),
        tuple(sorted(rules.offroad_capacity.items())),
        tuple(sorted(rules.terrain_capacity.items())),
        tuple(sorted(rules.river_capacity.items())),
    )


@dataclass(frozen=True, slots=True)
class SourceStretch:
    """One supply source: the hexes supply enters through, and how much it sends per turn."""

    anchor: Hex
    hexes: tuple[Hex, ...]
    capacity: float


def source_stretches(graph: MapGraph, rules: Rules, anchors: tuple[Hex, ...]) -> tuple[SourceStretch, ...]:
    """The stretches of a side's sources (a source on the map edge widens along the edge;
    sources whose stretches touch stay separate sources, each with its own capacity)."""
    edge = graph.edge_hexes
    result = []
    for anchor in sorted(set(anchors)):
        if anchor not in graph.index:
            continue
        hexes = [anchor]
        if edge[graph.index[anchor]]:
            reach = rules.source_stretch_hexes
            hexes += [h for h in graph.map.hexes_within(anchor, reach) if edge[graph.index[h]]]
        result.append(SourceStretch(anchor, tuple(sorted(set(hexes))), rules.source_capacity))
    return tuple(result)
