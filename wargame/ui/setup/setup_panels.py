"""The forms of the setup editor: the scenario's texts and turns, its rule parameters, the
briefing of each side, and the unit selected on the map.

The forms never change the draft: each emits what the facilitator typed, the editor makes it
an edit of the draft (which may refuse it), then shows the draft back through ``show_*``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wargame.core.limits import FIRST_TURN, REACH, STRENGTH, TURN_LENGTH_DAYS
from wargame.core.model import GROUNDS, Echelon, Rules, Scenario, Side, Unit, UnitType

RULE_TIPS = {
    "max_trace_cost": "the longest supply line, in trace-cost points",
    "road_cost": "cost of one hex along a road of each class",
    "terrain_cost": "cost of entering a hex of each terrain off the road",
    "river_crossing_cost": "added where a link crosses a river or canal without a bridge",
    "zoc": "enemy combat units exert a zone of control",
    "narrow_corridor_hexes": "a corridor this narrow or narrower raises a warning",
    "interdiction_turns": "an interdiction lasts until the interdicting side's N-th next turn",
    "force_link_hexes": "units this close to each other form one force",
    "corridor_depth_hexes": "only hexes this close to enemy ground can be cut",
    "corridor_max_hexes": "wider corridors are not reported",
    "ground": "dry, frozen or mud: what cross-country links and unbridged rivers carry",
    "road_capacity": "supply points a turn a road of each class carries",
    "offroad_capacity": "supply points a turn a cross-country link carries, by ground",
    "terrain_capacity": "share of the cross-country capacity each terrain allows",
    "river_capacity": "share left across an unbridged river, by ground",
    "fire_capacity": "share a link into a hex under enemy fire still carries",
    "need_sp": "supply points a turn a full-strength unit needs, by echelon",
    "need_factor": "times the echelon's need, by unit type",
    "source_capacity": "supply points a turn each source sends",
    "source_stretch_hexes": "a source on the map edge covers this many edge hexes each way",
    "last_mile_hexes": "supply reaching this close to a unit arrives whatever the links",
    "limited_share": "below this share of its need a unit is out of supply",
}


def _set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Show ``text`` without a signal, and without moving the cursor when it is already there."""
    current = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
    if current != text:
        widget.blockSignals(True)
        if isinstance(widget, QLineEdit):
            widget.setText(text)
            widget.setCursorPosition(0)  # a long title shows its beginning
        else:
            widget.setPlainText(text)
        widget.blockSignals(False)


def _set_value(widget: QSpinBox | QDoubleSpinBox | QCheckBox | QComboBox, value: Any) -> None:
    widget.blockSignals(True)
    if isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(0, widget.findData(value)))
    else:
        widget.setValue(value)
    widget.blockSignals(False)


