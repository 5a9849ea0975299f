"""The demo world's options and the time helpers every part of it shares."""

from __future__ import annotations

import calendar
import datetime as dt
import random
import time
import uuid
from dataclasses import dataclass, replace

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DemoOptions:
    questions: int = 3000
    players: int = 500
    submissions: int = 220  # pending ones; approved and rejected come on top (10 % each)
    days: int = 120
    seed: int = 42
    today: dt.date = dt.date(2026, 1, 15)
    answer_days: int = 14  # answers table: each player's last N played days ...
    max_answers: int = 100_000  # ... fewer when players x N x 10 would exceed this

    def scaled(self, factor: float) -> DemoOptions:
        """Sizes multiplied by ``factor`` (days and the answers budget stay as they are)."""
        return replace(
            self,
            questions=max(1, round(self.questions * factor)),
            players=max(1, round(self.players * factor)),
            submissions=max(1, round(self.submissions * factor)),
        )


def epoch(day: dt.date, seconds: int = 0) -> int:
    return calendar.timegm(day.timetuple()) + seconds


def no_later_than_now(day: dt.date, seconds: int) -> int:
    """``epoch(day, seconds)``, but for today no later than a quarter of an hour ago: no demo
    record may look like it comes from the future (staff pages flag that as odd data)."""
    moment = epoch(day, seconds)
    if day == dt.datetime.now(dt.UTC).date():
        moment = max(epoch(day), min(moment, int(time.time()) - 900))
    return moment


def iso(seconds: int) -> str:
    """ISO-8601 as the game writes it (Python's naive UTC isoformat)."""
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).replace(tzinfo=None).isoformat()


def make_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
