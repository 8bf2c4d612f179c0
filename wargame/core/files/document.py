"""Document: the open game and the file it belongs to.

One object answers "where does Save write?" and "is there anything unsaved?" for every way a
game is opened: from a file or scenario, a new game from the set-up, a branch played on from
a replay ("what if") or a recovered autosave. Only a game opened from a game file has a path;
the others ask for a new name on their first save, so the file they came from is never
overwritten.

>>> document = Document.open("game.wargame.json")   # doctest: +SKIP
>>> document.save()                                  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wargame.core.actions import Action
from wargame.core.errors import GameFileError, WargameError
from wargame.core.files.gamefile import EXTENSION, Metadata, read_game, save_game
from wargame.core.files.loading import open_source
from wargame.core.game import Game


@dataclass
class Document:
    """A game, the file Save writes it to (None: Save asks) and that file's metadata."""

    game: Game
    path: Path | None = None
    # What the game file says besides the game (title, facilitator, players, created):
    # written back on save, so saving never loses it.
    metadata: Metadata | None = None
    _saved: tuple[Action, ...] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.path is not None:
            self._saved = tuple(self.game.actions)  # as read from its file

    @classmethod
    def open(cls, source: str | None) -> Document:
        """The game a user names (game file, scenario file or id; None: the default scenario).

        Save writes back to a game file; a scenario is a starting point, so Save asks where.
        """
        game = open_source(source)
        is_game_file = source is not None and (len(game) > 0 or source.endswith(EXTENSION))
        if not is_game_file or source is None:
            return cls(game)
        path = Path(source)
        return cls(game, path, _file_metadata(path))

    def branch(self, game: Game) -> Document:
        """A new game played on from this one (a replay's "what if"): it keeps the metadata but
        has no file yet, so the first save asks for a new name."""
        return Document(game, None, self.metadata)

    @property
    def unsaved(self) -> bool:
        """Whether the game has actions its file (or, without one, nothing) does not hold."""
        if self._saved is None:
            return len(self.game) > 0
        return tuple(self.game.actions) != self._saved

    def save(self, path: Path | None = None) -> Path:
        """Write the game to ``path`` (default: its file), atomically; the path written."""
        target = path or self.path
        if target is None:
            raise GameFileError("this game has no file yet: save it under a name")
        self.metadata = save_game(target, self.game, self.metadata)
        self.path = target
        self._saved = tuple(self.game.actions)
        return target


def _file_metadata(path: Path) -> Metadata | None:
    """The metadata of the game file at ``path`` (None when it has none to read: a scenario)."""
    try:
        return read_game(path).metadata if path.is_file() else None
    except (WargameError, OSError):
        return None  # not a game file: Save writes fresh metadata
