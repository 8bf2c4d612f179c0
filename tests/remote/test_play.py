"""A game played by three clients against a real server: the facilitator and two sides.

Every accepted action reaches the log once, in order; every view a side receives equals the
core's side view of the truth at that point for that side, and nothing more.
"""

from __future__ import annotations

import pytest

from wargame.core.actions import EndTurn, Interdict, MoveUnit, Note, SetControl
from wargame.core.game import Game
from wargame.core.grid.hexgrid import from_offset
from wargame.core.phases import current_phase
from wargame.core.rules.analysis import GameAnalysis
from wargame.core.view.side_view import side_view
from wargame.core.visibility import visible_units
from wargame.remote.facilitator import Facilitator
from wargame.remote.seat import Seat
from wargame.remote.wire import Envelope, LogEntry

from .conftest import Hosted, run, sketch_game

# (side, action): what each side proposes, in order; all valid when proposed
PLAY = [
    ("UA", MoveUnit("ua-inf", from_offset(2, 1))),
    ("UA", Note("holding the west")),
    ("UA", EndTurn()),
    ("RU", MoveUnit("ru-inf", from_offset(7, 1))),  # into UA's recon's sight? no: 5 hexes off
    ("RU", SetControl((from_offset(5, 4),), "RU")),
    ("RU", EndTurn()),
    ("UA", Interdict(from_offset(8, 1), "UA")),
    ("UA", MoveUnit("ua-recon", from_offset(5, 2))),  # now RU's infantry is in sight
    ("UA", EndTurn()),
]


def core_views(game: Game, viewer: str | None) -> list[str]:
    """The core's side view after each number of actions (0 to all), as JSON."""
    views = []
    for count in range(len(game) + 1):
        at = Game(game.scenario, game.map, game.actions[:count])
        views.append(side_view(at.state, GameAnalysis(at).at(count), viewer, current_phase(at)).to_json())
    return views


async def _play(hosted: Hosted) -> tuple[Facilitator, dict[str, list[Envelope]], list[LogEntry]]:
    facilitator = Facilitator(sketch_game(), hosted.access, hosted.url)
    await facilitator.start()
    seats = {side: Seat(hosted.code(side)) for side in ("UA", "RU")}
    observer = Seat(hosted.code("observer"))
    received: dict[str, list[Envelope]] = {role: [] for role in (*seats, "observer")}
    try:
        for role, seat in (*seats.items(), ("observer", observer)):
            seat.listeners.append(received[role].append)
            await seat.start()
        for side, action in PLAY:
            outcome = await seats[side].propose(action, timeout=10)
            assert outcome.accepted, outcome.reason
            assert outcome.action is None  # a side is not told how many actions the log holds
        final = facilitator.game.state
        end = (final.turn, final.side_to_move)
        for seat in (*seats.values(), observer):  # the last action (an end of turn) shows to all
            await seat.wait_for(lambda e: (e.view.turn, e.view.side_to_move) == end)
        js = facilitator.js
        stored = (await js.stream_info(hosted.access.names.log_stream)).state.last_seq
        log = [
            LogEntry.from_bytes((await js.get_msg(hosted.access.names.log_stream, s)).data)
            for s in range(1, stored + 1)
        ]
        return facilitator, received, log
    finally:
        for seat in (*seats.values(), observer):
            await seat.stop()
        await facilitator.stop()


@pytest.fixture(scope="module")
def played(nats_server):
    """One game played through (once for the tests of this module)."""
    server, games = nats_server
    return run(_play(Hosted(server, games.pop())))


def test_three_clients_play_and_every_action_reaches_the_log_once(played):
    facilitator, received, log = played
    game = facilitator.game
    assert len(game) == len(PLAY)
    assert [e.number for e in log] == list(range(1, len(PLAY) + 1))
    assert [e.action for e in log] == [action for _, action in PLAY] == game.actions
    assert [e.actor for e in log] == [side for side, _ in PLAY]
    assert len({e.intent for e in log}) == len(PLAY)  # one intent, one action
    assert facilitator.refusals == []


def test_each_side_receives_exactly_the_core_side_view(played):
    facilitator, received, _ = played
    game = facilitator.game
    for role, viewer in (("UA", "UA"), ("RU", "RU"), ("observer", None)):
        truth = core_views(game, viewer)
        step = 0
        for envelope in received[role]:  # each view is the core's at some step, in order
            text = envelope.view.to_json()
            assert text in truth[step:], f"{role} received a view the core never gave it"
            step = truth.index(text, step)
        assert step == len(PLAY) or truth[step] == truth[-1]
        assert received[role][-1].view.to_json() == truth[-1]
    assert [e.actions for e in received["observer"]][-1] == len(PLAY)  # the facilitator's view counts
    assert {e.actions for e in received["UA"]} == {None}
    # and a side's view holds only the units the core says it sees
    final = received["UA"][-1].view
    assert set(final.situation.units) == visible_units(game.state, "UA")
    assert "ru-mech" not in final.situation.units and "ru-inf" in final.situation.units
    assert "RU" not in final.own_sides


def test_a_step_a_side_cannot_see_sends_it_nothing(hosted):
    """RU's move far from UA's units changes nothing UA sees: UA gets no new view at all."""

    async def body():
        facilitator = Facilitator(sketch_game(), hosted.access, hosted.url)
        await facilitator.start()
        ua, ru = Seat(hosted.code("UA")), Seat(hosted.code("RU"))
        try:
            await ua.start()
            await ru.start()
            assert (await ua.propose(EndTurn())).accepted
            before = ua.received
            assert (await ru.propose(MoveUnit("ru-mech", from_offset(11, 4)))).accepted
            assert (await ru.propose(EndTurn())).accepted  # UA's view changes again here
            await ua.wait_for(lambda e: e.view.turn == 2)
            return ua.received - before
        finally:
            await ua.stop()
            await ru.stop()
            await facilitator.stop()

    assert run(body()) == 1  # the end of RU's turn only, not its hidden move
