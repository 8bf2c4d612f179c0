"""Join codes: everything one participant needs to join a game, as one line of text.

A code holds the server's URL, the game's id, the role (a side id, ``observer`` or
``observer-<side>``) and that role's credentials, generated per game by the host. It is
written nowhere but where the facilitator sends it (never into the game file)::

    wg1.eyJzZXJ2ZXIiOiAibmF0czovLz...   ("wg1." + base64url of the JSON)

>>> JoinCode.parse(JoinCode("nats://127.0.0.1:4222", "g-1a2b3c", "UA", "g-1a2b3c-UA", "pw").text)
JoinCode(server='nats://127.0.0.1:4222', game='g-1a2b3c', role='UA', user='g-1a2b3c-UA', password='pw')
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, dataclass

from wargame.remote.names import GameNames, RemoteError

PREFIX = "wg1."
MAX_CODE = 2048  # characters: a pasted code is short; anything longer is not one


@dataclass(frozen=True, slots=True)
class JoinCode:
    server: str
    game: str
    role: str
    user: str
    password: str

    @property
    def text(self) -> str:
        data = json.dumps(asdict(self), sort_keys=True, separators=(",", ":")).encode()
        return PREFIX + base64.urlsafe_b64encode(data).decode().rstrip("=")

    @property
    def names(self) -> GameNames:
        return GameNames(self.game)

    @classmethod
    def parse(cls, text: str) -> JoinCode:
        """The code in ``text`` (spaces and line breaks around it ignored); RemoteError if none."""
        text = "".join(text.split())
        if len(text) > MAX_CODE or not text.startswith(PREFIX):
            raise RemoteError("this is not a join code: it starts with 'wg1.'; copy the whole code again")
        body = text[len(PREFIX) :]
        try:
            data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        except (ValueError, binascii.Error):
            raise RemoteError("this join code is damaged: copy the whole code again") from None
        fields = ("server", "game", "role", "user", "password")
        if not isinstance(data, dict) or any(not isinstance(data.get(f), str) for f in fields):
            raise RemoteError("this join code is damaged: copy the whole code again")
        code = cls(*(data[f] for f in fields))
        code.names  # noqa: B018 - checks the game id
        return code
