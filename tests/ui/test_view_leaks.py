"""0 leaks: whatever a side's screen is handed names no enemy unit out of its sight and no
enemy's supply — the update message (a fake widget records every string in it) and every
string the real window then shows (items, tooltips, panels, menus)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget, QWidget

from tests.core.random_play import play_randomly
from wargame.core.actions import Note
from wargame.core.view.update import Update
from wargame.core.visibility import visible_units
from wargame.ui.window.main_window import MainWindow

SUPPLY_WORDS = re.compile(r"supplied|limited|out of supply|encircled|\bSP\b|arrive")


class RecordingWidget:
    """A stand-in for a side's widget: keeps every string of every update it is handed."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.updates: list[Update] = []

    def on_update(self, update: Update) -> None:
        self.updates.append(update)
        self.strings += list(_strings(update.to_data()))
        self.strings.append(update.description)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _hidden(window: MainWindow, side: str) -> list[str]:
    """Ids and names of the enemy units ``side`` cannot see now."""
    state = window.controller.state
    seen = visible_units(state, side)
    return [t for u in state.units.values() if u.side != side and u.id not in seen for t in {u.id, u.label}]


def _leaks(strings: list[str], hidden: list[str]) -> list[str]:
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(name)}(?![\w-])" for name in hidden))
    return [s for s in strings if hidden and pattern.search(s)]


def _window_strings(window: MainWindow) -> list[str]:
    strings = [item.toolTip() for item in window.scene.items() if item.toolTip()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        strings += [widget.toolTip(), widget.windowTitle()]
        if isinstance(widget, (QLabel, QAbstractButton)):
            strings.append(widget.text())
        if isinstance(widget, QListWidget):
            strings += [widget.item(i).text() for i in range(widget.count())]
    strings.append(window.statusBar().currentMessage())
    return [s for s in strings if s]


def test_no_side_is_handed_or_shown_an_enemy_out_of_sight_or_an_enemys_supply(window: MainWindow) -> None:
    controller = window.controller
    play_randomly(controller.game, 12, seed=5)  # a game under way, pushed past the window...
    controller.refresh()  # ...then shown
    views = window.features.side_views
    leaks: list[str] = []
    for side in controller.game.scenario.side_ids:
        fake = RecordingWidget()
        controller.changed.connect(fake.on_update)
        controller.perspective_changed.connect(fake.on_update)
        views.switch(side)
        views.curtain.lift()
        controller.push(Note("leak check"))
        hidden = _hidden(window, side)
        assert hidden, "the test needs enemy units out of sight"
        leaks += _leaks(fake.strings, hidden)
        leaks += _leaks(_window_strings(window), hidden)
        for update in fake.updates:
            assert set(update.view.own_sides) == {side}  # no enemy supply, routes or forces
            assert all(w.side == side for w in update.view.analysis.warnings)  # type: ignore[union-attr]
        enemies = [c for c in window.scene.counters.values() if c.unit.side != side]
        leaks += [c.toolTip() for c in enemies if SUPPLY_WORDS.search(c.toolTip())]
        controller.changed.disconnect(fake.on_update)
        controller.perspective_changed.disconnect(fake.on_update)
    assert leaks == []
