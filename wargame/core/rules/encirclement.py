"""Pockets and corridors: how close a side's forces are to being cut off.

A **pocket** is a group of units with no connection to any source: the connected region of
passable hexes they stand in, and the units in it.

A **force** is a group of supplied (or limited) units standing close together: units within
``Rules.force_link_hexes`` of each other belong to the same force. Its **corridor width** is
the fewest hexes the enemy must take to cut the force from all its sources: a minimum vertex
cut between the sources and the force's hexes, found by maximum flow on the graph of hexes
from which supply can still be traced (trace cost within ``max_trace_cost``; longer detours
do not supply anyone).

Only ground the enemy can contest counts: hexes within ``Rules.corridor_depth_hexes`` of a
hex the enemy blocks (holds, occupies or covers by zone of control). The force's own hexes,
the source hexes and hexes deeper in the rear are never part of the cut, so the cut lies in
the corridor, not around the units or at the map edge where the sources are. A force that
cannot be cut off this way (it stands on or next to a source, or is linked to one through
the rear) has no corridor and gets none, nor does a force whose corridor is wider than
``Rules.corridor_max_hexes`` (the search stops there: such a force is not in a corridor).

Of several equally narrow cuts, the one nearest the force is reported: the neck of the
corridor a facilitator would point at. When that cut is only hexes next to the force, the
force stands in open ground rather than at the end of a corridor; it is reported only if
that is narrow (``narrow_corridor_hexes`` or fewer: the force is nearly surrounded).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from wargame.core.grid.hexgrid import Hex, hex_range
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Rules, Unit
from wargame.core.rules.cuts import CutNetwork
from wargame.core.rules.graph import IntArray, MapGraph
from wargame.core.rules.results import Corridor, ForceSupply, Pocket, Supply, UnitSupply
from wargame.core.rules.supply import SupplyTrace

SUPPLIED = frozenset({Supply.SUPPLIED, Supply.LIMITED, Supply.OUT_OF_SUPPLY})  # connected


def pockets(trace: SupplyTrace, units: list[Unit], supply: dict[str, UnitSupply]) -> tuple[Pocket, ...]:
    """Encircled units grouped by the region they are trapped in."""
    graph = trace.graph
    by_region: dict[int, list[Unit]] = {}
    for unit in units:
        i = graph.index.get(unit.hex)
        if i is not None and supply[unit.id].supply is Supply.ENCIRCLED:
            by_region.setdefault(int(trace.component[i]), []).append(unit)
    result = []
    for region, members in by_region.items():
        hexes = graph.hexes_of(np.flatnonzero(trace.component == region))
        ids = tuple(sorted(u.id for u in members))
        result.append(Pocket(ids, hexes, force_name(graph.map, [u.hex for u in members])))
    return tuple(sorted(result, key=lambda p: p.units))


def forces(units: list[Unit], supply: dict[str, UnitSupply], link: int) -> list[list[Unit]]:
    """Connected units (not encircled) grouped by proximity (single linkage within ``link`` hexes)."""
    members = sorted((u for u in units if supply[u.id].supply in SUPPLIED), key=lambda u: u.id)
    if not members:
        return []
    q = np.array([u.hex.q for u in members], dtype=np.int64)
    r = np.array([u.hex.r for u in members], dtype=np.int64)
    span = 4 * (int(np.abs(r).max()) + link + 1)
    keys = q * span + r  # one number per hex, so neighbours are found by sorted search
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    offsets = np.array([dq * span + dr for dq, dr in hex_range(Hex(0, 0), link)], dtype=np.int64)
    wanted = (keys[:, None] + offsets[None, :]).ravel()
    at = np.minimum(np.searchsorted(ordered, wanted), len(ordered) - 1)
    hit = ordered[at] == wanted
    tails, heads = np.flatnonzero(hit) // len(offsets), order[at[hit]]
    links = csr_matrix((np.ones(len(tails)), (tails, heads)), shape=(len(members), len(members)))
    _, label = connected_components(links, directed=False)
    groups: dict[int, list[Unit]] = {}
    for unit, group in zip(members, label.tolist(), strict=True):
        groups.setdefault(group, []).append(unit)
    return sorted(groups.values(), key=lambda g: g[0].id)


Loss = Callable[[Hex], Mapping[str, float]]  # what each unit of the side receives with a hex lost


def corridors(
    trace: SupplyTrace,
    units: list[Unit],
    supply: dict[str, UnitSupply],
    rules: Rules,
    lose: Loss | None = None,
) -> tuple[Corridor, ...]:
    """The corridor of every force that has one, narrowest first (``lose`` recomputes the
    side's supply with one hex lost, to rank the critical hexes of the narrow ones)."""
    graph = trace.graph
    enemy_ground = trace.obstacles.blocked & ~graph.water
    contested = graph.expand(enemy_ground, rules.corridor_depth_hexes)
    network = CutNetwork(graph, trace.reachable, contested, trace.sources, rules.corridor_max_hexes)
    found = []
    for force in forces(units, supply, rules.force_link_hexes):
        targets = graph.indices(u.hex for u in force)
        cut = network.min_cut(targets)
        if cut is None or (len(cut) > rules.narrow_corridor_hexes and _surrounds(graph, cut, targets)):
            continue
        ids = tuple(u.id for u in force)
        found.append((len(cut), ids, graph.hexes_of(cut), force_name(graph.map, [u.hex for u in force])))
    found.sort(key=lambda f: (f[0], f[1]))
    narrow = rules.narrow_corridor_hexes
    losses: dict[Hex, Mapping[str, float]] = {}  # one recomputation per hex, shared by corridors

    def lost(h: Hex) -> Mapping[str, float]:
        if h not in losses:
            assert lose is not None
            losses[h] = lose(h)
        return losses[h]

    return tuple(
        _corridor(trace, ids, cut, name, narrow, k < MEASURED or width <= narrow, lost if lose else None)
        for k, (width, ids, cut, name) in enumerate(found)
    )


MEASURED = 4  # what a corridor carries is worked out for the narrow ones and at least this many


def _corridor(
    trace: SupplyTrace,
    ids: tuple[str, ...],
    cut: tuple[Hex, ...],
    name: str,
    narrow: int,
    measure: bool,
    lose: Loss | None,
) -> Corridor:
    """A corridor with what it carries and what passes through each critical hex now. The
    critical hexes of a narrow corridor are ranked by what losing each costs the force now
    (the side's supply recomputed with that hex lost), costliest first, and ``worst_loss_sp``
    is that cost; a wider one's by what passes through each (each is a maximum flow of its
    own: a wide corridor beyond the narrowest few is not measured)."""
    graph = trace.graph
    delivery = trace.delivery
    need = sum(delivery.need.get(u, 0.0) for u in ids)
    delivered = sum(delivery.delivered.get(u, 0.0) for u in ids)
    metres = graph.map.layout.metres(len(cut))
    if not measure:
        return Corridor(ids, len(cut), metres, cut, name, None, need, delivered)
    flow = delivery.force_flow(ids)
    through = delivery.network.hex_throughput(flow)
    worst = None
    if len(cut) <= narrow and lose is not None:
        cost = {h: max(delivered - sum(lose(h).get(u, 0.0) for u in ids), 0.0) for h in cut}
        ranked = sorted(cut, key=lambda h: (-round(cost[h], 9), -through[graph.index[h]], h))
        worst = cost[ranked[0]]
    else:
        ranked = sorted(cut, key=lambda h: (-through[graph.index[h]], h))
    passing = tuple(float(through[graph.index[h]]) for h in ranked)
    return Corridor(
        ids, len(cut), metres, tuple(ranked), name, flow.total_sp, need, delivered, passing, worst
    )


def force_supply(trace: SupplyTrace, supply: dict[str, UnitSupply]) -> tuple[ForceSupply, ...]:
    """Each group of units short of supply behind one bottleneck: what reaches it, what limits it."""
    result = []
    for ids in trace.delivery.groups:
        need = sum(supply[u].need_sp for u in ids)
        delivered = sum(supply[u].delivered_sp for u in ids)
        name = force_name(trace.graph.map, [supply[u].hex for u in ids])
        result.append(ForceSupply(name, ids, need, delivered, supply[ids[0]].bottleneck))
    return tuple(result)


def _surrounds(graph: MapGraph, cut: IntArray, targets: IntArray) -> bool:
    """True when the cut is just hexes next to the force: it stands in open ground."""
    around = set(graph.neighbours[targets].ravel().tolist())
    return all(i in around for i in cut.tolist())


def force_name(gamemap: GameMap, hexes: list[Hex]) -> str:
    """ "Bakhmut garrison", "forces near Khromove" or "forces NE of Khromove": after the place
    most of the units are at, else the direction from the nearest settlement."""
    places = Counter(gamemap.place_name(h) for h in hexes)
    place, _ = min(places.items(), key=lambda item: (-item[1], item[0] == "", item[0]))
    if place.startswith("near "):
        return f"forces {place}"
    if place:
        return f"{place} garrison"
    first = min(hexes)
    if not gamemap.settlements:
        return f"forces at {gamemap.label(first)}"
    return f"forces {_bearing(gamemap, first)}"


COMPASS = ("E", "NE", "N", "NW", "W", "SW", "S", "SE")


def _bearing(gamemap: GameMap, h: Hex) -> str:
    """Compass direction from the nearest settlement: "NE of Khromove"."""
    name, town = min(gamemap.settlements.items(), key=lambda item: (h.distance(item[1]), item[0]))
    (x, y), (x0, y0) = gamemap.layout.centre(h), gamemap.layout.centre(town)
    octant = round(math.atan2(y - y0, x - x0) / (math.pi / 4)) % 8
    return f"{COMPASS[octant]} of {name}"
