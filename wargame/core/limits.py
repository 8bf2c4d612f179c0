"""The limits of the numbers a game holds, declared once: the rules check them and the
widgets that ask for them read them (a spin box never offers what the rules refuse).

>>> STRENGTH.low, STRENGTH.high
(1, 100)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limit:
    """The smallest and the largest value allowed."""

    low: float
    high: float

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True, slots=True)
class Whole:
    """The smallest and the largest whole number allowed."""

    low: int
    high: int

    def __contains__(self, value: int) -> bool:
        return self.low <= value <= self.high


MAX_STRENGTH = 100  # strength steps of a unit at most
MAX_REACH = 50  # direct-fire reach in hexes at most (25 km at 500 m hexes)
STRENGTH = Whole(1, MAX_STRENGTH)
REACH = Whole(0, MAX_REACH)
DICE = Whole(1, 20)  # dice in one roll
DIE_SIDES = Whole(2, 100)  # sides of a die
MAX_TURN_LENGTH_DAYS = 366.0
MIN_TURN_LENGTH_DAYS = 0.01  # above 0: the smallest a widget offers (a quarter of an hour)
TURN_LENGTH_DAYS = Limit(MIN_TURN_LENGTH_DAYS, MAX_TURN_LENGTH_DAYS)
MAX_FIRST_TURN = 100_000
FIRST_TURN = Whole(0, MAX_FIRST_TURN)
