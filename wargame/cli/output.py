"""What the commands print, and the types of their numeric options.

Text from files (unit names, notes, titles) reaches the terminal: raw control characters in it
(an escape sequence can rewrite a terminal's screen), bidirectional overrides and lone
surrogates are shown escaped (``\\x1b``, ``\\u202e``), never sent as they are. Errors are one
line. Numeric options are finite and in range, or argparse gives the one-line usage error.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable

_BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
_CONTROLS = [c for c in range(0x20) if c not in (0x09, 0x0A)] + [*range(0x7F, 0xA0)]
_ESCAPES = {c: f"\\x{c:02x}" for c in _CONTROLS} | {c: f"\\u{c:04x}" for c in _BIDI}
_ESCAPES |= {c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)}  # lone surrogates
_ONE_LINE = _ESCAPES | {0x0A: "\\n", 0x09: "\\t"}


# No game reaches this turn; a bound keeps a 5,000-digit --turn a usage error, not a traceback.
MAX_TURN = 10**9


def printable(text: str, one_line: bool = False) -> str:
    """``text`` with raw control characters escaped (and, for ``one_line``, newlines and tabs).

    >>> printable("Bakhmut\\x1b[2J")
    'Bakhmut\\\\x1b[2J'
    """
    return text.translate(_ONE_LINE if one_line else _ESCAPES)


def say(text: str = "") -> None:
    """Print ``text`` to standard output, control characters escaped."""
    print(printable(text))


def complain(text: str) -> None:
    """Print one line to standard error, control characters and newlines escaped."""
    print(printable(text, one_line=True), file=sys.stderr)


def number_in(low: float, high: float, unit: str = "") -> Callable[[str], float]:
    """An argparse type: a finite number from ``low`` to ``high`` (``1e300`` and ``nan`` refused)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is out of range: give {low:g} to {high:g}{unit}")
        return value

    return parse


def whole_number_in(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip()) if len(text) <= 20 else None
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text[:30]!r} is not a whole number from {low} to {high}")
        return value

    return parse
