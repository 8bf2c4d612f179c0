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

Every amount is counted exactly, in whole millionths of an SP (``UNIT``): each rule value is
read as the decimal it is written as, the products are taken as fractions and only then
scaled. With the default rules every capacity and every full-strength need is a whole number
of millionths (a mud woods link under fire carries 0.03125 SP, not 0.03); a product finer
than that (a need scaled by a strength of 2 of 3) is rounded to the nearest millionth.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from wargame.core.grid.hexgrid import Hex
from wargame.core.model import GROUNDS, Rules, Unit
from wargame.core.rules.graph import BoolArray, FloatArray, IntArray, MapGraph


def ground_of(rules: Rules, ground: str | None) -> str:
    """The ground in force: the facilitator's latest call, else the scenario's."""
    chosen = ground or rules.ground
    return chosen if chosen in GROUNDS else "dry"


UNIT = 1_000_000  # amounts are counted in millionths of a supply point
MOST = 10**12  # no link, source or need counts above 1,000,000 SP (keeps sums in 64 bits)
_FINEST = 10**12  # rule values are read to twelve decimals


@lru_cache(maxsize=4096)
def exact(value: float) -> Fraction:
    """A rule value as the decimal it is written as (0.1 is 1/10, not the nearest binary)."""
    found = Fraction(repr(float(value)))
    if found.denominator > _FINEST:
        found = Fraction(round(found * _FINEST), _FINEST)
    return found


def to_units(value: Fraction) -> int:
    """SP as whole millionths (rounded to the nearest only when finer than that)."""
    return min(round(value * UNIT), MOST)


def scaled(units: IntArray, share: Fraction) -> IntArray:
    """``units × share``, exact when the product is whole millionths (else to the nearest)."""
    num, den = share.numerator, share.denominator
    if int(units.max(initial=0)) * num * 2 + den < 2**62:
        return np.asarray((units * num * 2 + den) // (2 * den), dtype=np.int64)
    wide = [(int(u) * num * 2 + den) // (2 * den) for u in units.tolist()]  # beyond 64 bits
    return np.array(wide, dtype=np.int64)


def need_units(rules: Rules, unit: Unit) -> int:
    """Millionths of an SP per turn a unit needs: echelon × type, scaled by strength."""
    need = rules.need_sp.get(unit.echelon.value, 1.0)
    factor = rules.need_factor.get(unit.type.value, 1.0)
    return _need(float(need), float(factor), max(unit.strength, 0), max(unit.max_strength, 1))


@lru_cache(maxsize=4096)
def _need(need: float, factor: float, strength: int, full: int) -> int:
    return to_units(exact(need) * exact(factor) * Fraction(strength, full))


def unit_need(rules: Rules, unit: Unit) -> float:
    """SP per turn a unit needs: echelon × type, scaled by strength (logistics units need none).

    >>> unit_need(Rules(), Unit("a", "UA", UnitType.ARMOUR, Hex(0, 0)))  # doctest: +SKIP
    1.5
    """
    return need_units(rules, unit) / UNIT


def road_units(graph: MapGraph, rules: Rules) -> IntArray:
    """Capacity of every edge along its road, in millionths of an SP (0 where no road runs)."""
    capacity = np.zeros(len(graph.tail), dtype=np.int64)
    for segment, (forward, backward) in graph.segment_edges.items():
        link = graph.map.roads[segment]
        value = to_units(exact(rules.road_capacity.get(link.road_class.value, 0.0)))
        capacity[forward] = capacity[backward] = value
    return capacity


def offroad_units(graph: MapGraph, rules: Rules, ground: str) -> IntArray:
    """Cross-country capacity of every edge on this ground, in millionths (0 into water)."""
    gamemap = graph.map
    base = exact(rules.offroad_capacity.get(ground, 0.0))
    river = exact(rules.river_capacity.get(ground, 0.0))
    by_terrain = {t: exact(v) for t, v in rules.terrain_capacity.items()}
    terrain = [by_terrain.get(gamemap.hexes[h].terrain.value, Fraction(0)) for h in graph.hexes]
    plain = np.array([to_units(base * t) for t in terrain], dtype=np.int64)
    across = np.array([to_units(base * t * river) for t in terrain], dtype=np.int64)
    plain[graph.water] = across[graph.water] = 0
    capacity = plain[graph.head]
    crossings = graph.river_edges
    if len(crossings):
        capacity[crossings] = across[graph.head[crossings]]
    return np.asarray(capacity, dtype=np.int64)


def ground_units(graph: MapGraph, rules: Rules, ground: str, cut_edges: IntArray) -> IntArray:
    """What every edge carries before fire, in millionths: road unless cut, else ground."""
    road = graph.capacity_cache(("road", _key(rules)), lambda: road_units(graph, rules))
    offroad = graph.capacity_cache(
        ("offroad", ground, _key(rules)), lambda: offroad_units(graph, rules, ground)
    )
    if len(cut_edges):
        road = road.copy()
        road[cut_edges] = 0
    return np.maximum(road, offroad)


def link_units(graph: MapGraph, rules: Rules, ground: IntArray, fire: BoolArray) -> IntArray:
    """What every edge carries now, in millionths: reduced into hexes under fire."""
    return np.where(fire[graph.head], scaled(ground, exact(rules.fire_capacity)), ground)


def link_capacity(
    graph: MapGraph, rules: Rules, ground: str, cut_edges: IntArray, fire: BoolArray
) -> FloatArray:
    """What every edge carries now, in SP: road unless cut, else ground; reduced under fire."""
    units = link_units(graph, rules, ground_units(graph, rules, ground, cut_edges), fire)
    return np.asarray(units / UNIT, dtype=np.float64)


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
    memo: dict[tuple[object, ...], tuple[SourceStretch, ...]] = graph.memo("stretches")
    key = (tuple(anchors), rules.source_stretch_hexes, rules.source_capacity)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _stretches(graph, rules, anchors)
    return found


def _stretches(graph: MapGraph, rules: Rules, anchors: tuple[Hex, ...]) -> tuple[SourceStretch, ...]:
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
