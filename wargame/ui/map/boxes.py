"""Boxes on the screen and a grid index of them: what label placement and counter stacking
test against. Plain floats (x0, y0, x1, y1) in screen pixels, no Qt: the tests run without a
display and thousands of tests a frame stay cheap."""

from __future__ import annotations

import math

Box = tuple[float, float, float, float]  # left, top, right, bottom


def box_at(x: float, y: float, local: Box) -> Box:
    """``local`` (relative to an anchor) moved to the anchor ``(x, y)``."""
    return (x + local[0], y + local[1], x + local[2], y + local[3])


def centred(x: float, y: float, width: float, height: float) -> Box:
    return (x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def grown(box: Box, margin: float) -> Box:
    return (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)


def overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share some area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(box: Box, frame: Box) -> bool:
    return box[0] >= frame[0] and box[1] >= frame[1] and box[2] <= frame[2] and box[3] <= frame[3]


class BoxIndex:
    """Boxes in a uniform grid of cells, for "does this box hit any of them?" in a few lookups."""

    def __init__(self, cell: float = 96.0) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        c = self.cell
        x0, y0 = math.floor(box[0] / c), math.floor(box[1] / c)
        x1, y1 = math.floor(box[2] / c), math.floor(box[3] / c)
        return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def hits(self, box: Box) -> bool:
        cells = self.cells
        for key in self._keys(box):
            for other in cells.get(key, ()):
                if overlap(box, other):
                    return True
        return False
