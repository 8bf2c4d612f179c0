"""Security against the real server, with a side's own credentials (what its join code holds)
in a client that does not play by the rules: every attempt to read or write what the side may
not is refused by the server, and nothing leaks. And bad intents from the wire are refused by
the facilitator with a reason, logged, the truth untouched."""

from __future__ import annotations

import asyncio

import nats
import pytest

from wargame.core.actions import EndTurn, MoveUnit, PlaceUnit, SetControl
from wargame.core.grid.hexgrid import from_offset
from wargame.core.model import Unit, UnitType
from wargame.remote.connection import open_link
from wargame.remote.facilitator import Facilitator
from wargame.remote.seat import Seat
from wargame.remote.wire import Intent, LogEntry, read_intent_id

from .conftest import Hosted, run, sketch_game

REFUSED_SECONDS = 10.0


async def _refused(link, count: int) -> None:
    """Wait until the server has refused ``count`` operations (its refusals come asynchronously)."""

    async def until():
        while len(link.refusals) < count:
            await asyncio.sleep(0.01)

    await asyncio.wait_for(until(), REFUSED_SECONDS)


async def _rogue(hosted: Hosted, role: str):
    code = hosted.code(role)
    return await open_link(code.server, code.user, code.password, hosted.access.names.inbox(role), "rogue")


def test_a_side_cannot_read_the_other_sides_view_the_log_or_everything(hosted):
    n = hosted.access.names

    async def body():
        facilitator = Facilitator(sketch_game(), hosted.access, hosted.url)
        await facilitator.start()
        rogue = await _rogue(hosted, "UA")
        honest = Seat(hosted.code("RU"))
        got: list[str] = []

        async def take(message):
            got.append(message.subject)

        try:
            targets = [
                n.view("RU"),
                n.log,
                ">",
                "wg.>",
                "_INBOX.>",
                n.inbox("RU") + ".>",
                n.intent("RU"),
                "$JS.>",
            ]
            for subject in targets:
                await rogue.client.subscribe(subject, cb=take)
            await rogue.client.flush()
            await _refused(rogue, len(targets))
            # the game goes on: the log and RU's view are written; none of it may reach UA
            await honest.start()
            assert (await facilitator.push(EndTurn())).accepted
            assert (await honest.propose(MoveUnit("ru-inf", from_offset(9, 1)))).accepted
            await rogue.client.flush()
            return list(rogue.refusals), got
        finally:
            await honest.stop()
            await rogue.close()
            await facilitator.stop()

    refusals, leaked = run(body())
    assert leaked == []
    assert len(refusals) == 8 and all("subscription" in r.lower() for r in refusals)


def test_a_side_cannot_write_the_other_sides_intents_or_the_log(hosted):
    n = hosted.access.names

    async def body():
        facilitator = Facilitator(sketch_game(), hosted.access, hosted.url)
        await facilitator.start()
        rogue = await _rogue(hosted, "RU")
        try:
            # RU, out of its turn, pretends to be UA; and writes an action straight into the log
            fake = Intent("a" * 16, "UA", MoveUnit("ua-inf", from_offset(3, 1))).to_bytes()
            await rogue.client.publish(n.intent("UA"), fake)
            entry = LogEntry(1, "RU", "b" * 16, MoveUnit("ru-inf", from_offset(9, 1))).to_bytes()
            await rogue.client.publish(n.log, entry)
            await rogue.client.flush()
            await _refused(rogue, 2)
            info = await facilitator.js.stream_info(n.log_stream)
            waiting = await facilitator.js.stream_info(n.intent_stream("UA"))
            return rogue.refusals, info.state.messages, waiting.state.messages, len(facilitator.game)
        finally:
            await rogue.close()
            await facilitator.stop()

    refusals, logged, waiting, actions = run(body())
    assert all("publish" in r.lower() for r in refusals) and len(refusals) == 2
    assert (logged, waiting, actions) == (0, 0, 0)


def test_a_side_cannot_use_the_stream_api_on_the_log(hosted):
    n = hosted.access.names

    async def body():
        facilitator = Facilitator(sketch_game(), hosted.access, hosted.url)
        await facilitator.start()
        assert (await facilitator.push(EndTurn())).accepted  # something in the log to steal
        rogue = await _rogue(hosted, "UA")
        js = rogue.client.jetstream(timeout=0.5)
        attempts = [
            js.stream_info(n.log_stream),
            js.get_msg(n.log_stream, 1),
            js.get_msg(n.log_stream, 1, direct=True),
            js.subscribe(n.log, stream=n.log_stream, ordered_consumer=True),
            js.pull_subscribe(n.log, durable="steal", stream=n.log_stream),
            js.stream_info(n.view_stream("RU")),
            js.delete_stream(n.log_stream),
            js.purge_stream(n.log_stream),
            js.delete_msg(n.log_stream, 1),
        ]
        attempts = [asyncio.wait_for(a, 0.5) for a in attempts]
        try:
            outcomes = await asyncio.gather(*attempts, return_exceptions=True)
            await _refused(rogue, len(attempts))
            still = (await facilitator.js.stream_info(n.log_stream)).state.messages
            return outcomes, rogue.refusals, still
        finally:
            await rogue.close()
            await facilitator.stop()

    outcomes, refusals, still = run(body())
    assert all(
        isinstance(o, TimeoutError | nats.errors.TimeoutError | nats.js.errors.Error) for o in outcomes
    ), outcomes
    assert len(refusals) >= 9 and all("publish" in r.lower() for r in refusals)
    assert still == 1  # no delete, no purge


