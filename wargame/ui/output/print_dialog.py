"""File ▸ Print map…: choose paper, scale and counters, see how many pages it takes, write the PDF.

The same sheets as ``python -m wargame print-map`` (see :mod:`wargame.ui.output.print_map`), of the
game open in the window; counter sheets show the units as they stand now.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from wargame.core.errors import WargameError
from wargame.core.game import Game
from wargame.core.reports.print_layout import (
    DEFAULT_OVERLAP_MM,
    PAPERS,
    Orientation,
    PagePlan,
    map_extent,
    paper,
    parse_scale,
    plan_pages,
    scale_text,
    sources_note,
)
from wargame.ui.output import print_map

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

SCALES = ("1:25 000", "1:50 000", "1:100 000")


class PrintDialog(QDialog):
    """Paper, scale, orientation, overlap and counters, with the page count as you choose."""

    def __init__(self, game: Game, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print map")
        self.game = game
        self.paper = QComboBox()
        self.paper.addItems([p.name for p in PAPERS.values()])
        self.paper.setCurrentText("A3")
        self.scale = QComboBox()
        self.scale.setEditable(True)
        self.scale.addItems(SCALES)
        self.orientation = QComboBox()
        self.orientation.addItems([o.value for o in Orientation])
        self.overlap = QDoubleSpinBox()
        self.overlap.setRange(0, 50)
        self.overlap.setSuffix(" mm")
        self.overlap.setValue(DEFAULT_OVERLAP_MM)
        self.counters = QCheckBox("add counter sheets of the units (as they stand now)")
        self.counters.setEnabled(bool(game.state.units))
        self.summary = QLabel()
        self.summary.setObjectName("printSummary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        for label, widget in (
            ("Paper", self.paper),
            ("Scale", self.scale),
            ("Orientation", self.orientation),
            ("Overlap", self.overlap),
        ):
            form.addRow(label, widget)
        form.addRow(self.counters)
        form.addRow(self.summary)
        form.addRow(self.buttons)
        for combo in (self.paper, self.scale, self.orientation):
            combo.currentTextChanged.connect(self.update_summary)
        self.overlap.valueChanged.connect(self.update_summary)
        self.update_summary()

    def plan(self) -> PagePlan:
        """The pages the current choices give; WargameError when they cannot be printed."""
        return plan_pages(
            map_extent(self.game.map),
            paper(self.paper.currentText()),
            parse_scale(self.scale.currentText()),
            Orientation(self.orientation.currentText()),
            self.overlap.value(),
        )

    def update_summary(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        try:
            plan = self.plan()
        except WargameError as error:
            self.summary.setText(f"Cannot print: {error}")
            save.setEnabled(False)
            return
        self.summary.setText(
            f"{plan.count} map page(s): {plan.across} across × {plan.down} down, "
            f"{plan.paper.name} {plan.orientation.value}, {scale_text(plan.scale)}"
        )
        save.setEnabled(True)

    def job(self) -> print_map.PrintJob:
        plan = self.plan()
        gamemap = self.game.map
        units = tuple(self.game.state.units.values()) if self.counters.isChecked() else ()
        declaration = print_map.grid_declaration(gamemap, plan.scale, sources_note(gamemap))
        scenario = self.game.scenario
        return print_map.make_job(gamemap, plan, declaration, scenario.sides, units, title=scenario.title)


class PrintHook(QObject):
    """The File ▸ Print map… action of a main window."""

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.action = QAction("&Print map…", window.widget)
        self.action.setObjectName("printMapAction")
        self.action.setStatusTip("PDF map sheets to print and assemble, with hex numbers and counter sheets")
        self.action.triggered.connect(self.ask_and_print)
        menu = window.menu("File")
        actions = menu.actions()
        separators = [a for a in actions if a.isSeparator()]
        if separators:
            menu.insertAction(separators[-1], self.action)  # above the separator before Quit
        else:
            menu.addAction(self.action)

    def ask_and_print(self) -> None:
        dialog = PrintDialog(self.window.controller.game, self.window.widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path = self.window.dialogs.save_path(self.window.widget, "Print map to PDF", "map.pdf", "PDF (*.pdf)")
        if path:
            self.print_to(dialog, Path(path if path.lower().endswith(".pdf") else f"{path}.pdf"))

    def print_to(self, dialog: PrintDialog, path: Path) -> bool:
        try:
            pages = print_map.write_pdf(dialog.job(), path)
        except WargameError as error:
            self.window.dialogs.tell(self.window.widget, "Cannot print the map", str(error))
            return False
        self.window.show_message(f"wrote {path} ({pages} pages)", 8000)
        return True
