"""The names of one remote game on the server: its subjects, streams, users and inboxes.

Every name carries the game's id, so one server carries many games side by side::

    wg.<game>.intent.<side>    a side's intents          stream WG_<game>_IN_<side>
    wg.<game>.log              the accepted actions       stream WG_<game>_LOG
    wg.<game>.view.<viewer>    a viewer's latest view     stream WG_<game>_VIEW_<viewer>
    wg.<game>.scenario.<viewer> the scenario as the viewer may know it (same stream)

``viewer`` is a side id or ``facilitator`` (the whole truth, for observers of it).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from wargame.core.errors import WargameError

FACILITATOR = "facilitator"  # the facilitator's view (and role); never a side id
OBSERVER = "observer"  # a role: reads one viewer's view, sends nothing
ROLE_OBSERVING = "observer-"  # observer-<side>: reads that side's view
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,32}")  # what a game or side id may hold on the wire
GAME_ID = re.compile(r"[a-z0-9-]{1,40}")


class RemoteError(WargameError):
    """Remote play could not start or go on: what failed, and what to do."""


def check_token(value: str, what: str) -> str:
    """``value`` if it can stand in a subject and a stream name, else RemoteError."""
    if not TOKEN.fullmatch(value) or value in (FACILITATOR, OBSERVER) or value.startswith(OBSERVER):
        raise RemoteError(f"{what} {value!r} cannot be used for remote play: use letters, digits, - and _")
    return value


def new_game_id(scenario_id: str) -> str:
    """A fresh id for a hosted game: the scenario's id (shortened) and six random characters."""
    stem = re.sub(r"[^a-z0-9]+", "-", scenario_id.lower()).strip("-")[:24] or "game"
    return f"{stem}-{secrets.token_hex(3)}"


@dataclass(frozen=True, slots=True)
class GameNames:
    """Subjects and streams of game ``game`` on the server."""

    game: str

    def __post_init__(self) -> None:
        if not GAME_ID.fullmatch(self.game):
            raise RemoteError(f"game id {self.game!r}: use lower-case letters, digits and -")

    @property
    def prefix(self) -> str:
        return f"wg.{self.game}"

    def intent(self, side: str) -> str:
        return f"{self.prefix}.intent.{side}"

    @property
    def log(self) -> str:
        return f"{self.prefix}.log"

    def view(self, viewer: str) -> str:
        return f"{self.prefix}.view.{viewer}"

    def scenario(self, viewer: str) -> str:
        return f"{self.prefix}.scenario.{viewer}"

    def stream(self, part: str) -> str:
        return f"WG_{self.game}_{part}"

    @property
    def log_stream(self) -> str:
        return self.stream("LOG")

    def intent_stream(self, side: str) -> str:
        return self.stream(f"IN_{side}")

    def view_stream(self, viewer: str) -> str:
        return self.stream(f"VIEW_{viewer}")

    def user(self, role: str) -> str:
        return f"{self.game}-{role}"

    def inbox(self, role: str) -> str:
        """The inbox prefix of ``role``: replies to it are the only inbox it may read."""
        return f"_INBOX.{self.game}.{role}"


def observed(role: str) -> str | None:
    """The viewer an observer role reads (``observer`` → the facilitator's view, ``observer-UA``
    → UA's), or None for a role that is not an observer's."""
    if role == OBSERVER:
        return FACILITATOR
    if role.startswith(ROLE_OBSERVING):
        return role[len(ROLE_OBSERVING) :]
    return None
