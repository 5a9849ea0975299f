"""A player's days as support sees them: one fact per calendar day, the 12-month calendar, the
paged facts table, and the warnings a stored record deserves — pure functions, no I/O.

Day records are any objects with `played`, `score`, `stored_completed` (see
:mod:`.streaks`), `shape` and `stored_rank`, and optionally `completed_at_as_stored` and
`answers_as_stored` (what the day stores where a time or a list of answers belongs, when it is
not one); `data.models.DayRecord` is the one in use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from .daily_set import GAME_FIRST_DAY
from .ranks import STREAK_THRESHOLD, rank_for_score
from .streaks import (
    BELOW,
    MISSED,
    PLAYED_UNKNOWN,
    QUALIFIED,
    DayLike,
    StreakComparison,
    day_status,
)
from .validation import quoted_as_typed

CALENDAR_MONTHS = 12
FACTS_PER_PAGE = 31
UNREADABLE = "unreadable"
BEFORE_ACCOUNT = "before_account"  # earlier than the player's first day: nothing to miss
NOT_YET = "not_yet"  # today (UTC), no record yet: the day isn't over, so not missed
FUTURE = "future"  # after today (UTC), no record: it hasn't come yet, so not missed
UNREADABLE_SHAPE = "unknown"  # a day record that is not a record of fields
FUTURE_TOLERANCE = dt.timedelta(minutes=5)  # clock skew between the game's servers and ours

STATUS_TEXT = {
    QUALIFIED: f"counts (≥ {STREAK_THRESHOLD}%)",
    BELOW: f"below {STREAK_THRESHOLD}%",
    PLAYED_UNKNOWN: "played, no score",
    MISSED: "missed",
    UNREADABLE: "unreadable record",
    BEFORE_ACCOUNT: "before the account existed",
    NOT_YET: "not played yet",
    FUTURE: "in the future (UTC), not played yet",
}


class DayRecordLike(DayLike, Protocol):
    """A day record as the streak rules read it, and the shape it was stored in."""

    @property
    def shape(self) -> str: ...


def in_future(stamp: dt.datetime | None, now: dt.datetime) -> bool:
    """Later than `now` by more than the clock skew we tolerate."""
    return stamp is not None and stamp > now + FUTURE_TOLERANCE


def first_day(
    created_at: dt.datetime | None, stored_days: Iterable[dt.date], now: dt.datetime
) -> dt.date | None:
    """The player's first UTC day: the day the account was created, or the first stored day if
    that is earlier (a stored day is never hidden). A creation time in the future is a wrong
    clock, not a fact to go by. None when neither is known: every day is then open to miss."""
    candidates = list(stored_days)
    if created_at is not None and not in_future(created_at, now):
        candidates.append(created_at.astimezone(dt.UTC).date())
    return min(candidates) if candidates else None


# --- one day ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayFact:
    date: dt.date
    record: Any  # a DayRecordLike, or None when the day is not stored
    status: str
    score: int | None
    rank: str | None
    game_completed: bool  # the record carries `completed: true` (what the game's count needs)
    broke_streak: bool
    in_current_run: bool
    future: bool = False
    today: bool = False

    @property
    def iso(self) -> str:
        return self.date.isoformat()

    @property
    def status_text(self) -> str:
        return STATUS_TEXT.get(self.status, self.status)

    @property
    def before_account(self) -> bool:
        return self.status == BEFORE_ACCOUNT

    @property
    def not_yet(self) -> bool:
        return self.status == NOT_YET

    @property
    def not_come_yet(self) -> bool:
        """After today (UTC) with no record: neither played nor missed."""
        return self.status == FUTURE

    @property
    def label(self) -> str:
        """The accessible name of the calendar cell, e.g. "2026-11-03: rank B, 70%"."""
        if self.not_come_yet:
            return f"{self.iso}: in the future, not played yet"
        if self.before_account:
            return f"{self.iso}: before the account existed"
        if self.status == UNREADABLE:
            text = f"{self.iso}: record unreadable"
        elif self.status == MISSED:
            text = f"{self.iso}: missed"
        elif self.not_yet:
            text = f"{self.iso}: not played yet"
        elif self.status == PLAYED_UNKNOWN:
            text = f"{self.iso}: played, score unknown"
        else:
            text = f"{self.iso}: rank {self.rank}, {self.score}%"
        if self.today:
            text += " (today)"
        elif self.future:  # a day stored ahead of time: the game's clock or the data is wrong
            text += " (after today, UTC)"
        if self.broke_streak:
            text += ", ended a streak"
        return text

    @property
    def css(self) -> str:
        classes = ["cell"]
        if self.not_come_yet:
            classes.append("future")
        elif self.before_account:
            classes.append("before-account")
        elif self.rank:
            classes.append(f"rank-{self.rank}")
        elif self.status == PLAYED_UNKNOWN:
            classes.append("played-unknown")
        elif self.status == UNREADABLE:
            classes.append("unreadable")
        elif self.not_yet:
            classes.append("not-yet")
        else:
            classes.append("missed")
        if self.broke_streak:
            classes.append("broke")
        if self.today:
            classes.append("today")
        return " ".join(classes)

    @property
    def shape(self) -> str:
        return self.record.shape if self.record else ""

    @property
    def completion_note(self) -> str | None:
        """'stored as “sometime yesterday” (not a time)' when the completion time is not one."""
        return odd_completion(self.record)

    @property
    def answers_note(self) -> str | None:
        """'stored as “none” (not a list)' when the day's answers are not a list."""
        return odd_answers(self.record)


