"""Playing with the keyboard alone, on the map.

Tab and Shift+Tab pick the next or previous unit of the side to move (and bring it into
view); Q W E / A S D step a target one hex north-west, north, north-east / south-west, south,
south-east of it; Enter moves the unit there (one action, however many steps); Esc drops the
target. End turn (Ctrl+Enter) and undo (Ctrl+Z) are the window's own. Every action here has
a tooltip and shows in the F1 sheet; controls without a tooltip get one naming their key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QGraphicsPathItem, QWidget

from wargame.core.actions import MoveUnit
from wargame.core.grid.hexgrid import Hex
from wargame.ui.features.attention import arrow_path, cosmetic_pen
from wargame.ui.map import style

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

# Key, direction number (clockwise from north-east, see wargame.core.grid.hexgrid) and its name.
STEP_KEYS = (
    ("Q", 4, "north-west"),
    ("W", 5, "north"),
    ("E", 0, "north-east"),
    ("A", 3, "south-west"),
    ("S", 2, "south"),
    ("D", 1, "south-east"),
)
TARGET_Z = 98


class KeyboardHook(QObject):
    """Unit selection, hex steps and the move's confirmation from the keyboard."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.target: Hex | None = None
        self._preview: QGraphicsPathItem | None = None
        self.next_action = self._action("Select next own unit", lambda: self.cycle(1), "Tab")
        self.previous_action = self._action("Select previous own unit", lambda: self.cycle(-1), "Shift+Tab")
        self.step_actions = [
            self._action(f"Step the target {name}", lambda _=False, d=d: self.step(d), key)
            for key, d, name in STEP_KEYS
        ]
        self.confirm_action = self._action("Move the selected unit to the target", self.confirm, "Return")
        self.confirm_action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        window.view.installEventFilter(self)
        window.controller.changed.connect(lambda _: self.clear_target())
        window.scene.selectionChanged.connect(self.clear_target)
        window.controller.game_replaced.connect(self._new_scene)

    def _action(self, text: str, slot: object, key: str) -> QAction:
        action = QAction(text, self.window.widget)
        action.setShortcut(QKeySequence(key))
        # Only while the map has the keyboard: typing in a panel's field stays typing.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({key})")
        action.triggered.connect(slot)
        self.window.view.addAction(action)
        return action

    def _new_scene(self) -> None:
        self._preview = None
        self.window.scene.selectionChanged.connect(self.clear_target)

    # --- selecting ----------------------------------------------------------------------------

    def selected_unit(self) -> str | None:
        for item in self.window.scene.selectedItems():
            unit_id = getattr(item, "unit_id", None)
            if unit_id is not None:
                return str(unit_id)
        return None

    def cycle(self, step: int) -> str | None:
        """Select the next (``step=1``) or previous unit of the side to move (or of the side in view)."""
        state = self.window.controller.state
        side = self.window.controller.view().viewer or state.side_to_move
        own = [u.id for u in state.units_of(side)]  # a side's view never picks a hidden enemy
        if not own:
            return None
        current = self.selected_unit()
        index = own.index(current) + step if current in own else (0 if step > 0 else -1)
        unit_id = own[index % len(own)]
        self.window.scene.select_units([unit_id])
        self.window.view.centre_on_hexes([state.units[unit_id].hex])
        self.window.show_message(
            f"{state.units[unit_id].label} selected: Q W E A S D step, Enter moves, Esc cancels", 8000
        )
        return unit_id

    # --- moving -------------------------------------------------------------------------------

    def step(self, direction: int) -> None:
        unit_id = self.selected_unit()
        if unit_id is None:
            self.window.show_message("Select a unit first (Tab)", 5000)
            return
        state = self.window.controller.state
        start = self.target or state.units[unit_id].hex
        target = start.neighbour(direction)
        if target not in state.map:
            self.window.show_refusal(f"{state.map.describe(start)} is at the edge of the map")
            return
        self.target = target
        self._show_target(state.units[unit_id].hex, target)

    def confirm(self) -> bool:
        """Move the selected unit to the target (one action), or say why not."""
        unit_id = self.selected_unit()
        if unit_id is None or self.target is None:
            self.window.show_message("Select a unit (Tab) and step a target (Q W E A S D)", 5000)
            return False
        target, self.target = self.target, None
        moved = self.window.controller.push(MoveUnit(unit_id, target))
        self.window.scene.select_units([unit_id])  # keep the unit for the next step
        self.clear_target()
        return moved

    def clear_target(self) -> None:
        """Drop the target: another unit was picked, or the situation changed."""
        self.target = None
        if self._preview is not None:
            if self._preview.scene() is not None:
                self._preview.scene().removeItem(self._preview)
            self._preview = None

    def _show_target(self, start: Hex, target: Hex) -> None:
        scene = self.window.scene
        path = scene.geometry.fill_path([target])
        path.addPath(
            arrow_path(
                scene.geometry.centre(start),
                scene.geometry.centre(target),
                self.window.controller.game.map.layout.size_m * 0.3,
            )
        )
        if self._preview is None or self._preview.scene() is not scene:
            self._preview = QGraphicsPathItem()
            self._preview.setZValue(TARGET_Z)
            self._preview.setPen(cosmetic_pen(style.BLACK, 4, dashed=True))
            self._preview.setBrush(style.with_alpha(style.YELLOW, 90))
            scene.addItem(self._preview)
        self._preview.setPath(path)
        self._preview.setToolTip(f"Target {scene.map.describe(target)}: Enter moves there")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            self.clear_target()  # and the view goes back to the move tool as usual
        return False


def add_missing_tooltips(window: WindowContext) -> None:
    """Every action tells what it does and its key, also where no tooltip was written."""
    for action in window.widget.findChildren(QAction):
        text = action.text().replace("&", "").rstrip("…")
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        plain = action.toolTip().replace("&", "").rstrip("…") in ("", text)
        if text and plain:
            action.setToolTip(f"{text} ({key})" if key else text)


WIDGET_TIPS = {
    "qt_dockwidget_floatbutton": "Float this panel as its own window (double-click its title docks it again)",
    "qt_dockwidget_closebutton": "Close this panel (View ▸ Panels brings it back)",
    "actingSide": "The side that seizing, interdicting and the palette act for",
}


PALETTE_TIPS = (
    "Id of the next unit placed (empty: an automatic one)",
    "Echelon of the next unit placed",
    "Strength steps of the next unit placed",
)


def add_missing_widget_tooltips(window: WindowContext) -> None:
    """Buttons and fields without a tooltip get one (the palette's fields, dock buttons, …)."""
    palette = window.unit_palette
    fields: tuple[QWidget, ...] = (palette.id_edit, palette.echelon, palette.strength)
    for field, tip in zip(fields, PALETTE_TIPS, strict=True):
        if not field.toolTip():
            field.setToolTip(tip)
    for widget in window.widget.findChildren(QWidget):
        known = WIDGET_TIPS.get(widget.objectName())
        if known and not widget.toolTip():
            widget.setToolTip(known)


# Keys and clicks that no action carries, for the F1 sheet.
EXTRA_KEYS = (
    ("Alt+click", "Flare on the hex clicked"),
    ("Space", "Lift the curtain (or click it)"),
    ("Esc", "Drop the keyboard target; back to the move tool"),
)
