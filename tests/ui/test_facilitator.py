"""Facilitator tools: an override with its reason, the dice log, adjudication notes, the phase."""

from __future__ import annotations

import random

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QDialogButtonBox

from wargame.core.actions import EndTurn, RollDice
from wargame.core.files.document import Document
from wargame.core.files.gamefile import load_game, save_game
from wargame.core.reports.aar import aar_markdown, review
from wargame.core.rules.overrides import OVERRIDE
from wargame.core.rules.results import Supply
from wargame.ui.features.facilitator import DiceDialog, OverrideDialog, RuledMark
from wargame.ui.window.main_window import MainWindow


def _override_encircled(window: MainWindow, unit_id: str, reason: str) -> None:
    hook = window.features.facilitator
    window.scene.select_units([unit_id])
    dialog = hook.override_dialog()
    assert dialog.subject.currentData() == (window.controller.state.units[unit_id].side, "unit", unit_id)
    dialog.status.setCurrentIndex(dialog.status.findData("encircled"))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no reason, no override
    dialog.reason.setText(reason)
    assert ok.isEnabled()
    assert window.controller.push(dialog.action())


def _supplied_unit(window: MainWindow) -> str:
    analysis = window.controller.analysis
    assert analysis is not None
    return next(uid for uid, u in sorted(analysis.sides["UA"].units.items()) if u.supply is Supply.SUPPLIED)


def test_an_override_is_shown_beside_the_computed_status(window: MainWindow) -> None:
    unit_id = _supplied_unit(window)
    _override_encircled(window, unit_id, "bridge at Khromove blown")
    supply = window.controller.analysis.sides["UA"].units[unit_id]  # type: ignore[union-attr]
    assert supply.supply is Supply.SUPPLIED and supply.effective is Supply.ENCIRCLED
    marks = [c for c in window.scene.counters[unit_id].childItems() if isinstance(c, RuledMark)]
    assert len(marks) == 1
    assert "computed: supplied" in marks[0].toolTip() and "bridge at Khromove blown" in marks[0].toolTip()
    overrides = [w for w in window.warnings.warnings_shown() if w.code == OVERRIDE]
    assert overrides and "bridge at Khromove blown" in overrides[0].message
    assert "bridge at Khromove blown" in window.log.lines()[-1]


