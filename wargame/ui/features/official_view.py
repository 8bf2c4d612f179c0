"""Official and projected supply, side by side on the counters.

The supply recomputed after every action is *projected*: the counter's badge shows it. The
*official* status is fixed when the unit's side's turn begins (``UnitSupply.official``). Where
the two differ, a small boxed badge below the projected one shows the official status, with
the same shapes and glyphs (circle ✓, triangle !, square –, octagon ×), so it reads without
colour; the box is what says "official". The counter's tooltip, and the status bar when a unit
is selected, say both: "official: supplied (fixed at the start of turn 3) · projected: encircled".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QListWidgetItem, QStyleOptionGraphicsItem, QWidget
from shiboken6 import isValid

from wargame.core.rules.results import Analysis, Supply, UnitSupply
from wargame.core.state import GameState
from wargame.ui.map import style
from wargame.ui.map.items.counters import MARKS, CounterItem
from wargame.ui.map.symbols import paint_supply_badge
from wargame.ui.window.controller import Update

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

LEGEND_TEXT = "official status (boxed), where it differs from the projected badge"


def official_turn(state: GameState, side: str) -> int:
    """The turn at whose start ``side``'s official statuses were fixed."""
    order = list(state.scenario.side_ids)
    if side not in order or state.side_to_move not in order:
        return state.turn
    # A side later in the order than the side to move has not begun this turn yet.
    return state.turn if order.index(side) <= order.index(state.side_to_move) else state.turn - 1


def official_text(state: GameState, supply: UnitSupply) -> str:
    """Both statuses in one line, for tooltips, the status bar and the Why panel."""
    same = supply.official is supply.supply
    projected = "projected: the same" if same else f"projected: {supply.supply.title}"
    if supply.official is None:
        return f"official: none yet (fixed when its side's turn begins) · {projected}"
    unit = state.units.get(supply.unit_id)
    turn = official_turn(state, unit.side) if unit else state.turn
    return f"official: {supply.official.title} (fixed at the start of turn {turn}) · {projected}"


def differs(supply: UnitSupply | None) -> bool:
    return supply is not None and supply.official is not None and supply.official is not supply.supply


def paint_official(painter: QPainter, box: QRectF, supply: Supply) -> None:
    """The official mark: the status badge inside a white box with a heavy black frame."""
    painter.setPen(QPen(style.BLACK, 3))
    painter.setBrush(style.WHITE)
    painter.drawRect(box)
    paint_supply_badge(painter, box.adjusted(4, 4, -4, -4), supply)


class OfficialMark(QGraphicsItem):
    """The boxed official badge on one counter."""

    def __init__(self, counter: CounterItem) -> None:
        super().__init__(counter)
        self.counter = counter
        self.supply = Supply.SUPPLIED
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def show_supply(self, supply: Supply, text: str) -> None:
        self.supply = supply
        self.setToolTip(text)
        self.update()

    def boundingRect(self) -> QRectF:
        return MARKS["official"].adjusted(-3, -3, 3, 3)  # where the full face has it

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        box = self.counter.mark_rect("official")
        if box is None:
            return  # no room on a compact counter: the tooltip says it
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_official(painter, box, self.supply)


def legend_icon(supply: Supply = Supply.SUPPLIED) -> QIcon:
    pixmap = QPixmap(56, 34)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_official(painter, QRectF(13, 2, 30, 30), supply)
    painter.end()
    return QIcon(pixmap)


class OfficialHook(QObject):
    """Keeps the official marks, the counters' tooltips and the legend entry of one window."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.marks: dict[str, OfficialMark] = {}
        window.controller.changed.connect(self.on_update)
        window.controller.perspective_changed.connect(self.on_update)  # no mark of another view stays
        window.controller.game_replaced.connect(self._new_scene)
        self._scene = window.scene
        self._scene.selectionChanged.connect(self.show_selected)
        self._add_legend()

    def supplies(self, analysis: Analysis | None) -> dict[str, UnitSupply]:
        found: dict[str, UnitSupply] = {}
        for side in analysis.sides.values() if analysis else ():
            found.update(side.units)
        return found

    def on_update(self, update: Update) -> None:
        supplies = self.supplies(update.analysis)
        counters = self.window.scene.counters
        for unit_id in list(self.marks):
            mark = self.marks[unit_id]
            if not differs(supplies.get(unit_id)) or counters.get(unit_id) is not mark.parentItem():
                if mark.scene() is not None:
                    mark.scene().removeItem(mark)
                del self.marks[unit_id]
        for unit_id, counter in counters.items():
            supply = supplies.get(unit_id)
            text = official_text(update.state, supply) if supply else None
            counter.set_note("official", text)
            if supply is not None and text is not None and differs(supply):
                mark = self.marks.get(unit_id) or OfficialMark(counter)
                self.marks[unit_id] = mark
                mark.show_supply(supply.official, text)  # type: ignore[arg-type]

    def show_selected(self) -> None:
        """Selecting one unit puts both of its statuses in the status bar."""
        if not isValid(self.window.scene):
            return  # the scene is being torn down with its window
        ids = [uid for item in self.window.scene.selectedItems() if (uid := getattr(item, "unit_id", None))]
        supply = self.supplies(self.window.controller.analysis).get(ids[0]) if len(ids) == 1 else None
        if supply is not None:
            text = official_text(self.window.controller.state, supply)
            self.window.show_message(f"{supply.unit_id}: {text}", 15000)

    def _new_scene(self) -> None:
        self.marks = {k: m for k, m in self.marks.items() if m.scene() is self.window.scene}
        if self._scene is not self.window.scene:  # another map: a new scene
            self._scene = self.window.scene
            self._scene.selectionChanged.connect(self.show_selected)
        self._add_legend()

    def _add_legend(self) -> None:
        legend = self.window.legend
        if not legend.findItems(LEGEND_TEXT, Qt.MatchFlag.MatchExactly):
            legend.addItem(QListWidgetItem(legend_icon(), LEGEND_TEXT))
