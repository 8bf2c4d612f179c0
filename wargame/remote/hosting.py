"""Hosting games: the embedded server (or a given one) and a facilitator per game, with the
join codes to hand out. Used by ``wargame host`` and File ▸ Host game….

Each hosting keeps a folder of its own in the user's data folder, ``remote/<game id>/``:
the server's config and store, and ``access.json`` (the roles' passwords, readable by the
owner only). Hosting again with ``resume`` reuses them, so the codes stay valid and the
facilitator resumes the game from its LOG stream. Nothing of this goes into the game file.
"""

from __future__ import annotations

import json
import os
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame.core.game import Game
from wargame.core.resources import user_dir
from wargame.remote.codes import JoinCode
from wargame.remote.facilitator import Facilitator
from wargame.remote.names import FACILITATOR, OBSERVER, GameNames, RemoteError, new_game_id
from wargame.remote.server import LocalServer
from wargame.remote.server_config import GameAccess, ServerSettings, write_config

ACCESS_FILE = "access.json"


def hosting_folder(game_id: str) -> Path:
    return user_dir("data") / "remote" / game_id


@dataclass
class Hosting:
    """Games being hosted: the server (when embedded), a facilitator per game."""

    url: str
    facilitators: list[Facilitator]
    server: LocalServer | None = None
    folder: Path | None = None
    notes: list[str] = field(default_factory=list)

    def codes(self, facilitator: Facilitator) -> dict[str, str]:
        """The join code of each side and observer role of ``facilitator``'s game."""
        access = facilitator.access
        return {
            role: JoinCode(self.url, access.game, role, access.names.user(role), password).text
            for role, password in access.passwords.items()
            if role != FACILITATOR
        }

    def codes_document(self) -> dict[str, Any] | list[dict[str, Any]]:
        """What ``--codes-json`` writes: ``{"server", "game", "codes"}`` (a list for many games)."""
        documents = [
            {"server": self.url, "game": f.names.game, "codes": self.codes(f)} for f in self.facilitators
        ]
        return documents[0] if len(documents) == 1 else documents

    async def stop(self) -> None:
        for facilitator in self.facilitators:
            await facilitator.stop()
        if self.server is not None:
            self.server.stop()


def _save_access(folder: Path, accesses: Sequence[GameAccess], port: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"port": port, "games": [a.to_dict() for a in accesses]}
    descriptor = os.open(folder / ACCESS_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2)


def _load_access(folder: Path) -> tuple[int, list[GameAccess]]:
    try:
        data = json.loads((folder / ACCESS_FILE).read_text(encoding="utf-8"))
        return int(data["port"]), [GameAccess.from_dict(g) for g in data["games"]]
    except (OSError, ValueError, KeyError, TypeError):
        raise RemoteError(f"no hosted game to resume in {folder}: host it anew") from None


async def host(
    games: Sequence[Game],
    server: str | None = None,
    lan: bool = False,
    tls: tuple[Path, Path] | None = None,
    resume: str | None = None,
    on_change: Callable[[Facilitator], None] | None = None,
) -> Hosting:
    """Host ``games``: start the embedded server (on localhost, or on every interface with
    ``lan``) unless ``server`` names one, and a facilitator for each game."""
    if not games:
        raise RemoteError("nothing to host")
    if resume:
        folder = hosting_folder(GameNames(resume).game)
        port, accesses = _load_access(folder)
        if len(accesses) != len(games):
            raise RemoteError(f"game {resume} was hosted with {len(accesses)} games; give the same ones")
    else:
        accesses = [GameAccess.generate(new_game_id(g.scenario.id), g.scenario.side_ids) for g in games]
        folder = hosting_folder(accesses[0].game)
        port = 0
    hosting: Hosting
    if server is None:
        embedded = LocalServer.start(
            folder, accesses, host="0.0.0.0" if lan else "127.0.0.1", port=port or None, tls=tls
        )
        _save_access(folder, accesses, embedded.settings.port)
        url = embedded.url if not lan else embedded.url.replace("127.0.0.1", _lan_address())
        hosting = Hosting(url, [], embedded, folder)
    else:
        # A server of someone else's: its operator adds these users (with their permissions).
        users = write_config(
            folder / "users-for-the-server.json", ServerSettings("0.0.0.0", 4222, folder), accesses
        )
        _save_access(folder, accesses, 0)
        hosting = Hosting(server, [], None, folder)
        hosting.notes.append(
            f"the server's operator must add the users and permissions in {users} (authorization)"
        )
    context = _tls_client(tls)
    try:
        for game, access in zip(games, accesses, strict=True):
            facilitator = Facilitator(game, access, hosting.url if server is None else server, context)
            if on_change is not None:
                facilitator.on_change = lambda f=facilitator: on_change(f)
            await facilitator.start()
            hosting.facilitators.append(facilitator)
    except BaseException:
        await hosting.stop()
        raise
    return hosting


def _tls_client(tls: tuple[Path, Path] | None) -> ssl.SSLContext | None:
    if tls is None:
        return None
    context = ssl.create_default_context(cafile=str(tls[0]))  # a self-signed certificate trusts itself
    return context


def _lan_address() -> str:
    """This machine's address on the local network (the one a route out would use)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a documentation address: nothing is sent
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


__all__ = ["OBSERVER", "Hosting", "host", "hosting_folder"]
