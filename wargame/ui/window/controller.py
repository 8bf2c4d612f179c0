"""GameController: the one object that changes the game. Widgets send it actions; it pushes
them to :class:`Game`, recomputes the analysis and emits what changed.

Widgets never edit state: they listen to :attr:`GameController.changed` and redraw what the
:class:`Changes` name. A refused action is reported on :attr:`refused` with the reason.

The controller owns the :class:`Document` (the game and the file it belongs to: open, new,
branch and save all go through it) and the perspective: the side whose view is shown. The
side view (:mod:`wargame.core.view.side_view`) and the :class:`Update` that carries it are
built in the core once per step; the controller only forwards them, so each widget draws
what it is given and a remote side would receive the same message.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from wargame.core.actions import EVERYTHING, Action, Changes
from wargame.core.errors import ActionError, WargameError
from wargame.core.files.document import Document
from wargame.core.game import Game
from wargame.core.phases import current_phase
from wargame.core.rules.analysis import Analyser, GameAnalysis, analyse
from wargame.core.rules.results import Analysis
from wargame.core.state import GameState
from wargame.core.view.side_view import SideView, side_view
from wargame.core.view.update import Update, update_for

__all__ = ["Analyser", "GameController", "Update"]


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
        # An explicit analyser (tests, benchmarks) replaces the engine's, in the same one chain
        # the replay, the AAR, the trends and the CSV use (None: no engine at all).
        self.analyser: Analyser | None = analyser or analyse
        self.chained: GameAnalysis | None = GameAnalysis(self.game, analyser=self.analyser)
        self.analysis_error: str | None = None
        self._analyses: dict[int, tuple[GameState, Analysis | None]] = {}
        self.viewing_side: str | None = None  # None: the facilitator's view (everything)
        self._view: tuple[GameState, Analysis | None, str | None, SideView] | None = None
        self._before: GameState | None = None  # the state the views last received

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
        if chained is None or self.analyser is None:
            return None
        return self._guarded(lambda: chained.at(index), index, state)

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
            self.chained = GameAnalysis(document.game, analyser=self.chained.analyser)
        self._analyses.clear()
        self._before = None
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
        before, self._before = self._before, self.game.state
        self.changed.emit(self.update(changes, description, before))

    def update(
        self, changes: Changes = EVERYTHING, description: str = "", before: GameState | None = None
    ) -> Update:
        """The update the side in view receives: its side view of the current state (built in
        the core once per state, analysis and side) and what changed since ``before``, as it
        may know it."""
        return update_for(changes, self.view(), before, self.game.state, description)

    def view(self) -> SideView:
        """The side view of the current state for the side in view (None: the facilitator)."""
        state, analysis, side = self.game.state, self.analysis, self.viewing_side
        known = self._view
        if known is None or known[0] is not state or known[1] is not analysis or known[2] != side:
            phase = current_phase(self.game)
            built = side_view(state, analysis, side, phase, self.analysis_error)
            self._view = known = (state, analysis, side, built)
        return known[3]
