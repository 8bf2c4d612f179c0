"""The `export --csv DIR` command: tidy CSV tables of a game, per turn, for a study team's
spreadsheet (see :mod:`wargame.core.reports.csv_export`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from wargame.cli.output import say
from wargame.core.files.loading import open_source
from wargame.core.reports.csv_export import write_tables


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("export", help="tidy CSV tables of a game per turn (units, routes, warnings)")
    p.add_argument("source", help="game file, scenario file or scenario id")
    p.add_argument(
        "--csv", required=True, metavar="DIR", help="folder to write units.csv, routes.csv, warnings.csv"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    game = open_source(args.source)
    for path in write_tables(game, Path(args.csv)):
        say(str(path))
    return 0
