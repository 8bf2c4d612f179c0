"""The facilitator's end: the truth. It validates every intent against the game, appends the
accepted ones to the game's LOG stream and publishes each viewer's side view.

Guarantees (see docs/remote.md):

- the LOG's stream sequence is the action's number: every append names the sequence it expects
  (``Nats-Expected-Last-Sequence``) and its intent's id (``Nats-Msg-Id``), so a retry after a
  lost acknowledgement is recognised (duplicate, or error 10071 with our own message last);
- an accepted action is applied, then appended (the window's own actions too, in order,
  through :meth:`Facilitator.sync`); its intent is acknowledged on its stream only after the
  append and the outcome, so an intent is never lost (a crash before the append: the intent
  comes again); one already in the log (a redelivery) is answered, not replayed;
- a restart resumes the game from the LOG; the opened file's actions seed an empty LOG;
- a viewer's view is published only when it changed, so a side learns nothing from the
  timing of steps it cannot see.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

import nats
from nats.aio.msg import Msg
from nats.js import api
from nats.js.errors import APIError, BadRequestError, NotFoundError

from wargame.core.actions import Action, check_storable
from wargame.core.errors import ActionError, WargameError
from wargame.core.files.scenario_file import scenario_to_dict
from wargame.core.game import Game
from wargame.core.phases import current_phase
from wargame.core.rules.analysis import GameAnalysis
from wargame.core.view.side_view import side_view
from wargame.remote.authority import refusal
from wargame.remote.connection import Link, open_link
from wargame.remote.names import FACILITATOR, RemoteError
from wargame.remote.server_config import GameAccess
from wargame.remote.visible_scenario import scenario_for
from wargame.remote.wire import (
    KEEP_OUTCOMES,
    LOG_ENTRY,
    MAX_INTENT_BYTES,
    SCENARIO,
    VERSION,
    Envelope,
    LogEntry,
    Outcome,
    WireError,
    compress,
    pack,
    read_intent,
    read_intent_id,
)

log = logging.getLogger("wargame.remote")
WRONG_LAST_SEQUENCE = 10071
STREAM_NAME_IN_USE = 10058
DUPLICATE_WINDOW = 120.0  # seconds the server recognises a retried message id
TIMEOUT = 2.0  # seconds to wait for the server's answer before retrying


class LogConflictError(RemoteError):
    """Someone else appended to the game's log: a second facilitator for the same game."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """An intent refused, as the facilitator's log lists it."""

    side: str
    intent: str
    reason: str


class Facilitator:
    """The truth of one remote game, served to its sides and observers."""

    def __init__(
        self,
        game: Game,
        access: GameAccess,
        server: str,
        tls: ssl.SSLContext | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        if tuple(game.scenario.side_ids) != access.sides:
            raise RemoteError("the game's sides are not those the join codes were made for")
        self.game = game
        self.access = access
        self.names = access.names
        self.server = server
        self.tls = tls
        self.on_change = on_change
        self.refusals: list[Refusal] = []
        self._analysis = GameAnalysis(game)
        self._intents: dict[str, int] = {}  # intent id -> action number it became
        self._logged = 0  # actions of the game in the LOG
        self._origin: dict[int, tuple[str, str]] = {}  # action index -> (actor, intent id)
        self._actions: dict[str, Action] = {}
        self._outcomes = {side: deque[Outcome](maxlen=KEEP_OUTCOMES) for side in access.sides}
        self._published: dict[str, bytes] = {}
        self._lock = asyncio.Lock()
        self._tasks: list[asyncio.Task[None]] = []
        self._link: Link | None = None
        self._stopping = False
        self.failure: str | None = None  # why intents stopped being served (a log conflict)

    # --- life ---------------------------------------------------------------------------------

    async def start(self) -> None:
        self._link = await open_link(
            self.server,
            self.names.user(FACILITATOR),
            self.access.passwords[FACILITATOR],
            self.names.inbox(FACILITATOR),
            f"wargame facilitator {self.names.game}",
            self.tls,
        )
        self._link.on_reconnect.append(lambda: self._published.clear())
        self.js = self._link.client.jetstream(timeout=TIMEOUT)
        await self._ensure_streams()
        async with self._lock:
            await self._resume()
            await self._publish_scenarios()
            await self._publish_views()
        self._tasks = [asyncio.create_task(self._serve(side)) for side in self.access.sides]
        for task in self._tasks:
            task.add_done_callback(self._served)

    def _served(self, task: asyncio.Task[None]) -> None:
        """A side's intents are no longer served: say why (never silently)."""
        if not task.cancelled() and task.exception() is not None:
            self.failure = str(task.exception())
            log.error("%s: intents are no longer served: %s", self.names.game, self.failure)

    async def stop(self) -> None:
        self._stopping = True
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._link is not None:
            await self._link.close()

    @property
    def logged(self) -> int:
        """How many of the game's actions the LOG holds."""
        return self._logged

    @property
    def link(self) -> Link:
        if self._link is None:
            raise RemoteError("the facilitator is not connected")
        return self._link

    # --- streams ------------------------------------------------------------------------------

    async def _ensure_streams(self) -> None:
        n = self.names
        file = api.StorageType.FILE
        await self._stream(
            api.StreamConfig(
                name=n.log_stream, subjects=[n.log], storage=file, deny_delete=True, deny_purge=True,
                duplicate_window=DUPLICATE_WINDOW, max_msg_size=MAX_INTENT_BYTES * 4, allow_direct=True,
            )
        )  # fmt: skip
        for side in self.access.sides:
            await self._stream(
                api.StreamConfig(
                    name=n.intent_stream(side), subjects=[n.intent(side)], storage=file,
                    retention=api.RetentionPolicy.WORK_QUEUE, duplicate_window=DUPLICATE_WINDOW,
                    max_msgs=1000, max_msg_size=1024 * 1024, discard=api.DiscardPolicy.NEW,
                )
            )  # fmt: skip
        for viewer in self.access.viewers:
            await self._stream(
                api.StreamConfig(
                    name=n.view_stream(viewer), subjects=[n.view(viewer), n.scenario(viewer)], storage=file,
                    max_msgs_per_subject=1, allow_direct=True,
                )
            )  # fmt: skip

    async def _stream(self, config: api.StreamConfig) -> None:
        try:
            await self.js.add_stream(config)
        except BadRequestError as error:
            if error.err_code != STREAM_NAME_IN_USE:
                raise
            await self.js.update_stream(config)

    async def _resume(self) -> None:
        """Rebuild the game from the LOG; seed an empty LOG with the opened game's actions."""
        info = await self.js.stream_info(self.names.log_stream)
        stored = info.state.last_seq
        if stored == 0:
            await self._flush()  # the opened game's actions seed the log
            return
        entries = [await self._entry(seq) for seq in range(1, stored + 1)]
        try:
            self.game = Game(self.game.scenario, self.game.map, [e.action for e in entries])
        except ActionError as error:
            raise RemoteError(f"the game's log does not replay on this scenario: {error}") from None
        self._analysis = GameAnalysis(self.game)
        self._logged = stored
        for entry in entries:
            self._intents[entry.intent] = entry.number
            self._actions[entry.intent] = entry.action
        log.info("%s: resumed at action %d from the log", self.names.game, stored)

    async def _entry(self, seq: int) -> LogEntry:
        message = await self.js.get_msg(self.names.log_stream, seq)
        entry = LogEntry.from_bytes(message.data or b"")
        if entry.number != seq:
            raise RemoteError(f"the game's log is damaged: message {seq} says it is action {entry.number}")
        return entry

    # --- the truth ----------------------------------------------------------------------------

    async def push(self, action: Action) -> Outcome:
        """The facilitator's own action: validated, logged, applied and published."""
        async with self._lock:
            intent = f"f-{uuid.uuid4().hex}"
            try:
                check_storable(action)
                action.validate(self.game.state)
            except ActionError as error:
                return Outcome(intent, False, None, str(error))
            number = await self._commit(action, FACILITATOR, intent)
            await self._publish_views()
            return Outcome(intent, True, number)

    async def _commit(self, action: Action, actor: str, intent: str) -> int:
        """Apply ``action`` (validated) and append it to the LOG. Its intent is acknowledged
        only after this, so a crash before the append loses nothing: the intent comes again."""
        self.game.push(action)
        number = len(self.game)
        self._origin[number - 1] = (actor, intent)
        if self.on_change is not None:
            self.on_change()
        await self._flush()
        return number

    async def sync(self) -> None:
        """Log and publish what the facilitator did in the game directly (the window's own
        actions); RemoteError if an action already logged was undone (the log only grows)."""
        async with self._lock:
            await self._flush()
            await self._publish_views()

    async def _flush(self) -> None:
        """Append the game's actions not yet in the LOG, in order."""
        game = self.game
        if len(game) < self._logged:
            raise RemoteError("undo is not available in a remote game: the log only grows; play a correction")
        while self._logged < len(game):
            index = self._logged
            actor, intent = self._origin.setdefault(index, (FACILITATOR, f"f-{uuid.uuid4().hex}"))
            action = game.actions[index]
            await self._append(LogEntry(index + 1, actor, intent, action))
            self._intents[intent] = index + 1
            self._actions[intent] = action
            self._logged += 1

    async def _append(self, entry: LogEntry) -> None:
        headers = {"Nats-Msg-Id": entry.intent, "Nats-Expected-Last-Sequence": str(entry.number - 1)}
        payload = entry.to_bytes()
        while True:
            try:
                ack = await self.js.publish(
                    self.names.log,
                    payload,
                    timeout=TIMEOUT,
                    stream=self.names.log_stream,
                    headers=dict(headers),
                )
            except APIError as error:
                if error.err_code == WRONG_LAST_SEQUENCE and await self._last_is(entry):
                    return  # our own append went through; its acknowledgement was lost
                if error.err_code == WRONG_LAST_SEQUENCE:
                    raise LogConflictError(
                        f"game {self.names.game}: someone else wrote action {entry.number} to the log"
                    ) from None
                raise
            except (
                nats.errors.TimeoutError,
                nats.errors.ConnectionClosedError,
                nats.js.errors.NoStreamResponseError,
            ):
                await self._reconnected()
                continue
            if ack.seq != entry.number:
                raise LogConflictError(
                    f"game {self.names.game}: action {entry.number} was stored as {ack.seq}"
                )
            return

    async def _last_is(self, entry: LogEntry) -> bool:
        try:
            message = await self.js.get_msg(self.names.log_stream, entry.number)
        except NotFoundError:
            return False
        return (message.headers or {}).get("Nats-Msg-Id") == entry.intent

    async def _reconnected(self) -> None:
        if self._stopping:
            raise asyncio.CancelledError
        await self.link.connected.wait()

    # --- intents ------------------------------------------------------------------------------

    async def _serve(self, side: str) -> None:
        n = self.names
        config = api.ConsumerConfig(ack_policy=api.AckPolicy.EXPLICIT, ack_wait=30, max_ack_pending=64)
        while True:
            try:
                pull = await self.js.pull_subscribe(
                    n.intent(side), durable="facilitator", stream=n.intent_stream(side), config=config
                )
                break
            except (TimeoutError, nats.errors.Error) as error:
                log.info("%s: reading %s's intents: %s", n.game, side, error)
                await self._reconnected()
        while True:
            try:
                messages = await pull.fetch(1, timeout=1.0)  # a batch waits out its whole expiry
            except (TimeoutError, nats.errors.TimeoutError):  # a batch fetch raises asyncio's
                continue
            except nats.errors.Error as error:
                log.info("%s: fetching %s's intents: %s", n.game, side, error)
                await self._reconnected()
                continue
            for message in messages:
                async with self._lock:
                    await self._judge(side, message.data)
                    await self._publish_views()
                await self._ack(message)

    async def _ack(self, message: Msg) -> None:
        try:
            await message.ack()
        except nats.errors.Error as error:
            log.info(
                "%s: acknowledging an intent: %s (it will come again and be recognised)",
                self.names.game,
                error,
            )

    async def _judge(self, side: str, raw: bytes) -> None:
        """Decide one intent from ``side``'s subject (the server lets only that side publish there)."""
        intent_id = read_intent_id(raw) or "unreadable"
        try:
            intent = read_intent(raw)
            outcome = await self._decide(side, intent.id, intent.side, intent.action)
        except (WireError, ActionError) as error:
            outcome = Outcome(intent_id, False, None, str(error))
        if not outcome.accepted or outcome.reason:
            self.refusals.append(Refusal(side, outcome.intent, outcome.reason))
            log.warning("%s: intent %s from %s: %s", self.names.game, outcome.intent, side, outcome.reason)
        self._outcomes[side].append(outcome)

    async def _decide(self, side: str, intent_id: str, claimed: str, action: Action) -> Outcome:
        if claimed != side:
            return Outcome(
                intent_id, False, None, f"forged sender: the intent says {claimed!r} but came from {side!r}"
            )
        if intent_id in self._intents:
            number = self._intents[intent_id]
            if self._actions.get(intent_id) == action:
                return Outcome(
                    intent_id,
                    True,
                    number,
                    f"replayed: already accepted as action {number}; not applied again",
                )
            return Outcome(intent_id, False, None, f"replayed intent id: it was used for action {number}")
        state = self.game.state
        reason = refusal(action, side, state)
        if reason is None:
            check_storable(action)
            action.validate(state)
            reason = action.pointless(state)
        if reason is not None:
            return Outcome(intent_id, False, None, reason)
        number = await self._commit(action, side, intent_id)
        return Outcome(intent_id, True, number)

    # --- views --------------------------------------------------------------------------------

    def views(self) -> dict[str, dict[str, object]]:
        """Each viewer's side view of the truth now, in its JSON-ready form."""
        game = self.game
        try:
            analysis, problem = self._analysis.at(len(game)), None
        except WargameError as error:
            analysis, problem = None, str(error)
        phase = current_phase(game)
        return {
            viewer: side_view(
                game.state, analysis, None if viewer == FACILITATOR else viewer, phase, problem
            ).to_data()
            for viewer in self.access.viewers
        }

    async def _publish_views(self) -> None:
        views = self.views()
        sends = []
        for viewer, data in views.items():
            # a side learns neither the log's length nor its actions' numbers (hidden steps)
            outcomes = [replace(o, action=None) for o in self._outcomes.get(viewer, ())]
            actions = len(self.game) if viewer == FACILITATOR else None
            body = Envelope.text(self.names.game, viewer, actions, data, outcomes)
            if self._published.get(viewer) == body:
                continue
            packed = compress(body)
            sends.append(
                self._publish(self.names.view(viewer), self.names.view_stream(viewer), packed, viewer, body)
            )
        await asyncio.gather(*sends)

    async def _publish_scenarios(self) -> None:
        for viewer in self.access.viewers:
            data = {"format": SCENARIO, "version": VERSION, "game": self.names.game}
            data["scenario"] = scenario_to_dict(
                scenario_for(self.game.scenario, None if viewer == FACILITATOR else viewer)
            )
            await self._publish(self.names.scenario(viewer), self.names.view_stream(viewer), pack(data))

    async def _publish(
        self, subject: str, stream: str, payload: bytes, viewer: str = "", body: bytes = b""
    ) -> None:
        while True:
            try:
                await self.js.publish(subject, payload, timeout=TIMEOUT, stream=stream)
                break
            except (
                nats.errors.TimeoutError,
                nats.errors.ConnectionClosedError,
                nats.js.errors.NoStreamResponseError,
            ):
                await self._reconnected()
        if viewer:
            self._published[viewer] = body


__all__ = ["LOG_ENTRY", "Facilitator", "LogConflictError", "Refusal"]
