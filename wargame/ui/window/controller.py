"""GameController: the one object that changes the game. Widgets send it actions; it pushes
them to :class:`Game`, recomputes the analysis and emits what changed.

Widgets never edit state: they listen to :attr:`GameController.changed` and redraw what the
:class:`Changes` name. A refused action is reported on :attr:`refused` with the reason.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from wargame.core.actions import EVERYTHING, Action, Changes
from wargame.core.errors import ActionError, WargameError
from wargame.core.game import Game
from wargame.core.rules.results import Analysis
from wargame.core.state import GameState

Analyser = Callable[[GameState, Analysis | None], Analysis]


class _ChainedAnalyser:
    """Adapter over the engine's per-game cache (GameAnalysis): analyses chained by index."""

    def __init__(self, factory: Any) -> None:
        self.factory = factory
        self.cache: Any = None
        self.game: Game | None = None

    def at(self, game: Game, index: int) -> Analysis:
        if self.cache is None or self.game is not game:
            self.cache, self.game = self.factory(game), game
        return self.cache.at(index)  # type: ignore[no-any-return]


def find_game_analysis() -> _ChainedAnalyser | None:
    try:
        module = importlib.import_module("wargame.core.rules.analysis")
    except ImportError:
        return None
    factory = getattr(module, "GameAnalysis", None)
    return _ChainedAnalyser(factory) if factory is not None else None


def find_analyser() -> Analyser | None:
    """The engine's ``analyse(state, previous)``, or None while the rules engine is absent."""
    try:
        module = importlib.import_module("wargame.core.rules.analysis")
    except ImportError:
        return None
    analyse = getattr(module, "analyse", None)
    return analyse if callable(analyse) else None


@dataclass(frozen=True, slots=True)
class Update:
    """What one step of the game changed, with the state and analysis after it."""

    changes: Changes
    state: GameState
    analysis: Analysis | None
    description: str = ""


class GameController(QObject):
    changed = Signal(object)  # Update
    refused = Signal(str)  # the reason, for the status bar
    game_replaced = Signal()

    def __init__(self, game: Game, analyser: Analyser | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # An explicit analyser (tests, benchmarks) wins; else the engine's chained cache.
        self.chained = None if analyser is not None else find_game_analysis()
        self.analyser = analyser if analyser is not None else find_analyser()
        self.analysis_error: str | None = None
        self._analyses: dict[int, tuple[GameState, Analysis | None]] = {}
        self.game = game

    # --- reading ----------------------------------------------------------------------------

    @property
    def state(self) -> GameState:
        return self.game.state

    @property
    def analysis(self) -> Analysis | None:
        return self.analysis_at(self.game.cursor)

    def analysis_at(self, index: int) -> Analysis | None:
        """Analysis of the state after ``index`` actions, computed once (undo and redo are free)."""
        state = self.game.state_at(index)
        cached = self._analyses.get(index)
        if cached is not None and cached[0] is state:
            return cached[1]
        if self.chained is not None:
            return self._guarded(lambda: self.chained.at(self.game, index), index, state)  # type: ignore[union-attr]
        if self.analyser is None:
            return None
        previous = self.analysis_at(index - 1) if index > 0 and (index - 1) in self._analyses else None
        analyser = self.analyser
        return self._guarded(lambda: analyser(state, previous), index, state)

    def _guarded(self, compute: Callable[[], Analysis], index: int, state: GameState) -> Analysis | None:
        try:
            result: Analysis | None = compute()
            self.analysis_error = None
        except WargameError as error:
            self.analysis_error = str(error)
            result = None
        except Exception as error:  # noqa: BLE001 - the one boundary between the game and the engine
            # A bug in the analysis must not cost the players their game: the action stays
            # applied, the views show "analysis unavailable", the hook logs and tells.
            self.analysis_error = f"the supply analysis failed ({error}); details are in the log"
            result = None
            sys.excepthook(type(error), error, error.__traceback__)
        self._analyses[index] = (state, result)
        return result

    # --- changing ---------------------------------------------------------------------------

    def push(self, action: Action) -> bool:
        """Apply an action; on refusal emit the reason and return False."""
        try:
            description = action.describe(self.game.state)
            changes = self.game.push(action)
        except ActionError as error:
            self.refused.emit(str(error))
            return False
        self._publish(changes, description)
        return True

    def undo(self) -> bool:
        text = self.game.undo_text()
        try:
            changes = self.game.undo()
        except ActionError as error:
            self.refused.emit(str(error))
            return False
        self._publish(changes, f"undone: {text}")
        return True

    def redo(self) -> bool:
        text = self.game.redo_text()
        try:
            changes = self.game.redo()
        except ActionError as error:
            self.refused.emit(str(error))
            return False
        self._publish(changes, f"redone: {text}")
        return True

    def replace_game(self, game: Game) -> None:
        """Start showing another game (File ▸ Open)."""
        self.game = game
        self._analyses.clear()
        self.game_replaced.emit()
        self._publish(EVERYTHING, f"opened {game.scenario.title}")

    def refresh(self) -> None:
        """Emit the current state as if everything changed (first show)."""
        self._publish(EVERYTHING, "")

    def _publish(self, changes: Changes, description: str) -> None:
        self.changed.emit(Update(changes, self.game.state, self.analysis, description))
