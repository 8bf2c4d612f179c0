"""Facilitator tools: overrides with a reason, the dice roller, adjudication notes, the phase.

Everything the facilitator rules goes into the action log (``OverrideStatus``, ``RollDice``
with its results inside, ``Note(category="adjudication")``), so saving, replay and the
after-action review carry it. An override is shown beside the computed status, never in its
place: a "ruled" mark on the counter whose tooltip gives both, and the engine's OVERRIDE
warning in the warnings panel.
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGraphicsItem,
    QLineEdit,
    QMenu,
    QSpinBox,
    QStyleOptionGraphicsItem,
    QWidget,
)

from wargame.core.actions import ROUTE_STATUSES, SUPPLY_STATUSES, Note, OverrideStatus, RollDice
from wargame.core.game import Game
from wargame.core.grid.hexgrid import Hex
from wargame.core.limits import DICE, DIE_SIDES
from wargame.core.model import Unit
from wargame.core.phases import ADJUDICATION, Phase, current_phase
from wargame.core.rules.results import Analysis, UnitSupply
from wargame.core.state import GameState
from wargame.core.view.side_view import SideView
from wargame.ui.features.presentation import PresentationHook
from wargame.ui.map import style
from wargame.ui.map.items.counters import MARKS, CounterItem
from wargame.ui.panels.steady_label import SteadyLabel
from wargame.ui.window.controller import Update

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

WITHDRAW = "withdraw the override"


def _title(value: str) -> str:
    return value.replace("_", " ")


# --- override --------------------------------------------------------------------------------


def natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that reads numbers as numbers: "Det. 2" before "Det. 10"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.lower()) for part in re.split(r"(\d+)", text) if part
    )


def subjects(state: GameState, analysis: Analysis | None) -> list[tuple[str, str, str, str]]:
    """Every named route, then every unit, that can be overruled: (side, kind, subject, title),
    each side's in natural order ("Det. 2" before "Det. 10")."""
    found = []
    for side, specs in sorted(state.scenario.routes.items()):
        for spec in sorted(specs, key=lambda s: natural(s.name)):
            route = (
                analysis.sides[side].routes.get(spec.name) if analysis and side in analysis.sides else None
            )
            computed = f" — computed: {_title(route.status.value)}" if route else ""
            found.append((side, "route", spec.name, f"{side} route {spec.name}{computed}"))
    for unit in sorted(state.units.values(), key=lambda u: (u.side, natural(u.label), u.id)):
        supply = (
            analysis.sides[unit.side].units.get(unit.id) if analysis and unit.side in analysis.sides else None
        )
        computed = f" — computed: {supply.supply.title}" if supply else ""
        found.append((unit.side, "unit", unit.id, f"{unit.side} unit {unit.label}{computed}"))
    return found


class OverrideDialog(QDialog):
    """Overrule a unit's supply or a route's status; the reason is required."""

    def __init__(
        self,
        state: GameState,
        analysis: Analysis | None,
        unit_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Override a computed status")
        self.state = state
        self.subject = QComboBox()
        self.subject.setToolTip("The unit or route whose computed status you overrule")
        for side, kind, subject, title in subjects(state, analysis):
            self.subject.addItem(title, (side, kind, subject))
            if kind == "unit" and subject == unit_id:
                self.subject.setCurrentIndex(self.subject.count() - 1)
        self.status = QComboBox()
        self.status.setToolTip("The status you rule; the computed one stays shown beside it")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("required: why, for the record and the after-action review")
        self.reason.setToolTip("The reason is required and goes into the action log")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Subject", self.subject)
        form.addRow("Ruled status", self.status)
        form.addRow("Reason", self.reason)
        form.addRow(self.buttons)
        self.subject.currentIndexChanged.connect(self._fill_statuses)
        self.reason.textChanged.connect(self._check)
        self._fill_statuses()

    def _fill_statuses(self) -> None:
        self.status.clear()
        data = self.subject.currentData()
        if data is None:
            return
        side, kind, subject = data
        for value in SUPPLY_STATUSES if kind == "unit" else ROUTE_STATUSES:
            self.status.addItem(_title(value), value)
        if self.state.override_for(side, kind, subject) is not None:
            self.status.addItem(WITHDRAW, None)
        self._check()

    def _check(self) -> None:
        ok = bool(self.reason.text().strip()) and self.subject.currentData() is not None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def action(self) -> OverrideStatus:
        side, kind, subject = self.subject.currentData()
        return OverrideStatus(side, kind, subject, self.status.currentData(), self.reason.text().strip())


class RuledMark(QGraphicsItem):
    """A square "R" on a counter whose supply the facilitator ruled; the tooltip gives both.
    The compact counter of a far zoom has no room for it (its tooltip still says it)."""

    def __init__(self, counter: CounterItem) -> None:
        super().__init__(counter)
        self.counter = counter
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def show_supply(self, supply: UnitSupply) -> None:
        self.setToolTip(
            f"Overridden by the facilitator\ncomputed: {supply.supply.title}\n"
            f"ruled: {_title(supply.override or '')} — {supply.override_reason or ''}"
        )

    def boundingRect(self) -> QRectF:
        return MARKS["ruled"].adjusted(-3, -3, 3, 3)  # where the full face has it

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        box = self.counter.mark_rect("ruled")
        if box is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(style.BLACK, 2.5))
        painter.setBrush(style.WHITE)
        painter.drawRect(box)
        painter.setFont(style.font(17, bold=True))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "R")


