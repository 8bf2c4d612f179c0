"""The `bench` command: cold start (whole processes, see :mod:`wargame.cli.startup`), then
median milliseconds of the analysis (and of UI and file figures).

Each figure is the median over ``--repeat`` runs of a full analysis of both sides (supply,
routes, pockets, corridors, warnings). The map's static graph is built once beforehand, as
the app does. Two figures per map: *after a move* analyses a new state each run (a different
unit moved one hex), reusing cached corridor cuts and the fair shares of the ground behind a
bottleneck where the move changed nothing, as the app does after every action; *from
scratch* clears those caches before every run. Each figure is also stated as a multiple of a
reference measured in the same run on the same hex graph: per side, two multi-source
Dijkstra searches, connected components and one maximum flow, with scipy.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra, maximum_flow

from wargame.cli.output import whole_number_in
from wargame.cli.startup import cold_start_lines
from wargame.core.actions import (
    Action,
    CutSegment,
    EndTurn,
    Interdict,
    MoveUnit,
    Note,
    RepairSegment,
    SetControl,
)
from wargame.core.errors import ActionError, GameFileError
from wargame.core.files.gamefile import EXTENSION, load_game, save_game
from wargame.core.files.scenario_file import DEFAULT_SCENARIO, load_scenario
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex, from_offset
from wargame.core.map.gamemap import GameMap
from wargame.core.map.mapdata import load_map
from wargame.core.map.sketch import grid_map, make_scenario
from wargame.core.model import Scenario, Segment, Terrain, Unit, UnitType
from wargame.core.rules import capacity as capacities
from wargame.core.rules import cuts, delivery, supply, zoc
from wargame.core.rules.analysis import analyse
from wargame.core.rules.graph import graph_of
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
        graph = graph_of(state.map)
        cuts.clear_cache(graph)
        zoc.clear_cache(graph)
        delivery.clear_cache(graph)
        return analyse(state)

    return run


def reference_runner(state: GameState) -> Callable[[int], object]:
    """The yardstick the analysis is measured against, on the same hex graph: per side, two
    multi-source Dijkstra searches (with and without fire), connected components and one
    maximum flow from the sources to the units' hexes, all with scipy."""
    graph = graph_of(state.map)
    rules = state.scenario.rules
    sides = []
    for side in state.scenario.side_ids:
        blocks = zoc.obstacles(graph, state, side)
        cut = supply.cut_edges_of(graph, state)
        weights = supply.edge_weights(graph, state, cut)
        capacity = capacities.link_capacity(graph, rules, rules.ground, cut, blocks.fire)
        stretches = capacities.source_stretches(graph, rules, state.scenario.supply_sources.get(side, ()))
        sources = supply.source_hexes(graph, stretches, blocks.passable)
        targets = graph.indices(u.hex for u in state.units_of(side))
        sides.append((blocks, weights, capacity, sources, targets))

    def run(i: int) -> object:
        found = []
        for blocks, weights, capacity, sources, targets in sides:
            passable = blocks.passable
            edges = passable[graph.tail] & passable[graph.head] & np.isfinite(weights)
            limit = rules.max_trace_cost
            network = graph.subgraph(edges, weights)
            if len(sources):
                dijkstra(network, indices=sources, min_only=True, limit=limit)
                clean = graph.subgraph(edges & ~blocks.fire[graph.tail], weights)
                dijkstra(clean, indices=sources, min_only=True, limit=limit)
            connected_components(network, directed=True, connection="weak")
            n = graph.size
            links = edges & (capacity > 0)
            tails = np.concatenate((graph.tail[links], np.full(len(sources), n), targets))
            heads = np.concatenate((graph.head[links], sources, np.full(len(targets), n + 1)))
            caps = np.concatenate(
                (np.rint(capacity[links] * 1000), np.full(len(sources) + len(targets), 10**6))
            ).astype(np.int32)
            matrix = csr_matrix((caps, (tails, heads)), shape=(n + 2, n + 2))
            found.append(maximum_flow(matrix, n, n + 1).flow_value)
        return found

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
    sources: dict[str, list[Hex]] = {"UA": [], "RU": []}
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
        reference = reference_runner(state)
        measured = []
        for name, runner in (
            ("analysis after a move", after_move_runner(state, runs)),
            ("analysis from scratch", from_scratch_runner(state)),
        ):
            ms, ref_ms = paired_median_ms(runner, reference, runs)
            measured.append((f"{name} ({what}) [{ms / ref_ms:.1f}× the reference]", ms))
        figures.append((f"reference: 2 Dijkstra + components + 1 max flow per side ({what})", ref_ms))
        figures += measured
    return figures


