"""``wargame bench --remote``: many games on one local server, a facilitator and two sides
each, all in this process; intent → every side's view updated, p50 and p95, and the
server's memory.

Three loads: a small sketch map with one intent in flight at a time (what the remote layer
itself costs: transport, validation, log, three small views), the same with every game
proposing its next intent as soon as its last is done (all of them at once, in one Python
process), and the Bakhmut scenario one intent at a time (what a player waits for, most of
it the analysis and the three side views the facilitator computes and encodes each step).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wargame.core.actions import EndTurn
from wargame.core.files.scenario_file import DEFAULT_SCENARIO, load_scenario
from wargame.core.game import Game
from wargame.core.grid.hexgrid import from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Unit, UnitType
from wargame.remote.codes import JoinCode
from wargame.remote.facilitator import Facilitator
from wargame.remote.seat import Seat
from wargame.remote.server import LocalServer
from wargame.remote.server_config import GameAccess


def sketch_game() -> Game:
    gamemap = make_map("\n".join(["= " * 12, ". . w . # # . . ^ . . ."] + [". " * 12] * 4))
    units = [
        Unit("ua", "UA", UnitType.INFANTRY, from_offset(1, 1)),
        Unit("ru", "RU", UnitType.INFANTRY, from_offset(10, 1)),
    ]
    control = {h: ("UA" if h.q < 6 else "RU") for h in gamemap.hexes}
    return Game(
        make_scenario(
            gamemap, units, control=control, sources={"UA": [from_offset(0, 0)], "RU": [from_offset(11, 0)]}
        ),
        gamemap,
    )


def bakhmut_game() -> Game:
    return Game(*load_scenario(DEFAULT_SCENARIO))


class Table:
    """One game at the bench: its facilitator and its two sides' seats."""

    def __init__(self, facilitator: Facilitator, seats: dict[str, Seat]) -> None:
        self.facilitator = facilitator
        self.seats = seats

    async def step(self) -> float:
        """One end of turn proposed by the side to move; ms until both sides have the new view."""
        state = self.facilitator.game.state
        mover = state.side_to_move
        turn_after = EndTurn().apply(state)
        wanted = (turn_after.turn, turn_after.side_to_move)
        start = time.perf_counter()
        outcome = await self.seats[mover].propose(EndTurn())
        if not outcome.accepted:
            raise RuntimeError(outcome.reason)
        await asyncio.gather(
            *(
                seat.wait_for(lambda e: (e.view.turn, e.view.side_to_move) == wanted, 60)
                for seat in self.seats.values()
            )
        )
        return (time.perf_counter() - start) * 1000.0


async def _tables(server: LocalServer, accesses: list[GameAccess], make: Callable[[], Game]) -> list[Table]:
    tables = []
    for access in accesses:
        facilitator = Facilitator(make(), access, server.url)
        await facilitator.start()
        seats = {}
        for side in access.sides:
            code = JoinCode(server.url, access.game, side, access.names.user(side), access.passwords[side])
            seats[side] = Seat(code)
            await seats[side].start()
        tables.append(Table(facilitator, seats))
    return tables


async def _run(
    games: int, rounds: int, make: Callable[[], Game], concurrent: bool
) -> tuple[list[float], int | None]:
    accesses = [GameAccess.generate(f"bench-{i:02d}", ("UA", "RU")) for i in range(games)]
    with tempfile.TemporaryDirectory(prefix="wargame-bench-") as folder:
        server = LocalServer.start(Path(folder), accesses)
        tables: list[Table] = []
        try:
            tables = await _tables(server, accesses, make)
            for table in tables:  # warm up: first views are in
                await asyncio.gather(*(s.wait_for(lambda e: True) for s in table.seats.values()))
            times: list[float] = []
            if concurrent:

                async def play(table: Table) -> None:
                    for _ in range(rounds):
                        times.append(await table.step())

                await asyncio.gather(*(play(t) for t in tables))
            else:
                for _ in range(rounds):
                    for table in tables:
                        times.append(await table.step())
            memory = server.memory_bytes()
        finally:
            for table in tables:
                for seat in table.seats.values():
                    await seat.stop()
                await table.facilitator.stop()
            server.stop()
    return times, memory


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def remote_lines(games: int = 20, rounds: int = 10) -> list[str]:
    lines = []
    loads = [
        ("sketch map, one intent at a time", sketch_game, False, rounds),
        ("sketch map, every game at once", sketch_game, True, rounds),
        ("Bakhmut, one intent at a time", bakhmut_game, False, max(1, rounds // 5)),
    ]
    for name, make, concurrent, count in loads:
        times, memory = asyncio.run(_run(games, count, make, concurrent))
        mib = f"{memory / 2**20:.0f} MiB" if memory is not None else "unknown"
        lines.append(
            f"remote, {games} games x 3 clients, {name}: intent -> every view updated "
            f"p50 {statistics.median(times):.0f} ms, p95 {percentile(times, 0.95):.0f} ms "
            f"({len(times)} intents); server memory {mib}"
        )
    return lines