# --- dice ----------------------------------------------------------------------------------


class DiceDialog(QDialog):
    """How many dice, how many sides, and what the roll is for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Roll dice")
        self.count = QSpinBox()
        self.count.setRange(DICE.low, DICE.high)
        self.count.setValue(2)
        self.count.setToolTip("Number of dice")
        self.sides = QSpinBox()
        self.sides.setRange(DIE_SIDES.low, DIE_SIDES.high)
        self.sides.setValue(6)
        self.sides.setToolTip("Sides of each die")
        self.purpose = QLineEdit()
        self.purpose.setPlaceholderText("e.g. assault on 2113 (Bakhmut)")
        self.purpose.setToolTip("What the roll decides; it goes into the action log")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Dice", self.count)
        form.addRow("Sides", self.sides)
        form.addRow("Purpose", self.purpose)
        form.addRow(buttons)

    def roll(self, rng: random.Random) -> RollDice:
        """Roll now: the results go inside the action, so a replay rolls the same."""
        dice, sides = self.count.value(), self.sides.value()
        results = tuple(rng.randint(1, sides) for _ in range(dice))
        return RollDice(dice, sides, results, self.purpose.text().strip())


# --- the hook ------------------------------------------------------------------------------


def phase_text(game: Game, phase: Phase | None = None, short: bool = False) -> str:
    """The turn bar's phase line, the current phase in bold and underlined (short: sides by
    their ids, "UA → RU → adjudication")."""
    phase = phase or current_phase(game)
    ids = {f"{side.name} move": side.id for side in game.scenario.sides} if short else {}
    parts = []
    for name in phase.names:
        shown = ids.get(name, name)
        if name != phase.current:
            parts.append(shown)
        elif name == ADJUDICATION:
            parts.append(f"<b><u>{shown}{'' if short else f' of turn {phase.turn}'}</u></b>")
        else:
            parts.append(f"<b><u>{shown}</u></b>")
    return " → ".join(parts)


class FacilitatorHook(QObject):
    """Tools ▸ Override status…, Roll dice…, Adjudication note…; the phase in the turn bar
    (read from the log: :mod:`wargame.core.phases`)."""

    def __init__(
        self, window: WindowContext, presentation: PresentationHook, rng: random.Random | None = None
    ) -> None:
        super().__init__(window.widget)
        self.window = window
        self.presentation = presentation
        self.rng = rng or random.SystemRandom()
        self.marks: dict[str, RuledMark] = {}
        tools = window.menu("Tools")
        tools.addSeparator()
        self.override_action = self._action(
            "Override status…",
            lambda: self.ask_override(),
            "Ctrl+Shift+O",
            "Overrule a computed supply or route status, with the reason (Ctrl+Shift+O)",
        )
        self.dice_action = self._action(
            "Roll dice…",
            self.ask_roll,
            "Ctrl+Shift+R",
            "Roll dice for a purpose; the result is logged (Ctrl+Shift+R)",
        )
        self.adjudication_action = self._action(
            "Adjudication note…",
            self.ask_adjudication,
            "Ctrl+Shift+N",
            "Record a ruling in the action log, about the selected units' hexes (Ctrl+Shift+N)",
        )
        for action in (self.override_action, self.dice_action, self.adjudication_action):
            tools.addAction(action)
        self.phase_label = SteadyLabel(rank=1)  # gives way before the turn banner
        self.phase_label.setObjectName("phaseLabel")
        self.phase_label.setTextFormat(Qt.TextFormat.RichText)
        self.phase_label.setToolTip("The phases of a turn; the current one is underlined")
        bar = window.turn_bar
        after_turn = bar.actions()[1:2]  # just after the turn label
        if after_turn:
            bar.insertWidget(after_turn[0], self.phase_label)
        else:
            bar.addWidget(self.phase_label)
        window.controller.changed.connect(self.on_update)

    def _action(self, text: str, slot: object, key: str, tip: str) -> QAction:
        action = QAction(text, self.window.widget)
        action.setShortcut(QKeySequence(key))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.window.widget.addAction(action)
        return action

    def on_update(self, update: Update) -> None:
        game = self.window.controller.game
        now = current_phase(game)
        every = [Phase(now.names, name, max(99, now.turn)) for name in now.names]
        variants = [(f"  {phase_text(game, p)}  ", f" {phase_text(game, p, short=True)} ") for p in every]
        self.phase_label.show_variant(
            (f"  {phase_text(game, now)}  ", f" {phase_text(game, now, short=True)} "), variants
        )
        self.show_marks(update.analysis)

    def show_marks(self, analysis: Analysis | None) -> None:
        """A ruled mark on each counter whose supply the facilitator overrode."""
        ruled: dict[str, UnitSupply] = {}
        for side in analysis.sides.values() if analysis else ():
            ruled.update({uid: u for uid, u in side.units.items() if u.override})
        for unit_id in list(self.marks):
            mark = self.marks[unit_id]
            if unit_id not in ruled or self.window.scene.counters.get(unit_id) is not mark.parentItem():
                if mark.scene() is not None:
                    mark.scene().removeItem(mark)
                del self.marks[unit_id]
        for unit_id, supply in ruled.items():
            counter = self.window.scene.counters.get(unit_id)
            if counter is None:
                continue
            mark = self.marks.get(unit_id) or RuledMark(counter)
            self.marks[unit_id] = mark
            mark.show_supply(supply)

    # --- the tools ----------------------------------------------------------------------------

    def selected_units(self) -> list[str]:
        return [uid for item in self.window.scene.selectedItems() if (uid := getattr(item, "unit_id", None))]

    def override_dialog(self, unit_id: str | None = None) -> OverrideDialog:
        """The override dialog on ``unit_id``, else on the first selected unit."""
        chosen = unit_id or next(iter(self.selected_units()), None)
        controller = self.window.controller
        return OverrideDialog(controller.state, controller.analysis, chosen, self.window.widget)

    def unit_entry(self, menu: QMenu, sub: QMenu, unit: Unit, view: SideView) -> None:
        """The hex menu's "Override supply…" for a unit: rulings are the facilitator's."""
        if view.facilitator:
            sub.addAction("Override supply…", lambda: self.ask_override(unit.id))

    def ask_override(self, unit_id: str | None = None) -> None:
        """Tools ▸ Override status… (on the selected unit) or a counter's menu (on that unit)."""
        dialog = self.override_dialog(unit_id)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.override(dialog.action())

    def override(self, action: OverrideStatus) -> bool:
        """Push a ruling; the room sees it as a banner in presentation mode."""
        if not self.window.controller.push(action):
            return False
        self.presentation.announce(f"Ruling: {action.describe(self.window.controller.state)}", "ruling")
        return True

    def roll(self, dialog: DiceDialog) -> bool:
        action = dialog.roll(self.rng)
        if not self.window.controller.push(action):
            return False
        text = f"Dice: {action.describe(self.window.controller.state)}"
        self.window.show_message(text, 30000)
        self.presentation.announce(text, "dice")  # the status bar is folded away in presentation mode
        return True

    def ask_roll(self) -> None:
        dialog = DiceDialog(self.window.widget)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.roll(dialog)

    def adjudicate(self, text: str) -> bool:
        """Record a ruling about the selected units' hexes."""
        state = self.window.controller.state
        hexes: list[Hex] = []
        for uid in self.selected_units():
            if uid in state.units and state.units[uid].hex not in hexes:
                hexes.append(state.units[uid].hex)
        if not self.window.controller.push(Note(text, tuple(hexes), "adjudication")):
            return False
        self.presentation.announce(f"Ruling: {text}", "ruling")
        return True

    def ask_adjudication(self) -> None:
        text = self.window.dialogs.text(
            self.window.widget, "Adjudication", "Ruling (kept in the action log):"
        )
        if text is not None:
            self.adjudicate(text)
