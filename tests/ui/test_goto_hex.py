"""Go to hex (Ctrl+G) and View ▸ Hex numbers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from wargame.core.errors import WargameError
from wargame.ui.features.goto_hex import find_hex
from wargame.ui.map.scene import RELABEL_AFTER_MS
from wargame.ui.window.main_window import MainWindow


def type_and_enter(window: MainWindow, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    box = window.features.goto_hex.box
    assert box.hasFocus()
    qtbot.keyClicks(box, text)
    box.completer().popup().hide()  # Enter goes to the box, not the completion list
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_a_hex_number_centres_the_map_on_that_hex(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_and_enter(window, qtbot, "0504")
    target = window.controller.game.map.hex_from_label("0504")
    assert window.view.view_centre_hex() == target
    assert "0504" in window.statusBar().currentMessage()
    flares = [item.data(0) for item, _ in window.features.attention.flares]
    assert target in flares


def test_a_place_name_centres_the_map_on_the_place(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_and_enter(window, qtbot, "Khromove")
    assert window.view.view_centre_hex() == window.controller.game.map.settlements["Khromove"]


def test_a_bad_label_says_why_and_leaves_the_view(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = (window.view.transform(), window.view.view_centre_hex())
    type_and_enter(window, qtbot, "99zz")
    message = window.statusBar().currentMessage()
    assert "99zz" in message and "four digits" in message
    assert (window.view.transform(), window.view.view_centre_hex()) == before


def test_place_names_are_completed(window: MainWindow) -> None:
    model = window.features.goto_hex.box.completer().model()
    names = {model.index(i, 0).data() for i in range(model.rowCount())}
    assert {"Khromove", "Bakhmut", "Soledar"} <= names


def test_find_hex_reads_labels_names_and_says_what_is_wrong(window: MainWindow) -> None:
    gamemap = window.controller.game.map
    assert find_hex(gamemap, " khromove ") == gamemap.settlements["Khromove"]
    assert find_hex(gamemap, "0504 (somewhere)") == gamemap.hex_from_label("0504")
    assert find_hex(gamemap, "Sole") == gamemap.settlements["Soledar"]  # the one name starting so
    with pytest.raises(WargameError, match="could be"):
        find_hex(gamemap, "B")  # Bakhmut, Bakhmutske, Berkhivka, Bohdanivka
    with pytest.raises(WargameError, match="no place called"):
        find_hex(gamemap, "Atlantis")
    with pytest.raises(WargameError, match="not on the map"):
        find_hex(gamemap, "9999")


def test_hex_numbers_can_be_switched_off_and_the_choice_is_kept(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    hook = window.features.goto_hex
    bakhmut = window.controller.game.map.settlements["Bakhmut"]
    window.view.zoom_by(0.2 / window.view.zoom)  # close enough to read the numbers
    window.view.centre_on_hexes([bakhmut])
    relabel = window.scene._relabel_timer  # the labels placed again for the view that came to rest
    assert relabel.isActive() and relabel.interval() == RELABEL_AFTER_MS
    with qtbot.waitSignal(relabel.timeout, timeout=30_000):  # that moment, however slow the machine
        pass
    with_numbers = window.view.viewport().grab().toImage()
    hook.numbers_action.trigger()
    assert not window.scene.grid.show_labels
    qtbot.wait(50)
    without = window.view.viewport().grab().toImage()
    assert with_numbers != without
    assert window.settings.value("view/hex_numbers", type=bool) is False
    hook.numbers_action.trigger()
    assert window.scene.grid.show_labels
    qtbot.wait(50)
    assert window.view.viewport().grab().toImage() == with_numbers
