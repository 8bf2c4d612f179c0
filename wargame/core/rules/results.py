"""The analysis results: what the engine says about a state, for the UI, CLI and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from wargame.core.grid.hexgrid import Hex
from wargame.core.rules.forecast import Forecast, WidthPoint


def sp_text(value: float) -> str:
    """Supply points as every panel, label and warning writes them: 0.25, 4, 19.4, 120."""
    if value >= 100:
        return f"{value:.0f}"
    digits = 2 if value < 1 else 1
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") or "0"


class Supply(str, Enum):
    SUPPLIED = "supplied"
    LIMITED = "limited"
    OUT_OF_SUPPLY = "out_of_supply"  # connected to a source, but too far
    ENCIRCLED = "encircled"  # no connection to any source at all

    @property
    def title(self) -> str:  # type: ignore[override]
        return self.value.replace("_", " ")


class RouteState(str, Enum):
    OPEN = "open"
    UNDER_FIRE = "under_fire"
    CUT = "cut"


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "critical": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Link:
    """A link that limits what a unit receives: a road or cross-country step, or a source."""

    tail: Hex | None  # None: the link from a source stretch's depot into ``head``
    head: Hex
    capacity: float
    flow: float
    road: str = ""  # road class when it carries a road, "" cross-country or from a source


@dataclass(frozen=True, slots=True)
class UnitSupply:
    unit_id: str
    hex: Hex
    supply: Supply
    cost: float | None = None  # trace cost from the nearest source; None when not connected
    turns_out_of_supply: int = 0
    path: tuple[Hex, ...] = ()  # the traced path from its source, when connected
    official: Supply | None = None  # fixed at the start of its side's turn (None: not yet fixed)
    override: str | None = None  # a facilitator's ruling (a Supply value), shown beside `supply`
    override_reason: str | None = None
    need_sp: float = 0.0  # supply points per turn the unit needs
    delivered_sp: float = 0.0  # supply points per turn that reach it
    bottleneck: tuple[Link, ...] = ()  # the saturated links that limit it, busiest first
    priority: str = "normal"  # supply priority: high is filled first, low last

    @property
    def effective(self) -> Supply:
        """The facilitator's ruling when there is one, else the computed supply."""
        return Supply(self.override) if self.override else self.supply

    @property
    def ratio(self) -> float:
        """Delivered ÷ need (1 for a unit that needs nothing and can be reached)."""
        if self.need_sp <= 0:
            return 1.0 if self.cost is not None else 0.0
        return self.delivered_sp / self.need_sp


@dataclass(frozen=True, slots=True)
class RouteStatus:
    name: str
    status: RouteState
    hexes: tuple[Hex, ...] = ()  # the hexes responsible for the status (where cut / under fire)
    route_hexes: tuple[Hex, ...] = ()  # the whole route, start to end
    override: str | None = None  # a facilitator's ruling (a RouteState value), shown beside `status`
    override_reason: str | None = None
    capacity_sp: float = 0.0  # what its weakest link carries now, SP per turn
    nominal_sp: float = 0.0  # what its weakest link carries with no enemy about
    cause: str = ""  # why it is cut at its first hex: "held by RU", "road cut 2624–2724", …

    @property
    def effective(self) -> RouteState:
        """The facilitator's ruling when there is one, else the computed status."""
        return RouteState(self.override) if self.override else self.status


@dataclass(frozen=True, slots=True)
class Pocket:
    units: tuple[str, ...]
    hexes: tuple[Hex, ...]
    name: str = ""  # where it is, for messages: "Bakhmut garrison", "forces near Khromove"


@dataclass(frozen=True, slots=True)
class Corridor:
    units: tuple[str, ...]
    width_hexes: int
    width_m: float
    critical_hexes: tuple[Hex, ...]  # ranked: the costliest loss first
    name: str = ""  # the force it feeds, for messages: "Bakhmut garrison"
    capacity_sp: float | None = None  # the most it can bring the force alone (None: not measured)
    need_sp: float = 0.0  # what the force needs
    delivered_sp: float = 0.0  # what reaches the force now (sharing the network with others)
    through_sp: tuple[float, ...] = ()  # per critical hex: what passes through it now
    worst_loss_sp: float | None = None  # narrow corridors: what losing the first hex would cost


@dataclass(frozen=True, slots=True)
class ForceSupply:
    """What reaches one force (units standing together), for warnings and trends."""

    name: str
    units: tuple[str, ...]
    need_sp: float
    delivered_sp: float
    bottleneck: tuple[Link, ...] = ()

    @property
    def ratio(self) -> float:
        return 1.0 if self.need_sp <= 0 else self.delivered_sp / self.need_sp


