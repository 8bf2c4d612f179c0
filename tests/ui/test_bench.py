"""The window's speed figures can be taken unattended (no question left waiting on close)."""

from __future__ import annotations

from wargame.ui.window.bench import measure


def test_the_window_benchmark_runs_to_the_end_unattended(qapp) -> None:  # type: ignore[no-untyped-def]
    figures = measure(repeat=1)
    assert set(figures) == {
        "ui_action_to_repaint_ms",
        "ui_undo_redo_to_repaint_ms",
        "ui_pan_repaint_ms",
        "ui_zoom_repaint_ms",
        "ui_label_layout_ms",
        "ui_counter_layout_ms",
        "ui_label_layout_close_ms",
    }
    assert all(value > 0 for value in figures.values())
