"""The hexes a unit can still reach this turn, shaded while it is selected or dragged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from wargame.core.model import Unit
from wargame.core.rules.movement import reach
from wargame.core.state import GameState
from wargame.ui.map import style
from wargame.ui.map.items.geometry import HexGeometry

REACH_Z = 27  # above pockets and critical hexes' fill, under routes and counters


class ReachItem(QGraphicsPathItem):
    """A light fill with an outline over the hexes a unit can move to with what it has left."""

    def __init__(self, geometry: HexGeometry) -> None:
        super().__init__()
        self.geometry = geometry
        self.unit_id: str | None = None
        self.setZValue(REACH_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        colour = QColor(style.BLUISH_GREEN)
        colour.setAlpha(70)
        self.setBrush(QBrush(colour))
        pen = QPen(style.BLUISH_GREEN, 0)
        pen.setCosmetic(True)
        pen.setWidthF(2.0)
        self.setPen(pen)
        self.setVisible(False)

    def show_for(self, state: GameState | None, unit: Unit | None) -> None:
        """Shade where ``unit`` can still go this turn (hide for None, or without timed movement)."""
        if (
            state is None
            or unit is None
            or not state.scenario.rules.timed_movement
            or unit.id not in state.units
        ):
            self.unit_id = None
            self.setVisible(False)
            return
        hexes = [h for h in reach(state, state.units[unit.id]) if h != unit.hex]
        self.unit_id = unit.id
        self.setPath(self.geometry.fill_path(hexes))
        self.setVisible(bool(hexes))
