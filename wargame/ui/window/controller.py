"""GameController: the one object that changes the game. Widgets send it actions; it pushes
them to :class:`Game`, recomputes the analysis and emits what changed.

Widgets never edit state: they listen to :attr:`GameController.changed` and redraw what the
:class:`Changes` name. A refused action is reported on :attr:`refused` with the reason.

The controller owns the :class:`Document` (the game and the file it belongs to: open, new,
branch and save all go through it) and the perspective: the side whose view is shown and the
analysis as that side may see it, worked out once per step and published in every
:class:`Update`, so each widget draws what it is given.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from wargame.core.actions import EVERYTHING, Action, Changes
from wargame.core.errors import ActionError, WargameError
from wargame.core.files.document import Document
from wargame.core.game import Game
from wargame.core.rules.analysis import GameAnalysis, analyse
from wargame.core.rules.results import Analysis
from wargame.core.state import GameState
from wargame.core.visibility import analysis_for, visible_units

Analyser = Callable[[GameState, Analysis | None], Analysis]


@dataclass(frozen=True, slots=True)
class Update:
    """What one step of the game changed, with the state and analysis after it, and how the
    side in view sees them (``side`` None: the facilitator, who sees everything)."""

    changes: Changes
    state: GameState
    analysis: Analysis | None
    description: str = ""
    side: str | None = None
    shown: Analysis | None = None  # the analysis as ``side`` may see it: its own results only
    visible: frozenset[str] = field(default_factory=frozenset)  # units ``side`` can see

    def seen_state(self) -> GameState:
        """The state as ``side`` sees it: enemy units out of its sight are left out."""
        if self.side is None:
            return self.state
        return self.state.evolve(units={k: u for k, u in self.state.units.items() if k in self.visible})


class GameController(QObject):
    changed = Signal(object)  # Update
    refused = Signal(str)  # the reason, for the status bar
    game_replaced = Signal()
    perspective_changed = Signal(object)  # Update: the same step seen from another side
    saved = Signal(object)  # Path: the document was written to this file

    def __init__(
        self, game: Game | Document, analyser: Analyser | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.document = game if isinstance(game, Document) else Document(game)
        # An explicit analyser (tests, benchmarks) wins; else the engine's chained cache.
        self.analyser: Analyser | None = analyser or analyse
        self.chained: GameAnalysis | None = None if analyser is not None else GameAnalysis(self.game)
        self.analysis_error: str | None = None
        self._analyses: dict[int, tuple[GameState, Analysis | None]] = {}
        self.viewing_side: str | None = None  # None: the facilitator's view (everything)
        self._shown: tuple[GameState, Analysis | None, str | None, Update] | None = None

    @property
    def game(self) -> Game:
        return self.document.game

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
        chained = self.chained
        if chained is not None:
            return self._guarded(lambda: chained.at(index), index, state)
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
            pointless = action.pointless(self.game.state)
            if pointless is not None:
                raise ActionError(pointless)  # play refuses a step that changes nothing
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

    def open(self, document: Document) -> None:
        """Start showing another document: a file opened, a new game, a branch, a recovery."""
        if document is not self.document:
            self.document.close()  # the file put away is free for others to edit
        self.document = document
        if self.chained is not None:
            self.chained = GameAnalysis(document.game)
        self._analyses.clear()
        self.game_replaced.emit()
        self._publish(EVERYTHING, f"opened {document.game.scenario.title}")

    def save(self, path: Path | None = None, overwrite: bool = False) -> Path:
        """Write the document (see :meth:`Document.save`: FileChangedError, GameFileError) and
        tell the views it is saved."""
        written = self.document.save(path, overwrite)
        self.saved.emit(written)
        return written

    def set_viewing_side(self, side: str | None) -> None:
        """Show the game as ``side`` sees it (None: the facilitator's view, everything)."""
        self.viewing_side = side
        self.perspective_changed.emit(self.update(Changes()))

    def refresh(self) -> None:
        """Emit the current state as if everything changed (first show)."""
        self._publish(EVERYTHING, "")

    def _publish(self, changes: Changes, description: str) -> None:
        self.changed.emit(self.update(changes, description))

    def update(self, changes: Changes = EVERYTHING, description: str = "") -> Update:
        """The current state and analysis, and how the side in view sees them (worked out once
        per state, analysis and side)."""
        state, analysis, side = self.game.state, self.analysis, self.viewing_side
        known = self._shown
        if known is None or known[0] is not state or known[1] is not analysis or known[2] != side:
            shown = analysis_for(analysis, side) if analysis is not None else None
            view = Update(EVERYTHING, state, analysis, "", side, shown, visible_units(state, side))
            self._shown = known = (state, analysis, side, view)
        view = known[3]
        return Update(changes, state, analysis, description, side, view.shown, view.visible)