def test_not_even_the_facilitator_may_delete_or_purge_the_log(hosted):
    n = hosted.access.names

    async def body():
        facilitator = Facilitator(sketch_game(), hosted.access, hosted.url)
        await facilitator.start()
        try:
            assert (await facilitator.push(EndTurn())).accepted
            js = facilitator.link.client.jetstream(timeout=0.5)
            attempts = (
                js.delete_stream(n.log_stream),
                js.purge_stream(n.log_stream),
                js.delete_msg(n.log_stream, 1),
            )
            await asyncio.gather(*(asyncio.wait_for(a, 0.5) for a in attempts), return_exceptions=True)
            await _refused(facilitator.link, 3)
            return (await facilitator.js.stream_info(n.log_stream)).state.messages
        finally:
            await facilitator.stop()

    assert run(body()) == 1


HQ = Unit("x", "UA", UnitType.HQ, from_offset(0, 2))
NOT_AN_ACTION = (
    b'{"format":"wargame-intent","version":1,"id":"gggggggggggg","side":"UA","action":{"type":"nuke"}}'
)
BAD = [
    ("malformed", b"{not json", "the intent"),
    ("oversized", b'{"x": "' + b"a" * 20000 + b'"}', "too large"),
    ("other side's unit", Intent("c" * 16, "UA", MoveUnit("ru-inf", from_offset(9, 1))), "has no unit"),
    ("out of turn", None, "out of turn"),
    ("forged sender", Intent("d" * 16, "RU", EndTurn()), "forged sender"),
    (
        "facilitator's action",
        Intent("e" * 16, "UA", PlaceUnit(Unit("x", "UA", UnitType.HQ, from_offset(0, 2)))),
        "only the facilitator",
    ),
    ("for the other side", Intent("f" * 16, "UA", SetControl((from_offset(2, 2),), "RU")), "acts for itself"),
    (
        "not an action",
        b'{"format":"wargame-intent","version":1,"id":"gggggggggggg","side":"UA","action":{"type":"nuke"}}',
        "unknown action",
    ),
]


@pytest.mark.parametrize("what,intent,reason", BAD, ids=[b[0] for b in BAD])
def test_bad_intents_are_refused_with_a_reason_and_the_truth_stays(hosted, what, intent, reason):
    async def body():
        game = sketch_game()
        facilitator = Facilitator(game, hosted.access, hosted.url)
        await facilitator.start()
        ua, ru = Seat(hosted.code("UA")), Seat(hosted.code("RU"))
        try:
            await ua.start()
            await ru.start()
            before = facilitator.game.state
            if intent is None:  # out of turn: RU, while UA is to move
                outcome = await ru.propose(MoveUnit("ru-inf", from_offset(9, 1)))
            else:
                raw = intent if isinstance(intent, bytes) else intent.to_bytes()
                intent_id = intent.id if isinstance(intent, Intent) else read_intent_id(raw) or "unreadable"
                await ua.send(raw, f"raw-{what.replace(' ', '-')}-{len(raw)}")
                outcome = await ua.outcome(intent_id)
            return outcome, facilitator.refusals, facilitator.game.state is before, len(facilitator.game)
        finally:
            await ua.stop()
            await ru.stop()
            await facilitator.stop()

    outcome, refusals, untouched, actions = run(body())
    assert not outcome.accepted and reason in outcome.reason
    assert [r.reason for r in refusals] == [outcome.reason]  # logged for the facilitator
    assert untouched and actions == 0


def test_a_replayed_intent_id_is_not_applied_again(hosted):
    async def body():
        facilitator = Facilitator(sketch_game(), hosted.access, hosted.url)
        await facilitator.start()
        ua = Seat(hosted.code("UA"))
        try:
            await ua.start()
            intent = Intent("h" * 16, "UA", MoveUnit("ua-inf", from_offset(2, 1)))
            await ua.send(intent.to_bytes(), "first")
            first = await ua.outcome(intent.id)
            # the same intent id again, past the server's duplicate window (a new message id)
            await ua.send(intent.to_bytes(), "second")
            again = await ua.wait_for(lambda e: sum(o.intent == intent.id for o in e.outcomes) == 2)
            changed = Intent(intent.id, "UA", MoveUnit("ua-inf", from_offset(3, 1)))
            await ua.send(changed.to_bytes(), "third")
            third = await ua.wait_for(lambda e: sum(o.intent == intent.id for o in e.outcomes) == 3)
            return first, again.outcomes[-1], third.outcomes[-1], len(facilitator.game)
        finally:
            await ua.stop()
            await facilitator.stop()

    first, again, changed, actions = run(body())
    assert first.accepted and actions == 1
    assert "replayed" in again.reason and "not applied again" in again.reason
    assert not changed.accepted and "replayed intent id" in changed.reason