def paired_median_ms(
    run: Callable[[int], object], reference: Callable[[int], object], repeat: int
) -> tuple[float, float]:
    """Median milliseconds of ``run`` and of ``reference``, timed in turns (each run of one
    next to a run of the other), so that both see the same load on a shared machine."""
    run(-1)
    reference(-1)
    times: list[float] = []
    reference_times: list[float] = []
    for i in range(repeat):
        for target, into in ((reference, reference_times), (run, times)):
            start = time.perf_counter()
            target(i)
            into.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times), statistics.median(reference_times)


def forecast_figures(state: GameState, repeat: int) -> list[tuple[str, float]]:
    """Analysis after a move with and without the forecasts and withdrawal windows (which
    come with timed movement), and the ratio (budget: at most 1.3)."""
    rules = state.scenario.rules
    without = state.evolve(scenario=replace(state.scenario, rules=replace(rules, timed_movement=False)))
    timed = state.evolve(scenario=replace(state.scenario, rules=replace(rules, timed_movement=True)))
    off = median_ms(after_move_runner(without, repeat), repeat)
    on = median_ms(after_move_runner(timed, repeat), repeat)
    what = state.scenario.id
    return [
        (f"analysis after a move without forecast ({what})", off),
        (f"analysis after a move with forecast ({what})", on),
        (f"forecast cost ratio with/without ({what}, x100)", 100.0 * on / off),
    ]


def bench_figures(repeat: int = 5, actions: int = 1000) -> dict[str, float]:
    """Median milliseconds to save, and to load and replay, a game of ``actions`` actions.

    Targets: load + replay of 1,000 actions within 2 s, save within 200 ms.
    """
    game = bench_game(actions)
    with tempfile.TemporaryDirectory(prefix="wargame-bench-") as folder:
        path = Path(folder) / f"bench{EXTENSION}"
        save_ms = _file_median_ms(lambda: save_game(path, game), repeat)
        load_ms = _file_median_ms(lambda: load_game(path), repeat)
    return {
        f"game file: save {actions} actions (ms)": save_ms,
        f"game file: load + replay {actions} actions (ms)": load_ms,
    }


def tracing_figures(vertices: tuple[int, ...] = (2_000, 20_000, 200_000)) -> dict[str, float]:
    """Milliseconds to build a small map whose one road has ``vertices`` vertices (import-map
    checks every new map this way): linear, so ten times the vertices take about ten times."""
    from wargame.core.map.mapdata import load_map_folder

    figures = {}
    with tempfile.TemporaryDirectory(prefix="wargame-bench-") as temporary:
        folder = Path(temporary) / "traced"
        folder.mkdir()
        meta = {"name": "traced", "bbox": [37.85, 48.5, 38.15, 48.7], "layers": {"roads": "roads.geojson"}}
        (folder / "map.json").write_text(json.dumps(meta), encoding="utf-8")
        for count in vertices:
            road = [[37.9 + 0.2 * i / count, 48.6 + 0.02 * math.sin(i / 7)] for i in range(count)]
            geometry = {"type": "LineString", "coordinates": road}
            feature = {"type": "Feature", "properties": {"class": "main"}, "geometry": geometry}
            layer = {"type": "FeatureCollection", "features": [feature]}
            (folder / "roads.geojson").write_text(json.dumps(layer), encoding="utf-8")
            figures[f"map build, one road of {count:,} vertices (ms)"] = _file_median_ms(
                lambda: load_map_folder(folder, "traced"), 3
            )
    return figures


def _file_median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def bench_game(count: int, seed: int = 1) -> Game:
    """A deterministic game of ``count`` actions: moves, seizures, cuts, fire, notes, turns.

    Played on the built-in scenario when it is there, else on a few units on the Bakhmut map.
    """
    game = Game(*_bench_scenario())
    rng = random.Random(seed)
    hexes = sorted(game.map.hexes)
    roads = sorted(game.map.roads)
    while len(game) < count:
        try:
            game.push(_random_action(game, rng, hexes, roads))
        except ActionError:
            continue  # an illegal pick (water, enemy hex): draw again
    return game


def _bench_scenario() -> tuple[Scenario, GameMap]:
    try:
        return load_scenario(DEFAULT_SCENARIO)
    except GameFileError:
        gamemap = load_map("bakhmut")
        land = [h for h in sorted(gamemap.hexes) if gamemap.terrain(h) is not Terrain.WATER]
        units = [
            Unit(f"{side.lower()}{i}", side, UnitType.INFANTRY, land[(i * 97 + offset) % len(land)])
            for side, offset in (("UA", 0), ("RU", 1500))
            for i in range(8)
        ]
        return make_scenario(gamemap, units, scenario_id="bench"), gamemap


