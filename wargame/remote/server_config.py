"""The server's configuration for the hosted games: listen address, JetStream store, TLS and,
above all, one user per role of each game with the subjects that role may use.

The server enforces these permissions, so a side's machine cannot read what its side may not
see even with a modified client: a side may publish only its own intents and ask for its own
view; it may read only replies to its own inbox (``_INBOX.<game>.<side>``); the log, the other
side's view and intents, and ``>`` are refused by the server. No user may delete or purge a
stream or a message. The file is JSON (which nats-server reads as its config format), written
with the owner's permissions only: it holds the passwords.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame.remote.names import FACILITATOR, OBSERVER, ROLE_OBSERVING, GameNames, check_token, observed

MAX_PAYLOAD = 8 * 1024 * 1024  # bytes: a compressed view of the largest map is well under this
NEVER = ["$JS.API.STREAM.DELETE.>", "$JS.API.STREAM.PURGE.>", "$JS.API.STREAM.MSG.DELETE.>"]


@dataclass(frozen=True)
class GameAccess:
    """The roles of one hosted game and their passwords (generated per game)."""

    game: str
    sides: tuple[str, ...]
    passwords: dict[str, str] = field(default_factory=dict)

    @classmethod
    def generate(cls, game: str, sides: Sequence[str]) -> GameAccess:
        for side in sides:
            check_token(side, "side id")
        roles = [FACILITATOR, *sides, OBSERVER, *(ROLE_OBSERVING + s for s in sides)]
        return cls(game, tuple(sides), {role: secrets.token_urlsafe(24) for role in roles})

    @property
    def names(self) -> GameNames:
        return GameNames(self.game)

    @property
    def viewers(self) -> tuple[str, ...]:
        return (*self.sides, FACILITATOR)

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(self.passwords)

    def streams(self) -> list[str]:
        n = self.names
        return [
            n.log_stream,
            *(n.intent_stream(s) for s in self.sides),
            *(n.view_stream(v) for v in self.viewers),
        ]

    def to_dict(self) -> dict[str, Any]:
        return {"game": self.game, "sides": list(self.sides), "passwords": dict(self.passwords)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GameAccess:
        return cls(str(data["game"]), tuple(str(s) for s in data["sides"]), dict(data["passwords"]))

    def users(self) -> list[dict[str, Any]]:
        return [
            {"user": self.names.user(role), "password": password, "permissions": self.permissions(role)}
            for role, password in self.passwords.items()
        ]

    def permissions(self, role: str) -> dict[str, Any]:
        n = self.names
        inbox = [f"{n.inbox(role)}.>"]
        if role == FACILITATOR:
            publish = [f"{n.prefix}.>", "$JS.API.INFO"]
            for stream in self.streams():
                publish += _stream_api(stream, manage=True)
            return {"publish": {"allow": publish, "deny": NEVER}, "subscribe": {"allow": inbox}}
        viewer = observed(role) or role
        publish = _stream_api(n.view_stream(viewer), manage=False)
        if role in self.sides:
            publish.append(n.intent(role))
        return {"publish": {"allow": publish, "deny": NEVER}, "subscribe": {"allow": inbox}}


def _stream_api(stream: str, manage: bool) -> list[str]:
    """The JetStream API subjects a role needs on ``stream``: a reader creates an ordered
    consumer (in the forms nats-py uses) and answers its flow control; the facilitator also
    creates the stream, reads messages and works a durable pull consumer."""
    api = "$JS.API"
    allowed = [
        f"{api}.STREAM.INFO.{stream}",
        f"{api}.CONSUMER.CREATE.{stream}",
        f"{api}.CONSUMER.CREATE.{stream}.>",
        f"{api}.CONSUMER.INFO.{stream}.>",
        f"{api}.CONSUMER.DELETE.{stream}.>",
        f"$JS.FC.{stream}.>",
    ]
    if manage:
        allowed += [
            f"{api}.STREAM.CREATE.{stream}",
            f"{api}.STREAM.UPDATE.{stream}",
            f"{api}.STREAM.MSG.GET.{stream}",
            f"{api}.DIRECT.GET.{stream}",
            f"{api}.DIRECT.GET.{stream}.>",
            f"{api}.CONSUMER.DURABLE.CREATE.{stream}.>",
            f"{api}.CONSUMER.MSG.NEXT.{stream}.>",
            f"$JS.ACK.{stream}.>",
        ]
    return allowed


@dataclass(frozen=True)
class ServerSettings:
    """Where and how the local server listens and stores."""

    host: str
    port: int
    store_dir: Path
    tls_cert: Path | None = None
    tls_key: Path | None = None

    @property
    def url(self) -> str:
        scheme = "tls" if self.tls_cert else "nats"
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"{scheme}://{host}:{self.port}"


def server_config(settings: ServerSettings, games: Iterable[GameAccess]) -> dict[str, Any]:
    config: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "max_payload": MAX_PAYLOAD,
        # every write is synced before it is acknowledged: a killed server (or machine) keeps
        # every action it acknowledged
        "jetstream": {
            "store_dir": str(settings.store_dir),
            "max_memory_store": 256 * 1024 * 1024,
            "sync_interval": "always",
        },
        "authorization": {"users": [user for game in games for user in game.users()]},
    }
    if settings.tls_cert is not None and settings.tls_key is not None:
        config["tls"] = {"cert_file": str(settings.tls_cert), "key_file": str(settings.tls_key)}
    return config


def write_config(path: Path, settings: ServerSettings, games: Iterable[GameAccess]) -> Path:
    """Write the config to ``path``, readable by its owner only (it holds the passwords)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(server_config(settings, games), indent=2)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)
    return path
