"""Faults: the server killed and restarted mid-game, a client killed mid-turn, the
facilitator restarted. No action is lost, none is doubled: the log, the facilitator's game and
the intents accepted agree one to one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from wargame.core.actions import EndTurn, MoveUnit, Note
from wargame.core.grid.hexgrid import from_offset
from wargame.remote.facilitator import Facilitator
from wargame.remote.seat import Seat
from wargame.remote.wire import Intent, LogEntry

from .conftest import Hosted, run, sketch_game


async def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    async def until() -> None:
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(until(), timeout)


async def _log(facilitator: Facilitator) -> list[LogEntry]:
    stream = facilitator.names.log_stream
    stored = (await facilitator.js.stream_info(stream)).state.last_seq
    return [LogEntry.from_bytes((await facilitator.js.get_msg(stream, s)).data) for s in range(1, stored + 1)]


def test_the_server_killed_and_restarted_mid_game_loses_and_doubles_nothing(own_server: Hosted):
    async def body():
        facilitator = Facilitator(sketch_game(), own_server.access, own_server.url)
        await facilitator.start()
        ua, ru = Seat(own_server.code("UA")), Seat(own_server.code("RU"))
        try:
            await ua.start()
            await ru.start()
            accepted = [await ua.propose(MoveUnit("ua-inf", from_offset(2, 1)))]
            own_server.server.stop(kill=True)  # a crash, mid-turn
            await wait_until(lambda: not ua.link.connected.is_set())
            # UA proposes while the server is down: the intent waits, then goes through once
            pending = asyncio.create_task(ua.propose(Note("sent while the server was down"), timeout=20))
            await wait_until(lambda: ua.attempts >= 1)
            await asyncio.to_thread(own_server.server.launch)
            accepted.append(await pending)
            accepted.append(await ua.propose(EndTurn()))
            accepted.append(await ru.propose(MoveUnit("ru-inf", from_offset(9, 1))))
            await ua.wait_for(lambda e: e.view.side_to_move == "RU")
            return accepted, await _log(facilitator), list(facilitator.game.actions)
        finally:
            await ua.stop()
            await ru.stop()
            await facilitator.stop()

    accepted, log, actions = run(body(), timeout=30)
    assert all(o.accepted for o in accepted), [o.reason for o in accepted]
    assert [e.number for e in log] == [1, 2, 3, 4]
    assert [e.action for e in log] == actions
    assert [e.action.kind for e in log] == ["move", "note", "end_turn", "move"]


def test_a_client_killed_mid_turn_loses_and_doubles_nothing(hosted: Hosted):
    async def body():
        facilitator = Facilitator(sketch_game(), hosted.access, hosted.url)
        await facilitator.start()
        ua = Seat(hosted.code("UA"))
        again = Seat(hosted.code("UA"))
        try:
            await ua.start()
            intent = Intent("killed-mid-turn-1", "UA", MoveUnit("ua-inf", from_offset(2, 1)))
            await ua.send(intent.to_bytes(), intent.id)
            await ua.link.client.close()  # gone before its outcome came back
            await again.start()  # the same side joins again with its code
            outcome = await again.outcome(intent.id)
            moved = await again.wait_for(lambda e: e.view.situation.units["ua-inf"].hex == from_offset(2, 1))
            return outcome, moved, await _log(facilitator)
        finally:
            await again.stop()
            await facilitator.stop()

    outcome, moved, log = run(body())
    assert outcome.accepted
    assert [e.intent for e in log] == ["killed-mid-turn-1"]


def test_the_facilitator_restarted_resumes_from_the_log(hosted: Hosted):
    async def body():
        first = Facilitator(sketch_game(), hosted.access, hosted.url)
        await first.start()
        ua = Seat(hosted.code("UA"))
        try:
            await ua.start()
            assert (await ua.propose(MoveUnit("ua-inf", from_offset(2, 1)))).accepted
            await first.stop()  # the facilitator's machine goes away
            # an intent sent meanwhile waits in UA's intent stream
            intent = Intent("while-away-1", "UA", EndTurn())
            await ua.send(intent.to_bytes(), intent.id)
            second = Facilitator(sketch_game(), hosted.access, hosted.url)  # the file, reopened
            await second.start()
            outcome = await ua.outcome(intent.id)
            return outcome, list(second.game.actions), await _log(second)
        finally:
            await ua.stop()
            await second.stop()

    outcome, actions, log = run(body())
    assert outcome.accepted
    assert [a.kind for a in actions] == ["move", "end_turn"]
    assert [e.action for e in log] == actions


def test_an_intent_redelivered_after_the_facilitator_crashed_is_answered_not_replayed(hosted: Hosted):
    """The facilitator appended an intent's action but died before acknowledging the intent:
    the intent comes again after the restart and is recognised by its id in the log."""

    async def body():
        first = Facilitator(sketch_game(), hosted.access, hosted.url)
        await first.start()
        for task in first._tasks:  # stop consuming intents: this facilitator will "crash"
            task.cancel()
        ua = Seat(hosted.code("UA"))
        try:
            await ua.start()
            intent = Intent("crash-before-ack", "UA", MoveUnit("ua-inf", from_offset(2, 1)))
            await first._commit(intent.action, "UA", intent.id)  # logged and applied, not acked
            await ua.send(intent.to_bytes(), intent.id)
            await first.stop()
            second = Facilitator(sketch_game(), hosted.access, hosted.url)
            await second.start()
            outcome = await ua.outcome(intent.id)
            return outcome, list(second.game.actions), await _log(second)
        finally:
            await ua.stop()
            await second.stop()

    outcome, actions, log = run(body())
    assert outcome.accepted and "not applied again" in outcome.reason
    assert len(actions) == 1 and [e.intent for e in log] == ["crash-before-ack"]
