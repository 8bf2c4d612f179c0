"""What the map shows in a view, counted from the scene's item geometry: how many labels and
counters are drawn in the viewport, how many overlap, and the smallest text on screen.

``python main.py --screenshot OUT.png --layout-report`` prints :func:`layout_report` as one
JSON object; the tests assert on it for every shipped scenario. Every map item that draws
text says where (:meth:`MapScene.text_boxes`), and every drawn counter its box
(:meth:`MapScene.counter_boxes`); this module only maps them into the viewport and counts.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from wargame.ui.map.items.paint import TextBox

if TYPE_CHECKING:
    from wargame.ui.map.map_view import MapView

OVERLAP_PX = 0.5  # boxes touching by less than this (anti-aliasing) do not overlap


def _overlap(a: QRectF, b: QRectF) -> bool:
    shared = a.intersected(b)
    return shared.width() > OVERLAP_PX and shared.height() > OVERLAP_PX


def _overlapping_pairs(boxes: list[QRectF]) -> int:
    return sum(1 for a, b in itertools.combinations(boxes, 2) if _overlap(a, b))


@dataclass(frozen=True, slots=True)
class DrawnLayout:
    """The labels (text items of the map, not the counters' own text) and counters in view."""

    labels: list[TextBox]
    label_rects: list[QRectF]  # viewport pixels
    counters: list[QRectF]  # viewport pixels
    counter_text_px: list[float]

    def report(self) -> dict[str, int]:
        under = sum(1 for label in self.label_rects if any(_overlap(label, c) for c in self.counters))
        sizes = [t.pixel_size for t in self.labels] + self.counter_text_px
        return {
            "labels": len(self.labels),
            "label_overlaps": _overlapping_pairs(self.label_rects),
            "labels_under_counters": under,
            "counters": len(self.counters),
            "counter_overlaps": _overlapping_pairs(self.counters),
            "min_text_px": int(min(sizes)) if sizes else 0,
        }


def drawn_layout(view: MapView) -> DrawnLayout:
    """The labels and counters drawn in ``view``'s viewport, in viewport pixels."""
    scene = view.map_scene
    viewport = QRectF(view.viewport().rect())
    zoom = view.zoom
    to_view = view.viewportTransform()  # exact, where mapFromScene rounds to whole pixels
    labels, rects = [], []
    for text in scene.text_boxes(zoom):
        rect = text.box.translated(to_view.map(text.anchor))
        if rect.intersects(viewport):
            labels.append(text)
            rects.append(rect)
    counters = []
    counter_px: list[float] = []
    for scene_rect, sizes in scene.counter_boxes():
        rect = to_view.mapRect(scene_rect)
        if rect.intersects(viewport):
            counters.append(rect)
            counter_px.extend(size * zoom for size in sizes)
    return DrawnLayout(labels, rects, counters, counter_px)


def layout_report(view: MapView) -> dict[str, int]:
    """``{"labels", "label_overlaps", "labels_under_counters", "counters", "counter_overlaps",
    "min_text_px"}`` of what ``view`` shows now."""
    return drawn_layout(view).report()
