"""What travels: intents, outcomes, log entries and views, and their checks.

Everything read from the wire passes the project's one JSON reader
(:func:`wargame.core.files.reader.parse_json`: depth, duplicate keys, number sizes, text) and
a size limit before it is looked at. Views go compressed (zlib): a side's view of the Bakhmut
map is about 100 kB of JSON and 14 kB compressed.

A view message is an *envelope*: the viewer's side view and the outcomes of the viewer's own
latest intents, so one stream per viewer, holding only its latest message, gives a
reconnecting client all it needs. Only the facilitator's view says how many actions the log
holds; a side's says nothing of the number of steps (nor an outcome the number of its
action), which would tell it how many moves the enemy made out of its sight.
"""

from __future__ import annotations

import json
import re
import uuid
import zlib
from dataclasses import dataclass
from typing import Any

from wargame.core.actions import Action, action_from_dict
from wargame.core.errors import ActionError, WargameError
from wargame.core.files.reader import parse_json
from wargame.core.view.side_view import SideView
from wargame.remote.names import RemoteError

MAX_INTENT_BYTES = 16 * 1024  # an action's JSON is a few hundred bytes; a long note fits
MAX_VIEW_BYTES = 32 * 1024 * 1024  # a view once decompressed: refuse anything beyond
INTENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
KEEP_OUTCOMES = 32  # outcomes of a viewer's latest intents carried in its view

INTENT = "wargame-intent"
ENVELOPE = "wargame-remote-view"
LOG_ENTRY = "wargame-log-entry"
SCENARIO = "wargame-remote-scenario"
VERSION = 1


class WireError(RemoteError):
    """A message from the wire that is not what it must be; the reason goes back to its sender."""


def new_intent_id() -> str:
    return uuid.uuid4().hex


