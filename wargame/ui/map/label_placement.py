"""Label placement with priorities and collision avoidance, as map renderers place labels.

Each label comes with its size on the screen and candidate positions in order of preference
(beside its place, further out, elsewhere along its road). Labels are placed in order of
priority: each takes its first candidate that lies inside the frame and touches neither a
placed label nor an obstacle (a counter); a label with no free candidate is left out. So a
label is never drawn under a counter or over another label, and when something has to give
it is the least important label.

>>> specs = [LabelSpec("a", 0, 40, 10, ((50, 50),)), LabelSpec("b", 1, 40, 10, ((60, 50), (60, 70)))]
>>> place_labels(specs, obstacles=[])
{'a': (50, 50), 'b': (60, 70)}
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from wargame.ui.map.boxes import Box, BoxIndex, centred, grown, inside

LABEL_GAP_PX = 2.0  # free space kept around each label


@dataclass(frozen=True, slots=True)
class LabelSpec:
    """A label to place: ``key`` names it for the caller; lower ``priority`` goes first;
    ``candidates`` are the centres (screen pixels) it may take, best first."""

    key: Hashable
    priority: float
    width: float
    height: float
    candidates: tuple[tuple[float, float], ...]
    in_view: bool = True  # its anchor is in the view: it prefers a place inside the view too

    def box(self, centre: tuple[float, float]) -> Box:
        return centred(centre[0], centre[1], self.width, self.height)


def place_labels(
    specs: Sequence[LabelSpec],
    obstacles: Iterable[Box],
    frame: Box | None = None,
    gap: float = LABEL_GAP_PX,
    prefer: Box | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """The chosen centre of each label that found room, by key (the others are left out).
    With ``prefer`` (what the view shows), a label whose anchor is in the view takes a free
    place inside it before one outside it, so it is not cut by the edge of the view when it
    could be whole."""
    blocked = BoxIndex()
    for box in obstacles:
        blocked.add(box)
    placed = BoxIndex()
    chosen: dict[Hashable, tuple[float, float]] = {}

    def free(box: Box) -> bool:
        if frame is not None and not inside(box, frame):
            return False
        return not placed.hits(grown(box, gap)) and not blocked.hits(box)

    for spec in sorted(specs, key=lambda s: s.priority):
        passes: tuple[bool | None, ...] = (True, False) if prefer is not None and spec.in_view else (None,)
        found = None
        for in_view in passes:  # inside the view first, then anywhere
            for centre in spec.candidates:
                box = spec.box(centre)
                if in_view is not None and prefer is not None and inside(box, prefer) is not in_view:
                    continue
                if free(box):
                    found = centre, box
                    break
            if found is not None:
                placed.add(found[1])
                chosen[spec.key] = found[0]
                break
    return chosen


# Directions around a point, best first: above, right, left, below, then the corners.
AROUND = ((0, -1), (1, 0), (-1, 0), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))
SLIDES = (0.0, 0.25, -0.25, 0.5, -0.5, 0.75, -0.75, 1.0, -1.0)  # above or below, shares of its width


def around(
    x: float,
    y: float,
    width: float,
    height: float,
    gaps: Sequence[float] = (4.0,),
    slides: Sequence[float] = (0.0,),
) -> tuple[tuple[float, float], ...]:
    """Centres of a ``width`` × ``height`` label beside the point ``(x, y)`` with ``gaps``
    pixels between them: above first, then right, left, below and the corners, near before
    far; above and below it may also slide sideways by ``slides`` (shares of its width: a long
    label finds room over a crowd)."""
    found = []
    for gap in gaps:
        for dx, dy in AROUND:
            cx, cy = x + dx * (width / 2 + gap), y + dy * (height / 2 + gap)
            if dx == 0:
                found += [(cx + slide * width, cy) for slide in slides]
            else:
                found.append((cx, cy))
    return tuple(found)
