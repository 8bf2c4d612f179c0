"""Units dropped from the palette: automatic ids and refused drops."""

from __future__ import annotations

import pytest

from wargame.core.errors import ActionError
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Unit, UnitType
from wargame.core.setup.placing import next_unit_id, unit_from_drop

GAMEMAP = make_map("""
    . . . .
    . . . .
""")


def _state(*ids: str):  # type: ignore[no-untyped-def]
    units = [Unit(uid, "UA", UnitType.INFANTRY, Hex(0, 0)) for uid in ids]
    return Game(make_scenario(GAMEMAP, units=units), GAMEMAP).state


def test_automatic_ids_take_the_first_free_number() -> None:
    assert next_unit_id(_state(), "UA", UnitType.INFANTRY) == "UA-inf-1"
    assert next_unit_id(_state("UA-inf-1", "UA-inf-3"), "UA", UnitType.INFANTRY) == "UA-inf-2"
    assert next_unit_id(_state("UA-inf-1"), "UA", UnitType.ARMOUR) == "UA-arm-1"


def test_a_drop_becomes_a_unit_with_the_typed_id_or_an_automatic_one() -> None:
    state = _state("RU-art-1")
    typed = unit_from_drop({"side": "UA", "type": "recon", "id": "Scouts", "strength": 2}, Hex(1, 0), state)
    assert (typed.id, typed.type, typed.strength, typed.hex) == ("Scouts", UnitType.RECON, 2, Hex(1, 0))
    automatic = unit_from_drop({"side": "RU", "type": "artillery", "id": ""}, Hex(1, 0), state)
    assert automatic.id == "RU-art-2"


def test_a_drop_that_is_not_a_unit_is_refused_with_a_reason() -> None:
    with pytest.raises(ActionError, match="unknown unit"):
        unit_from_drop({"side": "UA", "type": "cavalry"}, Hex(0, 0), _state())
