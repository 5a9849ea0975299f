"""The game's daily-challenge selection, reproduced exactly (GAME.md, "The daily challenge").

The back office must predict which questions players meet on a given UTC date, and show how
editing the pool changes future (and re-computed past) sets. Any deviation from the game's
algorithm would make those predictions wrong, so this module is deliberately literal.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

POOL_SCAN_LIMIT = 500
"""`Limit` of each Scan page the game issues when building the pool."""
POOL_TARGET = 1000
"""The game stops scanning once it has collected at least this many items."""
POOL_DIFFICULTIES = (1, 4)
"""The game's pool keeps questions whose difficulty is in this range (inclusive)."""
MIN_POOL = 10
"""Below this many pool items the game answers 404 and there is no challenge that day."""
SET_SIZE = 10
"""Questions in a daily set."""
EDITOR_WINDOW_DAYS = 30
"""How far ahead the question editor shows the days a question is in the set."""
GAME_FIRST_DAY = date(2000, 1, 1)
"""No earlier day is one the game served (a bound, not its launch, which no table records):
the pages about a day (its set, a player's day, the calendar) refuse earlier dates alike."""

_by_id: Callable[[Any], Any] = attrgetter("id")


def _as_date(day: date) -> date:
    """A `datetime` is a `date` subclass whose isoformat() carries a time; the seed must not."""
    return day.date() if isinstance(day, datetime) else day


def daily_seed(day: date) -> int:
    """First 8 bytes of SHA-256 of `truthbyte-daily-YYYY-MM-DD`, read big-endian unsigned."""
    text = f"truthbyte-daily-{_as_date(day).isoformat()}"
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def in_daily_pool(difficulty: Any) -> bool:
    """Whether a question of this difficulty can be in the game's daily pool."""
    low, high = POOL_DIFFICULTIES
    return isinstance(difficulty, int) and low <= difficulty <= high


def daily_pool(pages: Iterable[Sequence[T]], *, target: int = POOL_TARGET) -> list[T]:
    """GAME.md step 1 over the scan's pages in the order read: keep the questions of pool
    difficulty, stop after the page that brings the pool to `target`. `pages` is consumed
    lazily, so no page after that one is read."""
    pool: list[T] = []
    for page in pages:
        pool += [item for item in page if in_daily_pool(getattr(item, "difficulty", None))]
        if len(pool) >= target:
            break
    return pool


def game_refuses(pool_size: int) -> bool:
    """True when the game answers "Not enough questions available for daily challenge"."""
    return pool_size < MIN_POOL


def select_daily_set(pool: Sequence[T], day: date) -> list[T]:
    """The day's set, in the game's order; [] when the game refuses the day.

    `pool` must be in the order the game's scans return the items: the sample depends on it.
    """
    items = list(pool)
    if game_refuses(len(items)):
        return []
    return random.Random(daily_seed(day)).sample(items, min(SET_SIZE, len(items)))


def sets_for_range(pool: Sequence[T], start: date, days: int) -> dict[date, list[T]]:
    """Daily sets for `days` consecutive dates from `start`, keyed (and ordered) by date."""
    if days < 0:
        raise ValueError("days must be >= 0")
    items = list(pool)
    first = _as_date(start)
    return {
        first + timedelta(days=n): select_daily_set(items, first + timedelta(days=n))
        for n in range(days)
    }


def repeats_in_range(
    sets: Mapping[date, Sequence[T]], key: Callable[[T], K] = _by_id
) -> dict[K, list[date]]:
    """Items that appear on two or more days, each with its dates in ascending order.

    Players notice repeats; this shows which questions the pool's size and order bring back.
    """
    seen: dict[K, list[date]] = {}
    for day in sorted(sets):
        for item in sets[day]:
            seen.setdefault(key(item), []).append(day)
    return {k: dates for k, dates in seen.items() if len(dates) >= 2}


@dataclass(frozen=True)
class QuestionDays:
    """Days in the next ``days`` on which a question is in the daily set (editor panel)."""

    question_id: str
    dates: list[date]
    pool_size: int
    in_pool: bool
    cached_at: datetime
    start: date
    days: int

    @property
    def refused(self) -> bool:
        return game_refuses(self.pool_size)

    @property
    def target(self) -> int:
        """How many questions the game reads into its pool before it stops (GAME.md)."""
        return POOL_TARGET


def question_days(
    pool_ids: Sequence[str],
    question_id: str,
    *,
    start: date,
    days: int,
    read_at: datetime,
) -> QuestionDays:
    """The days from `start` over the next `days` whose set (over `pool_ids`, in scan order)
    contains the question."""
    in_pool = question_id in pool_ids
    dates = days_featuring(pool_ids, question_id, start, days, key=str) if in_pool else []
    return QuestionDays(
        question_id=question_id,
        dates=dates,
        pool_size=len(pool_ids),
        in_pool=in_pool,
        cached_at=read_at,
        start=start,
        days=days,
    )


def days_featuring(
    pool: Sequence[T],
    question_id: Any,
    start: date,
    days: int,
    key: Callable[[T], Any] = _by_id,
) -> list[date]:
    """Dates in the range whose set contains the question (so an edit's reach is visible)."""
    return [
        day
        for day, chosen in sets_for_range(pool, start, days).items()
        if any(key(item) == question_id for item in chosen)
    ]