@dataclass(frozen=True, slots=True)
class Warning:
    code: str
    severity: Severity
    side: str
    message: str
    hexes: tuple[Hex, ...] = ()
    units: tuple[str, ...] = ()
    since_turn: int = 0
    new: bool = False
    subject: str = ""  # what it is about (a route, a force), when units and hexes may change

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity of a warning across turns (its code, side and subject)."""
        return (
            self.code,
            self.side,
            self.subject or ",".join(self.units) or ",".join(map(str, self.hexes)),
        )


@dataclass(frozen=True, slots=True)
class SideAnalysis:
    side: str
    units: dict[str, UnitSupply] = field(default_factory=dict)
    routes: dict[str, RouteStatus] = field(default_factory=dict)
    pockets: tuple[Pocket, ...] = ()
    corridors: tuple[Corridor, ...] = ()
    supplied_hexes: frozenset[Hex] = frozenset()  # where this side can trace full supply
    limited_hexes: frozenset[Hex] = frozenset()  # reachable only through fire
    forces: tuple[ForceSupply, ...] = ()
    ground: str = "dry"
    forecasts: tuple[Forecast, ...] = ()  # of each force in a corridor, as its corridors

    @property
    def need_sp(self) -> float:
        """What all the side's units need, SP per turn."""
        return sum(u.need_sp for u in self.units.values())

    @property
    def delivered_sp(self) -> float:
        """What reaches all the side's units, SP per turn."""
        return sum(u.delivered_sp for u in self.units.values())

    @property
    def arriving_percent(self) -> int:
        """The share of the side's need that arrives, in whole per cent (100 when none is needed)."""
        need = self.need_sp
        return round(100 * self.delivered_sp / need) if need > 0 else 100


@dataclass(frozen=True, slots=True)
class Analysis:
    scenario: str
    turn: int
    side_to_move: str
    sides: dict[str, SideAnalysis]
    warnings: tuple[Warning, ...] = ()
    cleared: tuple[Warning, ...] = ()  # warnings of the previous turn (or this one) now gone
    widths: tuple[WidthPoint, ...] = ()  # corridor widths at the ends of the last turns (pace)
    reached: tuple[tuple[str, int], ...] = ()  # decision points reached: (name, first turn)

    def to_dict(self) -> dict[str, Any]:
        """The `report --json` shape."""
        return {
            "scenario": self.scenario,
            "turn": self.turn,
            "side_to_move": self.side_to_move,
            "sides": {
                side: {
                    "units": {uid: _unit_dict(u) for uid, u in sorted(a.units.items())},
                    "routes": {name: _route_dict(r) for name, r in sorted(a.routes.items())},
                    "pockets": [
                        {"units": list(p.units), "hexes": [[h.q, h.r] for h in p.hexes]} for p in a.pockets
                    ],
                    "corridors": [
                        {
                            "units": list(c.units),
                            "width_hexes": c.width_hexes,
                            "width_m": c.width_m,
                            "critical_hexes": [[h.q, h.r] for h in c.critical_hexes],
                            "capacity_sp": None if c.capacity_sp is None else round(c.capacity_sp, 2),
                            "need_sp": round(c.need_sp, 2),
                            "delivered_sp": round(c.delivered_sp, 2),
                            "through_sp": [round(x, 2) for x in c.through_sp],
                            "worst_loss_sp": None if c.worst_loss_sp is None else round(c.worst_loss_sp, 2),
                        }
                        for c in a.corridors
                    ],
                    "forces": _forces(a),
                    "ground": a.ground,
                }
                for side, a in sorted(self.sides.items())
            },
            "warnings": [
                {
                    "code": w.code,
                    "severity": w.severity.value,
                    "side": w.side,
                    "message": w.message,
                    "hexes": [[h.q, h.r] for h in w.hexes],
                    "units": list(w.units),
                    "since_turn": w.since_turn,
                    "new": w.new,
                }
                for w in self.warnings
            ],
            "cleared": [
                {
                    "code": w.code,
                    "severity": w.severity.value,
                    "side": w.side,
                    "message": w.message,
                    "since_turn": w.since_turn,
                }
                for w in self.cleared
            ],
        }


def _forces(a: SideAnalysis) -> list[dict[str, Any]]:
    """Each force short of supply, and each force in a corridor with its forecast and window."""
    found: list[dict[str, Any]] = [
        {
            "name": f.name,
            "units": list(f.units),
            "need_sp": round(f.need_sp, 2),
            "delivered_sp": round(f.delivered_sp, 2),
        }
        for f in a.forces
    ]
    by_units = {tuple(sorted(entry["units"])): entry for entry in found}
    by_name = {entry["name"]: entry for entry in found}
    for f in a.forecasts:
        entry = by_units.get(tuple(sorted(f.units))) or by_name.get(f.force)
        if entry is None:
            entry = {"name": f.force, "units": list(f.units)}
            found.append(entry)
        entry.update(
            corridor_units=list(f.units),
            corridor_width_hexes=f.width_hexes,
            critical_hexes=[[h.q, h.r] for h in f.critical_hexes],
            share_percent=f.share_percent,
            **f.to_dict(),
        )
    return found


def _unit_dict(u: UnitSupply) -> dict[str, Any]:
    data: dict[str, Any] = {
        "hex": [u.hex.q, u.hex.r],
        "supply": u.supply.value,  # projected: as the situation stands now
        "official_supply": u.official.value if u.official else None,
        "turns_out_of_supply": u.turns_out_of_supply,
        "need_sp": round(u.need_sp, 2),
        "delivered_sp": round(u.delivered_sp, 2),
        "supply_ratio": round(u.ratio, 3),
        "supply_priority": u.priority,
    }
    if u.override:
        data["override"] = {"status": u.override, "reason": u.override_reason}
    return data


def _route_dict(r: RouteStatus) -> dict[str, Any]:
    data: dict[str, Any] = {
        "status": r.status.value,
        "hexes": [[h.q, h.r] for h in r.hexes],
        "capacity_sp": round(r.capacity_sp, 2),
        "nominal_sp": round(r.nominal_sp, 2),
        "path": [[h.q, h.r] for h in r.route_hexes],
    }
    if r.override:
        data["override"] = {"status": r.override, "reason": r.override_reason}
    return data
