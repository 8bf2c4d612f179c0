"""The `explain` command: why one unit has the supply it has, at any turn of a game.

``python -m wargame explain [FILE_OR_SCENARIO] --unit ID [--turn N] [--json]``: the traced
path and its costs, the fire on it, how far over the limit, or what encircles the unit
(see :mod:`wargame.core.rules.explain`).
"""

from __future__ import annotations

import argparse
import json
import sys

from wargame.cli.output import MAX_TURN, say, whole_number_in
from wargame.core.files.loading import open_source
from wargame.core.model import find_id
from wargame.core.reports.report import state_for
from wargame.core.rules.explain import explain


def register_explain(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("explain", help="why a unit is supplied, limited, out of supply or encircled")
    p.add_argument("source", nargs="?", default=None, help="game file, scenario file or scenario id")
    p.add_argument("--unit", required=True, help="the unit's id, e.g. UA-93")
    p.add_argument(
        "--turn",
        type=whole_number_in(0, MAX_TURN),
        default=None,
        help="explain the state at the start of this turn",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    game = open_source(args.source)
    state = state_for(game, args.turn)
    explanation = explain(state, find_id(args.unit, state.units) or args.unit)
    if args.json:
        json.dump(explanation.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        say("\n".join(explanation.lines()))
    return 0
