"""Application entry point (the window arrives with the app issue; until then, a report)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from wargame.core.errors import WargameError


def main(argv: Sequence[str] | None = None) -> int:
    from wargame.loading import open_source
    from wargame.report import report_text

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        game = open_source(args[0] if args else None)
    except WargameError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report_text(game.state))
    return 0
