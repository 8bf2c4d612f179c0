"""The `report` command: supply, routes, pockets, corridors and warnings of a game at a turn.

``python -m wargame report [FILE_OR_SCENARIO] [--turn N] [--json] [--hex LABEL]``
(see :mod:`wargame.core.reports.report`).
"""

from __future__ import annotations

import argparse
import json
import sys

from wargame.cli.output import MAX_TURN, say, whole_number_in
from wargame.core.files.loading import open_source
from wargame.core.reports.report import hex_report, hex_text, index_for, report_text
from wargame.core.reports.timeline import timeline_report
from wargame.core.rules.analysis import GameAnalysis


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("report", help="supply, routes and warnings of a game or scenario")
    p.add_argument("source", nargs="?", default=None, help="game file, scenario file or scenario id")
    p.add_argument(
        "--turn",
        type=whole_number_in(0, MAX_TURN),
        default=None,
        help="report the state at the start of this turn",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--hex", default=None, metavar="LABEL", help="report one hex by its label, e.g. 0504")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    game = open_source(args.source)
    index = index_for(game, args.turn)
    if getattr(args, "hex", None):
        state = game.state_at(index)
        h = state.map.hex_from_label(args.hex)
        if args.json:
            json.dump(hex_report(state, h), sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            say(hex_text(state, h))
        return 0
    analysis = GameAnalysis(game).at(index)
    if args.json:
        data = {**analysis.to_dict(), **timeline_report(game.state_at(index), analysis)}
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        say(report_text(game.state_at(index), analysis))
    return 0
