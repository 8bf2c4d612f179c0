"""The scenario's schedule: reinforcements and events that happen at the start of a turn.

An item happens as part of the fold, in the step that reaches its turn (the end of the last
side's turn before it) or that brings it forward to the present (the facilitator's
``reschedule``), so replay, undo and branches give it as the log does. It is recorded in the
state (``happened``) and in the record as a note ("schedule"). Arriving units enter at their
hexes, or the nearest open hex within ``ENTRY_SEARCH_HEXES`` when the enemy stands there or
holds it; with none, the arrival waits (it happens at the first step its entry is open).

>>> [item.id for item in due(state)]                  # doctest: +SKIP
['ua-47-leopards']
"""

from __future__ import annotations

from dataclasses import replace

from wargame.core.grid.hexgrid import Hex, hex_range
from wargame.core.model import Scheduled, Segment, Terrain, Unit
from wargame.core.rules.graph import graph_of
from wargame.core.state import GameState, NoteRecord

ENTRY_SEARCH_HEXES = 3
SCHEDULE_NOTE = "schedule"


def due(state: GameState) -> list[Scheduled]:
    """Items whose turn has come and that have not happened yet, in schedule order."""
    return [
        i for i in state.scenario.schedule if i.id not in state.happened and state.turn_of(i) <= state.turn
    ]


def happen_due(state: GameState) -> GameState:
    """``state`` with every due item happened."""
    for item in due(state):
        state = happen(state, item)
    return state


def happen(state: GameState, item: Scheduled) -> GameState:
    """``state`` after ``item`` happened (arrived, or the ground or a route changed)."""
    changes: dict[str, object] = {}
    text = item.title
    if item.units:
        units = _arrivals(state, item)
        if not units:
            return state  # the enemy holds every entry: it waits
        changes["units"] = {**state.units, **{u.id: u for u in units}}
        where = state.map.describe(units[0].hex)
        text = f"{item.title} arrives at {where} ({', '.join(u.label for u in units)})"
    if item.ground:
        changes["ground"] = item.ground
        text = f"{item.title}: the ground is now {item.ground}"
    if item.route:
        segments = route_segments(state, item.side, item.route)
        closed = item.route_status == "closed"
        changes["cut"] = state.cut | segments if closed else state.cut - segments
        text = f"{item.title}: {item.route} {'closed' if closed else 'opened'}"
    note = NoteRecord(state.turn, "facilitator", f"Turn {state.turn}: {text}", (), SCHEDULE_NOTE)
    happened = {**state.happened, item.id: state.turn}
    return state.evolve(**changes, happened=happened, notes=(*state.notes, note))


def _arrivals(state: GameState, item: Scheduled) -> list[Unit]:
    placed = []
    for unit in item.units:
        entry = entry_hex(state, unit) if unit.id not in state.units else None
        if entry is not None:
            placed.append(replace(unit, hex=entry))
    return placed


def entry_hex(state: GameState, unit: Unit) -> Hex | None:
    """Where ``unit`` enters: its hex, else the nearest open hex free of the enemy."""
    enemy_at = {u.hex for u in state.units.values() if u.side != unit.side}
    for h in sorted(hex_range(unit.hex, ENTRY_SEARCH_HEXES), key=lambda x: (unit.hex.distance(x), x)):
        if h not in state.map or state.map.terrain(h) is Terrain.WATER or h in enemy_at:
            continue
        holder = state.controller(h)
        if holder is None or holder == unit.side:
            return h
    return None


def route_segments(state: GameState, side: str, name: str) -> frozenset[Segment]:
    """The road segments of ``side``'s route ``name`` (none when its road does not join its ends)."""
    graph = graph_of(state.map)
    for spec in state.scenario.routes.get(side, ()):
        if spec.name == name:
            hexes = graph.route_hexes(spec.road, spec.start, spec.end) or ()
            return frozenset(Segment.of(a, b) for a, b in zip(hexes, hexes[1:], strict=False))
    return frozenset()
