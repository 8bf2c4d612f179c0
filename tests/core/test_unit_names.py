"""Short names on counters: taken from the scenario, derived where absent, never two alike."""

from __future__ import annotations

import pytest

from wargame.core.actions import unit_from_dict, unit_to_dict
from wargame.core.files.loading import open_source
from wargame.core.files.scenario_file import shipped_scenarios
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Unit, UnitType
from wargame.core.unit_names import MAX_CHARS, derive_short, short_names


def _unit(uid: str, name: str, short: str = "") -> Unit:
    return Unit(uid, "RU", UnitType.INFANTRY, Hex(0, 0), name=name, short=short)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Wagner Assault Det. 3", "Wagner 3"),
        ("1/93 Mech Bde", "1/93 Mech"),
        ("93rd Mech Bde (bn)", "93 Mech"),
        ("2/3rd Assault Bde", "2/3 Aslt"),
        ("16th Panzer Division", "16 Pz"),
        ("Romanian 20th Infantry Division", "Rom 20 Inf"),
    ],
)
def test_a_short_name_is_derived_from_the_full_name(name: str, short: str) -> None:
    assert derive_short(name) == short


def test_the_scenarios_short_name_wins() -> None:
    assert short_names([_unit("x", "Wagner Det. Soledar", short="Wagner Sol")]) == {"x": "Wagner Sol"}


def test_units_that_would_read_alike_are_told_apart() -> None:
    names = short_names([_unit("a", "Tank Bde (north)"), _unit("b", "Tank Bde (south)")])
    assert names["a"] != names["b"]


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.stem)
def test_no_two_counters_of_a_shipped_scenario_read_alike(path) -> None:  # type: ignore[no-untyped-def]
    names = short_names(open_source(str(path)).state.units.values())
    assert len({n.lower() for n in names.values()}) == len(names)
    assert all(len(n) <= MAX_CHARS for n in names.values())


def test_the_short_name_is_kept_in_files_and_optional() -> None:
    unit = _unit("a", "Wagner Assault Det. 3", short="W3")
    data = unit_to_dict(unit)
    assert data["short"] == "W3" and unit_from_dict(data) == unit
    assert "short" not in unit_to_dict(_unit("b", "x"))
    assert unit_from_dict({k: v for k, v in data.items() if k != "short"}).short == ""
