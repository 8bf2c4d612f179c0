"""Autosave in the app: the open game written shortly after every change, and recovery.

Each change (an action, an undo, a game opened) sets a timer: the autosave is written when play
pauses for 1.5 s, and at most 5 s after the oldest change it lacks even when play never pauses
(:class:`wargame.core.files.autosave.AutosavePace`). The game's log is then taken as it stands
(cheap: references to immutable states and actions) and a worker thread writes it, with a
record of the file it belongs to, as this session's autosave (:mod:`wargame.core.files.autosave`).
A game with nothing unsaved has no autosave. A failed autosave shows a warning in the turn bar
that stays until an autosave succeeds again.

On start, every earlier session that ended without a clean exit is offered by its title, file
and time: Recover opens it as an unsaved game tied to its own file (or to none), Discard
forgets it, Later offers it again at the next start. A clean close removes this session's
autosave. The folder is ``autosave`` in the user's data folder (``$WARGAME_DATA_DIR`` when set).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel

from wargame.core.errors import WargameError
from wargame.core.files.autosave import (
    MOST_BEHIND_SECONDS,
    QUIET_SECONDS,
    AutosavePace,
    Autosaves,
    Crashed,
    default_autosave_dir,
)
from wargame.core.files.document import Document
from wargame.core.files.file_state import Fingerprint
from wargame.core.files.gamefile import Metadata, Snapshot, snapshot

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

DELAY_MS = round(QUIET_SECONDS * 1000)  # quiet time after a change before the autosave is written
RECOVER, DISCARD, LATER = "Recover", "Discard", "Later"
BANNER_STYLE = "QLabel { background: #B00020; color: white; font-weight: bold; padding: 2px 8px; }"


def autosave_folder() -> Path:
    """``autosave`` in the user's data folder (:func:`wargame.core.resources.user_dir`, the one
    mechanism for every user folder)."""
    return default_autosave_dir()


class AutosaveHook(QObject):
    """Autosaves a main window's game after every change; offers crashed sessions' games."""

    written = Signal(int, object)  # (which write, error text or None), from the worker thread

    def __init__(
        self,
        window: WindowContext,
        folder: Path | None = None,
        delay_ms: int = DELAY_MS,
        most_behind_ms: int | None = None,
    ) -> None:
        super().__init__(window.widget)
        self.window = window
        self.autosaves = Autosaves(folder or autosave_folder())
        behind = MOST_BEHIND_SECONDS * 1000 if most_behind_ms is None else most_behind_ms
        self.pace = AutosavePace(delay_ms / 1000, max(delay_ms, behind) / 1000)
        self.clock: Callable[[], float] = time.monotonic  # the pace's clock (tests drive a fake one)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._submit)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
        self.pending: Future[str | None] | None = None
        self.submitted = 0  # writes handed to the worker
        self.shown = 0  # the newest write whose outcome is shown
        self.last_error: str | None = None
        self.ended = False
        self.banner = QLabel()
        self.banner.setObjectName("autosaveWarning")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner_action = window.turn_bar.addWidget(self.banner)
        self.banner_action.setVisible(False)
        self.written.connect(self._show_outcome)

    # --- the session ---------------------------------------------------------------------------

    def start(self, ask: bool = True) -> list[Crashed]:
        """Begin the session; offer the games of crashed sessions (``ask``). The crashed sessions."""
        try:
            crashed = self.autosaves.begin()
        except WargameError as error:
            self._show_outcome(self.submitted, str(error))
            crashed = []
        controller = self.window.controller
        controller.changed.connect(self.on_change)
        controller.saved.connect(lambda _path: self.on_change())
        self.window.closed.connect(self.end)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.end)
        if ask:
            self.offer(crashed)
        return crashed

    def end(self) -> None:
        """A clean exit: wait for the last write, then remove this session's autosave."""
        if self.ended:
            return
        self.ended = True
        self.timer.stop()
        self.worker.submit(self.autosaves.end)
        self.worker.shutdown(wait=True)

    # --- writing -------------------------------------------------------------------------------

    def on_change(self, *_: object) -> None:
        """After any change: autosave soon if there is something unsaved, else forget it."""
        if self.ended:
            return
        if self.window.controller.document.unsaved:
            now = self.clock()
            self.pace.changed(now)
            self.timer.start(round(1000 * (self.pace.due_in(now) or 0.0)))
        else:
            self.pace.taken()
            self.timer.stop()
            self.worker.submit(self.autosaves.forget_game)

    def save_now(self) -> str | None:
        """Write the autosave at once and wait for it; the error, if it failed."""
        self.timer.stop()
        future = self._submit()
        return self._outcome(future, self.submitted)

    def flush(self) -> None:
        """Write a pending autosave now and wait for whatever is being written."""
        if self.timer.isActive():
            self.save_now()
        elif self.pending is not None:
            self._outcome(self.pending, self.submitted)

    def _submit(self) -> Future[str | None] | None:
        if self.ended:
            return None
        document = self.window.controller.document
        self.pace.taken()
        self.submitted += 1
        number = self.submitted
        self.pending = self.worker.submit(
            self._write, snapshot(document.game), document.metadata, document.path, document.disk
        )
        self.pending.add_done_callback(lambda done: self._report(number, done))
        return self.pending

    def _write(
        self, game: Snapshot, metadata: Metadata | None, file: Path | None, disk: Fingerprint | None
    ) -> str | None:
        """On the worker thread: write, and say what went wrong instead of raising."""
        started = self.clock()
        try:
            self.autosaves.write(game, metadata, file, disk)
            self.pace.wrote(self.clock() - started)
        except WargameError as error:
            return str(error)
        except Exception as error:  # noqa: BLE001 - the worker thread's boundary: shown, not lost
            return f"{type(error).__name__}: {error}"
        return None

    def _report(self, number: int, done: Future[str | None]) -> None:
        if not self.ended:
            self.written.emit(number, done.result())

    def _outcome(self, future: Future[str | None] | None, number: int) -> str | None:
        if future is None:
            return self.last_error
        error = future.result()
        self._show_outcome(number, error)
        return error

    def _show_outcome(self, number: int, error: object) -> None:
        """The warning in the turn bar stays until a later autosave succeeds."""
        if number < self.shown:
            return  # an older write's news, come late
        self.shown = number
        self.last_error = None if error is None else str(error)
        if self.last_error is None:
            self.banner_action.setVisible(False)
            return
        self.banner.setText("⚠ Autosave failed: the game is not being autosaved (save it with Ctrl+S)")
        self.banner.setToolTip(self.last_error)
        self.banner_action.setVisible(True)
        self.window.show_message(f"Autosave failed: {self.last_error}", 15000)

    # --- recovery ------------------------------------------------------------------------------

    def offer(self, crashed: list[Crashed]) -> Document | None:
        """Ask about each crashed session's game in turn; the document last recovered."""
        recovered = None
        for item in crashed:
            choice = self.window.dialogs.ask(
                self.window.widget, "Recover a game?", describe(item), [RECOVER, DISCARD, LATER]
            )
            if choice == RECOVER:
                recovered = self.recover(item) or recovered
            elif choice == DISCARD:
                Autosaves.discard(item)
        return recovered

    def recover(self, crashed: Crashed) -> Document | None:
        """Open a crashed session's game as an unsaved document tied to its own file (or none)."""
        try:
            saved = Autosaves.read(crashed)
        except WargameError as error:
            self.window.dialogs.tell(
                self.window.widget, "Cannot recover", f"{error}\n\nThe autosave is kept: {crashed.game_path}"
            )
            return None
        if not self.window.files.confirm_discard("recover the other game"):
            return None
        record = crashed.record
        path = Path(record.file) if record.file else None
        document = Document.recovered(saved.game, path, saved.metadata, record.disk)
        self.window.open_document(document)
        if self.save_now() is None:  # this session holds it now: the crashed session's copy may go
            Autosaves.discard(crashed)
        return document


def describe(crashed: Crashed) -> str:
    """The question about one crashed session's game: its title, file and time."""
    record = crashed.record
    where = record.file or "none (it was never saved)"
    tied = " tied to that file" if record.file else ""
    return (
        "A session that ended unexpectedly left this game:\n\n"
        f"{record.title}\nFile: {where}\n"
        f"Autosaved: {local_time(record.updated)}, turn {record.turn}, {record.actions} actions\n\n"
        f"Recover it (as an unsaved game{tied}), discard it, or decide at the next start?"
    )


def local_time(stamp: str) -> str:
    """An ISO 8601 time as the user's clock shows it: ``2023-02-14 10:30``."""
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp or "unknown"
