"""The update message: what one step of the game changed, and the viewer's new side view.

Built in the core (as Anki's OpChanges) and only forwarded by the Qt controller, so a window
here and a remote side's window receive the same thing. What changed is filtered for the
viewer as the view is: the id and the hexes of an enemy unit that was out of sight before
and after the step are not named.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from wargame.core.actions import EVERYTHING, Changes
from wargame.core.rules.results import Analysis
from wargame.core.state import GameState
from wargame.core.view.codec import ViewFormatError, decode, encode
from wargame.core.view.side_view import SideView
from wargame.core.visibility import visible_units

FORMAT = "wargame-update"
VERSION = 1


@dataclass(frozen=True)
class Update:
    """A step of the game as one viewer receives it."""

    view: SideView
    changes: Changes = EVERYTHING
    description: str = ""

    # What the widgets read: all of it from the view, nothing from the truth.
    @property
    def side(self) -> str | None:
        return self.view.viewer

    @property
    def state(self) -> GameState:
        return self.view.state

    @property
    def analysis(self) -> Analysis | None:
        return self.view.analysis

    @property
    def shown(self) -> Analysis | None:
        return self.view.analysis

    @property
    def visible(self) -> frozenset[str]:
        return self.view.visible

    def seen_state(self) -> GameState:
        return self.view.state

    def to_data(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "view": self.view.to_data(),
            "changes": encode(self.changes),
            "description": self.description,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_data(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Update:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ViewFormatError(f"an update must be JSON: {error}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ViewFormatError(f"not an update message (expected {FORMAT!r} version {VERSION})")
        return cls(
            SideView.from_data(data.get("view")),
            decode(Changes, data.get("changes"), "update.changes"),
            decode(str, data.get("description"), "update.description"),
        )


def seen_changes(changes: Changes, before: GameState | None, after: GameState, view: SideView) -> Changes:
    """``changes`` as ``view``'s viewer may know them: nothing about an enemy unit out of its
    sight both before and after the step (neither its id nor the hexes it left and entered)."""
    if view.viewer is None or changes.everything:
        return changes
    seen_before = visible_units(before, view.viewer) if before is not None else frozenset()
    hidden = {u for u in changes.units if u not in view.visible and u not in seen_before}
    if not hidden:
        return changes
    where = {s.units[u].hex for s in (before, after) if s is not None for u in hidden if u in s.units}
    return Changes(
        units=changes.units - hidden,
        hexes=changes.hexes - where,
        segments=changes.segments,
        turn=changes.turn,
    )


def update_for(
    changes: Changes, view: SideView, before: GameState | None, after: GameState, description: str = ""
) -> Update:
    """The update ``view``'s viewer receives for a step from ``before`` to ``after``; the
    description of a step about an enemy unit out of sight is not passed on."""
    seen = seen_changes(changes, before, after, view)
    return Update(view, seen, description if seen.units == changes.units else "")
