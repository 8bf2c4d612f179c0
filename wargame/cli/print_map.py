"""The `print-map` command: printable map sheets (and counter sheets) of a map, scenario or game.

    python -m wargame print-map bakhmut-2023-02 --paper A3 --scale 1:25000 -o map.pdf --counters

The map is split over as many pages as the scale needs, with overlaps and assembly marks;
see docs/printing.md. Draws offscreen; no window opens.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from wargame.cli.output import say
from wargame.core.errors import GameFileError
from wargame.core.map.gamemap import GameMap
from wargame.core.model import Side, Unit
from wargame.core.reports.print_layout import (
    DEFAULT_OVERLAP_MM,
    Orientation,
    PagePlan,
    PrintError,
    map_extent,
    paper,
    parse_scale,
    plan_pages,
    scale_text,
    sources_note,
)
from wargame.core.rules.naming import counted

DEFAULT_PAPER = "A3"
DEFAULT_SCALE = "1:25000"
DEFAULT_COUNTER_MM = 16.0


def register_print_map(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser(
        "print-map", help="PDF map sheets to print and assemble: hex grid, numbers, legend, counters"
    )
    p.add_argument(
        "source",
        nargs="?",
        default=None,
        help="map name (e.g. bakhmut), scenario id or file, or game file (default: the built-in scenario)",
    )
    p.add_argument("-o", "--output", required=True, help="PDF file to write")
    p.add_argument("--paper", default=DEFAULT_PAPER, help="A4, A3, A2, A1, Letter or Tabloid (default A3)")
    p.add_argument(
        "--scale", default=DEFAULT_SCALE, help="map scale, e.g. 1:25000 or '1:50 000' (default 1:25000)"
    )
    p.add_argument(
        "--orientation",
        choices=[o.value for o in Orientation],
        default=Orientation.AUTO.value,
        help="page orientation (default auto: the one needing fewer pages)",
    )
    p.add_argument(
        "--overlap-mm",
        type=float,
        default=DEFAULT_OVERLAP_MM,
        help=f"map shared by neighbouring pages, in mm (default {DEFAULT_OVERLAP_MM:g})",
    )
    p.add_argument("--counters", action="store_true", help="add counter sheets of the units to cut out")
    p.add_argument(
        "--counter-mm",
        type=float,
        default=DEFAULT_COUNTER_MM,
        help=f"counter size in mm (default {DEFAULT_COUNTER_MM:g}, i.e. about 5/8 inch)",
    )
    p.set_defaults(run=run_print_map)


def output_path(text: str) -> Path:
    """The PDF to write: a .pdf name in a folder that exists and can be written to."""
    path = Path(text)
    if path.suffix.lower() != ".pdf":
        raise PrintError(f"-o {text}: the file name should end in .pdf")
    folder = path.parent
    if not folder.is_dir():
        raise PrintError(f"-o {text}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise PrintError(f"-o {text}: cannot write there (permission denied)")
    if path.is_dir():
        raise PrintError(f"-o {text}: is a folder, not a file")
    return path


def load_printable(source: str | None) -> tuple[GameMap, str, tuple[Side, ...], tuple[Unit, ...]]:
    """The map to print, a title, and the sides and units of a scenario or game (none for a map)."""
    from wargame.core.map.mapdata import load_map, maps_dir

    if source is not None and _names_a_map(source):
        gamemap = load_map(source)
        return gamemap, gamemap.title, (), ()
    from wargame.core.files.loading import open_source

    try:
        game = open_source(source)
    except GameFileError:
        if source is None or Path(source).exists() or "/" in source or source.endswith(".json"):
            raise
        maps = ", ".join(sorted(p.parent.name for p in maps_dir().glob("*/map.json")))
        raise PrintError(f"no map, scenario or game named {source!r}; maps: {maps}") from None
    state = game.state
    return game.map, game.scenario.title, tuple(game.scenario.sides), tuple(state.units.values())


def _names_a_map(source: str) -> bool:
    """Whether ``source`` is the name of a map in the maps folders (never a path)."""
    from wargame.core.map.mapdata import find_map

    return not source.endswith(".json") and find_map(source) is not None


def make_plan(gamemap: GameMap, args: argparse.Namespace) -> PagePlan:
    sheet = paper(args.paper)
    scale = parse_scale(args.scale)
    return plan_pages(map_extent(gamemap), sheet, scale, Orientation(args.orientation), args.overlap_mm)


def run_print_map(args: argparse.Namespace) -> int:
    sheet = paper(args.paper)  # check the cheap options before loading anything
    parse_scale(args.scale)
    out = output_path(args.output)
    gamemap, title, sides, units = load_printable(args.source)
    if args.counters and not units:
        raise PrintError("there are no units to print counters for: name a scenario or a game file")
    plan = make_plan(gamemap, args)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # never opens a window
    from wargame.ui.output import print_map

    declaration = print_map.grid_declaration(gamemap, plan.scale, sources_note(gamemap))
    job = print_map.make_job(
        gamemap, plan, declaration, sides, units if args.counters else (), args.counter_mm, title
    )
    pages = print_map.write_pdf(job, out)
    counter_pages = pages - plan.count
    extra = f" + {counted(counter_pages, 'counter sheet')}" if counter_pages else ""
    say(
        f"wrote {out}: {counted(plan.count, 'map page')} ({plan.across} across × {plan.down} down, "
        f"{sheet.name} {plan.orientation.value}, {scale_text(plan.scale)}){extra}"
    )
    if job.hex_number_mm < print_map.READABLE_HEX_NUMBER_MM:
        shown = "left off" if job.hex_number_mm < print_map.HEX_NUMBER_LEAST_MM else "very small"
        say(
            f"note: hexes are {job.hex_mm:.1f} mm across at {scale_text(plan.scale)}, so the hex numbers "
            f"are {shown}; print at {scale_text(print_map.readable_scale(gamemap))} or larger to read them"
        )
    return 0
