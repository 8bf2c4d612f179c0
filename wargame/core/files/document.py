"""Document: the open game and the file it belongs to.

One object answers "where does Save write?", "is there anything unsaved?" and "did someone
else change the file since?" for every way a game is opened: from a file or scenario, a new
game from the set-up, a branch played on from a replay ("what if") or a recovered autosave.
A game opened from a game file has its path; a recovered game keeps the path of the file it
was played from (or none); the others ask for a new name on their first save, so the file
they came from is never overwritten.

A game file opened for editing is locked (:mod:`wargame.core.files.lock`) until the document
is closed: a second window is told who has it and opens it read-only (Save then asks for another
name). Every save re-checks the file at the moment of the replace (compare-and-write), so a
writer that ignores the lock is still never silently overwritten.

>>> document = Document.open("game.wargame.json")   # doctest: +SKIP
>>> document.save()                                  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wargame.core.actions import Action
from wargame.core.errors import FileChangedError, GameFileError
from wargame.core.files.atomic import write_atomic
from wargame.core.files.file_state import Fingerprint, fingerprint
from wargame.core.files.gamefile import Metadata, game_to_json, stamped
from wargame.core.files.loading import open_game
from wargame.core.files.lock import FileLock, LockedError, LockHolder
from wargame.core.game import Game

UNTITLED = "Untitled"


@dataclass
class Document:
    """A game, the file Save writes it to (None: Save asks) and that file's metadata."""

    game: Game
    path: Path | None = None
    # What the game file says besides the game (title, facilitator, players, created):
    # written back on save, so saving never loses it.
    metadata: Metadata | None = None
    # The file as this document last saw it (opened or saved): a different one on disk means
    # someone else wrote it since.
    disk: Fingerprint | None = None
    _saved: tuple[Action, ...] | None = field(default=None, repr=False)
    _modified: bool = field(default=False, repr=False)  # unsaved whatever the actions (recovered)
    # This window's lock on its file (None: not locked here). Read-only: the file is not this
    # window's to write (``held_by``: the window that holds it), so Save asks for another name.
    lock: FileLock | None = field(default=None, repr=False)
    read_only: bool = False
    held_by: LockHolder | None = None

    def __post_init__(self) -> None:
        if self.path is not None and self._saved is None:
            self._saved = tuple(self.game.actions)  # as read from its file
            if self.disk is None:
                self.disk = fingerprint(self.path)

    @classmethod
    def open(cls, source: str | None, read_only: bool | None = False) -> Document:
        """The game a user names (game file, scenario file or id; None: the default scenario).

        Save writes back to a game file; a scenario is a starting point, so Save asks where.
        A game file is locked for editing: LockedError names who holds it (``read_only=None``:
        open it read-only then; ``True``: never lock).
        """
        before = fingerprint(Path(source)) if source is not None else None  # taken first: a
        opened = open_game(source)  # change made while reading shows as a change on saving
        if opened.path is None:
            return cls(opened.game)
        document = cls(opened.game, opened.path, opened.metadata, before, read_only=read_only is True)
        if not document.read_only:
            document.take_lock(raise_locked=read_only is False)
        return document

    @classmethod
    def recovered(
        cls, game: Game, path: Path | None, metadata: Metadata | None, disk: Fingerprint | None
    ) -> Document:
        """A game recovered from an autosave: unsaved, tied to the file it was played from
        (``disk``: that file as the crashed session last saw it)."""
        document = cls(game, path, metadata, disk, tuple(game.actions) if path else None, True)
        document.take_lock(raise_locked=False)
        return document

    def take_lock(self, raise_locked: bool = True) -> None:
        """Lock the file for editing here; when another window holds it, LockedError (or, not
        ``raise_locked``, the document is read-only: ``held_by`` says by whom)."""
        if self.path is None:
            return
        try:
            self.lock = FileLock.acquire(self.path)
        except LockedError as error:
            if raise_locked:
                raise
            self.read_only, self.held_by = True, error.holder
        except GameFileError:
            pass  # a folder nobody may write: reading needs no lock, and saving will say why not

    def close(self) -> None:
        """The window shows another game or closes: the file's lock goes."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def branch(self, game: Game) -> Document:
        """A new game played on from this one (a replay's "what if"): it keeps the metadata but
        has no file yet, so the first save asks for a new name."""
        return Document(game, None, self.metadata)

    @property
    def name(self) -> str:
        """The file's name, as the title bar shows it ("Untitled" before the first save)."""
        return self.path.name if self.path is not None else UNTITLED

    @property
    def unsaved(self) -> bool:
        """Whether the game has actions its file (or, without one, nothing) does not hold."""
        if self._modified:
            return True
        if self._saved is None:
            return len(self.game) > 0
        return tuple(self.game.actions) != self._saved

    def changed_on_disk(self) -> bool:
        """Whether the file was written by someone else since this document opened or saved it."""
        if self.path is None:
            return False
        now = fingerprint(self.path)
        return now is not None and now != self.disk

    def save(self, path: Path | None = None, overwrite: bool = False) -> Path:
        """Write the game to ``path`` (default: its file), atomically; the path written.

        FileChangedError when the file changed on disk since it was opened or saved here
        (``overwrite=True``: write anyway); GameFileError for any other reason not to.
        """
        target = path or self.path
        if target is None:
            raise GameFileError("this game has no file yet: save it under a name")
        same = target == self.path
        if same and self.read_only:
            raise ReadOnlyError(self._read_only_message(target))
        new_lock = None if same else FileLock.acquire(target)  # LockedError: open elsewhere
        guard = self._unchanged_guard(target) if same and not overwrite else None
        metadata = stamped(self.metadata, self.game)
        try:
            self.disk = write_atomic(target, game_to_json(self.game, metadata), guard)
        except BaseException:
            if new_lock is not None and new_lock is not self.lock:
                new_lock.release()
            raise
        if new_lock is not None and new_lock.path != getattr(self.lock, "path", None):
            self.close()
            self.lock = new_lock
        elif new_lock is not None:
            new_lock.release()  # the same file by another name (a link): the lock held already
        self.read_only, self.held_by = False, None
        self.metadata = metadata
        self.path = target
        self._saved = tuple(self.game.actions)
        self._modified = False
        return target

    def _unchanged_guard(self, target: Path) -> Callable[[], None]:
        """The compare-and-write check, run at the moment of the replace."""

        def guard() -> None:
            if self.changed_on_disk():
                raise FileChangedError(
                    f"{target.name} changed on disk since it was opened or last saved here "
                    "(another window or program wrote it); saving would replace that version"
                )

        return guard

    def _read_only_message(self, target: Path) -> str:
        why = f" (it is open for editing by {self.held_by.describe()})" if self.held_by else ""
        return f"{target.name} was opened read-only{why}: save this game under another name (Save as…)"


class ReadOnlyError(GameFileError):
    """Save of a document opened read-only: it must be saved under another name."""
