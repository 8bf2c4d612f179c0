"""Hex <-> local metres for flat-top hexes, without any GUI types.

Local metres: ``x`` to the east, ``y`` to the north, origin at the map centre. The hex size
is the distance between the centres of two adjacent hexes (default 500 m); the corner
radius is ``size / sqrt(3)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from wargame.core.grid.hexgrid import Hex, hex_round

SQRT3 = math.sqrt(3.0)


@dataclass(frozen=True, slots=True)
class HexLayout:
    """Places hexes of a given size (centre to centre, metres) on the local plane.

    >>> HexLayout(500.0).centre(Hex(0, 1))
    (0.0, -500.0)
    """

    size_m: float = 500.0

    @property
    def corner_radius(self) -> float:
        return self.size_m / SQRT3

    def centre(self, h: Hex) -> tuple[float, float]:
        """Centre of a hex in local metres (x east, y north)."""
        x = SQRT3 / 2.0 * self.size_m * h.q
        y = -self.size_m * (h.q / 2.0 + h.r)
        return x, y

    def hex_at(self, x: float, y: float) -> Hex:
        """The hex containing a point in local metres."""
        q = x / (SQRT3 / 2.0 * self.size_m)
        r = -y / self.size_m - q / 2.0
        return hex_round(q, r)

    def corners(self, h: Hex) -> list[tuple[float, float]]:
        """The six corners of a hex, counter-clockwise from the east corner."""
        cx, cy = self.centre(h)
        radius = self.corner_radius
        return [
            (cx + radius * math.cos(math.radians(60 * i)), cy + radius * math.sin(math.radians(60 * i)))
            for i in range(6)
        ]

    def metres(self, hexes: int) -> float:
        """A distance in hex steps, in metres."""
        return hexes * self.size_m
