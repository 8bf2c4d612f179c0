"""Command line: `python -m wargame report|bench …` over the same engine as the app.

Errors are one line on stderr and exit status 2; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from wargame.core.errors import WargameError
from wargame.csv_export import register as register_csv_export
from wargame.explain_cli import register_explain
from wargame.exports_cli import register_render, register_replay
from wargame.import_cli import register_import_control, register_import_map
from wargame.print_cli import register_print_map


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise SystemExit(f"{self.prog}: error: {message}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wargame", description="Wargame companion: headless commands.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for register in COMMANDS:
        register(commands)
    return parser


def _register_report(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from wargame import report

    p = commands.add_parser("report", help="supply, routes and warnings of a game or scenario")
    p.add_argument("source", nargs="?", default=None, help="game file, scenario file or scenario id")
    p.add_argument("--turn", type=int, default=None, help="report the state at the start of this turn")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--hex", default=None, metavar="LABEL", help="report one hex by its label, e.g. 0504")
    p.set_defaults(run=report.run)


def _register_bench(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("bench", help="measure analysis speed (median milliseconds)")
    p.add_argument("--repeat", type=int, default=20, help="runs per measurement")
    p.add_argument("--quick", action="store_true", help="skip the largest maps")
    p.set_defaults(run=_run_bench)


def _run_bench(args: argparse.Namespace) -> int:
    from wargame import bench

    return bench.run(args)


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [  # type: ignore[type-arg]
    _register_report,
    _register_bench,
    register_import_control,
    register_import_map,
    register_render,
    register_replay,
    register_csv_export,
    register_print_map,
    register_explain,
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
            return 2
        return int(stop.code or 0)
    try:
        return int(args.run(args) or 0)
    except WargameError as error:
        print(f"wargame {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
