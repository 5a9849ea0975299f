"""Which daily sets a change to one question would change: before and after, from one pool.

The game draws each day's set with ``random.Random(seed).sample(pool, 10)`` over the pool in
scan order (daily_set.py), so a question leaving or joining the pool shifts the positions behind
it and can change days it was never on. Nothing here reads anything: the caller passes the pool
(ids in scan order, as read once) and the change; the sets before and after are computed in
memory with the game's own function.

- leaving the pool (retire, difficulty set to 5): exact, the pool minus the question;
- staying in it (text or difficulty 1–4 edited): the sets keep their questions; the days the
  question is on show players the edited version;
- joining it (create, difficulty 5 set to 1–4): where a new item lands in DynamoDB's scan order
  is only known once it is stored, so each day is either certain to change (wherever it lands)
  or changes only if it lands before the day's last pick.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from .daily_set import (
    MIN_POOL,
    POOL_TARGET,
    SET_SIZE,
    daily_seed,
    in_daily_pool,
    select_daily_set,
)

__all__ = [
    "ChangeImpact",
    "change_impact",
    "in_daily_pool",
    "in_pool_after_edit",
    "pool_change_impact",
]


@dataclass(frozen=True)
class DayImpact:
    day: date
    before: tuple[str, ...]  # the day's set now, in serving order ((): the game refuses the day)
    after: tuple[str, ...]  # after the change (joining: as if the question landed last)
    question_on_day: bool  # the question is in the set before or after
    certain: bool = True  # False: changes only if a joining question lands early enough

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class PoolImpact:
    question_id: str
    start: date
    days: int
    kind: str  # "leaves", "joins", "edited", "none"
    rows: list[DayImpact] = field(default_factory=list)

    @property
    def changed_days(self) -> list[date]:
        """Days whose set (which questions, or what one of them says) changes for certain."""
        if self.kind == "edited":
            return self.question_days
        return [r.day for r in self.rows if r.changed and r.certain]

    @property
    def maybe_days(self) -> list[date]:
        """Joining only: days that change if the question lands before the day's last pick."""
        return [r.day for r in self.rows if not r.certain]

    @property
    def question_days(self) -> list[date]:
        """Days the question itself is on (before the change, or after it)."""
        return [r.day for r in self.rows if r.question_on_day]

    @property
    def other_changed_days(self) -> list[date]:
        return [d for d in self.changed_days if d not in set(self.question_days)]

    @property
    def changed_rows(self) -> list[DayImpact]:
        wanted = set(self.changed_days) | set(self.maybe_days)
        return [r for r in self.rows if r.day in wanted]


def in_pool_after_edit(
    pool_ids: Sequence[str], question_id: str, *, stored_difficulty: int, new_difficulty: int
) -> bool:
    """Whether a stored question is in the daily pool after an edit to ``new_difficulty``.

    A question of a pool difficulty that is not in the pool sits beyond the pages the game
    reads: an edit keeps its key, so its place in that order, and it stays out whatever
    difficulty it gets. Otherwise its difficulty decides (a question taken out by difficulty 5
    may join; where it lands is known once saved)."""
    if in_daily_pool(stored_difficulty) and question_id not in set(pool_ids):
        return False
    return in_daily_pool(new_difficulty)


def _dates(start: date, days: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(days)]


def pool_change_impact(
    pool_ids: Sequence[str],
    *,
    question_id: str,
    in_pool_after: bool,
    content_changed: bool = True,
    start: date,
    days: int,
) -> PoolImpact:
    """The next ``days`` sets from ``start``, before and after ``question_id`` moves from where
    it is in ``pool_ids`` (in it or not) to in the pool (``in_pool_after``) or out of it."""
    pool = list(pool_ids)
    in_pool_before = question_id in pool
    if in_pool_before and in_pool_after:
        kind = "edited" if content_changed else "none"
        return PoolImpact(
            question_id, start, days, kind, _same_pool(pool, question_id, start, days)
        )
    if in_pool_before:
        after = [q for q in pool if q != question_id]
        rows = [_row(pool, after, question_id, day) for day in _dates(start, days)]
        return PoolImpact(question_id, start, days, "leaves", rows)
    if in_pool_after:
        rows = [_joining_row(pool, question_id, day) for day in _dates(start, days)]
        return PoolImpact(question_id, start, days, "joins", rows)
    return PoolImpact(question_id, start, days, "none", _same_pool(pool, question_id, start, days))


def _same_pool(pool: list[str], question_id: str, start: date, days: int) -> list[DayImpact]:
    rows = []
    for day in _dates(start, days):
        chosen = tuple(select_daily_set(pool, day))
        rows.append(DayImpact(day, chosen, chosen, question_id in chosen))
    return rows


def _row(before: list[str], after: list[str], question_id: str, day: date) -> DayImpact:
    old, new = tuple(select_daily_set(before, day)), tuple(select_daily_set(after, day))
    return DayImpact(day, old, new, question_id in old or question_id in new)


def _joining_row(pool: list[str], question_id: str, day: date) -> DayImpact:
    """With n items and the newcomer at position p (0..n), the game picks positions
    ``sample(range(n + 1), k)``. If it lands after every picked position, the picks are the
    pool's own items; the day is unchanged exactly when those are today's set (in order)."""
    before = tuple(select_daily_set(pool, day))
    n = len(pool)
    if n + 1 < MIN_POOL:
        return DayImpact(day, before, before, False)
    picks = random.Random(daily_seed(day)).sample(range(n + 1), min(SET_SIZE, n + 1))
    landed_last = tuple(pool[j] if j < n else question_id for j in picks)
    if landed_last != before:
        return DayImpact(day, before, landed_last, question_id in landed_last)
    # Unchanged if it lands after the last pick; otherwise the day's set changes.
    return DayImpact(day, before, landed_last, False, certain=False)


@dataclass(frozen=True)
class ChangeImpact:
    """Which of the next days' sets a candidate change alters, with the pool it was computed on."""

    impact: PoolImpact
    pool_size: int
    read_at: dt.datetime
    target: int = POOL_TARGET

    @property
    def pool_full(self) -> bool:
        """The game stops reading at this size: a joining question may land beyond it."""
        return self.pool_size >= self.target


def change_impact(
    pool_ids: list[str],
    read_at: dt.datetime,
    question_id: str,
    *,
    in_pool_after: bool,
    start: date,
    days: int,
    content_changed: bool = True,
) -> ChangeImpact:
    """Before/after sets for ``days`` from ``start`` if ``question_id`` ends up in the pool or
    not, from ONE pool read (``pool_ids`` in the game's scan order, read at ``read_at``)."""
    impact = pool_change_impact(
        pool_ids,
        question_id=question_id,
        in_pool_after=in_pool_after,
        content_changed=content_changed,
        start=start,
        days=days,
    )
    return ChangeImpact(impact=impact, pool_size=len(pool_ids), read_at=read_at)
