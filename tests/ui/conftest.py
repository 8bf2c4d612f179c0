"""Fixtures for the Qt tests: a private settings file, the main window on the default scenario,
the user's answers to the app's questions, and helpers that act on the map as a player's mouse
would."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from wargame.core.files.document import Document
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.map.mapdata import load_map
from wargame.ui.features.dialogs import Dialogs
from wargame.ui.window.assembly import build_main_window
from wargame.ui.window.controller import GameController
from wargame.ui.window.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def real_map() -> GameMap:
    """The real Bakhmut map, built once per test session (per xdist worker): ``load_map`` keeps
    it, and the map keeps what is worked out from it (the rules' graph, the scene geometry and
    hex grid), so every window a test opens on it skips that work."""
    return load_map("bakhmut")


@pytest.fixture(autouse=True)
def private_settings_location(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Never touch the user's settings: every QSettings of a test lives in a temporary folder."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield


@dataclass
class Answers:
    """The user, as the tests play them: each question the app asks is recorded and answered
    from ``replies`` (in order), else with Discard when offered (so closing a window at the end
    of a test never waits), else the last choice (the harmless one). Warnings are recorded."""

    replies: list[str] = field(default_factory=list)
    asked: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    told: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # what file dialogs return, in order
    typed: list[object] = field(default_factory=list)  # what text, number and list questions return

    def ask(self, title: str, text: str, choices: Sequence[str]) -> str:
        self.asked.append((title, text, tuple(choices)))
        if self.replies:
            reply = self.replies.pop(0)
            assert reply in choices, f"{reply!r} is not one of {choices} ({title})"
            return reply
        return "Discard" if "Discard" in choices else choices[-1]

    def titles(self) -> list[str]:
        return [title for title, _, _ in self.asked]


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    """Every window's questions answered by the test (no modal box ever waits)."""
    user = Answers()
    monkeypatch.setattr(
        Dialogs, "ask", lambda self, parent, title, text, choices: user.ask(title, text, choices)
    )
    monkeypatch.setattr(Dialogs, "tell", lambda self, parent, title, text: user.told.append(text))
    real_open, real_save = Dialogs.open_path, Dialogs.save_path

    def path_from(real):  # type: ignore[no-untyped-def]
        def pick(self, parent, caption, start, filters):  # type: ignore[no-untyped-def]
            return user.paths.pop(0) if user.paths else real(self, parent, caption, start, filters)

        return pick

    monkeypatch.setattr(Dialogs, "open_path", path_from(real_open))
    monkeypatch.setattr(Dialogs, "save_path", path_from(real_save))
    monkeypatch.setattr(Dialogs, "about", lambda self, parent, title, text: user.told.append(text))
    monkeypatch.setattr(Dialogs, "fail", lambda self, parent, title, text: user.told.append(text))
    for question in ("text", "number", "item"):
        real = getattr(Dialogs, question)

        def typed(self, parent, title, *args, real=real, **kwargs):  # type: ignore[no-untyped-def]
            user.asked.append((title, "", ()))
            return user.typed.pop(0) if user.typed else real(self, parent, title, *args, **kwargs)

        monkeypatch.setattr(Dialogs, question, typed)
    return user


@pytest.fixture(autouse=True)
def no_window_left_open(answers: Answers) -> Iterator[None]:
    """A window or dialog a test leaves shown would keep the focus from the next test's window
    on the same worker (its shortcuts then never fire, whatever the test order): every
    top-level widget still shown is closed after each test, its questions answered."""
    yield
    if QApplication.instance() is None:
        return
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()


@pytest.fixture
def settings(tmp_path) -> QSettings:  # type: ignore[no-untyped-def]
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def open_window(qtbot, settings: QSettings, source: str | None = None, timed: bool = False) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window on ``source`` (None: the default scenario, without timed movement unless
    ``timed``: the tests of the map's tools seize and move anywhere, as before the rule)."""
    document = Document.open(source)
    if source is None and not timed:
        game = document.game
        rules = replace(game.scenario.rules, timed_movement=False)
        document = Document(Game(replace(game.scenario, rules=rules), game.map))
    window = build_main_window(GameController(document), settings)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    window.fit_units()
    return window


@pytest.fixture
def window(qtbot, settings: QSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    return open_window(qtbot, settings)


@pytest.fixture
def timed_window(qtbot, settings: QSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window on the default scenario as shipped: movement takes time."""
    return open_window(qtbot, settings, timed=True)


def hex_point(window: MainWindow, h: Hex, towards: Hex | None = None, share: float = 0.0) -> QPoint:
    """Viewport pixel of a hex centre (or part of the way towards a neighbour)."""
    centre = window.scene.geometry.centre(h)
    if towards is not None:
        other = window.scene.geometry.centre(towards)
        centre = centre + (other - centre) * share
    return window.view.mapFromScene(centre)


def mouse(widget: QWidget, kind: QMouseEvent.Type, point: QPoint, buttons: Qt.MouseButton) -> None:
    """Send one mouse event with explicit button state (as a real drag has)."""
    button = Qt.MouseButton.LeftButton if kind != QMouseEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind,
        QPointF(point),
        QPointF(widget.mapToGlobal(point)),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def drag(widget: QWidget, path: list[QPoint]) -> None:
    """Press at the first point, move through the others, release at the last."""
    left = Qt.MouseButton.LeftButton
    mouse(widget, QMouseEvent.Type.MouseButtonPress, path[0], left)
    for point in path[1:]:
        mouse(widget, QMouseEvent.Type.MouseMove, point, left)
    mouse(widget, QMouseEvent.Type.MouseButtonRelease, path[-1], Qt.MouseButton.NoButton)