def day_fact(
    days: Mapping[dt.date, DayRecordLike],
    day: dt.date,
    comparison: StreakComparison,
    today: dt.date,
    *,
    first: dt.date | None = None,
) -> DayFact:
    """What support needs to know about one day of one player (`first`: the player's first
    day, see :func:`first_day`; a day before it was not missed, the account did not exist)."""
    record = days.get(day)
    if record is not None and record.shape == UNREADABLE_SHAPE:
        status = UNREADABLE
    elif record is None and first is not None and day < first:
        status = BEFORE_ACCOUNT
    elif record is None and day > today:
        status = FUTURE
    elif record is None and day == today:
        status = NOT_YET
    else:
        status = day_status(record)
    score = record.score if record is not None and record.played else None
    documented = comparison.documented
    run_start = documented.current_start
    return DayFact(
        date=day,
        record=record,
        status=status,
        score=score,
        rank=rank_for_score(score) if score is not None else None,
        game_completed=bool(record and record.stored_completed is True),
        broke_streak=day in documented.break_days,
        in_current_run=run_start is not None and run_start <= day <= today,
        future=day > today,
        today=day == today,
    )


def day_facts(
    days: Mapping[dt.date, DayRecordLike],
    start: dt.date,
    end: dt.date,
    comparison: StreakComparison,
    today: dt.date,
    *,
    first: dt.date | None = None,
) -> dict[dt.date, DayFact]:
    """One fact for every day from `start` to `end` (inclusive), oldest first."""
    window = (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
    return {day: day_fact(days, day, comparison, today, first=first) for day in window}


def played_days(days: Mapping[dt.date, DayRecordLike], today: dt.date) -> list[dt.date]:
    """The days played to the end up to today (later days count for nothing)."""
    return [d for d, record in days.items() if record.played and d <= today]


# --- the calendar -----------------------------------------------------------------------------


def add_months(first: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after (or before) the month of `first`."""
    index = first.year * 12 + (first.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def calendar_window(end_month: dt.date, months: int = CALENDAR_MONTHS) -> tuple[dt.date, dt.date]:
    """First and last day shown by a calendar of `months` months ending with `end_month`."""
    start = add_months(end_month, -(months - 1))
    end = add_months(end_month, 1) - dt.timedelta(days=1)
    return start, end


@dataclass(frozen=True)
class MonthHeader:
    label: str
    span: int


@dataclass
class Calendar:
    start: dt.date
    end: dt.date  # last day shown (end of the last month)
    rows: list[list[DayFact | None]]  # 7 rows (Mon..Sun) x weeks; None = outside the window
    months: list[MonthHeader]
    end_param: str
    prev_month: str | None  # None: it would be before GAME_FIRST_DAY, which no page shows
    prev_year: str | None
    next_month: str | None
    next_year: str | None
    is_latest: bool

    @property
    def first_shown(self) -> dt.date:
        """The first day drawn: the window's, or GAME_FIRST_DAY when the window starts before."""
        return max(self.start, GAME_FIRST_DAY)

    @property
    def title(self) -> str:
        return f"{self.first_shown:%B %Y} – {self.end:%B %Y}"

    @property
    def shows_future(self) -> bool:
        """Some cells are days after today (UTC) not played yet (drawn apart: the legend says
        so)."""
        return any(fact is not None and fact.not_come_yet for row in self.rows for fact in row)


def _month_headers(start: dt.date, end: dt.date, first_monday: dt.date, weeks: int):
    months: list[MonthHeader] = []
    for week in range(weeks):
        column = [first_monday + dt.timedelta(days=week * 7 + w) for w in range(7)]
        firsts = [d for d in column if d.day == 1 and start <= d <= end]
        if week == 0 or firsts:
            month = firsts[0] if firsts else start
            label = f"{month:%b}" if months and month.month != 1 else f"{month:%b %Y}"
            months.append(MonthHeader(label, 1))
        else:
            months[-1] = MonthHeader(months[-1].label, months[-1].span + 1)
    return months


def build_calendar(
    facts: Mapping[dt.date, DayFact],
    end_month: dt.date,
    today: dt.date,
    months: int = CALENDAR_MONTHS,
    *,
    first_day: dt.date | None = None,
) -> Calendar:
    """A Monday-first grid of `months` months ending with `end_month`, with its navigation
    (never past the current month, nor before GAME_FIRST_DAY: days before it are not drawn).
    ``first_day``: the player's (created, or first day stored if earlier; None: unknown). Earlier
    is offered only until the window shows it: months before it hold nothing of theirs."""
    start, end = calendar_window(end_month, months)
    first_shown = max(start, GAME_FIRST_DAY)
    first_monday = start - dt.timedelta(days=start.weekday())
    weeks = (end - first_monday).days // 7 + 1
    rows: list[list[DayFact | None]] = [[] for _ in range(7)]
    for week in range(weeks):
        for weekday in range(7):
            day = first_monday + dt.timedelta(days=week * 7 + weekday)
            rows[weekday].append(facts.get(day) if first_shown <= day <= end else None)
    this_month = today.replace(day=1)
    next_month = add_months(end_month, 1)
    next_year = add_months(end_month, 12)
    first_month = GAME_FIRST_DAY.replace(day=1)
    if first_day is not None:  # the last window that still starts at or after their month
        their_window = add_months(max(first_day, GAME_FIRST_DAY).replace(day=1), months - 1)
        first_month = max(first_month, min(their_window, this_month))
    prev_month = add_months(end_month, -1)
    prev_year = max(add_months(end_month, -12), first_month)
    return Calendar(
        start=start,
        end=end,
        rows=rows,
        months=_month_headers(start, end, first_monday, weeks),
        end_param=f"{end_month:%Y-%m}",
        prev_month=f"{prev_month:%Y-%m}" if prev_month >= first_month else None,
        prev_year=f"{prev_year:%Y-%m}" if end_month > first_month else None,
        next_month=f"{next_month:%Y-%m}" if next_month <= this_month else None,
        next_year=f"{min(next_year, this_month):%Y-%m}" if end_month < this_month else None,
        is_latest=end_month >= this_month,
    )


# --- the facts table --------------------------------------------------------------------------


@dataclass
class FactsPage:
    rows: list[DayFact]
    page: int
    pages: int
    first_day: dt.date
    last_day: dt.date
    before_account: bool = False  # some of the window's days are before the player's first

    @property
    def any_not_marked(self) -> bool:
        """Some day shown has a record the game would not count (not marked complete): the
        table's note says why that is normal only when it applies."""
        return any(row.record and not row.game_completed for row in self.rows)

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def facts_page(
    facts: Mapping[dt.date, DayFact],
    calendar: Calendar,
    today: dt.date,
    page: int,
    per_page: int = FACTS_PER_PAGE,
) -> FactsPage:
    """The calendar's days up to today from the player's first day on (earlier days are not
    listed: the account did not exist), newest first, one page of `per_page` (a page past the
    last shows the last)."""
    last = min(calendar.end, today)
    days = [
        d
        for d in sorted(facts, reverse=True)
        if max(calendar.start, GAME_FIRST_DAY) <= d <= last and not facts[d].before_account
    ]
    pages = max(1, -(-len(days) // per_page))
    page = min(page, pages)
    chosen = days[(page - 1) * per_page : page * per_page]
    return FactsPage(
        rows=[facts[d] for d in chosen],
        page=page,
        pages=pages,
        first_day=min(days) if days else calendar.start,
        last_day=last,
        before_account=any(f.before_account for f in facts.values()),
    )


# --- what a day stores that can't be read ------------------------------------------------------


def shown_as_stored(value: Any, limit: int = 60) -> str:
    """A stored value quoted for staff: text in typographic quotes with invisible characters
    written out (“sometime yesterday”), anything else as it reads (5, true, a list of 2)."""
    if isinstance(value, str):
        more = "…" if len(value) > limit else ""
        return f"“{quoted_as_typed(value, limit)}{more}”"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list | tuple | set | frozenset):
        return f"a list of {len(value)}"
    return quoted_as_typed(str(value), limit)


def stored_as(value: Any, expected: str) -> str:
    """'stored as “sometime yesterday” (not a time)': what is stored where `expected` belongs."""
    return f"stored as {shown_as_stored(value)} (not {expected})"


def odd_completion(record: Any) -> str | None:
    """What the day stores as its completion time when that is not a time (None: a time, or
    nothing stored)."""
    value = getattr(record, "completed_at_as_stored", None)
    return None if value is None else stored_as(value, "a time")


def odd_answers(record: Any) -> str | None:
    """What the day stores as its answers when that is not a list (None: a list, or nothing)."""
    value = getattr(record, "answers_as_stored", None)
    return None if value is None else stored_as(value, "a list")


def _odd_days_warning(days: Mapping[dt.date, Any], attribute: str, what: str, then: str):
    odd = [(d, getattr(r, attribute, None)) for d, r in days.items()]
    odd = [(d, value) for d, value in odd if value is not None]
    if not odd:
        return None
    shown = "; ".join(f"{d.isoformat()}: {shown_as_stored(value)}" for d, value in odd[:3])
    more = f" and {len(odd) - 3} more" if len(odd) > 3 else ""
    count = "1 day stores" if len(odd) == 1 else f"{len(odd)} days store"
    return f"{count} {what} ({shown}{more}): {then}"


# --- warnings about a stored record -----------------------------------------------------------


def record_warnings(
    *,
    stamps: Iterable[tuple[str, dt.datetime | None]],
    unreadable_progress: str | None,
    unreadable_keys: Sequence[str],
    days: Mapping[dt.date, DayRecordLike],
    today: dt.date,
    now: dt.datetime,
) -> list[str]:
    """What is odd about a player record, in plain words.

    `stamps`: (attribute, value) of the record's times; `unreadable_progress`: what
    daily_progress is stored as when it is not a list of days (None when it is one, or is
    missing: not played yet, not odd);
    `unreadable_keys`: its keys that are not dates.
    """
    warnings: list[str] = []
    for name, stamp in stamps:
        if in_future(stamp, now):
            warnings.append(
                f"{name} is in the future ({stamp:%Y-%m-%d %H:%M} UTC, now is "
                f"{now:%Y-%m-%d %H:%M} UTC): the game's clock "
                "or the stored value is wrong."
            )
    # No list of days at all is how a player who has not played yet looks: nothing odd.
    if unreadable_progress is not None:
        warnings.append(
            f"The player's daily results are stored as {unreadable_progress}, not as a list of "
            "days: no day can be read from them."
        )
    if unreadable_keys:
        shown = ", ".join(shown_as_stored(k, 30) for k in unreadable_keys[:5])
        more = f" and {len(unreadable_keys) - 5} more" if len(unreadable_keys) > 5 else ""
        warnings.append(f"Days whose names are not dates were ignored: {shown}{more}.")
    unreadable = sum(1 for d in days.values() if d.shape == UNREADABLE_SHAPE)
    if unreadable:
        warnings.append(
            f"{unreadable} day record(s) hold something other than a day's answers and "
            "scores, and were treated as not played."
        )
    completion = _odd_days_warning(
        days,
        "completed_at_as_stored",
        "a completion time that is not a time",
        "counted as played to the end, as the game does (it stores one only for a finished "
        "daily), with no score.",
    )
    if completion:
        warnings.append(completion)
    answers = _odd_days_warning(
        days,
        "answers_as_stored",
        "answers that are not a list",
        "no question or answer can be shown for those days.",
    )
    if answers:
        warnings.append(answers)
    future = [d for d in days if d > today]
    if future:
        warnings.append(
            f"{len(future)} day(s) are after today (UTC), e.g. {future[0].isoformat()}; "
            "no streak counts them."
        )
    return warnings


# --- answers ----------------------------------------------------------------------------------

_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


class AnswerLike(Protocol):
    @property
    def timestamp(self) -> dt.datetime | None: ...

    @property
    def question_id(self) -> str: ...


A = TypeVar("A", bound=AnswerLike)


def newest_first(answers: Iterable[A]) -> list[A]:
    """By timestamp, newest first; answers without a timestamp last (by question id)."""
    return sorted(
        answers,
        key=lambda a: (a.timestamp is not None, a.timestamp or _EPOCH, a.question_id),
        reverse=True,
    )
