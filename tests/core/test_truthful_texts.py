"""Texts that tell the truth: each contradiction a facilitator met between a warning and the
numbers beside it, read from the warnings as the user sees them."""

from __future__ import annotations

import pytest

from wargame.core.files.scenario_file import load_scenario
from wargame.core.grid.hexgrid import Hex, from_offset
from wargame.core.map.mapdata import load_map
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import RouteSpec, Segment, Unit, UnitType
from wargame.core.rules import warnings as codes
from wargame.core.rules.analysis import analyse
from wargame.core.rules.naming import force_title
from wargame.core.rules.results import Corridor, ForceSupply, Link, Pocket, SideAnalysis, Supply, UnitSupply
from wargame.core.rules.warnings import side_warnings
from wargame.core.state import GameState

MAP = make_map("\n".join([". " * 10] * 5))
A, B, C = from_offset(2, 2), from_offset(3, 2), from_offset(6, 2)


def _unit(
    uid: str, h: Hex, supply: Supply, override: str | None = None, need: float = 2.0, got: float = 0.5
) -> UnitSupply:
    return UnitSupply(
        uid,
        h,
        supply,
        cost=None if supply is Supply.ENCIRCLED else 3.0,
        override=override,
        override_reason="relief column got through" if override else None,
        need_sp=need,
        delivered_sp=got,
    )


def _messages(a: SideAnalysis, code: str | None = None) -> list[str]:
    return [w.message for w in side_warnings(MAP, a, 3) if code is None or w.code == code]


def test_a_bottleneck_is_named_as_full_not_as_all_that_arrives() -> None:
    # "bottleneck T0504 carries 2 SP" while 10.1 of 12 SP arrived: the link is full, the rest comes by others.
    units = {u: _unit(u, h, Supply.LIMITED, need=6, got=5.05) for u, h in (("a", A), ("b", B))}
    link = Link(A, B, capacity=2.0, flow=2.0, road="main")
    force = ForceSupply("UA garrison of Bakhmut", ("a", "b"), 12.0, 10.1, (link,))
    (text,) = _messages(SideAnalysis("UA", units, forces=(force,)), codes.FORCE_SHORT)
    assert "84% of the need arrives (10.1 of 12 SP)" in text
    assert "full at 2 SP" in text and "carries 2 SP" not in text and "bottleneck" not in text


def test_one_more_loss_of_a_force_already_out_of_supply_says_how_much_worse() -> None:
    # "losing 2930 would leave the garrison out of supply" when 34% arrived already.
    units = {u: _unit(u, h, Supply.OUT_OF_SUPPLY, need=6, got=2.04) for u, h in (("a", A), ("b", B))}
    force = ForceSupply("UA garrison of Bakhmut", ("a", "b"), 12.0, 4.08)
    corridor = Corridor(
        ("a", "b"), 2, 1000.0, (C, B), "UA garrison of Bakhmut", 4.08, 12.0, 4.08, (4.0, 1.0), 3.84
    )
    a = SideAnalysis("UA", units, corridors=(corridor,), forces=(force,))
    (text,) = _messages(a, codes.FORCE_SHORT)
    assert "34% of the need arrives" in text
    assert "would leave it out of supply" not in text and "out of supply" not in text.split(";")[-1]
    assert f"losing {MAP.label(C)} would cut it further, to 2%" in text


def test_a_corridor_one_hex_can_close_says_so() -> None:
    # A "3-hex corridor" whose first hex carries everything it brings.
    units = {u: _unit(u, h, Supply.SUPPLIED, need=2, got=2) for u, h in (("a", A),)}
    corridor = Corridor(
        ("a",), 3, 1500.0, (C, B, A), "UA forces W of Opytne", 13.0, 2.0, 2.0, (13, 0, 0), 13.0
    )
    (text,) = _messages(SideAnalysis("UA", units, corridors=(corridor,)), codes.CORRIDOR_NARROW)
    assert "3 hexes (1.5 km) wide" in text and f"losing {MAP.label(C)} alone would close it" in text
    assert (
        next(
            w for w in side_warnings(MAP, SideAnalysis("UA", units, corridors=(corridor,)), 3)
        ).severity.value
        == "critical"
    )


def test_a_force_both_encircled_and_with_a_corridor_names_which_units_the_corridor_feeds() -> None:
    # "forces W of Opytne" encircled and with a 3-hex 13-SP corridor at once.
    units = {"in": _unit("in", A, Supply.ENCIRCLED, got=0), "out": _unit("out", C, Supply.SUPPLIED, got=2)}
    pocket = Pocket(("in",), (A,), "UA forces W of Opytne")
    corridor = Corridor(("out",), 3, 1500.0, (B,), "UA forces W of Opytne", 13.0, 2.0, 2.0)
    a = SideAnalysis("UA", units, pockets=(pocket,), corridors=(corridor,))
    (encircled,) = _messages(a, codes.UNITS_ENCIRCLED)
    (narrow,) = _messages(a, codes.CORRIDOR_NARROW)
    assert encircled == "1 unit encircled (UA forces W of Opytne)"
    assert narrow.startswith("Corridor to the 1 unit of UA forces W of Opytne not encircled 3 hexes")


