"""The `join` command: join a remote game with a join code, from a terminal.

``wargame join CODE`` connects as the code's side or observer and prints the turn, the phase
and the side's headline each time its view changes (``--json``: each view as JSON, one a
line); ``--once`` stops after the first view. The window's File ▸ Join game… draws the same
view on the map (see docs/remote.md).
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from wargame.cli.output import say
from wargame.remote.codes import JoinCode
from wargame.remote.seat import Seat
from wargame.remote.summary import side_headline, turn_line
from wargame.remote.wire import Envelope


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("join", help="join a remote game with a join code")
    p.add_argument("code", help="the join code the facilitator gave (wg1.…)")
    p.add_argument("--json", action="store_true", help="print each view as JSON, one a line")
    p.add_argument("--once", action="store_true", help="print the first view and stop")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the first view")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return asyncio.run(follow(JoinCode.parse(args.code), args))


async def follow(code: JoinCode, args: argparse.Namespace) -> int:
    seat = Seat(code)
    shown: asyncio.Queue[Envelope] = asyncio.Queue()
    seat.listeners.append(shown.put_nowait)
    await seat.start()
    try:
        say(f"joined game {code.game} as {code.role}")
        first = True
        while True:
            envelope = await asyncio.wait_for(shown.get(), args.timeout) if first else await shown.get()
            first = False
            _show(envelope, args.json)
            if args.once:
                return 0
    except TimeoutError:
        say(f"no view arrived within {args.timeout:g} s: is the facilitator's app running?")
        return 1
    finally:
        await seat.stop()


def _show(envelope: Envelope, as_json: bool) -> None:
    view = envelope.view
    if as_json:
        sys.stdout.write(view.to_json() + "\n")
        sys.stdout.flush()
        return
    sides = list(view.own_sides) if view.viewer is None else [view.viewer]
    say(turn_line(view, {}) + " · " + " | ".join(side_headline(view, side) for side in sides))
    for outcome in envelope.outcomes[-1:]:
        if not outcome.accepted:
            say(f"refused: {outcome.reason}")
