"""The test session lives on one game day.

The game's day turns at 00:00 UTC, and so do the player pages. A suite started at 23:50 builds
players' days on one date while collecting and asks the pages about them after midnight: CI
failed on just that. So the test process's clock (``datetime``, ``time.time``) is moved to
12:00 UTC of the day the session starts, and runs on from there (``tick``): every test, and the
app it calls, sees the same date, half a day from either end of it.

Only this process moves. DynamoDB Local, PostgreSQL and Chromium keep their own clocks, and
the app compares none of theirs with ours (the queue's undo countdown goes by the answer's
``Date`` header, which this process writes). A server or command run as a subprocess lives on
the real clock: what it checks against the time (a TOTP code) is made with :func:`real_time`."""

from __future__ import annotations

import datetime as dt
import time

import time_machine

_travel: time_machine.travel | None = None


def start() -> None:
    """Move this process's clock to 12:00 UTC of today, running on from there."""
    global _travel
    today = dt.datetime.now(dt.UTC).date()
    noon = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    _travel = time_machine.travel(noon, tick=True)
    _travel.start()


def stop() -> None:
    if _travel is not None:
        _travel.stop()


def real_time() -> float:
    """Now by the real clock, as a process started by the tests sees it."""
    hatch = time_machine.escape_hatch
    return hatch.time.time() if hatch.is_travelling() else time.time()
