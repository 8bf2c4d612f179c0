"""Remote play: each team in its own room over NATS JetStream (see docs/remote.md).

The facilitator's machine holds the truth (:mod:`.facilitator`); a side's or an observer's
machine holds a :class:`~wargame.remote.seat.Seat` that only ever receives its own view.
The server (a real ``nats-server``, :mod:`.server`) enforces who may read and write what,
from the permissions :mod:`.server_config` writes. The core never imports this package.
"""
