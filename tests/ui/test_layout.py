"""The room can read the map: for every shipped scenario at Fit map and in presentation mode on a
1920×1080 screen, no label overlaps another or sits under a counter, no two counters overlap,
presentation text is at least 18 px, and the towns the seminar talks about are named."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings

from wargame.core.files.document import Document
from wargame.core.files.scenario_file import shipped_scenarios
from wargame.ui.map.layout_report import drawn_layout
from wargame.ui.window.app import Shot, show_for_shot
from wargame.ui.window.assembly import build_main_window
from wargame.ui.window.controller import GameController
from wargame.ui.window.main_window import MainWindow

SCENARIOS = [path.stem for path in shipped_scenarios()]
TOWNS = {
    "bakhmut": {"Bakhmut", "Chasiv Yar", "Khromove", "Ivanivske"},
    "stalingrad": {"Stalingrad", "Kalach-na-Donu"},
}
PRESENTATION_LEAST_TEXT_PX = 18


@pytest.fixture(scope="module", params=SCENARIOS)
def shown(request, qapp, tmp_path_factory) -> Iterator[tuple[str, MainWindow]]:  # type: ignore[no-untyped-def]
    """One window per scenario at 1920×1080, shared by the checks of that scenario."""
    folder = tmp_path_factory.mktemp("layout")
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = build_main_window(GameController(Document.open(request.param)), settings)
    yield request.param, window
    window.close()
    window.deleteLater()


@pytest.mark.parametrize("presentation", [False, True], ids=["fit-map", "presentation"])
def test_nothing_on_the_map_covers_anything_else(shown: tuple[str, MainWindow], presentation: bool) -> None:
    scenario, window = shown
    show_for_shot(window, Shot((1920, 1080), fit=not presentation, presentation=presentation))
    assert window.view.viewport().width() > 1000  # the projector's width, not a small default
    layout = drawn_layout(window.view)
    report = layout.report()
    assert report["labels"] > 10 and report["counters"] > 10
    assert report["label_overlaps"] == 0
    assert report["labels_under_counters"] == 0
    assert report["counter_overlaps"] == 0
    if presentation:
        assert report["min_text_px"] >= PRESENTATION_LEAST_TEXT_PX
    drawn = {label.text for label in layout.labels}
    assert TOWNS[window.scene.map.name] <= drawn, scenario
    window.features.presentation.set_presenting(False)
