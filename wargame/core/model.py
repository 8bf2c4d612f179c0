"""Sides, unit types, units, rule parameters and scenarios: frozen value types."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from wargame.core.grid.hexgrid import Hex


class Terrain(str, Enum):
    """What covers a hex, which sets the cross-country cost of tracing supply through it."""

    OPEN = "open"
    URBAN = "urban"
    WOODS = "woods"
    HIGH = "high"
    WATER = "water"


class RoadClass(str, Enum):
    HIGHWAY = "highway"
    MAIN = "main"
    SECONDARY = "secondary"
    MINOR = "minor"


class UnitType(str, Enum):
    INFANTRY = "infantry"
    MECHANISED = "mechanised"
    ARMOUR = "armour"
    ARTILLERY = "artillery"
    RECON = "recon"
    HQ = "hq"
    LOGISTICS = "logistics"

    @property
    def is_combat(self) -> bool:
        """Combat units exert a zone of control and direct fire."""
        return self in COMBAT_TYPES

    @property
    def default_reach(self) -> int:
        """Direct-fire reach in hexes (anti-tank weapons, heavy machine guns, tank guns)."""
        return DEFAULT_REACH[self]


COMBAT_TYPES = frozenset({UnitType.INFANTRY, UnitType.MECHANISED, UnitType.ARMOUR, UnitType.RECON})
DEFAULT_REACH = {
    UnitType.INFANTRY: 1,
    UnitType.MECHANISED: 2,
    UnitType.ARMOUR: 2,
    UnitType.ARTILLERY: 0,
    UnitType.RECON: 1,
    UnitType.HQ: 0,
    UnitType.LOGISTICS: 0,
}


class Echelon(str, Enum):
    """Unit size, drawn above the counter frame as in APP-6."""

    TEAM = "team"
    SQUAD = "squad"
    SECTION = "section"
    PLATOON = "platoon"
    COMPANY = "company"
    BATTALION = "battalion"
    REGIMENT = "regiment"
    BRIGADE = "brigade"
    DIVISION = "division"

    @property
    def mark(self) -> str:
        return ECHELON_MARKS[self]


ECHELON_MARKS = {
    Echelon.TEAM: "Ø",
    Echelon.SQUAD: "•",
    Echelon.SECTION: "••",
    Echelon.PLATOON: "•••",
    Echelon.COMPANY: "I",
    Echelon.BATTALION: "II",
    Echelon.REGIMENT: "III",
    Echelon.BRIGADE: "X",
    Echelon.DIVISION: "XX",
}


@dataclass(frozen=True, slots=True)
class Side:
    """A side of the game, with a short id used in files and messages ("UA", "RU")."""

    id: str
    name: str
    colour: str  # #rrggbb, for counters and overlays


@dataclass(frozen=True, slots=True)
class Unit:
    """One counter on the map."""

    id: str
    side: str
    type: UnitType
    hex: Hex
    echelon: Echelon = Echelon.BATTALION
    name: str = ""
    strength: int = 4
    max_strength: int = 4
    reach: int | None = None  # None: the type's default direct-fire reach
    short: str = ""  # the counter's name ("Wagner 3"); "" derives one (wargame.core.unit_names)

    @property
    def fire_reach(self) -> int:
        return self.type.default_reach if self.reach is None else self.reach

    @property
    def label(self) -> str:
        return self.name or self.id


class Segment(NamedTuple):
    """A road segment: the link between two adjacent hexes, stored in sorted order."""

    a: Hex
    b: Hex

    @staticmethod
    def of(x: Hex, y: Hex) -> Segment:
        return Segment(x, y) if x <= y else Segment(y, x)

    def __str__(self) -> str:
        return f"{self.a}–{self.b}"


@dataclass(frozen=True, slots=True)
class Rules:
    """Rule parameters of a scenario; every one has a documented default (docs/rules.md)."""

    max_trace_cost: float = 40.0
    road_cost: dict[str, float] = field(
        default_factory=lambda: {"highway": 0.5, "main": 0.5, "secondary": 0.75, "minor": 1.0}
    )
    terrain_cost: dict[str, float] = field(
        default_factory=lambda: {"open": 2.0, "urban": 2.0, "woods": 3.0, "high": 3.0}
    )
    river_crossing_cost: float = 4.0
    zoc: bool = True
    narrow_corridor_hexes: int = 3
    interdiction_turns: int = 1
    force_link_hexes: int = 2  # units this close belong to one force (corridor analysis)
    corridor_depth_hexes: int = 5  # only hexes this close to enemy ground can be cut
    corridor_max_hexes: int = 12  # wider corridors are not reported
    # Throughput (docs/rules.md, "How much arrives"): supply points (SP) per turn.
    ground: str = "dry"  # "dry", "frozen" or "mud": what cross-country links carry
    road_capacity: dict[str, float] = field(
        default_factory=lambda: {"highway": 12.0, "main": 8.0, "secondary": 4.0, "minor": 2.0}
    )
    offroad_capacity: dict[str, float] = field(
        default_factory=lambda: {"dry": 1.0, "frozen": 0.75, "mud": 0.25}
    )
    terrain_capacity: dict[str, float] = field(  # share of the off-road capacity, by terrain
        default_factory=lambda: {"open": 1.0, "urban": 1.0, "woods": 0.5, "high": 0.75}
    )
    river_capacity: dict[str, float] = field(  # share left across an unbridged river, by ground
        default_factory=lambda: {"dry": 0.5, "frozen": 1.0, "mud": 0.0}
    )
    fire_capacity: float = 0.25  # share a link into a hex under enemy fire still carries
    need_sp: dict[str, float] = field(  # need per turn of a full-strength unit, by echelon
        default_factory=lambda: {
            "team": 0.05,
            "squad": 0.1,
            "section": 0.15,
            "platoon": 0.25,
            "company": 0.5,
            "battalion": 1.0,
            "regiment": 2.0,
            "brigade": 3.0,
            "division": 8.0,
        }
    )
    need_factor: dict[str, float] = field(  # times the echelon's need, by unit type
        default_factory=lambda: {
            "infantry": 1.0,
            "mechanised": 1.25,
            "armour": 1.5,
            "artillery": 1.5,
            "recon": 0.5,
            "hq": 0.5,
            "logistics": 0.0,
        }
    )
    source_capacity: float = 40.0  # SP per turn each supply source (a stretch or depot) sends
    source_stretch_hexes: int = 3  # a source on the map edge covers this many edge hexes each way
    last_mile_hexes: int = 2  # supply reaching this close to a unit arrives whatever the links
    limited_share: float = 0.5  # below this share of its need a unit is out of supply
    # Movement (docs/rules.md, "Movement takes time"): movement points (MP) per turn.
    # Off unless the scenario turns it on (the shipped ones do; a game file older than timed
    # movement has no such rule, so its moves replay as they were played).
    timed_movement: bool = False  # moves spend an allowance; seizures need a unit in or next to the hex
    move_allowance: dict[str, float] = field(  # MP a turn, by unit type
        default_factory=lambda: {
            "infantry": 3.0,
            "mechanised": 6.0,
            "armour": 6.0,
            "artillery": 4.0,
            "recon": 8.0,
            "hq": 4.0,
            "logistics": 6.0,
        }
    )
    move_echelon_factor: dict[str, float] = field(  # times the type's allowance, by echelon
        default_factory=lambda: {
            "team": 1.0,
            "squad": 1.0,
            "section": 1.0,
            "platoon": 1.0,
            "company": 1.0,
            "battalion": 1.0,
            "regiment": 0.9,
            "brigade": 0.8,
            "division": 0.75,
        }
    )
    move_road_cost: dict[str, float] = field(
        default_factory=lambda: {"highway": 0.5, "main": 0.5, "secondary": 0.75, "minor": 1.0}
    )
    move_terrain_cost: dict[str, float] = field(
        default_factory=lambda: {"open": 1.0, "urban": 1.5, "woods": 2.0, "high": 1.5}
    )
    move_river_cost: float = 2.0  # added off the road across a river or canal without a bridge
    move_mud_factor: float = 2.0  # times the off-road cost in mud (at least 1)
    forecast_trend_turns: int = 3  # turns of corridor width the pace forecast's trend is drawn from


GROUNDS = ("dry", "frozen", "mud")


@dataclass(frozen=True, slots=True)
class RouteSpec:
    """A named line of communication along a road, from one hex to another."""

    name: str
    road: str
    start: Hex
    end: Hex


@dataclass(frozen=True, slots=True)
class Scheduled:
    """Something the scenario makes happen at the start of a turn: an arrival of units (their
    hexes are where they enter), the ground changing, or a route closed or opened (its road
    cut or repaired along its whole length). The facilitator may delay or bring it forward."""

    id: str
    turn: int
    name: str = ""
    side: str = ""  # whose units arrive, or whose route it is
    units: tuple[Unit, ...] = ()
    ground: str = ""  # "dry", "frozen" or "mud" from this turn
    route: str = ""  # a route of ``side``
    route_status: str = ""  # "closed" or "opened"
    source: str = ""  # where the date comes from (maps/<name>/SOURCES.md)

    @property
    def title(self) -> str:
        return self.name or self.id


ROUTE_EVENTS = ("closed", "opened")


@dataclass(frozen=True, slots=True)
class DecisionPoint:
    """A moment the facilitator wants a side to decide at: reached when every criterion given
    holds (docs/rules.md, "Decision points"). Force criteria hold when any of the side's
    threatened forces (or the one named ``force``) meets them."""

    name: str
    side: str
    force: str = ""  # part of a force's name ("Bakhmut"); "" any of the side's
    corridor_width_at_most: int | None = None  # hexes
    route: str = ""  # a route of ``side`` ...
    route_status: str = ""  # ... with this status (open, under_fire, cut)
    share_at_most: float | None = None  # per cent of the force's need arriving
    window_at_most: int | None = None  # turns left to start a withdrawal
    turn_at_least: int | None = None

    @property
    def criteria(self) -> tuple[str, ...]:
        """The criteria as a facilitator reads them: "corridor ≤ 2 hex", "T0504 cut"."""
        found = []
        if self.corridor_width_at_most is not None:
            found.append(f"corridor ≤ {self.corridor_width_at_most} hex")
        if self.route:
            found.append(f"{self.route} {self.route_status.replace('_', ' ')}")
        if self.share_at_most is not None:
            found.append(f"share of need ≤ {self.share_at_most:g} %")
        if self.window_at_most is not None:
            found.append(f"window ≤ {self.window_at_most} turn(s)")
        if self.turn_at_least is not None:
            found.append(f"turn ≥ {self.turn_at_least}")
        return tuple(found)


DECISIONS = ("hold", "withdraw", "other")


@dataclass(frozen=True, slots=True)
class Scenario:
    """The starting situation of a game. Mappings are never mutated once built."""

    id: str
    title: str
    map_name: str
    sides: tuple[Side, ...]
    units: tuple[Unit, ...] = ()
    control: dict[Hex, str] = field(default_factory=dict)
    supply_sources: dict[str, tuple[Hex, ...]] = field(default_factory=dict)
    routes: dict[str, tuple[RouteSpec, ...]] = field(default_factory=dict)
    rules: Rules = field(default_factory=Rules)
    date: str = ""
    turn_length_days: float = 1.0
    first_turn: int = 1
    briefings: dict[str, str] = field(default_factory=dict)
    description: str = ""
    schedule: tuple[Scheduled, ...] = ()
    decision_points: tuple[DecisionPoint, ...] = ()

    def side(self, side_id: str) -> Side:
        for side in self.sides:
            if side.id == side_id:
                return side
        raise KeyError(side_id)

    @property
    def side_ids(self) -> tuple[str, ...]:
        return tuple(side.id for side in self.sides)

    def enemy_of(self, side_id: str) -> str:
        """The other side (games here have two)."""
        return next(s.id for s in self.sides if s.id != side_id)


def find_id(typed: str, known: Iterable[str]) -> str | None:
    """The side or unit id a user means by ``typed``: the same id, else the one id equal to it
    once trimmed and compared case-insensitively; None when there is none (or two).

    >>> find_id(" ru ", ["UA", "RU"])
    'RU'
    """
    ids = list(known)
    if typed in ids:
        return typed
    wanted = typed.strip().casefold()
    matches = [i for i in ids if i.strip().casefold() == wanted]
    return matches[0] if len(matches) == 1 else None


DEFAULT_SIDES = (
    Side("UA", "Ukraine", "#0072B2"),
    Side("RU", "Russia", "#D55E00"),
)
