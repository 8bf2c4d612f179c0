"""The setup editor, used as a facilitator would: paint control, place and move units, click
supply sources, change a rule, write briefings, save, and start the game."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from tests.ui.conftest import drag, hex_point
from wargame.core.actions import EVERYTHING, EndTurn
from wargame.core.files.scenario_file import load_scenario
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.model import Rules, Terrain, Unit, UnitType
from wargame.core.rules.analysis import analyse
from wargame.core.rules.results import Supply
from wargame.core.setup.scenario_draft import ScenarioDraft
from wargame.ui.setup.setup_editor import SetupWindow
from wargame.ui.window.main_window import MainWindow


def show(setup: SetupWindow | None, qtbot) -> SetupWindow:  # type: ignore[no-untyped-def]
    assert setup is not None
    setup.ask_to_discard = lambda: True  # type: ignore[method-assign]  # closing at teardown asks nothing
    qtbot.addWidget(setup)
    setup.show()
    qtbot.waitExposed(setup)
    return setup


@pytest.fixture
def editor(qtbot, settings: QSettings) -> SetupWindow:  # type: ignore[no-untyped-def]
    """The editor on its own, on a new, blank scenario on the Bakhmut map."""
    base, gamemap = load_scenario("bakhmut-2023-02")
    return show(SetupWindow(ScenarioDraft.blank(base, gamemap, "bakhmut-new"), settings), qtbot)


@pytest.fixture
def started(window: MainWindow, qtbot) -> SetupWindow:  # type: ignore[no-untyped-def]
    """The editor opened from the main window's File ▸ New scenario…, on the same map."""
    return show(window.features.setup.new_scenario("bakhmut"), qtbot)


def land_row(editor: SetupWindow, length: int) -> list[Hex]:
    """``length`` dry hexes in a row (east along axial q) near the map's centre."""
    gamemap = editor.draft.map
    for start in sorted(gamemap, key=lambda h: (h.distance(Hex(0, 0)), h)):
        row = [Hex(start.q + i, start.r) for i in range(length)]
        if all(h in gamemap and gamemap.terrain(h) is not Terrain.WATER for h in row):
            return row
    raise AssertionError("no dry row on the map")


def far_hex(editor: SetupWindow) -> Hex:
    """Dry land far from the map's centre (two units this far apart frame most of the map)."""
    gamemap = editor.draft.map
    return max(
        (h for h in gamemap if gamemap.terrain(h) is not Terrain.WATER),
        key=lambda h: (h.distance(Hex(0, 0)), h),
    )


def choose_side(editor: SetupWindow, side: str | None) -> None:
    editor.side.setCurrentIndex(editor.side.findData(side or "nobody"))


def drop_unit(editor: SetupWindow, side: str, unit_type: UnitType, h: Hex) -> None:
    """Drag a unit type from the palette and let go over ``h``."""
    palette = editor.unit_palette.lists[side]
    data: QMimeData = palette.mimeData([palette.item_for(unit_type)])
    point = QPointF(hex_point(editor, h))  # type: ignore[arg-type]
    actions, buttons = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    mods = Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(point.toPoint(), actions, data, buttons, mods),
        QDragMoveEvent(point.toPoint(), actions, data, buttons, mods),
        QDropEvent(point, actions, data, buttons, mods),
    ):
        QApplication.sendEvent(editor.view.viewport(), event)


def click(editor: SetupWindow, h: Hex) -> None:
    drag(editor.view.viewport(), [hex_point(editor, h)])  # type: ignore[arg-type]


def test_dragging_the_brush_paints_control_over_the_hexes_around_the_stroke(editor: SetupWindow) -> None:
    row = land_row(editor, 4)
    editor.view.centre_on_hexes(row)
    choose_side(editor, "RU")
    editor.brush.setValue(1)
    editor.tool_actions["seize"].trigger()
    drag(editor.view.viewport(), [hex_point(editor, h) for h in row])  # type: ignore[arg-type]
    painted = {h for h, side in editor.draft.scenario.control.items() if side == "RU"}
    expected = {n for h in row for n in editor.draft.map.hexes_within(h, 1)}
    assert painted == expected and len(painted) > len(row)
    choose_side(editor, None)
    editor.brush.setValue(0)
    drag(editor.view.viewport(), [hex_point(editor, row[0])])  # type: ignore[arg-type]
    assert row[0] not in editor.draft.scenario.control
    editor.undo_action.trigger()
    assert editor.draft.scenario.control[row[0]] == "RU"