def dumps(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def loads(raw: bytes, limit: int, what: str) -> Any:
    if len(raw) > limit:
        raise WireError(f"{what} is too large ({len(raw)} bytes; at most {limit})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise WireError(f"{what} is not UTF-8 text") from None
    try:
        return parse_json(text, what, WireError)
    except WireError:
        raise
    except WargameError as error:
        raise WireError(str(error)) from None


def pack(data: Any) -> bytes:
    return compress(dumps(data))


def compress(text: bytes) -> bytes:
    return zlib.compress(text, 1)


def unpack(raw: bytes, what: str) -> Any:
    inflate = zlib.decompressobj()
    try:
        text = inflate.decompress(raw, MAX_VIEW_BYTES)
    except zlib.error:
        raise WireError(f"{what} is damaged (not compressed data)") from None
    if inflate.unconsumed_tail:
        raise WireError(f"{what} is too large once decompressed (more than {MAX_VIEW_BYTES} bytes)")
    return loads(text, MAX_VIEW_BYTES, what)


# --- intents --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Intent:
    """An action a side proposes; ``id`` makes a retry recognisable."""

    id: str
    side: str
    action: Action

    def to_bytes(self) -> bytes:
        return dumps(
            {
                "format": INTENT,
                "version": VERSION,
                "id": self.id,
                "side": self.side,
                "action": self.action.to_dict(),
            }
        )


def read_intent_id(raw: bytes) -> str | None:
    """The id of an intent, if one can be read at all (to answer even a refused one)."""
    try:
        data = loads(raw, MAX_INTENT_BYTES, "the intent")
    except WireError:
        return None
    found = data.get("id") if isinstance(data, dict) else None
    return found if isinstance(found, str) and INTENT_ID.fullmatch(found) else None


def read_intent(raw: bytes) -> Intent:
    """An intent from its bytes; WireError says what is wrong with it."""
    data = loads(raw, MAX_INTENT_BYTES, "the intent")
    if not isinstance(data, dict) or data.get("format") != INTENT or data.get("version") != VERSION:
        raise WireError(f"not an intent (expected format {INTENT!r} version {VERSION})")
    intent_id, side = data.get("id"), data.get("side")
    if not isinstance(intent_id, str) or not INTENT_ID.fullmatch(intent_id):
        raise WireError("the intent's id must be 8 to 64 letters, digits, - or _")
    if not isinstance(side, str):
        raise WireError("the intent does not say its side")
    try:
        action = action_from_dict(data.get("action"), "intent.action")
    except ActionError as error:
        raise WireError(str(error)) from None
    return Intent(intent_id, side, action)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of an intent: accepted as action ``action`` (1-based), or refused."""

    intent: str
    accepted: bool
    action: int | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "accepted": self.accepted,
            "action": self.action,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Outcome:
        if not isinstance(data, dict):
            raise WireError("an outcome must be an object")
        intent, accepted, action, reason = (data.get(k) for k in ("intent", "accepted", "action", "reason"))
        if not (isinstance(intent, str) and isinstance(accepted, bool) and isinstance(reason, str)):
            raise WireError("an outcome needs intent, accepted and reason")
        if action is not None and not isinstance(action, int):
            raise WireError("an outcome's action is a number")
        return cls(intent, accepted, action, reason)


# --- the log --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One accepted action as the LOG stream holds it: its number (the stream sequence), who
    proposed it (a side, or the facilitator) and the intent it came from."""

    number: int
    actor: str
    intent: str
    action: Action

    def to_bytes(self) -> bytes:
        data = {"format": LOG_ENTRY, "version": VERSION, "number": self.number, "actor": self.actor}
        return dumps(data | {"intent": self.intent, "action": self.action.to_dict()})

    @classmethod
    def from_bytes(cls, raw: bytes) -> LogEntry:
        data = loads(raw, MAX_INTENT_BYTES * 4, "a log entry")
        if not isinstance(data, dict) or data.get("format") != LOG_ENTRY:
            raise WireError("the game's log holds a message that is not a log entry")
        number, actor, intent = data.get("number"), data.get("actor"), data.get("intent")
        if not (isinstance(number, int) and isinstance(actor, str) and isinstance(intent, str)):
            raise WireError("a log entry needs number, actor and intent")
        try:
            return cls(number, actor, intent, action_from_dict(data.get("action"), f"log entry {number}"))
        except ActionError as error:
            raise WireError(str(error)) from None


# --- views ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Envelope:
    """A viewer's view as published: the view, the log's length, its latest outcomes."""

    game: str
    viewer: str
    actions: int | None  # the log's length: in the facilitator's view only
    view: SideView
    outcomes: tuple[Outcome, ...] = ()

    @staticmethod
    def text(
        game: str, viewer: str, actions: int | None, view_data: dict[str, Any], outcomes: list[Outcome]
    ) -> bytes:
        """The envelope's JSON, uncompressed (equal envelopes give equal bytes)."""
        data = {"format": ENVELOPE, "version": VERSION, "game": game, "viewer": viewer, "actions": actions}
        return dumps(data | {"view": view_data, "outcomes": [o.to_dict() for o in outcomes]})

    @classmethod
    def unpack(cls, raw: bytes) -> Envelope:
        data = unpack(raw, "a view")
        if not isinstance(data, dict) or data.get("format") != ENVELOPE or data.get("version") != VERSION:
            raise WireError(f"not a view message (expected format {ENVELOPE!r} version {VERSION})")
        game, viewer, actions = data.get("game"), data.get("viewer"), data.get("actions")
        if not (isinstance(game, str) and isinstance(viewer, str)):
            raise WireError("a view message needs game and viewer")
        if actions is not None and not isinstance(actions, int):
            raise WireError("a view message's actions is a number")
        outcomes = data.get("outcomes")
        if not isinstance(outcomes, list):
            raise WireError("a view message's outcomes must be a list")
        try:
            view = SideView.from_data(data.get("view"))
        except WargameError as error:
            raise WireError(f"the view cannot be read: {error}") from None
        return cls(game, viewer, actions, view, tuple(Outcome.from_dict(o) for o in outcomes))
