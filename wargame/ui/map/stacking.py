"""Which counters draw as one stack at a zoom, and where each drawn counter goes, so that no two
drawn counters overlap.

Worked on the screen, in pixels: every unit is a piece at its hex centre with the box its
counter covers there. Pieces of one side whose counters would overlap (in one hex, or tightly
together) merge into a stack drawn at their middle, until no two stacks of a side overlap.
Stacks of different sides that still overlap are moved apart a little (never more than about
a counter); where that is not enough, the later stack joins the one it would cover (a stack of
both sides). What is left is drawn without overlaps at any zoom.

>>> pieces = [Piece("a", "UA", 0, 0), Piece("b", "UA", 10, 0), Piece("c", "UA", 200, 0)]
>>> [s.keys for s in stack_pieces(pieces, solo=(-20, -20, 20, 20), stacked=(-25, -25, 20, 20))]
[('a', 'b'), ('c',)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from wargame.ui.map.boxes import Box, box_at, overlap

# Where a stack may be moved to avoid another side's stack, as shares of its box, best first.
NUDGES = tuple(
    (dx * k, dy * k)
    for k in (0.35, 0.7, 1.05)
    for dx, dy in ((0, -1), (1, 0), (-1, 0), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))
)


@dataclass(frozen=True, slots=True)
class Piece:
    """A unit as stacking sees it: its key, side and anchor (its hex centre, screen pixels);
    ``rank`` orders the members of a stack (the lowest leads: drawn on top, gives the symbol)."""

    key: str
    side: str
    x: float
    y: float
    rank: tuple[object, ...] = ()


@dataclass(frozen=True, slots=True)
class Stack:
    """Counters drawn as one: ``keys`` lead first; ``(x, y)`` where it is drawn."""

    keys: tuple[str, ...]
    x: float
    y: float
    sides: tuple[str, ...]

    @property
    def lead(self) -> str:
        return self.keys[0]


@dataclass(slots=True)
class _Group:
    pieces: list[Piece]
    x: float
    y: float

    @property
    def side(self) -> str:
        return self.pieces[0].side

    def join(self, other: _Group) -> None:
        self.pieces += other.pieces
        self.x = sum(p.x for p in self.pieces) / len(self.pieces)
        self.y = sum(p.y for p in self.pieces) / len(self.pieces)


def stack_pieces(pieces: Sequence[Piece], solo: Box, stacked: Box) -> list[Stack]:
    """The stacks to draw for ``pieces``; ``solo`` and ``stacked`` are the boxes a single
    counter and a stack cover around their anchor."""
    groups = _by_side(_by_anchor(pieces), solo, stacked)
    placed = _apart(groups, stacked)
    return [_stack(g) for g in sorted(placed, key=lambda g: (g.y, g.x, g.pieces[0].key))]


def _by_anchor(pieces: Sequence[Piece]) -> list[_Group]:
    """One group per side and anchor (a hex)."""
    found: dict[tuple[str, float, float], _Group] = {}
    for piece in sorted(pieces, key=lambda p: (p.side, p.key)):
        key = (piece.side, round(piece.x, 3), round(piece.y, 3))
        group = found.get(key)
        if group is None:
            found[key] = _Group([piece], piece.x, piece.y)
        else:
            group.pieces.append(piece)
    return list(found.values())


def _box(group: _Group, solo: Box, stacked: Box) -> Box:
    return box_at(group.x, group.y, stacked if len(group.pieces) > 1 else solo)


def _by_side(groups: list[_Group], solo: Box, stacked: Box) -> list[_Group]:
    """Merge the closest overlapping pair of one side until no two groups of a side overlap."""
    result: list[_Group] = []
    for side in sorted({g.side for g in groups}):
        mine = [g for g in groups if g.side == side]
        while len(mine) > 1:
            pair = _closest_overlapping(mine, solo, stacked)
            if pair is None:
                break
            i, j = pair
            mine[i].join(mine[j])
            del mine[j]
        result += mine
    return result


def _closest_overlapping(groups: list[_Group], solo: Box, stacked: Box) -> tuple[int, int] | None:
    boxes = np.array([_box(g, solo, stacked) for g in groups])
    centres = np.array([(g.x, g.y) for g in groups])
    hit = (
        (boxes[:, None, 0] < boxes[None, :, 2])
        & (boxes[None, :, 0] < boxes[:, None, 2])
        & (boxes[:, None, 1] < boxes[None, :, 3])
        & (boxes[None, :, 1] < boxes[:, None, 3])
    )
    np.fill_diagonal(hit, False)
    if not hit.any():
        return None
    distance = np.hypot(*(centres[:, None, :] - centres[None, :, :]).transpose(2, 0, 1))
    distance[~hit] = np.inf
    i, j = divmod(int(np.argmin(distance)), len(groups))
    return (min(i, j), max(i, j))


def _apart(groups: list[_Group], stacked: Box) -> list[_Group]:
    """Place the groups, largest first: each at its anchor or nudged aside; one that finds no
    free place joins the placed group it would cover most. Every group is given the box of a
    stack here, so a group that takes another in never grows over a third."""
    placed: list[_Group] = []
    boxes: list[Box] = []
    width, height = stacked[2] - stacked[0], stacked[3] - stacked[1]
    for group in sorted(groups, key=lambda g: (-len(g.pieces), g.y, g.x, g.pieces[0].key)):
        for dx, dy in ((0.0, 0.0), *NUDGES):
            box = box_at(group.x + dx * width, group.y + dy * height, stacked)
            if not any(overlap(box, other) for other in boxes):
                group.x, group.y = group.x + dx * width, group.y + dy * height
                placed.append(group)
                boxes.append(box)
                break
        else:
            mine = box_at(group.x, group.y, stacked)
            host = max(
                range(len(placed)),
                key=lambda i: (
                    _shared(mine, boxes[i]) > 0,
                    placed[i].side == group.side,
                    _shared(mine, boxes[i]),
                    -i,
                ),
            )
            placed[host].pieces += group.pieces
    return placed


def _shared(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0.0) * max(h, 0.0)


def _stack(group: _Group) -> Stack:
    pieces = sorted(group.pieces, key=lambda p: (p.rank, p.key))
    sides = tuple(dict.fromkeys(p.side for p in pieces))
    return Stack(tuple(p.key for p in pieces), group.x, group.y, sides)
