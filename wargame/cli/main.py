"""Command line: `python -m wargame report|bench …` over the same engine as the app.

Errors are one line on stderr and exit status 2; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from wargame.cli import bench, csv_export, report
from wargame.cli.explain import register_explain
from wargame.cli.exports import register_render, register_replay
from wargame.cli.imports import register_import_control, register_import_map
from wargame.cli.print_map import register_print_map
from wargame.core.errors import WargameError


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


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [  # type: ignore[type-arg]
    report.register,
    bench.register,
    register_import_control,
    register_import_map,
    register_render,
    register_replay,
    csv_export.register,
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
