"""Command line: `python -m wargame COMMAND …` over the same engine as the app.

One thin module per command registers its arguments; this module puts them together.

Errors, bad arguments included, are one line on stderr and exit status 2; no traceback
reaches the user.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence

from wargame import __version__
from wargame.cli import bench, csv_export, host, join, report
from wargame.cli.explain import register_explain
from wargame.cli.import_control import register_import_control
from wargame.cli.import_map import register_import_map
from wargame.cli.output import complain
from wargame.cli.print_map import register_print_map
from wargame.cli.render import register_render
from wargame.cli.replay import register_replay
from wargame.core.errors import WargameError

# Options whose value may start with a minus sign (``--bbox -1.5,48,0.5,49``): argparse would
# take such a value for an option.
SIGNED_OPTIONS = ("--bbox",)
NEGATIVE = re.compile(r"-[0-9.]")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise SystemExit(f"{self.prog}: error: {message} (see {self.prog} --help)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wargame", description="Wargame companion: headless commands.")
    parser.add_argument("--version", action="version", version=f"wargame {__version__}")
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
    host.register,
    join.register,
]


def command_names() -> frozenset[str]:
    """The commands (``report``, ``render``…): the standalone app answers them too."""
    commands = argparse.ArgumentParser().add_subparsers()
    for register in COMMANDS:
        register(commands)
    return frozenset(commands.choices)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(signed_values(list(sys.argv[1:] if argv is None else argv)))
    except SystemExit as stop:
        if isinstance(stop.code, str):
            complain(stop.code)
            return 2
        return int(stop.code or 0)
    try:
        return int(args.run(args) or 0)
    except WargameError as error:
        complain(f"wargame {args.command}: error: {error}")
        return 2
    except (MemoryError, RecursionError):
        # The readers bound every input; this is the last guard, never a traceback.
        complain(f"wargame {args.command}: error: the input is too large or too deeply nested to process")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def signed_values(argv: list[str]) -> list[str]:
    """``--bbox -1,48,1,49`` as ``--bbox=-1,48,1,49``, so argparse reads the value as one."""
    result: list[str] = []
    for index, arg in enumerate(argv):
        if index and argv[index - 1] in SIGNED_OPTIONS and NEGATIVE.match(arg) and result:
            result[-1] = f"{result[-1]}={arg}"
        else:
            result.append(arg)
    return result
