"""Reports of a game at a turn: supply, routes, pockets, corridors and warnings, and one hex.

The JSON form is :meth:`Analysis.to_dict`; the text form says the same with hex labels and
place names. ``python -m wargame report`` (:mod:`wargame.cli.report`) prints them.
"""

from __future__ import annotations

from typing import Any

from wargame.core.errors import WargameError
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Segment
from wargame.core.rules.analysis import analyse
from wargame.core.rules.explain import HexSupply, hex_supply
from wargame.core.rules.results import Analysis, SideAnalysis, Supply
from wargame.core.state import GameState

_PLACES_SHOWN = 4


def index_for(game: Game, turn: int | None) -> int:
    """Action index of the state to report: the start of ``turn``, or the current state."""
    if turn is None:
        return game.cursor
    turns = game.turns()
    if turn not in turns:
        known = f"{turns[0]}–{turns[-1]}" if len(turns) > 1 else str(turns[0])
        raise WargameError(f"turn {turn} is not in this game (turns {known})")
    return game.index_of_turn(turn)


def state_for(game: Game, turn: int | None) -> GameState:
    return game.state_at(index_for(game, turn))


def report_text(state: GameState, analysis: Analysis | None = None) -> str:
    """The analysis of a state as readable text (hexes as labels with place names)."""
    analysis = analysis or analyse(state)
    scenario = state.scenario
    side_name = scenario.side(state.side_to_move).name
    date = f" ({scenario.date})" if scenario.date else ""
    lines = [f"{scenario.title}{date}: turn {state.turn}, {side_name} to move", ""]
    lines += _warning_lines(analysis)
    for side in scenario.sides:
        lines += ["", f"{side.name} ({side.id})"]
        lines += _side_lines(state.map, analysis.sides[side.id], state)
    return "\n".join(lines)


def _warning_lines(analysis: Analysis) -> list[str]:
    if not analysis.warnings:
        return ["Warnings: none"]
    lines = ["Warnings"]
    for w in analysis.warnings:
        since = f"[since turn {w.since_turn}{', new' if w.new else ''}]"
        lines.append(f"  {w.severity.value.upper():<8} {w.side}  {w.message}  {since}")
    for w in analysis.cleared:
        lines.append(f"  cleared  {w.side}  {w.message}")
    return lines


def _side_lines(gamemap: GameMap, side: SideAnalysis, state: GameState) -> list[str]:
    lines = ["  Routes" if side.routes else "  Routes: none"]
    for name, route in sorted(side.routes.items()):
        where = f" at {_places(gamemap, route.hexes)}" if route.hexes else ""
        ruling = _ruling(route.override, route.override_reason)
        lines.append(f"    {name:<10} {route.status.value.replace('_', ' ')}{where}{ruling}")
    lines.append(
        "  Units (supply now; official, as fixed when the side's turn began, where it differs)"
        if side.units
        else "  Units: none"
    )
    for uid, unit in sorted(side.units.items()):
        turns = unit.turns_out_of_supply
        since = f" ({turns} turn{'s' if turns != 1 else ''} out of supply)" if turns else ""
        traced = unit.cost is not None and unit.supply is Supply.SUPPLIED
        cost = f", trace cost {unit.cost:g}" if traced else ""
        official = ""
        if unit.official is not None and unit.official is not unit.supply:
            official = f"; official: {unit.official.title}"
        ruling = _ruling(unit.override, unit.override_reason)
        where = gamemap.describe(unit.hex)
        priority = f"; supply priority {unit.priority}" if unit.priority != "normal" else ""
        lines.append(
            f"    {uid:<14} {where:<32} {unit.supply.title}{cost}{since}{official}{priority}{ruling}"
        )
    if not side.pockets:
        lines.append("  Pockets: none")
    for pocket in side.pockets:
        size = f"{len(pocket.hexes)} hex{'es' if len(pocket.hexes) != 1 else ''}"
        lines.append(f"  Pocket {pocket.name}: {', '.join(pocket.units)} in {size}")
    if not side.corridors:
        lines.append("  Corridors: none")
    for c in side.corridors:
        lines.append(
            f"  Corridor to {c.name} ({len(c.units)} unit{'s' if len(c.units) != 1 else ''}): "
            f"{c.width_hexes} hex{'es' if c.width_hexes != 1 else ''} ({c.width_m / 1000:.1f} km) wide "
            f"at {_places(gamemap, c.critical_hexes)}"
        )
    return lines


