"""Finding a hex by its number: View ▸ Hex numbers, and the "Go to hex" box (Ctrl+G).

The box takes a printed-map label ("0504", also "0504 (Bakhmut)" as messages write it) or a
settlement name, completed as it is typed; Enter centres the map on the hex, close enough to
read the hex numbers, and flashes it. Anything else leaves the view where it was and says why
in the status bar. The status bar already names the hex under the cursor (see hex_info).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit

from wargame.core.errors import MapDataError, WargameError
from wargame.core.grid.hexgrid import Hex
from wargame.core.map.gamemap import GameMap
from wargame.ui.map.items.labels import HEX_NUMBER_MIN_PX

if TYPE_CHECKING:
    from wargame.ui.features.context import WindowContext

HEX_NUMBERS_KEY = "view/hex_numbers"
LABEL_MARGIN = 1.2  # zoom a little past the point where hex numbers appear


def reading_zoom(gamemap: GameMap) -> float:
    """Screen pixels per metre at which the hex numbers can be read."""
    return HEX_NUMBER_MIN_PX * LABEL_MARGIN / gamemap.layout.size_m


def find_hex(gamemap: GameMap, text: str) -> Hex:
    """The hex a player means by ``text``: a label "0504" or a settlement name (any case).

    >>> find_hex(gamemap, "Khromove") == gamemap.settlements["Khromove"]   # doctest: +SKIP
    """
    wanted = text.strip()
    if not wanted:
        raise WargameError("type a hex number such as 0504, or a place name")
    names = {name.casefold(): h for name, h in gamemap.settlements.items()}
    if wanted.casefold() in names:
        return names[wanted.casefold()]
    starting = sorted(name for name in gamemap.settlements if name.casefold().startswith(wanted.casefold()))
    if len(starting) == 1:
        return gamemap.settlements[starting[0]]
    label = wanted.split()[0]  # "0504 (Bakhmut)" as messages name hexes
    if not label.isdigit() and starting:
        raise WargameError(f"{wanted!r} could be {', '.join(starting)}: type more of the name")
    if not label.isdigit() and not any(ch.isdigit() for ch in label):
        raise WargameError(f"no place called {wanted!r} on this map, and it is not a hex number such as 0504")
    try:
        return gamemap.hex_from_label(label)
    except MapDataError as error:
        raise WargameError(str(error)) from None


class GoToHexHook(QObject):
    """The Go to hex box on the tool bar and View ▸ Hex numbers, for one main window."""

    flare_requested = Signal(object)  # the Hex gone to, for the room to see

    def __init__(self, window: WindowContext) -> None:
        super().__init__(window.widget)
        self.window = window
        self.box = QLineEdit()
        self.box.setObjectName("goToHex")
        self.box.setPlaceholderText("hex number or place")
        self.box.setClearButtonEnabled(True)
        self.box.setMaximumWidth(240)
        self.box.setToolTip("Go to hex (Ctrl+G): type a hex number such as 0504, or a place name; Enter")
        self.box.returnPressed.connect(self.go)
        self.box.installEventFilter(self)
        self._complete_names()
        window.tool_bar.addSeparator()
        window.tool_bar.addWidget(QLabel(" Go to: "))
        window.tool_bar.addWidget(self.box)
        self.focus_action = QAction("Go to hex…", window.widget)
        self.focus_action.setShortcut(QKeySequence("Ctrl+G"))
        self.focus_action.setToolTip(
            "Type a hex number or a place name, Enter centres the map on it (Ctrl+G)"
        )
        self.focus_action.triggered.connect(self.focus)
        self.numbers_action = QAction("Hex numbers", window.widget, checkable=True)
        self.numbers_action.setShortcut(QKeySequence("Shift+G"))
        self.numbers_action.setToolTip("Print each hex's number in it when zoomed in (Shift+G)")
        self.numbers_action.setChecked(bool(window.settings.value(HEX_NUMBERS_KEY, True, type=bool)))
        self.numbers_action.toggled.connect(self.show_numbers)
        view = window.menu("View")
        for action in (self.focus_action, self.numbers_action):
            view.addAction(action)
            window.widget.addAction(action)
        window.controller.game_replaced.connect(self._new_game)
        self.show_numbers(self.numbers_action.isChecked())

    def _complete_names(self) -> None:
        completer = QCompleter(sorted(self.window.controller.game.map.settlements), self.box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.box.setCompleter(completer)

    def _new_game(self) -> None:
        self._complete_names()
        self.show_numbers(self.numbers_action.isChecked())

    def show_numbers(self, on: bool) -> None:
        self.window.settings.setValue(HEX_NUMBERS_KEY, on)
        self.window.scene.set_hex_numbers(on)

    def focus(self) -> None:
        if not self.box.isVisible():  # presentation mode folds the tool bar away: ask in a box
            text = self.window.dialogs.text(self.window.widget, "Go to hex", "Hex number or place:")
            if text is not None:
                self.box.setText(text)
                self.go()
            return
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def go(self) -> Hex | None:
        """Centre the map on the hex the box names and flash it; else say why, view unchanged."""
        gamemap = self.window.controller.game.map
        try:
            h = find_hex(gamemap, self.box.text())
        except WargameError as error:
            self.window.show_refusal(f"cannot go to {self.box.text().strip()!r}: {error}")
            return None
        view = self.window.view
        if view.zoom < reading_zoom(gamemap):
            view.zoom_by(reading_zoom(gamemap) / view.zoom)
        view.centre_on_hexes([h])
        self.flare_requested.emit(h)
        self.window.show_message(f"Centred on {gamemap.describe(h)}", 8000)
        view.setFocus()
        return h

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        key = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
        if key and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            self.window.view.setFocus()  # back to the map, box left as it was
            return True
        return False