def test_an_override_and_its_reason_survive_save_and_load(window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    unit_id = _supplied_unit(window)
    _override_encircled(window, unit_id, "cut off by the flood")
    path = tmp_path / "game.wargame.json"
    save_game(path, window.controller.game)
    loaded = load_game(path)
    ruling = loaded.state.override_for("UA", "unit", unit_id)
    assert ruling is not None and ruling.status == "encircled" and ruling.reason == "cut off by the flood"
    window.open_document(Document(loaded))
    assert any(isinstance(c, RuledMark) for c in window.scene.counters[unit_id].childItems())


def test_the_override_is_listed_in_the_after_action_review(window: MainWindow) -> None:
    unit_id = _supplied_unit(window)
    _override_encircled(window, unit_id, "ruled by the umpire")
    window.controller.push(EndTurn())
    game = window.controller.game
    assert "ruled by the umpire" in aar_markdown(game, review(game))


def test_withdrawing_an_override_removes_the_mark(window: MainWindow) -> None:
    unit_id = _supplied_unit(window)
    _override_encircled(window, unit_id, "first ruling")
    dialog = OverrideDialog(window.controller.state, window.controller.analysis, unit_id)
    dialog.status.setCurrentIndex(dialog.status.count() - 1)
    assert dialog.status.currentData() is None  # "withdraw the override"
    dialog.reason.setText("bridge repaired")
    assert window.controller.push(dialog.action())
    assert not any(isinstance(c, RuledMark) for c in window.scene.counters[unit_id].childItems())


def test_a_dice_roll_is_logged_with_its_results_and_replays_the_same(window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    hook = window.features.facilitator
    hook.rng = random.Random(7)
    dialog = DiceDialog()
    dialog.purpose.setText("assault on Bakhmut")
    assert hook.roll(dialog)
    roll = window.controller.game.actions[-1]
    assert isinstance(roll, RollDice) and roll.dice == 2 and roll.sides == 6
    expected = random.Random(7)
    assert roll.results == (expected.randint(1, 6), expected.randint(1, 6))
    assert "2d6 for assault on Bakhmut" in window.log.lines()[-1]
    assert str(sum(roll.results)) in window.statusBar().currentMessage()
    path = tmp_path / "dice.wargame.json"
    save_game(path, window.controller.game)
    assert load_game(path).actions[-1] == roll


def test_an_adjudication_note_is_kept_about_the_selected_units(window: MainWindow) -> None:
    hook = window.features.facilitator
    unit = window.controller.state.units_of("UA")[0]
    window.scene.select_units([unit.id])
    assert hook.adjudicate("assault repulsed, attacker loses a step")
    note = window.controller.state.notes[-1]
    assert note.kind == "adjudication" and note.hexes == (unit.hex,)
    assert window.log.lines()[-1].endswith("adjudication: assault repulsed, attacker loses a step")


def test_the_turn_bar_shows_the_phase(window: MainWindow) -> None:
    label = window.features.facilitator.phase_label
    assert "<u>Ukraine move</u>" in label.text() and "adjudication" in label.text()
    window.controller.push(EndTurn())
    assert "<u>Russia move</u>" in label.text()
    turn = window.controller.state.turn
    window.controller.push(EndTurn())
    assert f"<u>adjudication of turn {turn}</u>" in label.text()
    assert window.features.facilitator.adjudicate("the bridge holds")
    assert f"<u>adjudication of turn {turn}</u>" in label.text()


def test_in_presentation_mode_the_roll_is_shown_to_the_room(window: MainWindow) -> None:
    hook = window.features.facilitator
    hook.rng = random.Random(3)
    window.features.presentation.set_presenting(True)
    dialog = DiceDialog()
    dialog.count.setValue(1)
    dialog.sides.setValue(20)
    assert hook.roll(dialog)
    roll = window.controller.game.actions[-1]
    assert isinstance(roll, RollDice)
    assert f"1d20: {roll.results[0]}" in window.features.presentation.top_warnings.text()


def test_a_counters_menu_opens_the_override_on_that_unit(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[object] = []
    monkeypatch.setattr(
        OverrideDialog, "exec", lambda dialog: opened.append(dialog.subject.currentData()) or 0
    )
    unit = window.controller.state.units_of("UA")[0]
    menu = window.tools.hex_menu(unit.hex, QPointF())
    sub = next(a.menu() for a in menu.actions() if a.text() == f"Unit {unit.label}")
    next(a for a in sub.actions() if a.text() == "Override supply…").trigger()
    assert opened == [("UA", "unit", unit.id)]


def test_the_unit_menu_sets_a_supply_priority_shown_on_the_counter(window: MainWindow) -> None:
    unit = window.controller.state.units_of("UA")[0]
    menu = window.tools.hex_menu(unit.hex, QPointF())
    sub = next(a.menu() for a in menu.actions() if a.text() == f"Unit {unit.label}")
    priority = next(a.menu() for a in sub.actions() if a.text() == "Supply priority")
    next(a for a in priority.actions() if a.text() == "high").trigger()
    assert window.controller.state.supply_priority == {unit.id: "high"}
    counter = window.scene.counters[unit.id]
    assert "supply priority high" in counter.toolTip()


def test_a_sides_view_menu_names_no_hidden_enemy(window: MainWindow) -> None:
    views = window.features.side_views
    views.switch("RU")
    views.curtain.lift()
    hidden = next(u for u in window.controller.state.units_of("UA") if u.id not in views.visible)
    texts = [a.text() for a in window.tools.hex_menu(hidden.hex, QPointF()).actions()]
    assert not any(hidden.label in t for t in texts)


def test_a_ruled_route_shows_the_ruling_and_the_computed_status(window: MainWindow) -> None:
    from wargame.core.actions import OverrideStatus

    assert "O0506</b> open" in window.warnings.routes.text()
    window.controller.push(OverrideStatus("UA", "route", "O0506", "cut", "bridge over the canal blown"))
    text = window.warnings.routes.text()
    assert "O0506</b> cut — ruled (computed: open)" in text
    window.controller.undo()
    assert "ruled" not in window.warnings.routes.text()


def test_a_sides_view_menu_offers_no_why_or_ruling_on_an_enemy_in_sight(window: MainWindow) -> None:
    views = window.features.side_views
    views.switch("RU")
    views.curtain.lift()
    seen = next(u for u in window.controller.state.units_of("UA") if u.id in views.visible)
    menu = window.tools.hex_menu(seen.hex, QPointF())
    texts = [a.text() for a in menu.actions()]
    assert any(seen.label in t for t in texts)  # the counter itself is in sight
    assert not any(t.startswith("Why") for t in texts)
    unit_menu = next(a.menu() for a in menu.actions() if a.text() == f"Unit {seen.label}")
    assert "Override supply…" not in [a.text() for a in unit_menu.actions()]
    own = window.controller.state.units_of("RU")[0]
    assert any(
        t.startswith("Why") for t in (a.text() for a in window.tools.hex_menu(own.hex, QPointF()).actions())
    )
