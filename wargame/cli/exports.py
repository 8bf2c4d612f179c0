"""The `render` and `replay` commands: after-action pictures and reports of a game file.

    python -m wargame render GAME.wargame.json --turn 3 -o turn3.png
    python -m wargame replay GAME.wargame.json --gif game.gif --aar review.html

Both draw offscreen with the app's own map scene; no window opens.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from wargame.cli.output import number_in, say
from wargame.core.errors import WargameError

DEFAULT_PNG_SIZE = "1600x1000"
DEFAULT_GIF_SIZE = "1200x750"


def register_render(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("render", help="PNG picture of the map at a turn, with overlay and legend")
    p.add_argument("source", help="game file (or scenario file or id: its start)")
    p.add_argument("--turn", type=int, default=None, help="the start of this turn (default: the game's end)")
    p.add_argument("-o", "--output", required=True, help="PNG file to write")
    p.add_argument("--size", default=DEFAULT_PNG_SIZE, help=f"WIDTHxHEIGHT (default {DEFAULT_PNG_SIZE})")
    p.set_defaults(run=run_render)


def register_replay(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("replay", help="animated GIF (one frame per turn) and after-action review")
    p.add_argument("source", help="game file")
    p.add_argument("--gif", help="animated GIF to write")
    p.add_argument("--aar", help="after-action review to write: .html, or .md for Markdown")
    p.add_argument("--size", default=DEFAULT_GIF_SIZE, help=f"GIF frame size (default {DEFAULT_GIF_SIZE})")
    p.add_argument(
        "--seconds", type=number_in(0.05, 60, " s"), default=1.5, help="seconds per GIF frame (default 1.5)"
    )
    p.set_defaults(run=run_replay)


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise WargameError(f"--size must look like 1600x1000, not {text!r}") from None
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise WargameError(f"--size {text} is out of range (320x240 to 8000x8000)")
    return width, height


def _output(path_text: str, suffixes: tuple[str, ...], option: str) -> Path:
    path = Path(path_text)
    if path.suffix.lower() not in suffixes:
        raise WargameError(f"{option} {path_text}: the file name should end in {' or '.join(suffixes)}")
    if not path.parent.is_dir():
        raise WargameError(f"{option} {path_text}: the folder {path.parent} does not exist")
    return path


def _headless() -> None:
    # A command line export never opens a window, with or without a display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def run_render(args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    out = _output(args.output, (".png",), "-o")
    _headless()
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


def run_replay(args: argparse.Namespace) -> int:
    if not args.gif and not args.aar:
        raise WargameError("say what to write: --gif FILE.gif and/or --aar FILE.html (or .md)")
    if not 0.05 <= args.seconds <= 60:
        raise WargameError("--seconds must be between 0.05 and 60")
    size = parse_size(args.size)
    gif = _output(args.gif, (".gif",), "--gif") if args.gif else None
    aar_path = _output(args.aar, (".html", ".htm", ".md"), "--aar") if args.aar else None
    from wargame.core.files.gamefile import read_game

    saved = read_game(args.source)
    if aar_path is not None:
        from wargame.core.reports.aar import write_aar

        write_aar(aar_path, saved.game, saved.metadata)
        say(f"wrote {aar_path}")
    if gif is not None:
        _headless()
        from wargame.ui.output import export

        count = export.save_gif(export.replay_frames(saved.game, size), gif, args.seconds)
        say(f"wrote {gif} ({count} frames, {size[0]}x{size[1]})")
    return 0
