"""A side's (or an observer's) window on a remote game: the map drawn from the received view
only, the turn and whose move it is, the side's headline; moving a counter and End turn send
intents, and a refusal shows its reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QToolBar, QWidget

from wargame.core.actions import Action, EndTurn, MoveUnit
from wargame.core.files.scenario_file import scenario_from_dict
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Scenario
from wargame.core.view.side_view import SideView
from wargame.remote.codes import JoinCode
from wargame.remote.seat import Seat
from wargame.remote.summary import side_headline, turn_line
from wargame.remote.wire import Envelope, Outcome
from wargame.ui.map.map_view import MapView
from wargame.ui.map.scene import MapScene
from wargame.ui.remote.event_loop import spawn

ScenarioReader = Callable[[dict[str, Any]], tuple[Scenario, GameMap]]


class RemoteSideWindow(QMainWindow):
    """The window of one join code."""

    shown = Signal(object)  # SideView: a view was drawn

    def __init__(
        self,
        code: JoinCode,
        read_scenario: ScenarioReader = scenario_from_dict,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.code = code
        self.seat = Seat(code)
        self.read_scenario = read_scenario
        self.scene: MapScene | None = None
        self.map_view: MapView | None = None
        self.scenario: Scenario | None = None
        self.gamemap: GameMap | None = None
        self.view: SideView | None = None
        self.setObjectName("remoteSideWindow")
        self.setWindowTitle(f"{code.role} — remote game {code.game}")
        bar = QToolBar("Turn", self)
        bar.setObjectName("remoteTurnBar")
        self.turn_label = QLabel("connecting…", bar)
        self.end_turn = QPushButton("End turn", bar)
        self.end_turn.setEnabled(False)
        self.end_turn.clicked.connect(lambda: self.propose(EndTurn()))
        bar.addWidget(self.turn_label)
        bar.addWidget(self.end_turn)
        self.addToolBar(bar)
        self.headline = QLabel("", self)
        self.statusBar().addPermanentWidget(self.headline)
        self.placeholder = QLabel("Waiting for the facilitator's view…", self)
        self.setCentralWidget(self.placeholder)
        self.seat.listeners.append(self._received)
        spawn(self.seat.start(), self._tell)

    # --- the view -----------------------------------------------------------------------------

    def _received(self, envelope: Envelope) -> None:
        if self.scenario is None:
            if self.seat.scenario is None:
                return  # the scenario comes with the first messages; the view is drawn then
            self.scenario, self.gamemap = self.read_scenario(self.seat.scenario)
            self.scene = MapScene(self.gamemap, self.scenario.sides, self)
            self.map_view = MapView(self.scene, self)
            self.scene.unit_move_requested.connect(self._move)
            self.setCentralWidget(self.map_view)
        assert self.scenario is not None and self.gamemap is not None and self.scene is not None
        view = envelope.view.attach(self.scenario, self.gamemap)
        self.view = view
        side = view.viewer
        self.scene.show_state(view.state, view.analysis, side=side, shown=view.analysis, visible=view.visible)
        names = {s.id: s.name for s in self.scenario.sides}
        mine = self.seat.side is not None and view.side_to_move == self.seat.side
        waiting = "" if self.seat.side is None else (" · your move" if mine else " · waiting")
        self.turn_label.setText(turn_line(view, names) + waiting)
        self.end_turn.setEnabled(mine)
        sides = [side] if side is not None else list(view.own_sides)
        self.headline.setText(" | ".join(side_headline(view, s, names.get(s, s)) for s in sides))
        refused = [o for o in envelope.outcomes[-1:] if not o.accepted]
        if refused:
            self.statusBar().showMessage(f"Refused: {refused[0].reason}", 8000)
        self.shown.emit(view)

    # --- intents ------------------------------------------------------------------------------

    def _move(self, unit_id: str, to: Hex | None) -> None:
        if to is not None:
            self.propose(MoveUnit(unit_id, to))

    def propose(self, action: Action) -> None:
        if self.seat.side is None:
            self._tell("an observer only watches")
            return
        self.statusBar().showMessage(f"Sent: {action.kind.replace('_', ' ')}…", 4000)
        spawn(self.seat.propose(action), self._tell, self._decided)

    def _decided(self, outcome: Outcome) -> None:
        if not outcome.accepted:
            self.statusBar().showMessage(f"Refused: {outcome.reason}", 8000)

    def _tell(self, reason: str) -> None:
        self.statusBar().showMessage(reason, 10000)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        spawn(self.seat.stop(), lambda _reason: None)
        super().closeEvent(event)
