"""asyncio on Qt's own event loop (qasync), started the first time remote play is asked for:
without it nothing of asyncio or the network runs in the app.

PySide6's QtAsyncio cannot run the NATS client (it lacks ``create_connection``); qasync's
loop, made on the running application, can.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import qasync
from PySide6.QtWidgets import QApplication

log = logging.getLogger("wargame.ui")
_LOOP: list[asyncio.AbstractEventLoop] = []  # the one loop, once made


def event_loop() -> asyncio.AbstractEventLoop:
    """The asyncio loop running on Qt's event loop (made on first use)."""
    if not _LOOP:
        app = QApplication.instance()
        if app is None:
            raise RuntimeError("remote play needs the application running")
        _LOOP.append(qasync.QEventLoop(app, already_running=True))
    return _LOOP[0]


def spawn(
    work: Coroutine[Any, Any, Any], failed: Callable[[str], None], done: Callable[[Any], None] | None = None
) -> asyncio.Task[Any]:
    """Run ``work`` on the loop; ``done(result)`` after it, ``failed(reason)`` if it fails."""
    from wargame.core.errors import WargameError

    task = event_loop().create_task(work)

    def finished(task: asyncio.Task[Any]) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if isinstance(error, WargameError):
            failed(str(error))
        elif error is not None:
            log.error("remote play failed: %r", error)
            failed(f"remote play failed: {error}")
        elif done is not None:
            done(task.result())

    task.add_done_callback(finished)
    return task


def shutdown() -> None:
    """Stop and forget the loop (tests; the app's end)."""
    if _LOOP:
        loop = _LOOP.pop()
        tasks = asyncio.all_tasks(loop)
        for task in tasks:
            task.cancel()
        for _ in range(100):  # let the cancelled tasks end on Qt's loop
            if all(task.done() for task in tasks):
                break
            QApplication.processEvents()
        # qasync's stop() also exits the application (QApplication.exit), after which Qt's
        # timers never fire again in this process: the loop made on the running application
        # is marked stopped instead, and the application runs on.
        loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
        loop.close()
        asyncio.events._set_running_loop(None)
