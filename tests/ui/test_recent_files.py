"""File ▸ Open recent: games opened and saved come back from the menu, newest first."""

from __future__ import annotations

from tests.ui.conftest import open_window
from wargame.core.files.gamefile import save_game
from wargame.core.files.loading import open_source


def recent_menu(window):  # type: ignore[no-untyped-def]
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File")
    texts = [a.text().replace("&", "") for a in file_menu.actions()]
    assert texts[texts.index("Open…") + 1] == "Open recent"
    return window.features.recent.menu


def test_saved_and_opened_games_come_back_from_open_recent(qtbot, settings, answers, tmp_path):  # type: ignore[no-untyped-def]
    other = tmp_path / "other.wargame.json"
    save_game(other, open_source(None))
    window = open_window(qtbot, settings)
    menu = recent_menu(window)
    assert [a.text() for a in menu.actions()] == ["Clear the list"] and not menu.actions()[0].isEnabled()
    answers.paths.append(str(tmp_path / "first.wargame.json"))
    window.files.save_file()  # Save asks where: first.wargame.json
    answers.paths.append(str(other))
    window.files.open_file()
    menu.aboutToShow.emit()
    assert [a.text() for a in menu.actions()[:2]] == ["&1 other.wargame.json", "&2 first.wargame.json"]
    menu.actions()[1].trigger()  # the user picks first.wargame.json
    assert window.controller.document.path.name == "first.wargame.json"
    assert window.features.recent.paths()[0].name == "first.wargame.json"


def test_a_recent_file_that_is_gone_leaves_the_list_with_a_word(qtbot, settings, answers, tmp_path):  # type: ignore[no-untyped-def]
    gone = tmp_path / "gone.wargame.json"
    save_game(gone, open_source(None))
    window = open_window(qtbot, settings)
    window.features.recent.add(gone)
    gone.unlink()
    menu = recent_menu(window)
    menu.aboutToShow.emit()
    menu.actions()[0].trigger()
    assert answers.told and "taken off the list" in answers.told[0]
    assert window.features.recent.paths() == []