def _ruling(status: str | None, reason: str | None) -> str:
    """ "; ruled cut by the facilitator: bridge destroyed" (the computed status stays in front)."""
    if not status:
        return ""
    return f"; ruled {status.replace('_', ' ')} by the facilitator" + (f": {reason}" if reason else "")


def _places(gamemap: GameMap, hexes: tuple[Hex, ...]) -> str:
    shown = ", ".join(gamemap.describe(h) for h in hexes[:_PLACES_SHOWN])
    more = len(hexes) - _PLACES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def hex_report(state: GameState, h: Hex) -> dict[str, Any]:
    """Everything about one hex: terrain, place, control, roads, river, units, each side's supply."""
    gamemap = state.map
    info = gamemap.hexes[h]
    crossings = sorted(n for n in gamemap.neighbours(h) if gamemap.crosses_river(h, n))
    roads = []
    for n in gamemap.neighbours(h):
        link = gamemap.road(h, n)
        if link is not None:
            roads.append(
                {
                    "to": gamemap.label(n),
                    "refs": list(link.refs),
                    "class": link.road_class.value,
                    "cut": Segment.of(h, n) in state.cut,
                }
            )
    return {
        "label": gamemap.label(h),
        "hex": [h.q, h.r],
        "terrain": info.terrain.value,
        "settlement": info.settlement,
        "place": gamemap.place_name(h),
        "controller": state.controller(h),
        "roads": roads,
        "river": info.river,
        "river_crossings": [gamemap.label(n) for n in crossings],
        "interdicted_by": state.interdicted[h].side if h in state.interdicted else None,
        "units": [
            {"id": u.id, "side": u.side, "type": u.type.value, "name": u.name} for u in state.units_at(h)
        ],
        "supply": {side: _hex_supply_dict(s) for side, s in hex_supply(state, h).items()},
    }


def _hex_supply_dict(s: HexSupply) -> dict[str, Any]:
    return {
        "supply": s.supply.value if s.supply else None,
        "cost": s.cost,
        "blocked": [r.text for r in s.blocked],
        "under_fire": [r.text for r in s.fire],
    }


def hex_text(state: GameState, h: Hex) -> str:
    """The hex report as readable lines."""
    data = hex_report(state, h)
    gamemap = state.map
    lines = [f"Hex {gamemap.describe(h)}: axial {h.q},{h.r}, {data['terrain']}"]
    if data["settlement"]:
        lines.append(f"  Settlement: {data['settlement']}")
    lines.append(f"  Held by: {data['controller'] or 'nobody'}")
    for road in data["roads"]:
        refs = "/".join(road["refs"]) or "unnamed road"
        cut = ", cut" if road["cut"] else ""
        to = gamemap.describe(gamemap.hex_from_label(road["to"]))
        lines.append(f"  Road {refs} ({road['class']}) to {to}{cut}")
    if not data["roads"]:
        lines.append("  Roads: none")
    if data["river"] or data["river_crossings"]:
        across = f" (crossing to {', '.join(data['river_crossings'])})" if data["river_crossings"] else ""
        lines.append(f"  River{across}")
    if data["interdicted_by"]:
        lines.append(f"  Interdicted by {data['interdicted_by']}")
    units = [f"{u['id']} ({u['side']}, {u['type']})" for u in data["units"]]
    lines.append(f"  Units: {', '.join(units) if units else 'none'}")
    for side, s in data["supply"].items():
        if s["supply"] is None:
            lines.append(f"  {side} supply: blocked ({'; '.join(s['blocked'])})")
            continue
        cost = f", trace cost {s['cost']:g}" if s["cost"] is not None else ""
        fire = f"; under fire: {'; '.join(s['under_fire'])}" if s["under_fire"] else ""
        lines.append(f"  {side} supply: {s['supply'].replace('_', ' ')}{cost}{fire}")
    return "\n".join(lines)
