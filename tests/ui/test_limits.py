"""Limits declared once in the core: every widget that asks for a limited number offers what
the rules accept, no more and no less."""

from __future__ import annotations

import pytest

from wargame.core.actions import RollDice
from wargame.core.errors import ActionError
from wargame.core.files.loading import open_source
from wargame.core.limits import DICE, DIE_SIDES, FIRST_TURN, REACH, STRENGTH, TURN_LENGTH_DAYS
from wargame.ui.features.facilitator import DiceDialog
from wargame.ui.panels.palette import UnitPalette
from wargame.ui.setup.setup_panels import ScenarioForm, UnitForm


def test_widgets_offer_the_ranges_the_rules_accept(qtbot) -> None:  # type: ignore[no-untyped-def]
    game = open_source(None)
    dice = DiceDialog()
    units = UnitForm(game.scenario.sides)
    form = ScenarioForm(game.scenario)
    palette = UnitPalette(game.scenario.sides)
    for widget in (dice, units, form, palette):
        qtbot.addWidget(widget)
    assert (dice.count.minimum(), dice.count.maximum()) == (DICE.low, DICE.high)
    assert (dice.sides.minimum(), dice.sides.maximum()) == (DIE_SIDES.low, DIE_SIDES.high)
    assert (units.max_strength.minimum(), units.max_strength.maximum()) == (STRENGTH.low, STRENGTH.high)
    assert (units.reach.minimum() + 1, units.reach.maximum()) == (REACH.low, REACH.high)  # -1: the type's own
    assert palette.strength.maximum() == STRENGTH.high
    assert form.turn_length.maximum() == TURN_LENGTH_DAYS.high
    assert (form.first_turn.minimum(), form.first_turn.maximum()) == (FIRST_TURN.low, FIRST_TURN.high)
    state = game.state
    RollDice(DICE.high, DIE_SIDES.high, (1,) * DICE.high).validate(state)  # the most a box offers is accepted
    with pytest.raises(ActionError, match=f"between {DICE.low} and {DICE.high} dice"):
        RollDice(DICE.high + 1, 6, (1,) * (DICE.high + 1)).validate(state)
