"""The `render` command: a PNG picture of the map at a turn, with overlay and legend.

    python -m wargame render GAME.wargame.json --turn 3 -o turn3.png

Draws offscreen with the app's own map scene; no window opens.
"""

from __future__ import annotations

import argparse

from wargame.cli.output import MAX_TURN, say, whole_number_in
from wargame.cli.pictures import draw_offscreen, output_path, parse_size

DEFAULT_PNG_SIZE = "1600x1000"


def register_render(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("render", help="PNG picture of the map at a turn, with overlay and legend")
    p.add_argument("source", help="game file (or scenario file or id: its start)")
    p.add_argument(
        "--turn",
        type=whole_number_in(0, MAX_TURN),
        default=None,
        help="the start of this turn (default: the game's end)",
    )
    p.add_argument("-o", "--output", required=True, help="PNG file to write")
    p.add_argument("--size", default=DEFAULT_PNG_SIZE, help=f"WIDTHxHEIGHT (default {DEFAULT_PNG_SIZE})")
    p.set_defaults(run=run_render)


def run_render(args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    out = output_path(args.output, (".png",), "-o")
    draw_offscreen()
    from wargame.core.files.loading import open_source
    from wargame.ui.output import export

    game = open_source(args.source)
    if args.turn is None:
        image, when = export.render_end(game, size), f"end of the game, turn {game.state.turn}"
    else:
        image, when = export.render_turn(game, args.turn, size), f"start of turn {args.turn}"
    export.save_png(image, out)
    say(f"wrote {out} ({image.width()}x{image.height()}, {when})")
    return 0
