"""The scenario draft: set-up edits, their checks and messages, undo, and the finished scenario."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from wargame.core.errors import ActionError, GameFileError
from wargame.core.files.scenario_file import (
    DEFAULT_SCENARIO,
    load_scenario,
    scenario_from_dict,
    scenario_to_dict,
)
from wargame.core.grid.hexgrid import Hex, from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Echelon, Rules, Unit, UnitType
from wargame.core.rule_check import RuleError, checked_rule
from wargame.core.setup.scenario_draft import ScenarioDraft, save_scenario

GAMEMAP = make_map("""
    . . . . .
    . ~ . . .
    . . . . .
""")
WATER = from_offset(1, 1)


def draft() -> ScenarioDraft:
    return ScenarioDraft.blank(make_scenario(GAMEMAP), GAMEMAP)


def infantry(unit_id: str, side: str, h: Hex) -> Unit:
    return Unit(unit_id, side, UnitType.INFANTRY, h)


# --- control ----------------------------------------------------------------------------------


def test_painting_gives_hexes_to_a_side_and_neutral_takes_them_away() -> None:
    d = draft()
    result = d.paint_control([Hex(0, 0), Hex(1, 0)], "UA")
    assert result.changed == {Hex(0, 0), Hex(1, 0)}
    assert d.scenario.control == {Hex(0, 0): "UA", Hex(1, 0): "UA"}
    d.paint_control([Hex(1, 0)], None)
    assert d.scenario.control == {Hex(0, 0): "UA"}


def test_the_rest_of_the_map_goes_to_a_side_in_one_edit() -> None:
    d = draft()
    d.paint_control([Hex(0, 0)], "RU")
    d.place_unit(infantry("ru1", "RU", Hex(2, 0)))
    result = d.fill_neutral("UA")
    assert result.skipped == (Hex(2, 0),)
    assert d.scenario.control == {h: "RU" if h == Hex(0, 0) else "UA" for h in GAMEMAP if h != Hex(2, 0)}
    d.undo()
    assert d.scenario.control == {Hex(0, 0): "RU"}


def test_painting_skips_hexes_where_an_enemy_unit_stands() -> None:
    d = draft()
    d.place_unit(infantry("ru1", "RU", Hex(1, 0)))
    result = d.paint_control([Hex(0, 0), Hex(1, 0)], "UA")
    assert result.skipped == (Hex(1, 0),)
    assert d.scenario.control == {Hex(0, 0): "UA"}


def test_painting_off_the_map_or_for_an_unknown_side_is_refused() -> None:
    d = draft()
    with pytest.raises(ActionError, match="off the map"):
        d.paint_control([Hex(40, 40)], "UA")
    with pytest.raises(ActionError, match="unknown side 'XX'; sides are UA, RU"):
        d.paint_control([Hex(0, 0)], "XX")
    assert d.scenario.control == {} and not d.can_undo()


# --- units ------------------------------------------------------------------------------------


def test_units_of_both_sides_are_placed_edited_moved_and_removed() -> None:
    d = draft()
    d.place_unit(infantry("ua1", "UA", Hex(0, 0)))
    d.place_unit(infantry("ru1", "RU", Hex(3, 0)))
    d.update_unit("ua1", replace(d.unit("ua1"), id="ua-1st", name="1st Bn", strength=3, reach=2))
    d.move_unit("ua-1st", Hex(1, 0))
    d.remove_unit("ru1")
    (unit,) = d.scenario.units
    assert (unit.id, unit.name, unit.strength, unit.fire_reach, unit.hex) == (
        "ua-1st",
        "1st Bn",
        3,
        2,
        Hex(1, 0),
    )


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        (infantry("ua1", "RU", Hex(2, 0)), "unit id 'ua1' is already used by a UA unit at"),
        (infantry(" ", "UA", Hex(2, 0)), "a unit needs an id"),
        (infantry("x", "UA", WATER), "is water: units cannot stand there"),
        (infantry("x", "UA", Hex(30, 0)), "off the map 'sketch'"),
        (infantry("x", "UA", Hex(3, 0)), "cannot put x in .*: enemy ru1 stands there"),
        (infantry("x", "DE", Hex(2, 0)), "unknown side 'DE'"),
        (replace(infantry("x", "UA", Hex(2, 0)), strength=5), "strength must be between 1 and 4, not 5"),
        (replace(infantry("x", "UA", Hex(2, 0)), reach=-1), "reach of x must be 0 to 50 hexes"),
        (replace(infantry("x", "UA", Hex(2, 0)), reach=10**9), "reach of x must be 0 to 50 hexes"),
    ],
)
def test_a_unit_that_cannot_stand_there_is_refused_with_the_reason(unit: Unit, message: str) -> None:
    d = draft()
    d.place_unit(infantry("ua1", "UA", Hex(0, 0)))
    d.place_unit(infantry("ru1", "RU", Hex(3, 0)))
    before = d.scenario
    with pytest.raises(ActionError, match=message):
        d.place_unit(unit)
    assert d.scenario is before


def test_a_unit_may_keep_its_own_id_when_edited_but_not_take_anothers() -> None:
    d = draft()
    d.place_unit(infantry("a", "UA", Hex(0, 0)))
    d.place_unit(infantry("b", "UA", Hex(1, 0)))
    d.update_unit("a", replace(d.unit("a"), echelon=Echelon.BRIGADE))
    with pytest.raises(ActionError, match="'b' is already used"):
        d.update_unit("a", replace(d.unit("a"), id="b"))
    with pytest.raises(ActionError, match="no unit 'zz'"):
        d.move_unit("zz", Hex(0, 0))


# --- sources, turns, texts ------------------------------------------------------------------


def test_supply_sources_are_added_per_side_and_toggled_off() -> None:
    d = draft()
    assert d.toggle_source("UA", Hex(0, 0)) is True
    d.add_source("RU", Hex(4, 0))
    with pytest.raises(ActionError, match="already a supply source of UA"):
        d.add_source("UA", Hex(0, 0))
    assert d.toggle_source("UA", Hex(0, 0)) is False
    assert d.scenario.supply_sources == {"RU": (Hex(4, 0),)}


def test_first_side_turn_length_and_briefings() -> None:
    d = draft()
    d.set_first_side("RU")
    d.set_turn_length(0.5)
    d.set_briefing("UA", "Hold the road.")
    s = d.scenario
    assert (s.side_ids, s.turn_length_days, s.briefings) == (("RU", "UA"), 0.5, {"UA": "Hold the road."})
    with pytest.raises(ActionError, match="positive number of days"):
        d.set_turn_length(0)


# --- rules ------------------------------------------------------------------------------------


RULE_CASES = [
    ("max_trace_cost", 30),
    ("zoc", False),
    ("terrain_cost", {"woods": 4}),
    ("narrow_corridor_hexes", 2.0),
    ("terrain_cost", {"open": 0}),
    ("road_cost", {"motorway": 1}),
    ("road_cost", {"main": -1}),
    ("max_trace_cost", -5),
    ("river_crossing_cost", -1),
    ("zoc", 1),
    ("ground", "swamp"),
    ("ground", "frozen"),
    ("fire_capacity", 2),
    ("river_capacity", {"mud": 0}),
    ("road_capacity", {"minor": -1}),
]


@pytest.mark.parametrize(("name", "value"), RULE_CASES)
def test_rule_parameters_are_checked_like_a_scenario_files(name: str, value: object) -> None:
    """The set-up editor and the scenario file reader take the same values and refuse the same
    ones with the same reason (terrain cost 0, an unknown cost name, max_trace_cost -5…)."""
    scenario, gamemap = load_scenario(DEFAULT_SCENARIO)
    d = ScenarioDraft(scenario, gamemap)
    data = json.loads(json.dumps(scenario_to_dict(scenario)))
    data["rules"] = {**data["rules"], name: value}  # over the scenario's own rules (its ground)
    try:
        d.set_rule(name, value)
        edited: Rules | str = d.scenario.rules
    except ActionError as error:
        edited = str(error)
    try:
        read: Rules | str = scenario_from_dict(data)[0].rules
    except GameFileError as error:
        read = str(error)
    if isinstance(edited, str):
        assert isinstance(read, str) and read.endswith(edited)
    else:
        assert read == edited


def test_rules_the_editor_takes_are_the_rules_it_shows() -> None:
    d = draft()
    d.set_rule("max_trace_cost", 30)
    d.set_rule("zoc", False)
    d.set_rule("terrain_cost", {"woods": 4})
    rules = d.scenario.rules
    assert (rules.max_trace_cost, rules.zoc, rules.terrain_cost["woods"], rules.terrain_cost["open"]) == (
        30.0,
        False,
        4.0,
        2.0,
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("max_trace", 3, "unknown rule parameter 'max_trace'; known: max_trace_cost"),
        ("zoc", 1, "rule zoc must be true or false"),
        ("max_trace_cost", "far", "must be a number from 0 up"),
        ("max_trace_cost", -1, "must be a number from 0 up"),
        ("narrow_corridor_hexes", 2.5, "must be a whole number"),
        ("road_cost", {"motorway": 1}, "unknown name 'motorway'; names are highway, main"),
        ("terrain_cost", {"open": 0}, "terrain_cost.open must be a positive number"),
    ],
)
def test_a_bad_rule_parameter_is_refused_with_the_reason(name: str, value: object, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        checked_rule(Rules(), name, value)


# --- undo ---------------------------------------------------------------------------------------


def test_undo_and_redo_step_through_the_edits() -> None:
    d = draft()
    d.paint_control([Hex(0, 0)], "UA")
    d.place_unit(infantry("ua1", "UA", Hex(0, 0)))
    assert d.undo() == "place ua1 at 0101"
    assert d.scenario.units == () and d.scenario.control == {Hex(0, 0): "UA"}
    d.redo()
    assert [u.id for u in d.scenario.units] == ["ua1"]
    d.undo(), d.undo()
    assert d.scenario.control == {} and not d.can_undo()
    with pytest.raises(ActionError, match="nothing to undo"):
        d.undo()


def test_typing_in_one_field_undoes_as_one_edit() -> None:
    d = draft()
    for text in ("B", "Ba", "Bak"):
        d.set_text("title", text)
    d.set_rule("max_trace_cost", 20)
    d.undo()
    assert d.scenario.title == "Bak"
    d.undo()
    assert d.scenario.title == "New scenario"


# --- the finished scenario ----------------------------------------------------------------------


def test_to_scenario_needs_an_id_that_can_name_a_file_and_a_title() -> None:
    d = draft()
    d.set_text("id", "my scenario/1")
    with pytest.raises(ActionError, match="use letters, digits"):
        d.to_scenario()
    d.set_text("id", "mine-1")
    d.set_text("title", " ")
    with pytest.raises(ActionError, match="give the scenario a title"):
        d.to_scenario()


def test_a_drafted_scenario_round_trips_through_the_scenario_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    base, gamemap = load_scenario("bakhmut-2023-02")
    d = ScenarioDraft.blank(base, gamemap, "drafted")
    land = [h for h in sorted(gamemap) if gamemap.terrain(h).value != "water"]
    d.paint_control(land[:40], "UA")
    d.paint_control(land[-40:], "RU")
    d.place_unit(Unit("ua-1", "UA", UnitType.MECHANISED, land[3], Echelon.BRIGADE, "93rd", 3, 4, 2))
    d.place_unit(infantry("ru-1", "RU", land[-3]))
    d.add_source("UA", land[0])
    d.add_source("RU", land[-1])
    d.set_rule("river_crossing_cost", 6)
    d.set_first_side("RU")
    d.set_briefing("RU", "Take the town.")
    d.set_text("date", "2023-03-01")
    scenario = d.to_scenario()
    again, _ = scenario_from_dict(json.loads(json.dumps(scenario_to_dict(scenario))))
    assert again == scenario
    path = save_scenario(tmp_path / "drafted.json", scenario)
    assert load_scenario(str(path))[0] == scenario
    assert [p.name for p in tmp_path.iterdir()] == ["drafted.json"]  # no temporary file left behind
