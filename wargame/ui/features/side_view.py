"""Side views for hidden information, and the curtain drawn between them.

The facilitator's view shows everything. A side's view shows its own units and only the enemy
units that side can see (:mod:`wargame.core.visibility`); only its own warnings, routes,
pockets and corridors (in the panel and on the map); no enemy supply (badge, tooltip, path,
supply area); no action log; and no unseen enemy unit in the hex facts. This module chooses
the view (:meth:`GameController.set_viewing_side`); the controller filters the analysis for
it once and the window draws what it is given.

Switching views never shows the other side by accident: the curtain — a blank screen with
the turn banner — comes down first, the view changes behind it, and a click or Space lifts
it. A side view follows the turn: when the other side's turn begins, the curtain comes down
and that side's view is behind it. While the curtain is down only it answers: every action of
the window (undo, end turn, the tools, Why, Tab, Go to hex…) is held disabled until it lifts,
and a panel floating in a window of its own is hidden until then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import QDockWidget, QWidget
from shiboken6 import isValid

from wargame.ui.features.holds import Holds
from wargame.ui.map import style
from wargame.ui.window.controller import Update

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

CURTAIN_COLOUR = QColor("#1B1F23")
LIFT_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class Curtain(QWidget):
    """A blank screen over the whole window with the turn banner; a click or Space lifts it."""

    lifted = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.window_below = parent
        self.setObjectName("curtain")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("Click or press Space to show the view")
        self.banner = ""
        self.detail = ""
        self.hide()
        parent.installEventFilter(self)

    def lower_with(self, banner: str, detail: str) -> None:
        """Cover the window with ``banner`` (e.g. "Turn 3 · Russia to move")."""
        self.banner, self.detail = banner, detail
        self.setGeometry(self.window_below.rect())
        self.show()
        self.raise_()
        self.setFocus()
        self.update()

    def lift(self) -> None:
        if self.isVisible():
            self.hide()
            self.lifted.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window_below and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.window_below.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), CURTAIN_COLOUR)
        painter.setPen(style.WHITE)
        height = self.height()
        painter.setFont(style.font(max(28, height // 14), bold=True))
        top = QRectF(0, height * 0.30, self.width(), height * 0.16)
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, self.banner)
        painter.setFont(style.font(max(18, height // 30)))
        below = QRectF(0, height * 0.48, self.width(), height * 0.2)
        painter.drawText(below, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.detail)
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Plain keys only: Ctrl+Enter (end turn) pressed at the blank screen must not lift it.
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in LIFT_KEYS and plain:
            self.lift()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.lift()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        # Tab must not carry the keyboard past the curtain to the map behind it.
        return self.isVisible() or super().focusNextPrevChild(next)


class SideViewHook(QObject):
    """View ▸ Side view: Facilitator (everything), or one side's view of the game."""

    def __init__(self, window: WindowContext, holds: Holds) -> None:
        super().__init__(window.widget)
        self.window = window
        self.holds = holds
        self._held: list[QAction | QShortcut] = []  # disabled while the curtain is down
        self._floating: list[QDockWidget] = []  # panels in windows of their own, hidden meanwhile
        self.curtain = Curtain(window.widget)
        self.curtain.lifted.connect(self._after_lift)
        self._build_menu()
        window.controller.changed.connect(self.on_update)

    def _build_menu(self) -> None:
        menu = self.window.menu("View").addMenu("Side view")
        menu.setToolTipsVisible(True)
        group = QActionGroup(self)
        self.actions: dict[str | None, QAction] = {}
        choices: list[tuple[str | None, str]] = [(None, "Facilitator (sees everything)")]
        choices += [(s.id, f"{s.name} view") for s in self.window.controller.game.scenario.sides]
        for index, (side, title) in enumerate(choices):
            action = QAction(title, self.window.widget, checkable=True)
            action.setShortcut(QKeySequence(f"Ctrl+{index}"))
            action.setToolTip(f"{title}: the curtain comes down first (Ctrl+{index})")
            action.triggered.connect(lambda _=False, s=side: self.switch(s))
            group.addAction(action)
            menu.addAction(action)
            self.window.widget.addAction(action)
            self.actions[side] = action
        self.actions[None].setChecked(True)

    @property
    def side(self) -> str | None:
        """The side whose view is shown; None for the facilitator's."""
        return self.window.controller.viewing_side

    @property
    def visible(self) -> frozenset[str]:
        """The units the side in view can see (all of them for the facilitator)."""
        return self.window.controller.update().visible

    def side_name(self, side: str | None) -> str:
        return "Facilitator" if side is None else self.window.controller.state.scenario.side(side).name

    # --- switching --------------------------------------------------------------------------

    def switch(self, side: str | None) -> None:
        """Bring the curtain down, change to ``side``'s view behind it; a click lifts it."""
        state = self.window.controller.state
        mover = state.scenario.side(state.side_to_move).name
        self.curtain.lower_with(
            f"Turn {state.turn} · {mover} to move",
            f"Next: {self.side_name(side)} view\nClick or press Space to show it",
        )
        if side is not None:
            self.holds.hold(self.window.log_dock, "side view")  # the log tells the other side's moves
        else:
            self.holds.release(self.window.log_dock, "side view")
        self.actions[side].setChecked(True)
        self.window.controller.set_viewing_side(side)  # the window draws the new view
        self.window.legend.set_viewer(side)
        self._hold_controls()  # after the window's update, which enables undo and redo

    def _after_lift(self) -> None:
        self._release_controls()
        self.window.view.setFocus()

    def _hold_controls(self) -> None:
        """Disable every enabled action and shortcut of the window: behind the curtain no key
        or menu may change the game or show anything (only the curtain's own lift works)."""
        controls: list[QAction | QShortcut] = [
            *self.window.widget.findChildren(QAction),
            *self.window.widget.findChildren(QShortcut),
        ]
        for control in controls:
            if control.isEnabled():
                control.setEnabled(False)
                self._held.append(control)
        # A floating panel is a window of its own the curtain does not cover: it would show
        # the next view's warnings or explanation before the room is ready.
        for dock in self.window.widget.findChildren(QDockWidget):
            if dock.isFloating() and dock.isVisible():
                dock.hide()
                self._floating.append(dock)

    def _release_controls(self) -> None:
        for control in self._held:
            if isValid(control):
                control.setEnabled(True)
        self._held = []
        for dock in self._floating:
            if isValid(dock) and not self.holds.held(dock):
                dock.show()
        self._floating = []
        game = self.window.controller.game  # undo and redo follow the game, not what was held
        self.window.undo_action.setEnabled(game.can_undo())
        self.window.redo_action.setEnabled(game.can_redo())

    @property
    def curtain_down(self) -> bool:
        return self.curtain.isVisible()

    # --- applying the view ------------------------------------------------------------------

    def on_update(self, update: Update) -> None:
        follows = self.side is not None and update.state.side_to_move != self.side
        if follows and (update.changes.turn or update.changes.everything):
            self.switch(update.state.side_to_move)  # the other side's turn: curtain first
        elif self.curtain_down:
            self._hold_controls()  # e.g. undo, enabled again by the window's own update
