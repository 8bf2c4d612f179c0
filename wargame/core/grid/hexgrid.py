"""Hexes in axial coordinates, with cube-coordinate maths.

Orientation: **flat-top** hexes. Axial ``q`` grows to the east (one column per step),
``r`` grows to the south-south-east so that the offset row (see :func:`to_offset`) grows to
the south, as on a printed map. ``s = -q - r`` is the implied third cube coordinate.
Directions are numbered clockwise from north-east::

        __
     __/  \\__        5 = north      0 = north-east
    /  \\__/  \\       4 = north-west 1 = south-east
    \\__/  \\__/       3 = south-west 2 = south
       \\__/
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple


class Hex(NamedTuple):
    """One hex in axial coordinates. Hashable, ordered, cheap.

    >>> Hex(0, 0).distance(Hex(2, -1))
    2
    """

    q: int
    r: int

    @property
    def s(self) -> int:
        return -self.q - self.r

    def __add__(self, other: object) -> Hex:
        if not isinstance(other, Hex):
            return NotImplemented
        return Hex(self.q + other.q, self.r + other.r)

    def __sub__(self, other: Hex) -> Hex:
        return Hex(self.q - other.q, self.r - other.r)

    def distance(self, other: Hex) -> int:
        """Number of hex steps between two hexes."""
        dq = self.q - other.q
        dr = self.r - other.r
        return (abs(dq) + abs(dr) + abs(dq + dr)) // 2

    def neighbour(self, direction: int) -> Hex:
        dq, dr = DIRECTIONS[direction % 6]
        return Hex(self.q + dq, self.r + dr)

    def neighbours(self) -> tuple[Hex, ...]:
        q, r = self
        return tuple(Hex(q + dq, r + dr) for dq, dr in DIRECTIONS)

    def direction_to(self, other: Hex) -> int | None:
        """Direction index of an adjacent hex, or None when not adjacent."""
        delta = (other.q - self.q, other.r - self.r)
        try:
            return DIRECTIONS.index(Hex(*delta))
        except ValueError:
            return None

    def __str__(self) -> str:
        return f"{self.q},{self.r}"


DIRECTIONS: tuple[Hex, ...] = (
    Hex(1, -1),  # north-east
    Hex(1, 0),  # south-east
    Hex(0, 1),  # south
    Hex(-1, 1),  # south-west
    Hex(-1, 0),  # north-west
    Hex(0, -1),  # north
)


def hex_round(q: float, r: float) -> Hex:
    """Nearest hex to fractional axial coordinates (cube rounding)."""
    s = -q - r
    rq, rr, rs = round(q), round(r), round(s)
    dq, dr, ds = abs(rq - q), abs(rr - r), abs(rs - s)
    if dq > dr and dq > ds:
        rq = -rr - rs
    elif dr > ds:
        rr = -rq - rs
    return Hex(int(rq), int(rr))


def line(a: Hex, b: Hex) -> list[Hex]:
    """Hexes on the straight line from ``a`` to ``b``, both included, each adjacent to the next.

    >>> line(Hex(0, 0), Hex(2, 0))
    [Hex(q=0, r=0), Hex(q=1, r=0), Hex(q=2, r=0)]
    """
    n = a.distance(b)
    if n == 0:
        return [a]
    # A tiny nudge keeps points on a hex edge from rounding inconsistently.
    aq, ar = a.q + 1e-6, a.r + 1e-6
    bq, br = b.q + 1e-6, b.r + 1e-6
    return [hex_round(aq + (bq - aq) * i / n, ar + (br - ar) * i / n) for i in range(n + 1)]


def ring(centre: Hex, radius: int) -> list[Hex]:
    """Hexes exactly ``radius`` steps from ``centre``, clockwise (the centre itself at radius 0)."""
    if radius == 0:
        return [centre]
    result = []
    h = Hex(centre.q + DIRECTIONS[4].q * radius, centre.r + DIRECTIONS[4].r * radius)
    for direction in range(6):
        for _ in range(radius):
            result.append(h)
            h = h.neighbour(direction)
    return result


def hex_range(centre: Hex, radius: int) -> Iterator[Hex]:
    """Every hex within ``radius`` steps of ``centre`` (a filled hexagon)."""
    for dq in range(-radius, radius + 1):
        for dr in range(max(-radius, -dq - radius), min(radius, -dq + radius) + 1):
            yield Hex(centre.q + dq, centre.r + dr)


def to_offset(h: Hex) -> tuple[int, int]:
    """Axial to (column, row) in the "odd-q" offset convention: odd columns sit half a hex lower."""
    return h.q, h.r + (h.q - (h.q & 1)) // 2


def from_offset(col: int, row: int) -> Hex:
    """Inverse of :func:`to_offset`."""
    return Hex(col, row - (col - (col & 1)) // 2)
