"""Replay mode: step through a game's log, action by action or turn by turn, and branch.

:class:`Timeline` holds the position in the log (plain Python, no Qt). :class:`ReplayWindow`
shows the map, the warnings and the overlay *of that moment* under a timeline bar: a slider
over every action, step buttons, play/pause at a chosen speed, "first warning of a kind",
and "continue from here" to play a "what if" from that point as a new game (the original
game and its file are left as they were). It works on a snapshot of the game, so the open
game can go on while a replay window is up.

Keys: ←/→ one action, PgUp/PgDn one turn, Home/End, Space play or pause.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from wargame.core.actions import EVERYTHING
from wargame.core.errors import WargameError
from wargame.core.game import Game
from wargame.core.rules import warnings as codes
from wargame.core.rules.analysis import Analyser, GameAnalysis, analyse
from wargame.core.rules.results import Analysis, Warning
from wargame.core.state import GameState
from wargame.ui.features.dialogs import Dialogs
from wargame.ui.features.screen_fit import fitting_size
from wargame.ui.map.map_view import MapView
from wargame.ui.map.scene import MapScene
from wargame.ui.panels.warnings import WarningsPanel

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

WARNING_KINDS = {
    codes.ROUTE_CUT: "a route cut",
    codes.ROUTE_UNDER_FIRE: "a route under fire",
    codes.ONE_ROUTE_LEFT: "only one route left",
    codes.NO_ROUTE_OPEN: "no route open",
    codes.CORRIDOR_NARROW: "a narrow corridor",
    codes.UNITS_LIMITED: "units on limited supply",
    codes.UNITS_OUT_OF_SUPPLY: "units out of supply",
    codes.UNITS_ENCIRCLED: "units encircled",
}
# (title, step by "action" or "turn", milliseconds per step)
SPEEDS = (
    ("2 actions a second", "action", 500),
    ("1 action a second", "action", 1000),
    ("5 actions a second", "action", 200),
    ("1 turn a second", "turn", 1000),
    ("1 turn every 3 seconds", "turn", 3000),
)


class Timeline:
    """A position in a game's log: 0 is the scenario's start, ``last`` the end of the log."""

    def __init__(self, game: Game, index: int = 0) -> None:
        self.game = game
        self.index = self.clamp(index)

    @property
    def last(self) -> int:
        return len(self.game)

    @property
    def state(self) -> GameState:
        return self.game.state_at(self.index)

    def clamp(self, index: int) -> int:
        return max(0, min(self.last, index))

    def go(self, index: int) -> int:
        self.index = self.clamp(index)
        return self.index

    def step(self, actions: int) -> int:
        return self.go(self.index + actions)

    def turn_starts(self) -> list[int]:
        """Action index at the start of every turn played."""
        return sorted({self.game.index_of_turn(turn) for turn in self.game.turns()})

    def next_turn(self) -> int:
        later = [i for i in self.turn_starts() if i > self.index]
        return self.go(later[0] if later else self.last)

    def previous_turn(self) -> int:
        earlier = [i for i in self.turn_starts() if i < self.index]
        return self.go(earlier[-1] if earlier else 0)

    def first_with(self, code: str, analysis_at: Callable[[int], Analysis | None]) -> int | None:
        """Index of the first moment showing a warning with ``code``, or None.

        Turn starts are checked first and the turn where the warning shows up is then
        searched action by action, so a long game costs one analysis per turn plus one per
        action of that turn (a warning raised and cleared within one turn may be missed).
        """

        def shows(index: int) -> bool:
            analysis = analysis_at(index)
            return analysis is not None and any(w.code == code for w in analysis.warnings)

        if shows(0):
            return 0
        previous = 0
        for bound in [*self.turn_starts(), self.last]:
            if bound <= previous:
                continue
            if shows(bound):
                return next(i for i in range(previous + 1, bound + 1) if shows(i))
            previous = bound
        return None

    def describe(self) -> str:
        """ "Turn 3 · Ukraine to move · action 45 of 120: …" for the timeline label."""
        state = self.state
        side = state.scenario.side(state.side_to_move).name
        if self.index == 0:
            last = "the start of the game"
        else:
            last = f"action {self.index} of {self.last}: {self.game.describe(self.index - 1)}"
        return f"Turn {state.turn} · {side} to move · {last}"


class ReplayAnalyses:
    """The analysis of each moment of a replay, from the game's one chain (:class:`GameAnalysis`,
    the same the window, the AAR and the CSV read), so a warning is new and present since the
    same turn here as there, wherever the replay jumps."""

    def __init__(self, game: Game, analyser: Analyser | None) -> None:
        self.game = game
        self.analyser = analyser
        self.chain = GameAnalysis(game, analyser=analyser) if analyser is not None else None
        self.error: str | None = None

    def __call__(self, index: int) -> Analysis | None:
        if self.chain is None:
            self.error = "the supply engine is not installed"
            return None
        try:
            return self.chain.at(index)
        except WargameError as error:
            self.error = str(error)
            return None


class ReplayWindow(QMainWindow):
    """The replay of one game (a snapshot of it), with its own map, warnings and timeline."""

    moment_shown = Signal(int)  # action index now shown
    branch_requested = Signal(object)  # the new Game that continues from the shown moment

    def __init__(
        self,
        game: Game,
        analyser: Analyser | None = None,
        parent: QWidget | None = None,
        title: str = "",
        dialogs: Dialogs | None = None,
    ) -> None:
        super().__init__(parent)
        self.dialogs = dialogs or Dialogs()
        self.setObjectName("replayWindow")
        self.setWindowTitle(f"Replay — {title or game.scenario.title}")
        self.game = game
        self.timeline = Timeline(game)
        self.analyses = ReplayAnalyses(game, analyser if analyser is not None else analyse)
        self.scene = MapScene(game.map, game.scenario.sides, self)
        self.view = MapView(self.scene, self)
        self.view.setInteractive(False)  # a replay is looked at, never edited
        self.warnings = WarningsPanel()
        self.warnings.warning_activated.connect(self._go_to_warning)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.warnings)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1100, 400])  # the map gets the room; the warnings a column
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(splitter, 1)
        layout.addWidget(self._build_bar())
        self.setCentralWidget(central)
        self._build_keys()
        self.resize(fitting_size(self, QSize(1500, 950)))  # no larger than a laptop's screen
        self.show_index(0)
        self.view.fit_map()

    # --- building -----------------------------------------------------------------------------

    def _button(self, text: str, tip: str, slot: Callable[[], Any], name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _build_bar(self) -> QWidget:
        bar = QWidget()
        rows = QVBoxLayout(bar)
        self.label = QLabel()
        self.label.setObjectName("replayMoment")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("replaySlider")
        self.slider.setRange(0, self.timeline.last)
        self.slider.setPageStep(max(1, self.timeline.last // 20))
        self.slider.valueChanged.connect(self.show_index)
        rows.addWidget(self.label)
        rows.addWidget(self.slider)
        buttons = QHBoxLayout()
        self.play_button = self._button("▶ Play", "Play or pause (Space)", self.toggle_play, "replayPlay")
        for widget in (
            self._button(
                "|◀ Start", "The start of the game (Home)", lambda: self.show_index(0), "replayFirst"
            ),
            self._button(
                "« Turn", "Back to the start of a turn (PgUp)", self.previous_turn, "replayPreviousTurn"
            ),
            self._button("‹ Action", "One action back (←)", lambda: self.step(-1), "replayPreviousAction"),
            self.play_button,
            self._button("Action ›", "One action forward (→)", lambda: self.step(1), "replayNextAction"),
            self._button("Turn »", "Forward to the next turn (PgDn)", self.next_turn, "replayNextTurn"),
            self._button(
                "End ▶|",
                "The end of the game (End)",
                lambda: self.show_index(self.timeline.last),
                "replayLast",
            ),
        ):
            buttons.addWidget(widget)
        self.speed = QComboBox()
        self.speed.setObjectName("replaySpeed")
        for title, unit, ms in SPEEDS:
            self.speed.addItem(title, (unit, ms))
        self.speed.currentIndexChanged.connect(self._speed_changed)
        buttons.addWidget(self.speed)
        buttons.addStretch(1)
        rows.addLayout(buttons)
        # A second row, so the window fits a 1366-pixel laptop at 100 % text.
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("First warning of"))
        self.kind = QComboBox()
        self.kind.setObjectName("replayWarningKind")
        for code, title in WARNING_KINDS.items():
            self.kind.addItem(title, code)
        buttons.addWidget(self.kind)
        buttons.addWidget(
            self._button(
                "Find",
                "Jump to the first moment with a warning of this kind",
                self.jump_to_first_warning,
                "replayFindWarning",
            )
        )
        buttons.addStretch(1)
        buttons.addWidget(
            self._button(
                "Continue from here…",
                "Play on from this moment as a new game (“what if”); the original game is not changed",
                self.request_branch,
                "replayBranch",
            )
        )
        rows.addLayout(buttons)
        return bar

    def _build_keys(self) -> None:
        for key, slot in (
            (Qt.Key.Key_Left, lambda: self.step(-1)),
            (Qt.Key.Key_Right, lambda: self.step(1)),
            (Qt.Key.Key_PageUp, self.previous_turn),
            (Qt.Key.Key_PageDown, self.next_turn),
            (Qt.Key.Key_Home, lambda: self.show_index(0)),
            (Qt.Key.Key_End, lambda: self.show_index(self.timeline.last)),
            (Qt.Key.Key_Space, self.toggle_play),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)

    # --- moving in time --------------------------------------------------------------------------

    @property
    def index(self) -> int:
        return self.timeline.index

    def show_index(self, index: int) -> None:
        """Show the game after ``index`` actions: map, overlay, warnings of that moment."""
        index = self.timeline.go(index)
        if self.slider.value() != index:
            self.slider.blockSignals(True)
            self.slider.setValue(index)
            self.slider.blockSignals(False)
        state = self.timeline.state
        analysis = self.analyses(index)
        self.scene.show_state(state, analysis, EVERYTHING)
        self.warnings.show_analysis(analysis, state.side_to_move, self.analyses.error or "")
        self.label.setText(self.timeline.describe())
        self.moment_shown.emit(index)

    def step(self, actions: int) -> None:
        self.show_index(self.timeline.index + actions)

    def next_turn(self) -> None:
        self.show_index(self.timeline.next_turn())

    def previous_turn(self) -> None:
        self.show_index(self.timeline.previous_turn())

    def jump_to_first_warning(self) -> None:
        code = self.kind.currentData()
        found = self.timeline.first_with(code, self.analyses)
        if found is None:
            self.statusBar().showMessage(f"No warning of {self.kind.currentText()} in this game", 8000)
            return
        self.show_index(found)
        self.statusBar().showMessage(f"First warning of {self.kind.currentText()}", 8000)

    # --- playing ---------------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if self.index >= self.timeline.last:
            self.show_index(0)  # playing from the end starts again
        self.timer.start(self.speed.currentData()[1])
        self.play_button.setText("⏸ Pause")

    def pause(self) -> None:
        self.timer.stop()
        self.play_button.setText("▶ Play")

    def _speed_changed(self) -> None:
        if self.playing:
            self.timer.start(self.speed.currentData()[1])

    def _tick(self) -> None:
        if self.speed.currentData()[0] == "turn":
            self.next_turn()
        else:
            self.step(1)
        if self.index >= self.timeline.last:
            self.pause()

    # --- branching -------------------------------------------------------------------------------

    def request_branch(self, confirm: bool = True) -> Game | None:
        """A new game with the actions up to the shown moment: a "what if" to play on."""
        self.pause()
        index = self.index
        if confirm:
            agreed = self.dialogs.confirm(
                self,
                "Continue from here",
                f"Play on from turn {self.timeline.state.turn} (after {index} of {self.timeline.last} "
                "actions) as a new game?\n\nThe game now open in the main window is replaced: save it "
                "first if you need it. The original file is not changed.",
            )
            if not agreed:
                return None
        branch = self.game.truncated(index)
        self.branch_requested.emit(branch)
        return branch

    def _go_to_warning(self, warning: Warning) -> None:
        state = self.timeline.state
        hexes = list(warning.hexes) or [state.units[u].hex for u in warning.units if u in state.units]
        self.view.centre_on_hexes(hexes)

    def closeEvent(self, event: Any) -> None:
        self.pause()
        super().closeEvent(event)


# --- in the main window ----------------------------------------------------------------------------


class ReplayHook(QObject):
    """Adds Replay to a main window: opens a ReplayWindow on a snapshot of the open game."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.replay: ReplayWindow | None = None
        self.action = QAction("&Replay this game…", window.widget)
        self.action.setObjectName("replayAction")
        self.action.setShortcut(QKeySequence("Ctrl+R"))
        self.action.setStatusTip("Step through the game turn by turn, and play on from any point")
        self.action.triggered.connect(self.open)
        menu = window.menu("Turn")
        menu.addSeparator()
        menu.addAction(self.action)

    def open(self) -> ReplayWindow:
        controller = self.window.controller
        snapshot = controller.game.truncated(len(controller.game))
        if self.replay is not None:
            self.replay.close()
        self.replay = ReplayWindow(
            snapshot, controller.analyser, self.window.widget, dialogs=self.window.dialogs
        )
        self.replay.setWindowFlag(Qt.WindowType.Window, True)
        self.replay.branch_requested.connect(self.branch)
        self.replay.show()
        return self.replay

    def branch(self, game: Game) -> bool:
        """Play on from the replay's moment as a new game: it has no file, so Save asks for a
        new name and the game file replayed is never overwritten. Unsaved moves of the open game
        are not dropped without asking (Save / Discard / Cancel); whether the branch opened."""
        if not self.window.files.confirm_discard("play on from here as a new game"):
            return False
        self.window.open_document(self.window.controller.document.branch(game))
        if self.replay is not None:
            self.replay.close()
        self.window.show_message(
            f"Playing on from turn {game.state.turn} as a new game (“what if”); save it under a new name",
            15000,
        )
        return True
