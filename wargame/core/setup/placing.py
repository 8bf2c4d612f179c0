"""A unit dropped from the palette: the Unit it stands for, with an automatic id when none
was typed ("UA-inf-3": side, type, the first free number)."""

from __future__ import annotations

import re
from typing import Any

from wargame.core.errors import ActionError
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Echelon, Unit, UnitType
from wargame.core.state import GameState

TYPE_ABBREVIATIONS = {
    UnitType.INFANTRY: "inf",
    UnitType.MECHANISED: "mech",
    UnitType.ARMOUR: "arm",
    UnitType.ARTILLERY: "art",
    UnitType.RECON: "rec",
    UnitType.HQ: "hq",
    UnitType.LOGISTICS: "log",
}


def unit_from_drop(payload: dict[str, Any], h: Hex, state: GameState) -> Unit:
    """The unit a palette drop describes; ActionError when the drop is not a unit."""
    try:
        unit_type = UnitType(payload.get("type"))
        echelon = Echelon(payload.get("echelon", "battalion"))
        strength = int(payload.get("strength", 4))
    except (ValueError, TypeError):
        raise ActionError(f"unknown unit in the drop: {payload!r}") from None
    side = str(payload.get("side", ""))
    unit_id = str(payload.get("id") or "") or next_unit_id(state, side, unit_type)
    return Unit(unit_id, side, unit_type, h, echelon, strength=strength, max_strength=max(4, strength))


def next_unit_id(state: GameState, side: str, unit_type: UnitType) -> str:
    """The first free id of the form SIDE-type-N."""
    stem = f"{side}-{TYPE_ABBREVIATIONS[unit_type]}-"
    taken = {int(m.group(1)) for uid in state.units if (m := re.fullmatch(re.escape(stem) + r"(\d+)", uid))}
    return f"{stem}{min(set(range(1, len(taken) + 2)) - taken)}"