def test_a_unit_dropped_from_the_palette_is_placed_edited_in_the_form_and_dragged(
    editor: SetupWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    row = land_row(editor, 3)
    editor.view.centre_on_hexes(row)
    drop_unit(editor, "RU", UnitType.ARMOUR, row[0])
    (unit,) = editor.draft.scenario.units
    assert (unit.side, unit.type, unit.hex) == ("RU", UnitType.ARMOUR, row[0])
    assert editor.unit_form.unit == unit  # the new unit is selected for editing
    editor.unit_form.name_edit.clear()
    qtbot.keyClicks(editor.unit_form.name_edit, "4th Tank")
    editor.unit_form.strength.setValue(3)
    qtbot.mouseClick(editor.unit_form.apply_button, Qt.MouseButton.LeftButton)
    edited = editor.draft.unit(unit.id)
    assert (edited.name, edited.strength) == ("4th Tank", 3)
    editor.unit_form.side.setCurrentIndex(editor.unit_form.side.findData("UA"))
    qtbot.mouseClick(editor.unit_form.apply_button, Qt.MouseButton.LeftButton)
    assert editor.draft.unit(unit.id).side == "UA"
    assert editor.scene.counters[unit.id].colour == editor.scene.colours["UA"]  # drawn in its new colour
    editor.undo_action.trigger()
    assert editor.scene.counters[unit.id].colour == editor.scene.colours["RU"]  # and back again
    editor.tool_actions["select"].trigger()
    counter = editor.scene.counters[unit.id]
    start = editor.view.mapFromScene(counter.pos())
    end = hex_point(editor, row[2])  # type: ignore[arg-type]
    drag(editor.view.viewport(), [start, (start + end) / 2, end])
    assert editor.draft.unit(unit.id).hex == row[2]
    assert editor.scene.hex_at(counter.pos()) == row[2]


def test_a_unit_dropped_on_water_or_on_an_enemy_is_refused_with_the_reason(editor: SetupWindow) -> None:
    gamemap = editor.draft.map
    water = min(
        (h for h in gamemap if gamemap.terrain(h) is Terrain.WATER), key=lambda h: h.distance(Hex(0, 0))
    )
    row = land_row(editor, 1)
    editor.view.centre_on_hexes([water, *row])
    drop_unit(editor, "UA", UnitType.INFANTRY, water)
    assert editor.draft.scenario.units == ()
    assert "water" in editor.statusBar().currentMessage()
    drop_unit(editor, "UA", UnitType.INFANTRY, row[0])
    drop_unit(editor, "RU", UnitType.INFANTRY, row[0])
    assert [u.side for u in editor.draft.scenario.units] == ["UA"]
    assert "enemy" in editor.statusBar().currentMessage()
    drop_unit(editor, "UA", UnitType.HQ, row[0])
    first = editor.draft.scenario.units[0].id
    editor.select_unit(first)
    editor.unit_form.side.setCurrentIndex(editor.unit_form.side.findData("RU"))
    editor.unit_form.apply_button.click()  # the other UA unit would be an enemy in its hex
    assert editor.draft.unit(first).side == "UA" and "enemy" in editor.statusBar().currentMessage()
    assert editor.scene.counters[first].colour == editor.scene.colours["UA"]  # the counter is still there


def test_clicking_in_sources_mode_adds_a_flagged_source_and_a_second_click_removes_it(
    editor: SetupWindow,
) -> None:
    row = land_row(editor, 2)
    editor.view.centre_on_hexes(row)
    editor.tool_actions["sources"].trigger()
    choose_side(editor, "UA")
    click(editor, row[0])
    choose_side(editor, "RU")
    click(editor, row[1])
    assert editor.draft.scenario.supply_sources == {"UA": (row[0],), "RU": (row[1],)}
    assert editor.sources.sources == {"UA": (row[0],), "RU": (row[1],)} and editor.sources.isVisible()
    click(editor, row[1])
    assert editor.draft.scenario.supply_sources == {"UA": (row[0],)}
    choose_side(editor, None)
    click(editor, row[1])
    assert "choose a side" in editor.statusBar().currentMessage()


def test_the_rules_form_sets_a_parameter_and_a_cost_and_the_scenario_form_a_turn_length(
    editor: SetupWindow,
) -> None:
    editor.rules_form.fields["max_trace_cost"].setValue(25)
    editor.rules_form.fields["zoc"].setChecked(False)
    editor.rules_form.tables["terrain_cost"]["woods"].setValue(5)
    editor.scenario_form.turn_length.setValue(0.5)
    scenario = editor.draft.scenario
    assert scenario.rules.max_trace_cost == 25 and scenario.rules.zoc is False
    assert scenario.rules.terrain_cost == {"open": 2.0, "urban": 2.0, "woods": 5.0, "high": 3.0}
    assert scenario.turn_length_days == 0.5
    editor.rules_form.findChild(QPushButton, "rules-defaults").click()
    assert editor.draft.scenario.rules == Rules() and editor.rules_form.fields["zoc"].isChecked()
    editor.undo_action.trigger()  # the defaults, as one edit
    assert editor.draft.scenario.rules.max_trace_cost == 25
    editor.undo_action.trigger()  # the turn length
    editor.undo_action.trigger()  # the woods cost
    assert editor.rules_form.tables["terrain_cost"]["woods"].value() == 3.0  # the form follows undo


def test_a_set_up_scenario_saves_to_a_file_that_loads_as_the_same_scenario(
    editor: SetupWindow, qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    row = land_row(editor, 4)
    editor.view.centre_on_hexes(row)
    editor.tool_actions["seize"].trigger()
    choose_side(editor, "UA")
    drag(editor.view.viewport(), [hex_point(editor, h) for h in row[:2]])  # type: ignore[arg-type]
    drop_unit(editor, "UA", UnitType.INFANTRY, row[0])
    editor.tool_actions["sources"].trigger()
    click(editor, row[1])
    editor.rules_form.fields["river_crossing_cost"].setValue(6)
    title = editor.scenario_form.texts["title"]
    title.clear()
    qtbot.keyClicks(title, "Bakhmut, March")
    qtbot.keyClicks(editor.briefings_form.boxes["RU"], "Close the ring.")
    folder = tmp_path / "scenarios"
    folder.mkdir()
    target = folder / "march.json"
    asked = {}

    def save_dialog(parent, caption, suggested, filters):  # type: ignore[no-untyped-def]
        asked["suggested"] = suggested
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    editor.save_action.trigger()
    assert asked["suggested"].endswith("maps/bakhmut/scenarios/bakhmut-new.json")
    loaded, _ = load_scenario(str(target))
    assert loaded == editor.draft.scenario
    assert (loaded.title, loaded.briefings, loaded.rules.river_crossing_cost) == (
        "Bakhmut, March",
        {"RU": "Close the ring."},
        6.0,
    )
    assert loaded.control == {row[0]: "UA", row[1]: "UA"}
    assert [(u.side, u.hex) for u in loaded.units] == [("UA", row[0])]
    assert loaded.supply_sources == {"UA": (row[1],)}
    assert [p.name for p in folder.iterdir()] == ["march.json"]  # no temporary file left behind
    assert editor.default_folder() == folder  # the next save offers the folder chosen


def test_a_scenario_without_an_id_is_not_saved_and_the_reason_is_shown(
    editor: SetupWindow, monkeypatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: pytest.fail("no file dialog expected"))
    editor.scenario_form.texts["id"].setText("")
    editor.scenario_form.texts["id"].textEdited.emit("")
    editor.save_action.trigger()
    assert "scenario id" in editor.statusBar().currentMessage()


def test_start_game_opens_turn_1_of_the_edited_scenario_in_the_main_window(
    window: MainWindow, started: SetupWindow
) -> None:
    editor = started
    row = land_row(editor, 2)
    editor.view.centre_on_hexes(row)
    drop_unit(editor, "RU", UnitType.RECON, row[0])
    editor.draft.place_unit(Unit("far", "RU", UnitType.HQ, far_hex(editor)))  # frames the map wide
    editor.scenario_form.first_side.setCurrentIndex(editor.scenario_form.first_side.findData("RU"))
    editor.start_action.trigger()
    game = window.controller.game
    assert game.scenario == editor.draft.scenario
    assert len(game) == 0  # set-up is not part of the game's log: the scenario is its start
    assert (game.state.turn, game.state.side_to_move) == (1, "RU")
    assert game.state.units[editor.draft.scenario.units[0].id].hex == row[0]
    assert set(window.scene.counters) == {u.id for u in editor.draft.scenario.units}
    assert not editor.isVisible() and window.controller.document.path is None
    assert editor.parent() is None and not window.findChildren(SetupWindow)  # its keys are its own


def test_start_game_asks_before_replacing_a_game_in_progress(
    window: MainWindow, started: SetupWindow, answers
) -> None:  # type: ignore[no-untyped-def]
    editor = started
    window.controller.push(EndTurn())
    playing = window.controller.game
    answers.replies.append("Cancel")
    editor.start_action.trigger()
    assert answers.asked[-1][2] == ("Save", "Discard", "Cancel")
    assert window.controller.game is playing and editor.isVisible()
    answers.replies.append("Discard")
    editor.start_action.trigger()
    assert window.controller.game is not playing and not editor.isVisible()


def test_edit_scenario_setup_starts_from_the_open_games_scenario(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    hook = window.features.setup
    file_menu = window.menuBar().actions()[0].menu()
    assert [a.text() for a in file_menu.actions()[:2]] == ["&New scenario…", "&Edit scenario setup…"]
    hook.edit_action.trigger()
    setup = hook.editor
    assert setup is not None
    setup.ask_to_discard = lambda: True  # type: ignore[method-assign]  # closing at teardown asks nothing
    qtbot.addWidget(setup)
    scenario = window.controller.game.scenario
    assert setup.draft.scenario == replace(scenario, id=f"{scenario.id}-variant")  # never overwrites it
    assert set(setup.scene.counters) == set(window.controller.state.units)
    assert setup.scenario_form.texts["title"].text() == window.controller.game.scenario.title


def test_hovering_a_hex_tells_its_owner_and_sources(editor: SetupWindow) -> None:
    row = land_row(editor, 1)
    editor.draft.add_source("UA", row[0])
    editor.view.centre_on_hexes(row)
    editor.view.show_hover(row[0])
    text = editor.hex_label.text()
    assert (
        editor.draft.map.describe(row[0]) in text and "UA supply source" in text and "held by nobody" in text
    )


def test_preview_supply_traces_the_set_up_as_turn_1_would(editor: SetupWindow) -> None:
    row = land_row(editor, 3)
    editor.draft.paint_control(row, "UA")
    editor.draft.add_source("UA", row[0])
    editor.draft.place_unit(Unit("near", "UA", UnitType.INFANTRY, row[1]))
    editor.draft.place_unit(Unit("cut-off", "RU", UnitType.INFANTRY, far_hex(editor)))
    editor.supply_action.trigger()
    counters = editor.scene.counters
    assert counters["near"].supply is not None and counters["near"].supply.supply is Supply.SUPPLIED
    assert counters["cut-off"].supply is not None and counters["cut-off"].supply.supply is Supply.ENCIRCLED
    # RU has no supply source: the preview says so, as the reason its unit is encircled.
    assert editor.supply_label.text() == (
        "UA: 1 supplied   RU: 1 encircled — RU has no supply source, so every unit is encircled"
        " (add one: Supply sources)"
    )
    turn_1 = analyse(Game(editor.draft.scenario, editor.draft.map).state)  # as the game starts
    for unit_id, side in (("near", "UA"), ("cut-off", "RU")):
        shown, played = counters[unit_id].supply, turn_1.sides[side].units[unit_id]
        # The traced supply (the official status is fixed only once a game starts).
        assert shown is not None and (shown.supply, shown.cost, shown.path) == (
            played.supply,
            played.cost,
            played.path,
        )
    editor.supply_action.trigger()
    assert counters["near"].supply is None and editor.supply_label.text() == ""
    editor.supply_action.trigger()  # on again: the same set-up, the same count
    # RU has no supply source: the preview says so, as the reason its unit is encircled.
    assert editor.supply_label.text() == (
        "UA: 1 supplied   RU: 1 encircled — RU has no supply source, so every unit is encircled"
        " (add one: Supply sources)"
    )
    analysis = editor.scene.analysis
    editor.edit_scenario("title", "Supply check")
    assert editor.scene.analysis is analysis  # a new title traces nothing again
    editor.draft.remove_unit("near")
    editor.show_draft(EVERYTHING)
    assert editor.supply_label.text().startswith("UA: no units   RU: 1 encircled — RU has no supply source")


def test_typing_digits_in_the_forms_does_not_switch_tools(editor: SetupWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor.tool_actions["seize"].trigger()
    date = editor.scenario_form.texts["date"]
    date.setFocus()
    qtbot.keyClicks(date, "2023-03-01")
    assert editor.draft.scenario.date == "2023-03-01" and editor.view.mode == "seize"


def test_escape_goes_back_to_moving_counters(editor: SetupWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor.tool_actions["sources"].trigger()
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Escape)
    assert editor.view.mode == "select" and editor.tool_actions["select"].isChecked()


def test_a_new_scenario_on_another_map_takes_that_maps_sides_and_starts_there(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    setup = show(window.features.setup.new_scenario("stalingrad"), qtbot)
    scenario = setup.draft.scenario
    assert (scenario.map_name, scenario.side_ids, scenario.units, scenario.control) == (
        "stalingrad",
        ("DE", "SU"),
        (),
        {},
    )
    assert set(setup.unit_palette.lists) == {"DE", "SU"}
    setup.start_action.trigger()
    assert window.controller.game.map.name == "stalingrad"
    assert set(window.unit_palette.lists) == {"DE", "SU"}  # the main window rebuilt for the new map


def test_the_hex_menu_gives_ground_sets_sources_and_removes_units(editor: SetupWindow) -> None:
    row = land_row(editor, 1)
    h = row[0]
    editor.draft.place_unit(Unit("ua1", "UA", UnitType.INFANTRY, h))

    def choose(text: str, menu=None) -> None:  # type: ignore[no-untyped-def]
        menu = menu or editor.hex_menu(h)
        for action in menu.actions():
            if action.text() == text:
                action.trigger()
                return
            if action.menu() is not None and action.text() == text.split(" ▸ ")[0]:
                choose(text.split(" ▸ ")[1], action.menu())
                return
        raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")

    choose("Give to Ukraine")
    choose("Make supply source of Russia")
    assert editor.draft.scenario.control == {h: "UA"} and editor.draft.sources_of("RU") == (h,)
    choose("Give to Russia")  # an enemy unit stands there
    assert editor.draft.scenario.control == {h: "UA"} and "enemy" in editor.statusBar().currentMessage()
    choose("Unit ua1 ▸ Remove")
    choose("Remove supply source of Russia")
    assert editor.draft.scenario.units == () and editor.draft.sources_of("RU") == ()


def test_closing_with_unsaved_edits_asks_first(editor: SetupWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    asked = []
    editor.ask_to_discard = lambda: asked.append(True) or False  # type: ignore[method-assign]
    editor.close()
    assert not editor.isVisible() and asked == []  # nothing edited yet: nothing to lose
    editor.show()
    editor.draft.set_briefing("UA", "Hold.")
    editor.close()
    assert editor.isVisible() and asked == [True]
    editor.save_to(tmp_path / "held.json")
    editor.close()
    assert not editor.isVisible() and asked == [True]


def test_the_rest_of_the_map_is_given_to_a_side_from_the_edit_menu(editor: SetupWindow) -> None:
    row = land_row(editor, 2)
    editor.draft.paint_control(row, "RU")
    editor.fill_actions["UA"].trigger()
    control = editor.draft.scenario.control
    assert len(control) == len(editor.draft.map) and {control[h] for h in row} == {"RU"}
    assert sum(side == "UA" for side in control.values()) == len(editor.draft.map) - 2
