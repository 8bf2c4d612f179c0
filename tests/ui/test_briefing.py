"""Briefings: shown when a new game starts on a scenario, not for a game in progress; Help ▸ Briefing."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSettings

from tests.ui.conftest import open_window
from wargame.core.actions import EndTurn, Note
from wargame.core.files.document import Document
from wargame.core.files.gamefile import save_game
from wargame.core.files.loading import open_source
from wargame.core.game import Game
from wargame.core.model import DEFAULT_SIDES
from wargame.ui.features.briefing import briefing_html
from wargame.ui.window.main_window import MainWindow


def test_a_new_game_on_a_scenario_opens_with_each_sides_briefing(window: MainWindow) -> None:
    window.features.briefing.brief_if_new()  # as the app does once the window shows
    dialog = window.features.briefing.dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    scenario = window.controller.game.scenario
    assert dialog.tabs.count() == 3  # each side's, then the first-run guide
    for side in scenario.sides:
        text = dialog.pages[side.id].toPlainText()
        assert scenario.title in text and scenario.briefings[side.id][:60] in text


def test_a_loaded_game_in_progress_opens_without_a_briefing(qtbot, settings: QSettings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    game = open_source(None)
    game.push(Note("first contact"))
    game.push(EndTurn())
    path = tmp_path / "seminar.wargame.json"
    save_game(path, game)
    window = open_window(qtbot, settings, str(path))
    hook = window.features.briefing
    hook.brief_if_new()
    assert hook.dialog is None
    hook.action.trigger()  # Help ▸ Briefing still opens it on demand
    assert hook.dialog is not None and hook.dialog.isVisible()


def test_opening_a_new_game_later_briefs_again_and_a_game_in_progress_closes_it(window: MainWindow) -> None:
    hook = window.features.briefing
    hook.brief_if_new()
    assert hook.dialog is not None
    hook.dialog.close()
    played = open_source("bakhmut-2022-12")
    window.open_document(Document(played))
    assert hook.dialog.isVisible() and "December 2022" in hook.dialog.pages["UA"].toPlainText()
    played.push(EndTurn())
    window.open_document(Document(played.truncated(1)))
    assert not hook.dialog.isVisible()


def test_help_menu_lists_briefing_first(window: MainWindow) -> None:
    window.features.briefing.brief_if_new()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert help_menu.actions()[0].text() == "&Briefing"


def test_a_scenario_without_briefings_starts_without_the_window(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    base = open_source(None)
    window = open_window(qtbot, settings)
    window.open_document(Document(Game(replace(base.scenario, briefings={}), base.map)))
    hook = window.features.briefing
    hook.brief_if_new()
    assert hook.dialog is None


def test_briefing_text_keeps_paragraphs_and_escapes_markup() -> None:
    scenario = replace(
        open_source(None).scenario, briefings={"UA": "Hold <Bakhmut> & the road.\n\nThen withdraw."}
    )
    html = briefing_html(scenario, DEFAULT_SIDES[0])
    assert "Hold &lt;Bakhmut&gt; &amp; the road.</p>" in html and "<p>Then withdraw.</p>" in html
    assert "No briefing for this side." in briefing_html(scenario, DEFAULT_SIDES[1])


def test_the_app_started_on_a_scenario_briefs_the_room_and_offers_the_setup_editor(
    qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from wargame.ui.window import app

    monkeypatch.setenv("WARGAME_DATA_DIR", str(tmp_path))  # a fresh autosave folder: no recovery asked
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)  # return at once instead of running
    monkeypatch.setattr(app, "install_excepthook", lambda show_dialog: None)  # pytest-qt keeps its own
    before = set(QApplication.topLevelWidgets())
    assert app.main(["bakhmut-2022-12"]) == 0
    (window,) = [w for w in set(QApplication.topLevelWidgets()) - before if isinstance(w, MainWindow)]
    qtbot.addWidget(window)
    dialog = window.features.briefing.dialog
    assert dialog is not None and dialog.isVisible() and "December 2022" in dialog.pages["RU"].toPlainText()
    assert window.features.setup.new_action in window.menuBar().actions()[0].menu().actions()


def test_the_briefing_ends_with_how_the_session_runs_naming_real_keys(window: MainWindow) -> None:
    import re

    from PySide6.QtGui import QKeySequence

    dialog = window.features.briefing.show_briefing()
    last = dialog.tabs.count() - 1
    assert dialog.tabs.tabText(last) == "How the session runs" and dialog.tabs.widget(last) is dialog.guide
    text = dialog.guide.toPlainText()
    for topic in ("Side view", "curtain", "Drag a counter", "Cut", "End turn", "Roll dice", "F1"):
        assert topic in text
    keys = {key for key, _ in window.frame.shortcut_list()}
    cited = re.findall(r"\((Ctrl\+[A-Za-z+]+|F\d+)\)", text) + re.findall(r"\b(F\d+)\b", text)
    assert len(cited) >= 6
    for key in cited:
        native = QKeySequence(key.replace("Enter", "Return")).toString(QKeySequence.SequenceFormat.NativeText)
        assert native in keys, f"the guide cites {key}, which no action of the window carries"
