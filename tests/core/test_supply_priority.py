"""Supply priority: a logged action; high priority is filled first, fair shares within."""

from __future__ import annotations

import pytest

from wargame.core.actions import EndTurn, SetSupplyPriority, action_from_dict
from wargame.core.errors import ActionError
from wargame.core.game import Game
from wargame.core.grid.hexgrid import from_offset
from wargame.core.map.sketch import make_map, make_scenario
from wargame.core.model import Echelon, Rules, Unit, UnitType
from wargame.core.reports.report import report_text
from wargame.core.rules.analysis import analyse
from wargame.core.rules.explain import explain

ROW = make_map("= . . .")


def game() -> Game:
    # docs/rules.md, worked example "priority": two battalions behind one dry open link (1 SP).
    units = [
        Unit("near", "UA", UnitType.INFANTRY, from_offset(2, 0), Echelon.BATTALION),
        Unit("far", "UA", UnitType.INFANTRY, from_offset(3, 0), Echelon.BATTALION),
    ]
    rules = Rules(last_mile_hexes=0)
    scenario = make_scenario(ROW, units, sources={"UA": [from_offset(0, 0)]}, rules=rules)
    return Game(scenario, ROW)


def supply(g: Game) -> dict[str, tuple[str, float]]:
    units = analyse(g.state).sides["UA"].units
    return {uid: (u.supply.value, u.delivered_sp) for uid, u in units.items()}


def test_high_priority_is_filled_first_and_normal_shares_the_rest():
    g = game()
    assert supply(g) == {"far": ("limited", 0.5), "near": ("limited", 0.5)}
    g.push(SetSupplyPriority("UA", ("far",), "high"))
    assert supply(g) == {"far": ("supplied", 1.0), "near": ("out_of_supply", 0.0)}
    g.push(SetSupplyPriority("UA", ("near",), "high"))  # both high: fair shares again
    assert supply(g) == {"far": ("limited", 0.5), "near": ("limited", 0.5)}
    g.push(SetSupplyPriority("UA", ("far", "near"), "normal"))
    assert not g.state.supply_priority


def test_priority_is_shown_in_the_report_in_why_and_round_trips_through_json():
    g = game()
    action = SetSupplyPriority("UA", ("near",), "low")
    assert action_from_dict(action.to_dict()) == action
    g.push(action)
    analysis = analyse(g.state)
    assert analysis.to_dict()["sides"]["UA"]["units"]["near"]["supply_priority"] == "low"
    assert "supply priority low" in report_text(g.state, analysis)
    assert any("Supply priority low" in line for line in explain(g.state, "near").lines())
    assert g.describe(len(g) - 1) == "UA: supply priority low for near"
    assert action.pointless(g.state) == "the supply priority is already low"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (SetSupplyPriority("UA", ("near",), "urgent"), "one of high, normal, low"),
        (SetSupplyPriority("UA", (), "high"), "at least one unit"),
        (SetSupplyPriority("UA", ("nobody",), "high"), "no unit"),
        (SetSupplyPriority("RU", ("near",), "high"), "not a unit of RU"),
    ],
)
def test_a_wrong_priority_is_refused_with_a_reason(action, message):
    with pytest.raises(ActionError, match=message):
        game().push(action)


def test_a_side_sets_its_own_units_priority_in_its_turn_the_facilitator_at_any_time():
    g = game()  # UA to move
    with pytest.raises(ActionError, match="its own units"):
        g.push(SetSupplyPriority("UA", ("far",), "high"), "RU")
    g.push(SetSupplyPriority("UA", ("far",), "high"), "UA")
    g.push(EndTurn())
    with pytest.raises(ActionError, match="turn"):
        g.push(SetSupplyPriority("UA", ("far",), "low"), "UA")
    g.push(SetSupplyPriority("UA", ("far",), "low"), "facilitator")
    assert g.state.supply_priority == {"far": "low"}


def test_a_side_sees_its_own_supply_priorities_not_the_enemys():
    from wargame.core.view.side_view import side_view

    units = [
        Unit("ua", "UA", UnitType.INFANTRY, from_offset(2, 0), Echelon.BATTALION),
        Unit("ru", "RU", UnitType.INFANTRY, from_offset(3, 0), Echelon.BATTALION),
    ]
    scenario = make_scenario(ROW, units, sources={"UA": [from_offset(0, 0)], "RU": [from_offset(3, 0)]})
    state = Game(scenario, ROW).state.evolve(supply_priority={"ua": "high", "ru": "low"})
    assert side_view(state, None, "UA").situation.supply_priority == {"ua": "high"}
    assert side_view(state, None, None).situation.supply_priority == {"ua": "high", "ru": "low"}
