"""The control cell: many remote games at once, one row each — turn, phase and each side's
headline (routes open, supply arriving, corridor, the worst warning) — from each game's
facilitator's view (its ``observer`` code). Double-click a row to open that game read-only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wargame.remote.codes import JoinCode
from wargame.remote.names import FACILITATOR, RemoteError, observed
from wargame.remote.seat import Seat
from wargame.remote.summary import side_headline, turn_line
from wargame.remote.wire import Envelope
from wargame.ui.remote.event_loop import spawn
from wargame.ui.remote.side_window import RemoteSideWindow

COLUMNS = ("Game", "Turn and phase", "Headlines")


class ControlCellWindow(QMainWindow):
    """The games the control cell watches."""

    def __init__(
        self, ask_code: object = None, side_window: object = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("controlCellWindow")
        self.setWindowTitle("Control cell — remote games")
        self.seats: list[Seat] = []
        self.opened: list[RemoteSideWindow] = []
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(self.open_row)
        add = QPushButton("Add game…", self)
        add.clicked.connect(self._ask)
        self.ask_code = ask_code
        self.side_window = side_window if callable(side_window) else RemoteSideWindow
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addStretch(1)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.setCentralWidget(body)
        self.resize(1100, 400)

    def _ask(self) -> None:
        ask = self.ask_code
        text = ask() if callable(ask) else None
        if text:
            self.add_game(text)

    def add_game(self, text: str) -> None:
        """Watch the game of an observer code (the facilitator's view)."""
        try:
            code = JoinCode.parse(text)
        except RemoteError as error:
            self.statusBar().showMessage(str(error), 8000)
            return
        if observed(code.role) != FACILITATOR:
            self.statusBar().showMessage("the control cell needs each game's observer code", 8000)
            return
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(code.game))
        self.table.setItem(row, 1, QTableWidgetItem("connecting…"))
        seat = Seat(code)

        def show(envelope: Envelope, row: int = row) -> None:
            self._show(row, envelope)

        seat.listeners.append(show)
        self.seats.append(seat)
        spawn(seat.start(), lambda reason: self.statusBar().showMessage(reason, 8000))

    def _show(self, row: int, envelope: Envelope) -> None:
        view = envelope.view
        self.table.setItem(row, 1, QTableWidgetItem(turn_line(view, {})))
        headlines = " | ".join(side_headline(view, side) for side in view.own_sides)
        self.table.setItem(row, 2, QTableWidgetItem(headlines))

    def row_text(self, row: int) -> list[str]:
        items = [self.table.item(row, column) for column in range(len(COLUMNS))]
        return [item.text() if item is not None else "" for item in items]

    def open_row(self, row: int, _column: int = 0) -> RemoteSideWindow:
        """Open the game of ``row`` read-only, in a window of its own."""
        window = self.side_window(self.seats[row].code)
        window.resize(1400, 900)
        window.show()
        self.opened.append(window)
        return window

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        for seat in self.seats:
            spawn(seat.stop(), lambda _reason: None)
        super().closeEvent(event)  # type: ignore[arg-type]
