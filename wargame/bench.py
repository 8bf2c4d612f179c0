"""The `bench` command: median milliseconds of the analysis (and of UI and file figures).

Each figure is the median over ``--repeat`` runs of a full analysis of both sides (supply,
routes, pockets, corridors, warnings). The map's static graph is built once beforehand, as
the app does. Two figures per map: *after a move* analyses a new state each run (a different
unit moved one hex), reusing cached corridor cuts where the move changed nothing, as the app
does after every action; *from scratch* clears those caches before every run.
"""

from __future__ import annotations

import argparse
import importlib
import math
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import replace

from wargame.core.gamemap import GameMap
from wargame.core.hexgrid import Hex, from_offset
from wargame.core.model import Unit, UnitType
from wargame.core.rules import cuts, zoc
from wargame.core.rules.analysis import analyse
from wargame.core.scenario_file import DEFAULT_SCENARIO, load_scenario
from wargame.core.sketch import grid_map, make_scenario
from wargame.core.state import GameState, Interdiction

SIZES = ((100, 100, 300), (300, 300, 1000))  # columns, rows, units
DEPOT_SPACING = 10  # rows between supply depots
DEPOT_DEPTH = 10  # columns behind the front line


def median_ms(run: Callable[[int], object], repeat: int) -> float:
    """Median wall time of ``run(i)`` in milliseconds, after one warm-up run."""
    run(-1)
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        run(i)
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def moved_states(state: GameState, count: int) -> list[GameState]:
    """``count`` states that each differ from ``state`` by one unit moved one hex (a different
    unit each time, in turn), as the app sees them after a move."""
    result = []
    units = sorted(state.units.values(), key=lambda u: u.id)
    for k in range(count):
        unit = units[k % len(units)]
        free = [h for h in unit.hex.neighbours() if h in state.map and not state.units_at(h)]
        if free:
            moved = replace(unit, hex=free[(k // len(units)) % len(free)])
            result.append(state.evolve(units={**state.units, unit.id: moved}))
        else:
            result.append(state)
    return result


def after_move_runner(state: GameState, count: int) -> Callable[[int], object]:
    """Analysis after a move: cached cuts are reused wherever the move changed nothing."""
    states = moved_states(state, count + 1)
    analyse(state)
    return lambda i: analyse(states[i + 1])


def from_scratch_runner(state: GameState) -> Callable[[int], object]:
    """Analysis with no cached cuts or control (only the map's static graph is kept)."""

    def run(i: int) -> object:
        cuts.clear_cache()
        zoc.clear_cache()
        return analyse(state)

    return run


def default_state() -> GameState:
    scenario, gamemap = load_scenario(DEFAULT_SCENARIO)
    return GameState.initial(scenario, gamemap)


def front_column(columns: int, row: int) -> int:
    """A wavy front line down the middle of a generated map."""
    return columns // 2 + round(4 * math.sin(row / 7.0))


def generated_state(columns: int, rows: int, units: int, seed: int = 7) -> GameState:
    """A two-sided front on an open map: control either side of the line, depots behind it,
    most units in the front belt, some in the rear, a few cut off behind enemy lines."""
    rng = random.Random(seed)
    gamemap = grid_map(columns, rows)
    control = {
        from_offset(c, r): ("UA" if c < front_column(columns, r) else "RU")
        for c in range(columns)
        for r in range(rows)
    }
    sources = {"UA": [], "RU": []}
    for r in range(DEPOT_SPACING // 2, rows, DEPOT_SPACING):
        front = front_column(columns, r)
        sources["UA"].append(from_offset(max(0, front - DEPOT_DEPTH), r))
        sources["RU"].append(from_offset(min(columns - 1, front + DEPOT_DEPTH), r))
    placed = _place_units(gamemap, columns, rows, units, rng)
    scenario = make_scenario(gamemap, placed, control, sources, scenario_id=f"grid{columns}x{rows}")
    state = GameState.initial(scenario, gamemap)
    fire = {h: Interdiction("RU", 1) for h in rng.sample(sorted(control), 20)}
    return state.evolve(interdicted=fire)


def _place_units(gamemap: GameMap, columns: int, rows: int, count: int, rng: random.Random) -> list[Unit]:
    types = [UnitType.INFANTRY, UnitType.MECHANISED, UnitType.ARMOUR, UnitType.ARTILLERY, UnitType.RECON]
    taken: set[Hex] = set()
    result = []
    for i in range(count):
        side = "UA" if i % 2 == 0 else "RU"  # UA holds the columns west of the front
        h = Hex(0, 0)
        while h in taken or h == Hex(0, 0):
            r = rng.randrange(rows)
            front = front_column(columns, r)
            if i % 50 in (48, 49):  # cut off behind the enemy's line: a pocket to find
                depth, behind_enemy = rng.randint(4, 8), True
            elif rng.random() < 0.7:  # the front belt
                depth, behind_enemy = rng.randint(1, 3), False
            else:  # the rear, within reach of the depots
                depth, behind_enemy = rng.randint(4, DEPOT_DEPTH + 6), False
            west = (side == "UA") != behind_enemy
            c = front - depth if west else front + depth - 1
            h = from_offset(min(max(c, 0), columns - 1), r)
        taken.add(h)
        result.append(Unit(f"{side}-{i:04d}", side, types[i % len(types)], h))
    return result


def core_figures(repeat: int, quick: bool) -> list[tuple[str, float]]:
    cases = [(default_state(), repeat)]
    for columns, rows, units in SIZES[:1] if quick else SIZES:
        runs = max(3, repeat // 4) if columns * rows > 20000 else repeat
        cases.append((generated_state(columns, rows, units), runs))
    figures = []
    for state, runs in cases:
        what = f"{state.scenario.id}, {len(state.map)} hexes, {len(state.units)} units"
        figures.append((f"analysis after a move ({what})", median_ms(after_move_runner(state, runs), runs)))
        figures.append((f"analysis from scratch ({what})", median_ms(from_scratch_runner(state), runs)))
    return figures


def optional_figures(module: str, function: str, *args: object) -> list[tuple[str, float]]:
    """Figures from another part of the app, when it provides a bench function."""
    try:
        found = importlib.import_module(module)
    except ImportError:
        return []
    measure = getattr(found, function, None)
    if measure is None:
        return []
    return [(str(name), float(ms)) for name, ms in dict(measure(*args)).items()]


def run(args: argparse.Namespace) -> int:
    repeat = max(1, int(args.repeat))
    figures = core_figures(repeat, bool(args.quick))
    for name, ms in figures:
        print(f"{name}: {ms:.1f} ms (median)", flush=True)
    for module, function in (("wargame.ui.bench", "measure"), ("wargame.core.gamefile", "bench_figures")):
        for name, ms in optional_figures(module, function):
            print(f"{name}: {ms:.1f} ms (median)", flush=True)
    return 0
