"""Read side of the daily-set pages: the game's pool, read once, and the sets it yields.

The preview and range pages read the pool fresh (one pool read a page: they must be exact
against the current tables). "Check daily-set impact" (the editor's and the create form's) is
computed like the editor's other daily-set panels, by core/served_days.py over the data layer's
short-lived cached pool, so the editor says the same thing wherever it says it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core import served_days
from ..core.clock import utc_now
from ..data import questions as questions_repo
from ..data.models import Question
from ..domain.daily_impact import ChangeImpact
from ..domain.daily_set import (
    MIN_POOL,
    POOL_SCAN_LIMIT,
    POOL_TARGET,
    daily_seed,
    game_refuses,
    repeats_in_range,
    select_daily_set,
    sets_for_range,
)
from .queries import CandidateChange

REFUSAL_MESSAGE = "Not enough questions available for daily challenge"


@dataclass(frozen=True)
class PoolFacts:
    """What the page must say about the pool the sets were drawn from."""

    size: int
    read_at: dt.datetime
    scan_limit: int = POOL_SCAN_LIMIT
    target: int = POOL_TARGET
    min_pool: int = MIN_POOL

    @property
    def refused(self) -> bool:
        return game_refuses(self.size)

    @property
    def reached_target(self) -> bool:
        """The game stopped scanning here: items later in scan order can't be picked."""
        return self.size >= self.target


@dataclass(frozen=True)
class DailyEntry:
    position: int  # 1..10, the order the game serves them in
    question: Question
    pool_index: int  # 0-based place in the pool (scan order); the sample depends on it

    @property
    def pool_place(self) -> int:
        """The place in the pool the game picks from, counted from 1 like the set's own "#"."""
        return self.pool_index + 1


@dataclass(frozen=True)
class DailyPreview:
    day: dt.date
    seed: int
    entries: list[DailyEntry]
    pool: PoolFacts
    refusal_message: str = REFUSAL_MESSAGE

    @property
    def refused(self) -> bool:
        return self.pool.refused


@dataclass(frozen=True)
class RangeCell:
    entry: DailyEntry
    repeated: bool  # appears on another day of the range too


@dataclass(frozen=True)
class RangeDay:
    day: dt.date
    cells: list[RangeCell]

    @property
    def category_mix(self) -> list[tuple[str, int]]:
        """Categories of the day's questions, most frequent first (a question counts in each)."""
        counts: dict[str, int] = {}
        for cell in self.cells:
            for name in cell.entry.question.categories or ["(none)"]:
                counts[name] = counts.get(name, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @property
    def difficulty_mix(self) -> list[tuple[int, int]]:
        """(difficulty, how many) for difficulties 1–4, in order."""
        return [
            (level, sum(1 for c in self.cells if c.entry.question.difficulty == level))
            for level in (1, 2, 3, 4)
        ]

    @property
    def true_answers(self) -> int:
        return sum(1 for cell in self.cells if cell.entry.question.answer is True)

    @property
    def false_answers(self) -> int:
        return len(self.cells) - self.true_answers


@dataclass(frozen=True)
class RepeatedQuestion:
    question: Question
    days: list[dt.date]


@dataclass(frozen=True)
class DailyRange:
    start: dt.date
    days: int
    rows: list[RangeDay]
    repeats: list[RepeatedQuestion]
    pool: PoolFacts
    refusal_message: str = REFUSAL_MESSAGE

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 1)

    @property
    def distinct_questions(self) -> int:
        return len({cell.entry.question.id for row in self.rows for cell in row.cells})


# --- selectors ------------------------------------------------------------------------------


def _entries(pool: list[Question], day: dt.date) -> list[DailyEntry]:
    positions = {id(q): n for n, q in enumerate(pool)}
    return [
        DailyEntry(position=n, question=q, pool_index=positions[id(q)])
        for n, q in enumerate(select_daily_set(pool, day), start=1)
    ]


def daily_preview(day: dt.date) -> DailyPreview:
    """The day's set exactly as the game would serve it now: one fresh pool read."""
    pool = questions_repo.scan_daily_pool(scan_limit=POOL_SCAN_LIMIT, target=POOL_TARGET)
    facts = PoolFacts(size=len(pool), read_at=utc_now())
    return DailyPreview(day=day, seed=daily_seed(day), entries=_entries(pool, day), pool=facts)


def daily_range(start: dt.date, days: int) -> DailyRange:
    """``days`` consecutive sets from one pool read, with questions repeated in the range."""
    pool = questions_repo.scan_daily_pool(scan_limit=POOL_SCAN_LIMIT, target=POOL_TARGET)
    facts = PoolFacts(size=len(pool), read_at=utc_now())
    positions = {id(q): n for n, q in enumerate(pool)}
    sets = sets_for_range(pool, start, days)
    repeats = repeats_in_range(sets)
    rows = [
        RangeDay(
            day=day,
            cells=[
                RangeCell(
                    entry=DailyEntry(position=n, question=q, pool_index=positions[id(q)]),
                    repeated=q.id in repeats,
                )
                for n, q in enumerate(chosen, start=1)
            ],
        )
        for day, chosen in sets.items()
    ]
    by_id = {q.id: q for chosen in sets.values() for q in chosen}
    repeated = sorted(
        (RepeatedQuestion(by_id[qid], dates) for qid, dates in repeats.items()),
        key=lambda r: (-len(r.days), r.days[0], r.question.id),
    )
    return DailyRange(start=start, days=days, rows=rows, repeats=repeated, pool=facts)


# --- "Check daily-set impact" (the editor's and the create form's) ------------------------------

NEW_QUESTION_MARK = "(new)"


def candidate_impact(change: CandidateChange) -> ChangeImpact:
    """The impact of saving the editor's form: one GetItem of the stored question (for an edit:
    what it is now) and the cached pool read."""
    if change.question_id is None:
        return served_days.change_impact(NEW_QUESTION_MARK, difficulty_after=change.difficulty)
    stored = questions_repo.get(change.question_id, consistent=False)
    content_changed = change.difficulty != stored.difficulty or any(
        change.fields.get(name) != getattr(stored, name) for name in change.fields
    )
    return served_days.change_impact(
        change.question_id,
        difficulty_before=stored.difficulty,
        difficulty_after=change.difficulty,
        content_changed=content_changed,
    )
