"""A second, independent implementation of the supply rules of docs/rules.md, for tests.

Written from the rules text alone, in plain Python and exact fractions, on small maps: no
numpy, no shared code with ``wargame.core.rules`` (only the map, state and rule objects).
The fair shares are found from their definition rather than by the engine's flows: a set
of deliveries can be delivered at once exactly when no set of units receives more than the
most the network can bring that set (its maximum flow); the rising share of a round is the
smallest, over the sets holding rising units, of what the set can still take over the need
of its rising units, and the units of the sets that reach it freeze there.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Segment, Terrain
from wargame.core.state import GameState

COMBAT = {"infantry", "mechanised", "armour", "recon"}
PRIORITY_ORDER = ("high", "normal", "low")


def fr(value: float) -> Fraction:
    return Fraction(repr(float(value)))


@dataclass
class OracleUnit:
    status: str
    share: Fraction
    need: Fraction
    delivered: Fraction


class MaxFlow:
    """Edmonds–Karp on fractions: small networks only."""

    def __init__(self) -> None:
        self.cap: dict[object, dict[object, Fraction]] = {}

    def add(self, a: object, b: object, c: Fraction) -> None:
        if c <= 0:
            return
        self.cap.setdefault(a, {})
        self.cap.setdefault(b, {})
        self.cap[a][b] = self.cap[a].get(b, Fraction(0)) + c
        self.cap[b].setdefault(a, Fraction(0))

    def run(self, s: object, t: object) -> Fraction:
        if s not in self.cap or t not in self.cap:
            return Fraction(0)
        residual = {a: dict(bs) for a, bs in self.cap.items()}
        total = Fraction(0)
        while True:
            previous = {s: None}
            queue = deque([s])
            while queue and t not in previous:
                a = queue.popleft()
                for b, c in residual[a].items():
                    if c > 0 and b not in previous:
                        previous[b] = a
                        queue.append(b)
            if t not in previous:
                return total
            path = []
            b = t
            while previous[b] is not None:
                path.append((previous[b], b))
                b = previous[b]
            push = min(residual[a][b] for a, b in path)
            for a, b in path:
                residual[a][b] -= push
                residual[b][a] += push
            total += push


def oracle(state: GameState, side: str) -> dict[str, OracleUnit]:
    """Every unit of ``side``: its status, exact share, need and delivery by the rules."""
    return solve(state, side)[0]


def deliverable(state: GameState, side: str, amounts: dict[str, Fraction]) -> bool:
    """Whether one flow of the rules' network carries all these amounts to the units at once."""
    network = solve(state, side)[1]
    return network(amounts) == sum(amounts.values(), Fraction(0))