def test_one_warning_per_force_and_cause_after_encirclement() -> None:
    # An encircled force got "encircled" and "0% of the need arrives"; two forces of one name, two warnings.
    units = {u: _unit(u, h, Supply.ENCIRCLED, got=0) for u, h in (("a", A), ("b", B))}
    pocket = Pocket(("a", "b"), (A, B), "UA garrison of Bakhmut")
    forces = (
        ForceSupply("UA garrison of Bakhmut", ("a",), 2, 0),
        ForceSupply("UA garrison of Bakhmut", ("b",), 2, 0),
    )
    warnings = side_warnings(MAP, SideAnalysis("UA", units, pockets=(pocket, pocket), forces=forces), 3)
    assert [w.message for w in warnings] == ["2 units encircled (UA garrison of Bakhmut)"]


def test_counts_and_plurals_follow_the_ruling() -> None:
    # An overridden unit still counted in "11 units out of supply"; "(1 units)".
    units = {
        "a": _unit("a", A, Supply.OUT_OF_SUPPLY, override="supplied"),
        "b": _unit("b", B, Supply.OUT_OF_SUPPLY),
        "c": _unit("c", C, Supply.SUPPLIED, override="out_of_supply", got=2),
    }
    texts = _messages(SideAnalysis("UA", units), codes.UNITS_OUT_OF_SUPPLY)
    assert texts == [
        "2 units out of supply (1 unit by the facilitator's ruling): less than half its need arrives"
    ]
    assert all("(1 units)" not in t and "(s)" not in t for t in _messages(SideAnalysis("UA", units)))


def test_forces_are_named_for_their_side_and_place() -> None:
    # RU assault units in Bakhmut's hexes were "Bakhmut garrison" and led the strip as
    # "RU · 2 units encircled (Bakhmut garrison)".
    bakhmut = load_map("bakhmut")
    centre = bakhmut.settlements["Bakhmut"]
    control = {centre: "UA"}
    assert force_title(bakhmut, "UA", [centre], control) == "UA garrison of Bakhmut"
    assert force_title(bakhmut, "RU", [centre], control) == "RU assault group in Bakhmut"
    assert force_title(bakhmut, "UA", [bakhmut.hex_from_label("2723")], control) == "UA forces NE of Khromove"


def test_the_shipped_february_names_the_garrison_and_the_full_link() -> None:
    scenario, gamemap = load_scenario("bakhmut-2023-02")
    analysis = analyse(GameState.initial(scenario, gamemap))
    texts = [w.message for w in analysis.warnings]
    garrison = next(t for t in texts if t.startswith("UA garrison of Bakhmut"))
    assert "full at" in garrison and "bottleneck" not in garrison
    assert not any("Bakhmut garrison" in t for t in texts)


ROAD_MAP = make_map(". = = = = = = .\n. . . . . . . .\n. . . . . . . .")
ROAD = [from_offset(c, 0) for c in range(1, 7)]


def test_a_route_cut_after_a_repair_says_why_it_is_still_cut() -> None:
    # After repairing 2624–2724, "O0506 cut at 2724" stayed with no reason.
    scenario = make_scenario(
        ROAD_MAP,
        [
            Unit("ua", "UA", UnitType.INFANTRY, ROAD[-1]),
            Unit("ru", "RU", UnitType.INFANTRY, from_offset(0, 2)),
        ],
        control={ROAD[2]: "RU"},
        sources={"UA": [ROAD[0]], "RU": [from_offset(0, 2)]},
        routes={"UA": [RouteSpec("R1", "R1", ROAD[0], ROAD[-1])]},
    )
    cut = GameState.initial(scenario, ROAD_MAP).evolve(cut=frozenset({Segment.of(ROAD[2], ROAD[3])}))
    repaired = cut.evolve(cut=frozenset())
    (text,) = [w.message for w in analyse(repaired).warnings if w.code == codes.ROUTE_CUT]
    assert f"({ROAD_MAP.label(ROAD[2])} held by RU)" in text


@pytest.mark.parametrize("count, text", [(1, "1 unit"), (2, "2 units"), (0, "0 units")])
def test_units_are_counted_in_good_english(count: int, text: str) -> None:
    from wargame.core.rules.naming import units_text

    assert units_text(count) == text


def test_the_csv_and_the_aar_give_the_ruled_status_with_the_computed_one_beside_it() -> None:
    from tests.core.gamefile_fixtures import small_game
    from wargame.core.reports.aar import review, supply_text
    from wargame.core.reports.csv_export import tables

    game = small_game()  # the facilitator rules ua-1 limited: "ammunition convoy ambushed"
    (row,) = [r for r in tables(game)["units"] if r["unit"] == "ua-1" and r["action_index"] == len(game)]
    assert (row["supply"], row["ruling"]) == ("limited", "ammunition convoy ambushed")
    computed = analyse(game.state).sides["UA"].units["ua-1"]
    assert row["computed_supply"] == computed.supply.value
    assert computed.supply is Supply.SUPPLIED  # the ruling differs from what the engine computes
    assert supply_text(computed) == "limited (ruled; computed supplied)"
    assert any(
        "limited (ruled; computed supplied)" in line for r in review(game) for line in r.supply_changes
    )
