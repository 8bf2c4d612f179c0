"""Side views keep hidden information hidden: behind the curtain no key acts, Why explains only
own units, and the briefing shows only the viewing side's tab."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from wargame.core.actions import Note
from wargame.ui.window.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier

# The window-wide keys a player might press at the blank screen.
KEYS_BEHIND_THE_CURTAIN = (
    (Qt.Key.Key_Z, CTRL),  # undo
    (Qt.Key.Key_Z, CTRL | SHIFT),  # redo
    (Qt.Key.Key_Return, CTRL),  # end turn
    (Qt.Key.Key_2, NONE),  # a tool
    (Qt.Key.Key_Y, NONE),  # Why
    (Qt.Key.Key_Tab, NONE),  # next unit
    (Qt.Key.Key_G, CTRL),  # Go to hex
    (Qt.Key.Key_G, NONE),  # a map layer
    (Qt.Key.Key_0, CTRL),  # another view
)


def _side_view_key(window: MainWindow, side: str | None) -> Qt.Key:
    """The Ctrl+digit of View ▸ Side view ▸ ``side``."""
    ids = [None, *(s.id for s in window.controller.game.scenario.sides)]
    return Qt.Key(Qt.Key.Key_0.value + ids.index(side))


def _press(widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    """A key pressed by a player: it goes to the widget with the keyboard focus."""
    QtBot.keyClick(QApplication.focusWidget() or widget, key, modifiers)


def _switch_by_keys(window: MainWindow, side: str | None) -> None:
    views = window.features.side_views
    _press(window.view, _side_view_key(window, side), CTRL)
    assert views.curtain_down and views.side == side
    _press(views.curtain, Qt.Key.Key_Space)
    assert not views.curtain_down


def test_behind_the_curtain_only_the_lift_key_acts(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitActive(window)
    views = window.features.side_views
    controller = window.controller
    for text in ("first", "second"):
        controller.push(Note(text))
    controller.undo()  # something to undo and something to redo
    own = controller.state.units_of("UA")[0].id
    window.scene.select_units([own])
    window.view.setFocus()
    _press(window.view, _side_view_key(window, "UA"), CTRL)
    assert views.curtain_down and QApplication.focusWidget() is views.curtain
    state, length, mode = controller.state, len(controller.game), window.mode_actions["select"]
    assert mode.isChecked()
    for key, modifiers in KEYS_BEHIND_THE_CURTAIN:
        _press(views.curtain, key, modifiers)
        assert views.curtain_down, f"{key} {modifiers} lifted the curtain"
        assert QApplication.focusWidget() is views.curtain, f"{key} {modifiers} took the keyboard"
    assert controller.state is state and len(controller.game) == length and controller.game.can_redo()
    assert mode.isChecked() and views.side == "UA"
    assert window.features.why.unit_id is None and not window.features.why.overlay.isVisible()
    assert [i.unit_id for i in window.scene.selectedItems()] == [own]  # Tab picked no other unit
    assert not window.undo_action.isEnabled()
    _press(views.curtain, Qt.Key.Key_Space)  # the curtain's own key
    assert not views.curtain_down and window.undo_action.isEnabled() and window.redo_action.isEnabled()
    _press(window.view, Qt.Key.Key_Z, CTRL)
    assert controller.state is not state and not controller.game.can_undo()  # the keys work again


def test_a_side_view_explains_no_enemy_unit(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    views, why = window.features.side_views, window.features.why
    state = window.controller.state
    _switch_by_keys(window, "RU")
    in_sight = [uid for uid in views.visible if state.units[uid].side == "UA"]
    out_of_sight = [u.id for u in state.units_of("UA") if u.id not in views.visible]
    assert in_sight and out_of_sight
    enemy = state.units[in_sight[0]]
    menu = window.tools.hex_menu(enemy.hex, window.scene.geometry.centre(enemy.hex))
    assert not [a for a in menu.actions() if a.text().startswith("Why")]  # not offered on an enemy
    assert not why.explain_unit(enemy.id)  # e.g. the Y key with the enemy still selected
    assert why.explanation is None and not why.overlay.isVisible() and why.panel.text.toPlainText() == ""
    refusal = window.statusBar().currentMessage()
    assert "only Russia's own units" in refusal
    assert not why.explain_unit(out_of_sight[0])  # e.g. asked from an old menu
    assert window.statusBar().currentMessage() == refusal  # the same words: nothing told
    assert why.explanation is None and not why.overlay.isVisible()
    own = state.units_of("RU")[0]
    window.scene.select_units([own.id])
    window.view.setFocus()
    _press(window.view, Qt.Key.Key_Y)
    assert why.unit_id == own.id and why.overlay.isVisible()  # own units are explained


def test_switching_to_a_side_clears_an_enemy_units_explanation(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    why = window.features.why
    ua = window.controller.state.units_of("UA")[0].id
    window.scene.select_units([ua])
    window.view.setFocus()
    _press(window.view, Qt.Key.Key_Y)
    assert why.unit_id == ua and why.overlay.isVisible() and why.panel.text.toPlainText()
    _press(window.view, _side_view_key(window, "RU"), CTRL)
    assert why.unit_id is None and not why.overlay.isVisible()
    assert why.panel.text.toPlainText() == "" and ua not in why.panel.title.text()
    window.features.side_views.curtain.lift()
    assert why.explanation is None and not why.overlay.isVisible()


def test_the_briefing_shows_only_the_viewing_sides_tab(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    hook = window.features.briefing
    hook.brief_if_new()
    scenario = window.controller.game.scenario
    ua_orders, ru_orders = scenario.briefings["UA"][:60], scenario.briefings["RU"][:60]
    assert hook.dialog is not None and hook.dialog.tabs.count() == 3  # two sides and the guide
    views = window.features.side_views
    window.activateWindow()
    window.view.setFocus()
    _press(window.view, _side_view_key(window, "RU"), CTRL)
    assert views.curtain_down and not hook.dialog.isVisible()  # nothing shown before the room is ready
    _press(views.curtain, Qt.Key.Key_Space)
    dialog = hook.dialog
    assert dialog.isVisible() and dialog.tabs.count() == 2 and set(dialog.pages) == {"RU"}
    text = dialog.pages["RU"].toPlainText()
    assert ru_orders in text and ua_orders not in text
    hook.action.trigger()  # Help ▸ Briefing in Russia's view
    assert set(hook.dialog.pages) == {"RU"}
    _switch_by_keys(window, None)
    assert hook.dialog.isVisible() and set(hook.dialog.pages) == {"UA", "RU"}
    hook.dialog.close()
    _switch_by_keys(window, "UA")
    assert not hook.dialog.isVisible()  # closed stays closed
    hook.action.trigger()
    assert set(hook.dialog.pages) == {"UA"} and ru_orders not in hook.dialog.pages["UA"].toPlainText()


def test_a_floating_panel_waits_behind_the_curtain(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    views = window.features.side_views
    dock = window.warnings_dock
    dock.setFloating(True)  # a panel dragged out of the window: the curtain does not cover it
    dock.show()
    assert dock.isVisible()
    window.view.setFocus()
    _press(window.view, _side_view_key(window, "RU"), CTRL)
    assert views.curtain_down and not dock.isVisible()  # Russia's warnings wait for the lift
    _press(views.curtain, Qt.Key.Key_Space)
    assert dock.isVisible() and {w.side for w in window.warnings.warnings_shown()} == {"RU"}