def solve(
    state: GameState, side: str
) -> tuple[dict[str, OracleUnit], Callable[[dict[str, Fraction]], Fraction]]:
    rules = state.scenario.rules
    gamemap = state.map
    enemy = state.enemy_of(side)
    ground = state.ground or rules.ground
    hexes = set(gamemap.hexes)
    friendly = {u.hex for u in state.units.values() if u.side == side}
    enemies = [u for u in state.units.values() if u.side == enemy]
    occupied = {u.hex for u in enemies}
    zoc = {n for u in enemies if u.type.value in COMBAT for n in u.hex.neighbours()} if rules.zoc else set()
    held = {h for h, s in state.control.items() if s == enemy}

    def blocked(h: Hex) -> bool:
        if gamemap.hexes[h].terrain is Terrain.WATER or h in occupied:
            return True
        return (h in held or h in zoc) and h not in friendly

    def under_fire(h: Hex) -> bool:
        if any(u.fire_reach > 0 and u.hex.distance(h) <= u.fire_reach for u in enemies):
            return True
        mark = state.interdicted.get(h)
        return mark is not None and mark.side == enemy

    def neighbours(h: Hex) -> list[Hex]:
        return [n for n in h.neighbours() if n in hexes]

    def road_open(a: Hex, b: Hex) -> bool:
        return gamemap.road(a, b) is not None and Segment.of(a, b) not in state.cut

    def cost(a: Hex, b: Hex) -> float:
        terrain = gamemap.hexes[b].terrain.value
        across = rules.terrain_cost.get(terrain, float("inf"))
        if gamemap.crosses_river(a, b):
            across += rules.river_crossing_cost
        if road_open(a, b):
            return min(rules.road_cost[gamemap.road(a, b).road_class.value], across)
        return across

    def carries(a: Hex, b: Hex) -> Fraction:
        """Capacity before fire of the link a -> b."""
        if gamemap.hexes[b].terrain is Terrain.WATER:
            return Fraction(0)
        off = fr(rules.offroad_capacity.get(ground, 0)) * fr(
            rules.terrain_capacity.get(gamemap.hexes[b].terrain.value, 0)
        )
        if gamemap.crosses_river(a, b):
            off *= fr(rules.river_capacity.get(ground, 0))
        road = (
            fr(rules.road_capacity[gamemap.road(a, b).road_class.value]) if road_open(a, b) else Fraction(0)
        )
        return max(road, off)

    def capacity(a: Hex, b: Hex) -> Fraction:
        c = carries(a, b)
        return c * fr(rules.fire_capacity) if under_fire(b) else c

    # Sources: the stretch of each source (edge hexes within the stretch of an edge anchor).
    stretches = []
    for anchor in sorted(set(state.scenario.supply_sources.get(side, ()))):
        if anchor not in hexes:
            continue
        members = {anchor}
        if len(neighbours(anchor)) < 6:
            members |= {
                h
                for h in hexes
                if h.distance(anchor) <= rules.source_stretch_hexes and len(neighbours(h)) < 6
            }
        stretches.append(sorted(h for h in members if not blocked(h)))
    open_sources = {h for s in stretches for h in s}
    # Trace: cheapest cost from any open source hex through open hexes.
    best: dict[Hex, float] = {}
    heap = [(0.0, h) for h in sorted(open_sources)]
    while heap:
        c, h = heapq.heappop(heap)
        if h in best:
            continue
        best[h] = c
        for n in neighbours(h):
            if n not in best and not blocked(n):
                step = cost(h, n)
                if step < float("inf"):
                    heapq.heappush(heap, (c + step, n))
    limit = rules.max_trace_cost + 1e-9
    region = {h for h, c in best.items() if c <= limit}

    units = sorted((u for u in state.units.values() if u.side == side), key=lambda u: u.id)
    need = {
        u.id: fr(rules.need_sp[u.echelon.value])
        * fr(rules.need_factor[u.type.value])
        * Fraction(u.strength, u.max_strength)
        for u in units
    }
    draws: dict[str, set[Hex]] = {}
    for u in units:
        if u.hex not in region:
            draws[u.id] = set()
            continue
        seen = {u.hex}
        ring = {u.hex}
        for _ in range(rules.last_mile_hexes):
            ring = {
                n
                for x in ring
                for n in neighbours(x)
                if n not in seen and not blocked(n) and carries(n, x) > 0
            }
            seen |= ring
        draws[u.id] = {h for h in seen if h in region}

    def network(caps: dict[str, Fraction]) -> Fraction:
        flow = MaxFlow()
        for h in region:
            for n in neighbours(h):
                if n in region:
                    flow.add(h, n, capacity(h, n))
        for k, stretch in enumerate(stretches):
            flow.add("S", ("stretch", k), fr(rules.source_capacity))
            for h in stretch:
                if h in region:
                    share = fr(rules.fire_capacity) if under_fire(h) else Fraction(1)
                    flow.add(("stretch", k), h, fr(rules.source_capacity) * share)
        for uid, c in caps.items():
            for h in draws[uid]:
                flow.add(h, ("unit", uid), c)
            flow.add(("unit", uid), "T", c)
        return flow.run("S", "T")

    served = [u.id for u in units if draws[u.id] and need[u.id] > 0]
    most: dict[frozenset[str], Fraction] = {}

    def f(group: frozenset[str]) -> Fraction:
        if group not in most:
            most[group] = network({uid: need[uid] for uid in group})
        return most[group]

    share: dict[str, Fraction] = {}
    taken: list[str] = []  # units whose share is settled
    chosen = getattr(state, "supply_priority", {})
    for level in PRIORITY_ORDER:
        rising = [uid for uid in served if chosen.get(uid, "normal") == level]
        while rising:
            pool = taken + rising
            ratios = []
            for size in range(1, len(pool) + 1):
                for group in combinations(pool, size):
                    up = [uid for uid in group if uid in rising]
                    if not up:
                        continue
                    fixed = sum((share[uid] * need[uid] for uid in group if uid not in rising), Fraction(0))
                    ratios.append(((f(frozenset(group)) - fixed) / sum(need[uid] for uid in up), group))
            lam = min(min(r for r, _ in ratios), Fraction(1))
            if lam == 1:
                stopped = set(rising)
            else:
                stopped = {uid for r, group in ratios if r == lam for uid in group if uid in rising}
            for uid in stopped:
                share[uid] = lam
            taken += sorted(stopped)
            rising = [uid for uid in rising if uid not in stopped]

    connected: set[Hex] = set()
    queue = deque(open_sources)
    connected |= open_sources
    while queue:
        h = queue.popleft()
        for n in neighbours(h):
            if n not in connected and not blocked(n) and cost(h, n) < float("inf"):
                connected.add(n)
                queue.append(n)
    result = {}
    threshold = fr(rules.limited_share)
    for u in units:
        if u.hex not in connected or blocked(u.hex):
            result[u.id] = OracleUnit("encircled", Fraction(0), need[u.id], Fraction(0))
            continue
        if u.hex not in region:
            result[u.id] = OracleUnit("out_of_supply", Fraction(0), need[u.id], Fraction(0))
            continue
        s = Fraction(1) if need[u.id] == 0 else share.get(u.id, Fraction(0))
        status = "supplied" if s == 1 else "limited" if s >= threshold else "out_of_supply"
        result[u.id] = OracleUnit(status, s, need[u.id], s * need[u.id])
    return result, network
