"""A side's (or an observer's) end: it receives its own view and proposes intents.

The view comes from the viewer's own view stream through an ordered consumer that starts at
the latest message of each subject; on every reconnection the consumer is made afresh, so a
client that was away (or a server that restarted) gets the latest view at once. Messages are
taken in stream order and an older one never replaces a newer.

An intent is published to the side's intent stream with its id as ``Nats-Msg-Id`` and
retried, with the same id, until the server stores it: the server drops a repeat, so a retry
never doubles an action. Its outcome comes back in the side's next view.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Callable
from typing import Any

import nats
from nats.js import api

from wargame.core.actions import Action
from wargame.remote.codes import JoinCode
from wargame.remote.connection import Link, open_link
from wargame.remote.names import RemoteError, observed
from wargame.remote.wire import SCENARIO, Envelope, Intent, Outcome, WireError, new_intent_id, unpack

log = logging.getLogger("wargame.remote")
SEND_SECONDS = 30.0  # how long an intent is retried while the server is away
OUTCOME_SECONDS = 30.0


class Seat:
    """One participant's connection to a game, from its join code."""

    def __init__(self, code: JoinCode, tls: ssl.SSLContext | None = None) -> None:
        self.code = code
        self.names = code.names
        self.viewer = observed(code.role) or code.role
        self.side = None if observed(code.role) else code.role
        self.tls = tls
        self.envelope: Envelope | None = None
        self.scenario: dict[str, Any] | None = None
        self.received = 0  # view messages taken (not counting older ones dropped)
        self.attempts = 0  # publications of intents tried (retries included)
        self.listeners: list[Callable[[Envelope], None]] = []
        self._seq: dict[str, int] = {}
        self._changed = asyncio.Condition()
        self._sub: Any = None
        self._link: Link | None = None
        self._resubscribing: asyncio.Task[None] | None = None

    @property
    def link(self) -> Link:
        if self._link is None:
            raise RemoteError("not connected to the game")
        return self._link

    async def start(self) -> None:
        code = self.code
        self._link = await open_link(
            code.server,
            code.user,
            code.password,
            self.names.inbox(code.role),
            f"wargame {code.game} {code.role}",
            self.tls,
        )
        self.js = self._link.client.jetstream(timeout=2.0)
        self._link.on_reconnect.append(self._resubscribe_soon)
        await self._subscribe()

    async def stop(self) -> None:
        if self._resubscribing is not None:
            self._resubscribing.cancel()
        if self._link is not None:
            await self._link.close()

    # --- the view -----------------------------------------------------------------------------

    async def _subscribe(self) -> None:
        n = self.names
        config = api.ConsumerConfig(filter_subjects=[n.view(self.viewer), n.scenario(self.viewer)])
        old, self._sub = self._sub, None
        if old is not None:
            with contextlib.suppress(nats.errors.Error):  # the server may have forgotten it already
                await old.unsubscribe()
        self._sub = await self.js.subscribe(
            n.view(self.viewer),
            stream=n.view_stream(self.viewer),
            cb=self._take,
            ordered_consumer=True,
            deliver_policy=api.DeliverPolicy.LAST_PER_SUBJECT,
            config=config,
            idle_heartbeat=2.0,
        )

    def _resubscribe_soon(self) -> None:
        async def again() -> None:
            while True:
                try:
                    await self._subscribe()
                    return
                except (TimeoutError, nats.errors.Error) as error:
                    log.info("%s: subscribing again: %s", self.code.role, error)
                    await self.link.connected.wait()

        if self._resubscribing is not None:
            self._resubscribing.cancel()
        self._resubscribing = asyncio.create_task(again())

    async def _take(self, message: Any) -> None:
        subject, seq = message.subject, message.metadata.sequence.stream
        if seq <= self._seq.get(subject, 0):
            return  # a message already taken, delivered again after a reconnection
        self._seq[subject] = seq
        try:
            if subject == self.names.scenario(self.viewer):
                data = unpack(message.data, "the scenario")
                if isinstance(data, dict) and data.get("format") == SCENARIO:
                    self.scenario = data.get("scenario")
                    held = self.envelope
                    if held is not None:  # a view that came first can be drawn now
                        for listener in self.listeners:
                            listener(held)
            else:
                envelope = Envelope.unpack(message.data)
                if envelope.game != self.code.game or envelope.viewer != self.viewer:
                    raise WireError("a view for another game or viewer")
                self.envelope = envelope
                self.received += 1
                for listener in self.listeners:
                    listener(envelope)
        except WireError as error:
            log.warning("%s: a message from the server was refused: %s", self.code.role, error)
            return
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, ready: Callable[[Envelope], bool], timeout: float = 10.0) -> Envelope:
        """Wait until the latest view satisfies ``ready`` (RemoteError after ``timeout`` s)."""

        async def until() -> Envelope:
            async with self._changed:
                while self.envelope is None or not ready(self.envelope):
                    await self._changed.wait()
                return self.envelope

        try:
            return await asyncio.wait_for(until(), timeout)
        except TimeoutError:
            raise RemoteError(f"no view as expected within {timeout:g} s") from None

    # --- intents ------------------------------------------------------------------------------

    async def propose(self, action: Action, timeout: float = OUTCOME_SECONDS) -> Outcome:
        """Propose ``action`` for this side; its outcome once the facilitator has decided."""
        if self.side is None:
            raise RemoteError("an observer cannot propose actions")
        intent = Intent(new_intent_id(), self.side, action)
        await self.send(intent.to_bytes(), intent.id)
        return await self.outcome(intent.id, timeout)

    async def send(self, payload: bytes, intent_id: str) -> None:
        """Publish an intent's bytes until the server has stored them (retries keep the id)."""
        if self.side is None:
            raise RemoteError("an observer cannot propose actions")
        deadline = asyncio.get_running_loop().time() + SEND_SECONDS
        while True:
            self.attempts += 1
            try:
                await self.js.publish(
                    self.names.intent(self.side), payload, timeout=2.0,
                    stream=self.names.intent_stream(self.side), headers={"Nats-Msg-Id": intent_id},
                )  # fmt: skip
                return
            except (
                nats.errors.TimeoutError,
                nats.errors.ConnectionClosedError,
                nats.js.errors.NoStreamResponseError,
            ):
                if asyncio.get_running_loop().time() > deadline:
                    raise RemoteError("the game's server does not answer: the intent was not sent") from None
                await asyncio.wait_for(self.link.connected.wait(), SEND_SECONDS)
            except nats.js.errors.APIError as error:
                raise RemoteError(f"the server refused the intent: {error.description}") from None

    async def outcome(self, intent_id: str, timeout: float = OUTCOME_SECONDS) -> Outcome:
        def decided(envelope: Envelope) -> bool:
            return any(o.intent == intent_id for o in envelope.outcomes)

        envelope = await self.wait_for(decided, timeout)
        return next(o for o in reversed(envelope.outcomes) if o.intent == intent_id)
