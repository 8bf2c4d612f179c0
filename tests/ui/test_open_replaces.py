"""Open, New, Recover and Branch replace everything drawn: a window that showed game A and
opened game B draws what a window opened on B draws, and what B's side view holds."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QSettings

from tests.core.random_play import candidate
from tests.ui.conftest import open_window
from wargame.core.actions import EndTurn, SetControl
from wargame.core.files.document import Document
from wargame.core.files.gamefile import save_game
from wargame.core.files.loading import open_source
from wargame.core.game import Game
from wargame.core.rules.graph import graph_of
from wargame.ui.window.main_window import MainWindow


def _game_b() -> Game:
    """The default scenario after Russia seizes the O0506 west of Bakhmut in turn 1."""
    game = open_source(None)
    state = game.state
    spec = next(s for s in game.scenario.routes["UA"] if s.name == "O0506")
    path = graph_of(state.map).route_hexes(spec.road, spec.start, spec.end) or ()
    free = [h for h in path if not state.units_at(h) and state.map.place_name(h) != "Bakhmut"]
    game.push(EndTurn())
    game.push(SetControl(tuple(free[:3]), "RU", ruling="a raid the umpire allows"))
    game.push(EndTurn())  # Ukraine to move in turn 2, its routes drawn
    return game


def _drawn(window: MainWindow) -> dict[str, object]:
    """What the window's map shows, as data."""
    scene = window.scene
    return {
        "counters": sorted(
            (u, c.unit.hex, c.supply.effective if c.supply else None) for u, c in scene.counters.items()
        ),
        "routes": sorted((r.route.name, r.route.effective) for r in scene.routes.routes),
        "pockets": len(scene.pockets.pockets),
        "control": sorted((k, sorted(v)) for k, v in scene.control.areas.items()),
        "critical": sorted(scene.critical.hexes),
        "status": window.turn_label.text(),
    }


def test_opening_b_in_a_window_showing_a_draws_b(qtbot, tmp_path: Path, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    b = _game_b()
    path = tmp_path / "b.wargame.json"
    save_game(path, b)
    shows_a = open_window(qtbot, settings)
    shows_a.controller.push(candidate(shows_a.controller.state, random.Random(3)))  # A under way
    viewport = shows_a.view.viewport()
    viewport.repaint()
    shows_a.open_document(Document.open(str(path)))
    qtbot.wait(50)
    viewport.repaint()
    painted = viewport.grab().toImage()
    # "After File ▸ Open the map shows the previous game … Fit map repaints it": what is painted
    # at once is what every layer, invalidated and painted anew, paints.
    shows_a.view.resetCachedContent()
    for item in shows_a.scene.items():
        item.update()
    shows_a.scene.invalidate()
    viewport.repaint()
    assert viewport.grab().toImage() == painted
    fresh = open_window(qtbot, QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat), str(path))
    assert _drawn(shows_a) == _drawn(fresh)
    view = shows_a.controller.view()
    assert {u for u, *_ in _drawn(shows_a)["counters"]} == set(view.visible)  # type: ignore[attr-defined]
    routes = dict(_drawn(shows_a)["routes"])  # type: ignore[arg-type]
    assert routes["O0506"].value == view.analysis.sides["UA"].routes["O0506"].effective.value  # type: ignore[union-attr]
    assert routes["O0506"].value == "cut"


def test_new_and_branch_replace_what_is_drawn(window: MainWindow, tmp_path: Path) -> None:
    start = _drawn(window)
    window.controller.open(Document(_game_b()))  # as New and Branch do: another document
    seized = _drawn(window)
    assert seized != start and dict(seized["routes"])["O0506"].value == "cut"  # type: ignore[arg-type, call-overload]
    window.controller.open(Document(open_source(None)))
    assert _drawn(window) == start
