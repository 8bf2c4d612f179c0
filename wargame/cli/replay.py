"""The `replay` command: an animated GIF (one frame per turn), the after-action review and the
hotwash handout of a game; each is written only when asked for.

    python -m wargame replay GAME.wargame.json --gif game.gif --aar review.html --handout hotwash.pdf

The GIF is drawn offscreen with the app's own map scene; no window opens.
"""

from __future__ import annotations

import argparse

from wargame.cli.output import number_in, say
from wargame.cli.pictures import draw_offscreen, output_path, parse_size
from wargame.core.errors import WargameError

DEFAULT_GIF_SIZE = "1200x750"


def register_replay(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("replay", help="animated GIF (one frame per turn) and after-action review")
    p.add_argument("source", help="game file")
    p.add_argument("--gif", help="animated GIF to write")
    p.add_argument("--aar", help="after-action review to write: .html, or .md for Markdown")
    p.add_argument("--handout", help="hotwash handout to write: a .pdf, with the same as .html beside it")
    p.add_argument("--size", default=DEFAULT_GIF_SIZE, help=f"GIF frame size (default {DEFAULT_GIF_SIZE})")
    p.add_argument(
        "--seconds", type=number_in(0.05, 60, " s"), default=1.5, help="seconds per GIF frame (default 1.5)"
    )
    p.set_defaults(run=run_replay)


def run_replay(args: argparse.Namespace) -> int:
    if not args.gif and not args.aar and not args.handout:
        raise WargameError(
            "say what to write: --gif FILE.gif, --aar FILE.html (or .md), --handout FILE.pdf, or several"
        )
    if not 0.05 <= args.seconds <= 60:
        raise WargameError("--seconds must be between 0.05 and 60")
    size = parse_size(args.size)
    gif = output_path(args.gif, (".gif",), "--gif") if args.gif else None
    aar_path = output_path(args.aar, (".html", ".htm", ".md"), "--aar") if args.aar else None
    handout = output_path(args.handout, (".pdf",), "--handout") if args.handout else None
    from wargame.core.files.gamefile import read_game

    saved = read_game(args.source)
    if aar_path is not None:
        from wargame.core.reports.aar import write_aar

        write_aar(aar_path, saved.game, saved.metadata)
        say(f"wrote {aar_path}")
    if handout is not None:
        draw_offscreen()
        from wargame.ui.output.handout import write_handout

        files = write_handout(saved.game, handout, saved.metadata)
        say(f"wrote {files.pdf} ({files.pages} pages) and {files.html}")
    if gif is not None:
        draw_offscreen()
        from wargame.ui.output import export

        count = export.save_gif(export.replay_frames(saved.game, size), gif, args.seconds)
        say(f"wrote {gif} ({count} frames, {size[0]}x{size[1]})")
    return 0
