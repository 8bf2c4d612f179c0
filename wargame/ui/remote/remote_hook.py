"""File ▸ Host game…, Join game… and Control cell…: the window's entries for remote play.

Hosting makes this window the facilitator's: the game shown is the truth. Intents from the
sides are judged and applied to it (the map redraws), and the facilitator's own actions here
join the game's log after each step. Undo is refused while hosting (the log only grows).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wargame.ui.features.context import WindowContext
from wargame.ui.window.controller import Update

if TYPE_CHECKING:  # the network client is loaded only when remote play is asked for
    from wargame.remote.codes import JoinCode
    from wargame.remote.facilitator import Facilitator
    from wargame.remote.hosting import Hosting
    from wargame.ui.remote.control_cell import ControlCellWindow
    from wargame.ui.remote.side_window import RemoteSideWindow

THIS_MACHINE, LOCAL_NETWORK, CANCEL = "This machine only", "The local network", "Cancel"


class CodesDialog(QDialog):
    """The join codes to hand out, one a line, to copy."""

    def __init__(self, hosting: Hosting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("joinCodesDialog")
        self.setWindowTitle("Join codes")
        facilitator = hosting.facilitators[0]
        lines = [f"Server: {hosting.url}", f"Game: {facilitator.names.game}", ""]
        lines += [f"{role}: {code}" for role, code in hosting.codes(facilitator).items()]
        self.text = QPlainTextEdit("\n".join(lines), self)
        self.text.setReadOnly(True)
        copy = QPushButton("Copy all", self)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(copy)
        self.resize(900, 300)


class RemoteHook(QObject):
    """The remote-play entries of one main window."""

    def _ask_code(self) -> str | None:
        text = self.window.dialogs.text(self.window.widget, "Join game", "Join code (wg1.…):")
        return text if text and text.strip() else None

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.hosting: Hosting | None = None
        self.codes: CodesDialog | None = None
        self.windows: list[QWidget] = []
        self.ask_code: Callable[[], str | None] = lambda: self._ask_code()
        self.side_window: Callable[[JoinCode], RemoteSideWindow] | None = None  # how one opens (tests)
        self._applying = False
        self.host_action = self._action("&Host game…", "hostGameAction", self.ask_and_host)
        self.host_action.setStatusTip(
            "Play in separate rooms: this window holds the truth; a join code per side"
        )
        self.join_action = self._action("&Join game…", "joinGameAction", self.ask_and_join)
        self.join_action.setStatusTip("Join a remote game with the code the facilitator gave")
        self.cell_action = self._action("Control &cell…", "controlCellAction", self.open_control_cell)
        self.cell_action.setStatusTip("Watch many remote games at once: turn, phase and headlines")
        window.controller.changed.connect(self._local_step)
        window.closed.connect(self.stop)

    def _action(self, text: str, name: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self.window.widget)
        action.setObjectName(name)
        action.triggered.connect(slot)
        menu = self.window.menu("File")
        separators = [a for a in menu.actions() if a.isSeparator()]
        if separators:
            menu.insertAction(separators[-1], action)  # above the separator before Quit
        else:
            menu.addAction(action)
        return action

    # --- hosting ------------------------------------------------------------------------------

    def ask_and_host(self) -> None:
        if self.hosting is not None:
            self._show_codes()
            return
        where = self.window.dialogs.ask(
            self.window.widget, "Host game", "Who may connect to this game's server?",
            (THIS_MACHINE, LOCAL_NETWORK, CANCEL),
        )  # fmt: skip
        if where in (THIS_MACHINE, LOCAL_NETWORK):
            self.start_hosting(lan=where == LOCAL_NETWORK)

    def start_hosting(self, lan: bool = False) -> None:
        """Host the game in this window (the embedded server); the codes show when it runs."""
        from wargame.remote.hosting import host
        from wargame.ui.remote.event_loop import spawn

        self.host_action.setEnabled(False)
        self.window.show_message("Starting the game's server…", 3000)

        def failed(reason: str) -> None:
            self.host_action.setEnabled(True)
            self.window.show_refusal(f"cannot host: {reason}")

        work = host([self.window.controller.game], lan=lan, on_change=self._remote_step)
        spawn(work, failed, self._hosted)

    def _hosted(self, hosting: Hosting) -> None:
        self.hosting = hosting
        self.host_action.setEnabled(True)
        self.host_action.setText("Join &codes…")
        facilitator = hosting.facilitators[0]
        if facilitator.game is not self.window.controller.game:
            self._remote_step(facilitator)
        self._show_codes()

    def _show_codes(self) -> None:
        if self.hosting is None:
            return
        self.codes = CodesDialog(self.hosting, self.window.widget)
        self.codes.show()

    @property
    def facilitator(self) -> Facilitator | None:
        return self.hosting.facilitators[0] if self.hosting is not None else None

    def _remote_step(self, facilitator: Facilitator) -> None:
        """A side's intent was applied to the truth: show it."""
        self._applying = True
        try:
            self.window.controller.refresh()
        finally:
            self._applying = False

    def _local_step(self, _update: Update) -> None:
        facilitator = self.facilitator
        if facilitator is None or self._applying:
            return
        from wargame.ui.remote.event_loop import spawn

        spawn(facilitator.sync(), self._sync_refused)

    def _sync_refused(self, reason: str) -> None:
        facilitator = self.facilitator
        controller = self.window.controller
        if facilitator is not None and "undo" in reason:
            while len(controller.game) < facilitator.logged and controller.game.can_redo():
                controller.redo()
        self.window.show_refusal(reason)

    def stop(self) -> None:
        hosting, self.hosting = self.hosting, None
        if hosting is not None:
            from wargame.ui.remote.event_loop import spawn

            spawn(hosting.stop(), lambda _reason: None)

    # --- joining ------------------------------------------------------------------------------

    def ask_and_join(self) -> RemoteSideWindow | None:
        from wargame.remote.codes import JoinCode
        from wargame.remote.names import RemoteError
        from wargame.ui.remote.side_window import RemoteSideWindow

        text = self.ask_code()
        if not text:
            return None
        try:
            code = JoinCode.parse(text)
        except RemoteError as error:
            self.window.show_refusal(str(error))
            return None
        side_window = (self.side_window or RemoteSideWindow)(code)
        side_window.resize(1400, 900)
        side_window.show()
        self.windows.append(side_window)
        return side_window

    def open_control_cell(self) -> ControlCellWindow:
        from wargame.ui.remote.control_cell import ControlCellWindow

        cell = ControlCellWindow(self.ask_code, self.side_window)
        cell.show()
        self.windows.append(cell)
        return cell
