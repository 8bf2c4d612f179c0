"""The unit palette: drag a unit type of a side onto a hex to place it.

The id (blank: chosen automatically), echelon and strength of the next unit are set above the
symbols; the drop only carries them, the main window turns it into a PlaceUnit action.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QMimeData, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wargame.core.limits import STRENGTH
from wargame.core.model import Echelon, Side, UnitType
from wargame.ui.map.map_view import UNIT_MIME
from wargame.ui.map.symbols import unit_icon

TYPE_ROLE = Qt.ItemDataRole.UserRole + 1
SHORT_NAMES = {
    UnitType.INFANTRY: "Infantry",
    UnitType.MECHANISED: "Mech.",
    UnitType.ARMOUR: "Armour",
    UnitType.ARTILLERY: "Artillery",
    UnitType.RECON: "Recon",
    UnitType.HQ: "HQ",
    UnitType.LOGISTICS: "Logistics",
}


class UnitTypeList(QListWidget):
    """The unit types of one side as draggable symbols."""

    def __init__(self, side: Side, hostile: bool, payload: Callable[[str, str], dict[str, Any]]) -> None:
        super().__init__()
        self.side = side
        self._payload = payload
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(52, 44))
        self.setGridSize(QSize(80, 78))
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setDragEnabled(True)
        self.setDragDropMode(QListWidget.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setObjectName(f"palette-{side.id}")
        for unit_type in UnitType:
            item = QListWidgetItem(
                unit_icon(unit_type, QColor(side.colour), hostile, 52), SHORT_NAMES[unit_type]
            )
            item.setData(TYPE_ROLE, unit_type.value)
            item.setToolTip(f"Drag onto a hex to place a {side.name} {unit_type.value} unit")
            self.addItem(item)
        self.setFixedHeight(2 * 78 + 8)  # two rows of four symbols, no scrolling

    def item_for(self, unit_type: UnitType) -> QListWidgetItem:
        return next(
            self.item(i) for i in range(self.count()) if self.item(i).data(TYPE_ROLE) == unit_type.value
        )

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        if items:
            payload = self._payload(self.side.id, items[0].data(TYPE_ROLE))
            data.setData(UNIT_MIME, json.dumps(payload).encode("utf-8"))
        return data

    def mimeTypes(self) -> list[str]:
        return [UNIT_MIME]


class UnitPalette(QWidget):
    def __init__(self, sides: Sequence[Side], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        form_box = QGroupBox("Next unit")
        form = QFormLayout(form_box)
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText("automatic")
        self.echelon = QComboBox()
        for echelon in Echelon:
            self.echelon.addItem(f"{echelon.value} ({echelon.mark})", echelon.value)
        self.echelon.setCurrentIndex(list(Echelon).index(Echelon.BATTALION))
        self.strength = QSpinBox()
        self.strength.setRange(STRENGTH.low, STRENGTH.high)
        self.strength.setValue(4)
        form.addRow("Id", self.id_edit)
        form.addRow("Echelon", self.echelon)
        form.addRow("Strength", self.strength)
        layout.addWidget(form_box)
        self.lists: dict[str, UnitTypeList] = {}
        for index, side in enumerate(sides):
            box = QGroupBox(f"{side.name} ({side.id})")
            box_layout = QVBoxLayout(box)
            type_list = UnitTypeList(side, index > 0, self.payload)
            box_layout.addWidget(type_list)
            self.lists[side.id] = type_list
            layout.addWidget(box)
        layout.addStretch(1)

    def payload(self, side: str, unit_type: str) -> dict[str, Any]:
        """What a drag carries: the type and the settings of the next unit."""
        return {
            "side": side,
            "type": unit_type,
            "id": self.id_edit.text().strip(),
            "echelon": self.echelon.currentData(),
            "strength": self.strength.value(),
        }

    def placed(self) -> None:
        """A unit was placed: the next one gets an automatic id again."""
        self.id_edit.clear()