class ScenarioForm(QWidget):
    """Id, title, date, description, turn length, first side and first turn number."""

    edited = Signal(str, object)  # field ("id", "title", …, "turn_length", "first_side"), value

    def __init__(self, scenario: Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.texts: dict[str, QLineEdit | QPlainTextEdit] = {}
        for field, label, hint in (
            ("title", "Title", "what the room calls this situation"),
            ("id", "Id", "names the file, e.g. bakhmut-2023-03"),
            ("date", "Date", "e.g. 2023-03-01"),
        ):
            edit = QLineEdit()
            edit.setObjectName(f"setup-{field}")
            edit.setPlaceholderText(hint)
            edit.textEdited.connect(lambda text, f=field: self.edited.emit(f, text))
            self.texts[field] = edit
            form.addRow(label, edit)
        description = QPlainTextEdit()
        description.setObjectName("setup-description")
        description.setFixedHeight(90)
        description.textChanged.connect(lambda: self.edited.emit("description", description.toPlainText()))
        self.texts["description"] = description
        form.addRow("Description", description)
        self.turn_length = QDoubleSpinBox()
        self.turn_length.setRange(TURN_LENGTH_DAYS.low, TURN_LENGTH_DAYS.high)
        self.turn_length.setDecimals(2)
        self.turn_length.setSuffix(" days")
        self.turn_length.valueChanged.connect(lambda v: self.edited.emit("turn_length", v))
        self.first_side = QComboBox()
        for side in scenario.sides:
            self.first_side.addItem(f"{side.name} ({side.id})", side.id)
        self.first_side.currentIndexChanged.connect(
            lambda _: self.edited.emit("first_side", self.first_side.currentData())
        )
        self.first_turn = QSpinBox()
        self.first_turn.setRange(FIRST_TURN.low, FIRST_TURN.high)
        self.first_turn.valueChanged.connect(lambda v: self.edited.emit("first_turn", v))
        self.routes = QLabel()
        self.routes.setWordWrap(True)
        form.addRow("Turn length", self.turn_length)
        form.addRow("Moves first", self.first_side)
        form.addRow("First turn", self.first_turn)
        form.addRow("Named routes", self.routes)
        self.show_scenario(scenario)

    def show_scenario(self, scenario: Scenario) -> None:
        for field, widget in self.texts.items():
            _set_text(widget, getattr(scenario, field))
        _set_value(self.turn_length, scenario.turn_length_days)
        _set_value(self.first_side, scenario.sides[0].id)
        _set_value(self.first_turn, scenario.first_turn)
        routes = [
            f"{side}: {', '.join(r.name for r in specs)}" for side, specs in scenario.routes.items() if specs
        ]
        self.routes.setText("\n".join(routes) or "none (the analysis still traces supply)")


class RulesForm(QWidget):
    """One field per rule parameter (model.Rules), cost tables as one field per name."""

    edited = Signal(str, object)  # parameter name, value (a cost table as {name: cost})
    reset_requested = Signal()

    def __init__(self, rules: Rules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.fields: dict[str, QSpinBox | QDoubleSpinBox | QCheckBox | QComboBox] = {}
        self.tables: dict[str, dict[str, QDoubleSpinBox]] = {}
        for item in fields(Rules):
            value = getattr(rules, item.name)
            label = item.name.replace("_", " ")
            if isinstance(value, dict):
                form.addRow(self._table(item.name, label, value))
                continue
            widget = self._field(item.name, value)
            widget.setToolTip(RULE_TIPS.get(item.name, ""))
            self.fields[item.name] = widget
            form.addRow(label, widget)
        reset = QPushButton("Defaults")
        reset.setToolTip("Set every rule parameter to its documented default (docs/rules.md)")
        reset.setObjectName("rules-defaults")
        reset.clicked.connect(self.reset_requested)
        form.addRow(reset)

    def _field(self, name: str, value: Any) -> QSpinBox | QDoubleSpinBox | QCheckBox | QComboBox:
        widget: QSpinBox | QDoubleSpinBox | QCheckBox | QComboBox
        if isinstance(value, str):
            widget = QComboBox()
            for ground in GROUNDS:
                widget.addItem(ground, ground)
            widget.currentIndexChanged.connect(lambda _i, w=widget: self.edited.emit(name, w.currentData()))
        elif isinstance(value, bool):
            widget = QCheckBox()
            widget.toggled.connect(lambda on: self.edited.emit(name, on))
        elif isinstance(value, int):
            widget = QSpinBox()
            widget.setRange(0, 99)
            widget.valueChanged.connect(lambda v: self.edited.emit(name, v))
        else:
            widget = QDoubleSpinBox()
            widget.setRange(0, 999)
            widget.setDecimals(2)
            widget.valueChanged.connect(lambda v: self.edited.emit(name, v))
        widget.setObjectName(f"rule-{name}")
        _set_value(widget, value)
        return widget

    def _table(self, name: str, label: str, costs: dict[str, float]) -> QGroupBox:
        box = QGroupBox(label)
        box.setToolTip(RULE_TIPS.get(name, ""))
        row = QFormLayout(box)
        spins = {}
        for key, cost in costs.items():
            spin = QDoubleSpinBox()
            spin.setObjectName(f"rule-{name}-{key}")
            spin.setRange(0.05 if name.endswith("_cost") else 0.0, 999)
            spin.setDecimals(2)
            spin.setSingleStep(0.25)
            _set_value(spin, cost)
            spin.valueChanged.connect(lambda v, k=key: self.edited.emit(name, {k: v}))
            spins[key] = spin
            row.addRow(key, spin)
        self.tables[name] = spins
        return box

    def show_rules(self, rules: Rules) -> None:
        for name, widget in self.fields.items():
            _set_value(widget, getattr(rules, name))
        for name, spins in self.tables.items():
            for key, spin in spins.items():
                _set_value(spin, getattr(rules, name)[key])


class BriefingsForm(QTabWidget):
    """A text box per side: what that side's players read when the game starts."""

    edited = Signal(str, str)  # side id, text

    def __init__(self, sides: Sequence[Side], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[str, QPlainTextEdit] = {}
        for side in sides:
            box = QPlainTextEdit()
            box.setObjectName(f"briefing-{side.id}")
            box.setPlaceholderText(f"The situation and the mission, as {side.name}'s players should read it")
            box.textChanged.connect(lambda s=side.id, b=box: self.edited.emit(s, b.toPlainText()))
            self.boxes[side.id] = box
            self.addTab(box, f"{side.name} ({side.id})")

    def show_briefings(self, briefings: dict[str, str]) -> None:
        for side, box in self.boxes.items():
            _set_text(box, briefings.get(side, ""))


class UnitForm(QGroupBox):
    """The unit selected on the map, to edit (Apply) or remove."""

    apply_requested = Signal(str, object)  # id of the unit edited, the edited Unit
    remove_requested = Signal(str)

    def __init__(self, sides: Sequence[Side], parent: QWidget | None = None) -> None:
        super().__init__("Selected unit", parent)
        self.unit: Unit | None = None
        form = QFormLayout(self)
        self.hint = QLabel("Click a counter to edit it; drag it to move it.")
        self.hint.setWordWrap(True)
        form.addRow(self.hint)
        self.id_edit, self.name_edit = QLineEdit(), QLineEdit()
        self.id_edit.setObjectName("unit-id")
        self.side, self.type, self.echelon = QComboBox(), QComboBox(), QComboBox()
        for side in sides:
            self.side.addItem(f"{side.name} ({side.id})", side.id)
        for unit_type in UnitType:
            self.type.addItem(unit_type.value, unit_type.value)
        for echelon in Echelon:
            self.echelon.addItem(f"{echelon.value} ({echelon.mark})", echelon.value)
        self.strength, self.max_strength, self.reach = QSpinBox(), QSpinBox(), QSpinBox()
        self.strength.setRange(STRENGTH.low, STRENGTH.high)
        self.max_strength.setRange(STRENGTH.low, STRENGTH.high)
        self.reach.setRange(REACH.low - 1, REACH.high)
        self.reach.setSpecialValueText("type's default")  # -1 stands for "no reach of its own"
        for label, widget in (
            ("Id", self.id_edit),
            ("Name", self.name_edit),
            ("Side", self.side),
            ("Type", self.type),
            ("Echelon", self.echelon),
            ("Strength", self.strength),
            ("Full strength", self.max_strength),
            ("Reach (hexes)", self.reach),
        ):
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton("Apply")
        self.apply_button.setObjectName("unit-apply")
        self.remove_button = QPushButton("Remove")
        self.apply_button.clicked.connect(self._apply)
        self.remove_button.clicked.connect(lambda: self.unit and self.remove_requested.emit(self.unit.id))
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.remove_button)
        form.addRow(buttons)
        self.show_unit(None)

    def show_unit(self, unit: Unit | None) -> None:
        self.unit = unit
        for widget in self.findChildren(QWidget):
            if widget is not self.hint:
                widget.setEnabled(unit is not None)
        if unit is None:
            return
        self.id_edit.setText(unit.id)
        self.name_edit.setText(unit.name)
        _set_value(self.side, unit.side)
        _set_value(self.type, unit.type.value)
        _set_value(self.echelon, unit.echelon.value)
        _set_value(self.max_strength, unit.max_strength)
        _set_value(self.strength, unit.strength)
        _set_value(self.reach, -1 if unit.reach is None else unit.reach)
        self.hint.setText(f"{unit.label} — drag the counter to move it.")

    def edited_unit(self) -> Unit | None:
        """The selected unit as the form now describes it."""
        if self.unit is None:
            return None
        reach = self.reach.value()
        return replace(
            self.unit,
            id=self.id_edit.text().strip(),
            name=self.name_edit.text().strip(),
            side=self.side.currentData(),
            type=UnitType(self.type.currentData()),
            echelon=Echelon(self.echelon.currentData()),
            strength=self.strength.value(),
            max_strength=self.max_strength.value(),
            reach=None if reach < 0 else reach,
        )

    def _apply(self) -> None:
        unit = self.edited_unit()
        if self.unit is not None and unit is not None:
            self.apply_requested.emit(self.unit.id, unit)


def scenario_tabs(scenario: Scenario) -> tuple[QTabWidget, ScenarioForm, RulesForm, BriefingsForm]:
    """The right-hand panel: Scenario, Rules and Briefings tabs."""
    tabs = QTabWidget()
    tabs.setObjectName("setupTabs")
    form = ScenarioForm(scenario)
    rules = RulesForm(scenario.rules)
    briefings = BriefingsForm(scenario.sides)
    briefings.show_briefings(dict(scenario.briefings))
    for widget, title in ((form, "Scenario"), (rules, "Rules")):
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(widget)
        layout.addStretch(1)
        scroller = QScrollArea()  # a short window scrolls the form rather than growing
        scroller.setWidget(page)
        scroller.setWidgetResizable(True)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tabs.addTab(scroller, title)
    tabs.addTab(briefings, "Briefings")
    return tabs, form, rules, briefings
