"""The `host` command: host games for remote play (each team in its own room).

``wargame host GAME_OR_SCENARIO… [--codes-json FILE] [--server URL] [--lan] [--save FILE]``
starts the embedded nats-server (localhost unless ``--lan``) or uses ``--server``, a
facilitator per game, prints one join code per side and observer role, then serves until
Ctrl+C, printing each step and each refused intent. See docs/remote.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
from pathlib import Path

from wargame.cli.output import say
from wargame.core.errors import WargameError
from wargame.core.files.gamefile import save_game
from wargame.core.files.loading import open_game
from wargame.remote.facilitator import Facilitator
from wargame.remote.hosting import Hosting, host


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("host", help="host games for remote play over NATS (join codes per side)")
    p.add_argument("sources", nargs="+", metavar="GAME_OR_SCENARIO", help="game file, scenario file or id")
    p.add_argument(
        "--codes-json", type=Path, default=None, metavar="FILE", help="write the join codes as JSON"
    )
    p.add_argument(
        "--server", default=None, metavar="URL", help="use this NATS server instead of the embedded one"
    )
    p.add_argument("--lan", action="store_true", help="listen on the local network, not only on this machine")
    p.add_argument("--tls", nargs=2, type=Path, default=None, metavar=("CERT", "KEY"), help="serve over TLS")
    p.add_argument("--resume", default=None, metavar="GAME_ID", help="host a game hosted before (same codes)")
    p.add_argument(
        "--save", type=Path, default=None, metavar="FILE", help="save the game file after every step"
    )
    p.add_argument("--once", action="store_true", help="print the codes and stop (for scripts and tests)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return asyncio.run(serve(args))


async def serve(args: argparse.Namespace) -> int:
    games = [open_game(source).game for source in args.sources]
    if args.save is not None and len(games) != 1:
        raise WargameError("--save writes one game file: host one game with it")

    def changed(facilitator: Facilitator) -> None:
        game = facilitator.game
        say(f"{facilitator.names.game}: action {len(game)}: {game.describe(len(game) - 1)}")
        if args.save is not None:
            save_game(args.save, game)

    hosting = await host(games, args.server, args.lan, args.tls, args.resume, changed)
    try:
        _announce(hosting, args.codes_json)
        if not args.once:
            await _until_stopped(hosting)
    finally:
        await hosting.stop()
    return 0


def _announce(hosting: Hosting, codes_json: Path | None) -> None:
    say(f"server: {hosting.url}")
    for note in hosting.notes:
        say(f"note: {note}")
    for facilitator in hosting.facilitators:
        game = facilitator.game
        say(f"game {facilitator.names.game} ({game.scenario.title}), {len(game)} actions")
        for role, code in hosting.codes(facilitator).items():
            say(f"  {role}: {code}")
    if codes_json is not None:
        codes_json.write_text(json.dumps(hosting.codes_document(), indent=2) + "\n", encoding="utf-8")


async def _until_stopped(hosting: Hosting) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows: Ctrl+C raises instead
            loop.add_signal_handler(sig, stop.set)
    reported = {f.names.game: 0 for f in hosting.facilitators}
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)
        for facilitator in hosting.facilitators:
            fresh = facilitator.refusals[reported[facilitator.names.game] :]
            reported[facilitator.names.game] += len(fresh)
            for refusal in fresh:
                say(f"{facilitator.names.game}: refused {refusal.side}'s intent: {refusal.reason}")
