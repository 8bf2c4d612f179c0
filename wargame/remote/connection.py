"""One connection to the server, as every party opens it: its own user and inbox prefix,
reconnecting for as long as it lives, and the server's refusals (permissions violations reach
a client only through the error callback) kept and logged, never raised into a handler.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field

import nats
from nats.aio.client import Client

from wargame.remote.names import RemoteError

log = logging.getLogger("wargame.remote")
CONNECT_SECONDS = 5.0


@dataclass
class Link:
    """A live connection and what the server said about it."""

    client: Client
    refusals: list[str] = field(default_factory=list)  # permissions violations, in order
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    on_reconnect: list[Callable[[], None]] = field(default_factory=list)

    async def close(self) -> None:
        """Close at once (what was published is flushed first). Not a drain: a drain waits
        for a pending pull request to expire and can take the whole drain timeout."""
        if not self.client.is_closed:
            await self.client.close()


async def open_link(
    server: str,
    user: str,
    password: str,
    inbox: str,
    name: str,
    tls: ssl.SSLContext | None = None,
) -> Link:
    """Connect as ``user``; RemoteError with the reason when the server cannot be reached."""
    link: Link | None = None
    refusals: list[str] = []

    async def error(problem: Exception) -> None:
        text = str(problem) or type(problem).__name__
        if "permissions violation" in text.lower() or "authorization" in text.lower():
            refusals.append(text)
            log.warning("%s: the server refused: %s", name, text)
        else:
            log.info("%s: %s", name, text)

    async def disconnected() -> None:
        if link is not None:
            link.connected.clear()

    async def reconnected() -> None:
        if link is not None:
            link.connected.set()
            for hook in link.on_reconnect:
                hook()

    try:
        client = await nats.connect(
            servers=[server],
            user=user,
            password=password,
            inbox_prefix=inbox,
            name=name,
            tls=tls,
            error_cb=error,
            disconnected_cb=disconnected,
            reconnected_cb=reconnected,
            allow_reconnect=True,
            max_reconnect_attempts=-1,
            reconnect_time_wait=0.1,
            connect_timeout=CONNECT_SECONDS,
            ping_interval=5,
            max_outstanding_pings=2,
        )
    except (TimeoutError, OSError, nats.errors.Error) as problem:
        raise RemoteError(f"cannot reach the game's server at {server}: {problem or 'no answer'}") from None
    link = Link(client, refusals)
    link.connected.set()
    return link