def _random_action(game: Game, rng: random.Random, hexes: list[Hex], roads: list[Segment]) -> Action:
    state = game.state
    side = state.side_to_move
    own = state.units_of(side)
    roll = rng.random()
    if roll < 0.1:
        return EndTurn()
    if roll < 0.55 and own:
        unit = rng.choice(own)
        targets = [h for h in state.map.hexes_within(unit.hex, 2) if h != unit.hex]
        return MoveUnit(unit.id, rng.choice(targets))
    if roll < 0.8:
        return SetControl((rng.choice(hexes),), side)
    if roll < 0.88:
        segment = rng.choice(roads)
        return RepairSegment(segment) if segment in state.cut else CutSegment(segment)
    if roll < 0.95:
        return Interdict(rng.choice(hexes), side)
    return Note(f"note {len(game)}")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("bench", help="measure analysis speed (median milliseconds)")
    p.add_argument("--repeat", type=whole_number_in(1, 1000), default=20, help="runs per measurement")
    p.add_argument("--quick", action="store_true", help="skip the largest maps")
    p.add_argument(
        "--starts", type=whole_number_in(1, 100), default=5, help="later starts per cold-start figure (1-100)"
    )
    p.add_argument("--cold-start", action="store_true", help="only the cold-start figures")
    p.add_argument(
        "--long",
        type=whole_number_in(100, 200_000),
        default=None,
        metavar="ACTIONS",
        help="only the long-game figures: open a game of this many actions (e.g. 20000)",
    )
    p.add_argument(
        "--remote", action="store_true", help="only remote play: 20 games x 3 clients on a local server"
    )
    p.add_argument(
        "--games", type=whole_number_in(1, 200), default=20, help="games on the server for --remote (1-200)"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.long is not None:
        for line in long_game_lines(args.long):
            print(line, flush=True)
        return 0
    if args.remote:
        from wargame.remote.bench import remote_lines  # the network client only for this figure

        for line in remote_lines(args.games, max(1, args.repeat // 2)):
            print(line, flush=True)
        return 0
    for line in cold_start_lines(args.starts):
        print(line, flush=True)
    if args.cold_start:
        return 0
    repeat = args.repeat
    for name, ms in core_figures(repeat, bool(args.quick)):
        print(f"{name}: {ms:.1f} ms (median)", flush=True)
    for name, value in forecast_figures(default_state(), repeat):
        print(f"{name}: {value:.1f} {'' if 'ratio' in name else 'ms (median)'}".rstrip(), flush=True)
    # The window's figures load Qt (offscreen, no window shown): only this command needs it.
    from wargame.ui.window.bench import measure

    for name, ms in [*measure().items(), *bench_figures().items(), *tracing_figures().items()]:
        print(f"{name}: {ms:.1f} ms (median)", flush=True)
    return 0


# The long-game figure: a game of N actions saved, then opened in a fresh process as the app
# opens it (read, checked, replayed, the final state analysed), timed, its peak memory read.
# Targets (issue 23): 20,000 actions within 3 s and 400 MB; 100,000 within 12 s and 1 GB.
_OPEN_LONG = """
import json, resource, sys, time
start = time.perf_counter()
from wargame.core.files.document import Document
from wargame.core.rules.analysis import GameAnalysis
document = Document.open(sys.argv[1], read_only=True)
opened = time.perf_counter()
GameAnalysis(document.game).at(len(document.game))
done = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
print(json.dumps([opened - start, done - opened, peak]))
"""


def long_game_lines(actions: int) -> list[str]:
    """The open time and peak memory of a game of ``actions`` actions (a fresh process)."""
    import subprocess
    import sys

    started = time.perf_counter()
    game = bench_game(actions)
    built = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="wargame-bench-") as folder:
        path = Path(folder) / f"long{EXTENSION}"
        save_game(path, game)
        size = path.stat().st_size
        done = subprocess.run(
            [sys.executable, "-c", _OPEN_LONG, str(path)], capture_output=True, text=True, check=False
        )
    if done.returncode != 0:
        return [f"long game of {actions:,} actions: opening failed: {done.stderr.strip()[-300:]}"]
    load, analysis, peak = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        f"long game: {actions:,} actions, file {size / 2**20:.1f} MB (playing it here took {built:.1f} s)",
        f"long game: open {actions:,} actions (read, check, replay) (s): {load:.2f}",
        f"long game: analysis of the final state of {actions:,} actions (s): {analysis:.2f}",
        f"long game: open + analysis, peak memory (MB): {peak:.0f}",
    ]
