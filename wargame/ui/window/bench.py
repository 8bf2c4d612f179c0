"""How fast the window answers: median milliseconds from an action to the repainted map.

``measure()`` opens the main window offscreen at 1920×1080 on the default scenario and times,
each as the median of several runs:

- ``ui_action_to_repaint_ms``: push an action (seize a hex) and repaint the map — includes
  the engine's analysis of the new state (what a player waits for);
- ``ui_undo_redo_to_repaint_ms``: undo or redo an analysed action and repaint — the window's own
  share (scene update, panels, repaint), since the analysis is cached;
- ``ui_pan_repaint_ms``: scroll the map by 40 pixels and repaint (cached layers);
- ``ui_zoom_repaint_ms``: one wheel step of zoom and repaint (every layer drawn anew, crisp);
- ``ui_label_layout_ms``: place every label of the map again at Fit map (priorities, collision
  tests against the counters and the labels placed before) — done at every zoom step, text scale
  or overlay change;
- ``ui_counter_layout_ms``: lay out the counters again at Fit map (stacks and their places);
- ``ui_label_layout_close_ms``: place the labels again zoomed in (hexes 120 px wide: hex numbers
  around the view too).

`python -m wargame bench` prints these beside the engine's figures.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from wargame.core.actions import SetControl
from wargame.ui.features.dialogs import DISCARD, Dialogs


def _median_ms(run: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class _Unattended(Dialogs):
    """No one is at the screen: the measured actions are discarded on closing, never asked about."""

    def ask(self, parent: QWidget | None, title: str, text: str, choices: Sequence[str]) -> str:
        return DISCARD if DISCARD in choices else choices[-1]


def measure(repeat: int = 9) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from wargame.core.files.loading import open_source
    from wargame.ui.window.assembly import build_main_window
    from wargame.ui.window.controller import GameController

    app = QApplication.instance() or QApplication([])
    folder = tempfile.mkdtemp(prefix="wargame-bench-")
    settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
    window = build_main_window(GameController(open_source(None)), settings, dialogs=_Unattended())
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    viewport = window.view.viewport()
    controller = window.controller
    state = controller.state
    # Hexes next to the first side's units: seizing them changes control, supply and warnings.
    targets = sorted(
        {
            n
            for u in state.units_of(state.side_to_move)
            for n in state.map.neighbours(u.hex)
            if not state.units_at(n)
        }
    )
    steps = iter(targets * (repeat + 1))
    enemy = state.enemy_of(state.side_to_move)

    def act() -> None:
        controller.push(SetControl((next(steps),), enemy))
        viewport.repaint()

    def undo_redo() -> None:
        controller.undo() if controller.game.can_undo() and len(controller.game) % 2 else controller.redo()
        viewport.repaint()

    def pan() -> None:
        bar = window.view.horizontalScrollBar()
        bar.setValue(bar.value() + (40 if bar.value() < bar.maximum() - 40 else -40))
        app.processEvents()  # Qt scrolls what it has and paints the uncovered strip

    def zoom() -> None:
        window.view.zoom_by(1.25 if window.view.zoom < 0.08 else 0.8)
        viewport.repaint()

    viewport.repaint()
    result = {
        "ui_action_to_repaint_ms": _median_ms(act, repeat),
        "ui_undo_redo_to_repaint_ms": _median_ms(undo_redo, repeat),
        "ui_pan_repaint_ms": _median_ms(pan, repeat),
        "ui_zoom_repaint_ms": _median_ms(zoom, repeat),
    }
    scene = window.scene
    window.view.fit_map()
    result["ui_label_layout_ms"] = _median_ms(lambda: scene.relayout_labels(force=True), repeat)
    result["ui_counter_layout_ms"] = _median_ms(scene.layout_counters, repeat)
    window.view.zoom_by(120 / scene.map.layout.size_m / window.view.zoom)
    result["ui_label_layout_close_ms"] = _median_ms(lambda: scene.relayout_labels(force=True), repeat)
    window.close()
    return result


if __name__ == "__main__":
    for name, value in measure().items():
        print(f"{name:32s} {value:8.1f}")
