"""Game: a scenario plus an ordered action log, with every intermediate state cached.

The state after ``i`` actions is a pure fold of the first ``i`` actions over the initial
state, so undo, redo, replay and "state at turn N" are the same code (python-chess's move
stack). States share unchanged mappings, so caching all of them is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from wargame.core.actions import Action, Changes, EndTurn, Note, RollDice, check_storable
from wargame.core.actors import check_actor, default_actor
from wargame.core.errors import ActionError
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Scenario
from wargame.core.rules.official import count_turns_out_of_supply, official_supply
from wargame.core.rules.schedule import happen_due
from wargame.core.state import GameState


def start(scenario: Scenario, gamemap: GameMap) -> GameState:
    """The scenario's start, with the first side's official supply fixed (its turn begins)."""
    state = happen_due(GameState.initial(scenario, gamemap))
    return state.evolve(official=official_supply(state))


def play(action: Action, state: GameState, actor: str | None = None) -> GameState:
    """``action`` applied to ``state`` by ``actor`` (None: :func:`default_actor`). At the end
    of a turn the supply rules count turns out of supply for the side whose turn ends and fix
    the official supply of the side whose turn begins (see :mod:`wargame.core.rules.official`).
    A note or a roll is recorded as its actor's. Whatever the schedule holds for the turn
    reached happens (:mod:`wargame.core.rules.schedule`)."""
    after = action.apply(state)
    if isinstance(action, (Note, RollDice)):
        by = actor or default_actor(action, state)
        after = after.evolve(notes=(*after.notes[:-1], replace(after.notes[-1], side=by)))
    after = happen_due(after)
    if isinstance(action, EndTurn):
        after = after.evolve(turns_out_of_supply=count_turns_out_of_supply(state))
        after = after.evolve(official=official_supply(after))
    return after


def fold(initial: GameState, actions: Iterable[Action]) -> GameState:
    """Apply actions one by one, validating each; ActionError names the failing index."""
    state = initial
    for index, action in enumerate(actions):
        try:
            action.validate(state)
        except ActionError as error:
            raise ActionError(f"action {index} ({action.kind}): {error}") from None
        state = play(action, state)
    return state


class Game:
    """The game: push actions, undo and redo them, look at any earlier state.

    >>> game = Game(scenario, gamemap)          # doctest: +SKIP
    >>> changes = game.push(EndTurn())          # doctest: +SKIP
    """

    def __init__(
        self,
        scenario: Scenario,
        gamemap: GameMap,
        actions: Iterable[Action] = (),
        actors: Sequence[str | None] = (),
    ) -> None:
        self.scenario = scenario
        self.map = gamemap
        self._log: list[Action] = []
        self._actors: list[str] = []  # who did each action of the log: a side id or "facilitator"
        self._states: list[GameState] = [start(scenario, gamemap)]
        self._cursor = 0  # number of actions in effect; the rest of the log can be redone
        for index, action in enumerate(actions):
            try:
                self.push(action, actors[index] if index < len(actors) else None)
            except ActionError as error:
                raise ActionError(f"action {index} ({action.kind}): {error}") from None

    # --- the log ---------------------------------------------------------------------------

    @property
    def state(self) -> GameState:
        return self._states[self._cursor]

    @property
    def actions(self) -> list[Action]:
        """The actions in effect, oldest first."""
        return self._log[: self._cursor]

    @property
    def actors(self) -> list[str]:
        """Who did each action in effect: a side id or "facilitator" (:mod:`wargame.core.actors`)."""
        return self._actors[: self._cursor]

    def actor(self, index: int) -> str:
        """Who did action ``index`` (0-based)."""
        return self._actors[index]

    @property
    def cursor(self) -> int:
        return self._cursor

    def __len__(self) -> int:
        return self._cursor

    def push(self, action: Action, actor: str | None = None) -> Changes:
        """Validate and apply an action done by ``actor`` (a side id or "facilitator"; None:
        whoever does such an action, :func:`default_actor`); drops any undone actions.
        Raises ActionError."""
        state = self.state
        check_storable(action)
        action.validate(state)
        by = actor or default_actor(action, state)
        check_actor(action, by, state)
        changes = action.affects(state)
        new_state = play(action, state, by)
        del self._log[self._cursor :]
        del self._actors[self._cursor :]
        del self._states[self._cursor + 1 :]
        self._log.append(action)
        self._actors.append(by)
        self._states.append(new_state)
        self._cursor += 1
        return changes

    def can_undo(self) -> bool:
        return self._cursor > 0

    def can_redo(self) -> bool:
        return self._cursor < len(self._log)

    def undo(self) -> Changes:
        if not self.can_undo():
            raise ActionError("nothing to undo")
        self._cursor -= 1
        action = self._log[self._cursor]
        return action.affects(self._states[self._cursor]) | _turn_change(action)

    def redo(self) -> Changes:
        if not self.can_redo():
            raise ActionError("nothing to redo")
        action = self._log[self._cursor]
        changes = action.affects(self._states[self._cursor])
        if len(self._states) <= self._cursor + 1:
            self._states.append(play(action, self._states[self._cursor], self._actors[self._cursor]))
        self._cursor += 1
        return changes

    def undo_text(self) -> str | None:
        if not self.can_undo():
            return None
        return self._log[self._cursor - 1].describe(self._states[self._cursor - 1])

    def redo_text(self) -> str | None:
        if not self.can_redo():
            return None
        return self._log[self._cursor].describe(self._states[self._cursor])

    # --- looking back ----------------------------------------------------------------------

    def state_at(self, index: int) -> GameState:
        """State after the first ``index`` actions in effect (0 = the scenario's start)."""
        if not 0 <= index <= self._cursor:
            raise ActionError(f"action index {index} is outside 0..{self._cursor}")
        return self._states[index]

    def describe(self, index: int) -> str:
        """Readable text of action ``index`` (0-based), as the log panel shows it."""
        return self._log[index].describe(self._states[index])

    def index_of_turn(self, turn: int) -> int:
        """Action index at the start of ``turn`` (its first side to move); clamps to the end."""
        for index in range(self._cursor + 1):
            if self._states[index].turn >= turn:
                return index
        return self._cursor

    def turns(self) -> list[int]:
        return sorted({s.turn for s in self._states[: self._cursor + 1]})

    def truncated(self, index: int) -> Game:
        """A new game with only the first ``index`` actions: a "what if" branch."""
        return Game(self.scenario, self.map, self._log[:index], self._actors[:index])


def _turn_change(action: Action) -> Changes:
    return Changes(turn=True) if isinstance(action, EndTurn) else Changes()
