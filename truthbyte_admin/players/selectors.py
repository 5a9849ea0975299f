"""Read side of player support: one player's record as stored, as the game computes it, and as
documented — with the day-by-day facts in between.

Request budget (independent of how many days or answers a player has):
- profile: 1 GetItem (the user item, daily_progress included) + 1 Query page of answers;
- day detail: 1 GetItem + 1 BatchGetItem (the day's questions);
- answers history: the player's answers read in Query pages up to ANSWERS_READ_CAP items
  (one Query for almost every player), sorted newest first here, + 1 BatchGetItem (question
  texts for the page shown);
- recent players: 1 Scan page.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..data import players as players_repo
from ..data import questions as questions_repo
from ..data.models import Answer, DayRecord, Question, User
from ..data.serialization import plain
from ..domain.ranks import STREAK_THRESHOLD, rank_for_score
from ..domain.streaks import (
    BELOW,
    MISSED,
    PLAYED_UNKNOWN,
    QUALIFIED,
    StreakComparison,
    compare_streaks,
    day_status,
)
from .forms import CALENDAR_MONTHS, FACTS_PER_PAGE, USER_ID_PATTERN, ProfileQuery

PROFILE_ANSWERS = 10
HISTORY_ANSWERS = 50
ANSWERS_READ_CAP = 2000  # answers read to sort by time; stated on the page when reached
ANSWERS_QUERY_PAGES = 4  # at most this many Query requests per page view
MAX_DAY_ANSWERS = 100  # one BatchGetItem; the game's daily has 10
UNREADABLE = "unreadable"

STATUS_TEXT = {
    QUALIFIED: f"counts (≥ {STREAK_THRESHOLD}%)",
    BELOW: f"below {STREAK_THRESHOLD}%",
    PLAYED_UNKNOWN: "played, no score",
    MISSED: "missed",
    UNREADABLE: "unreadable record",
}


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


# --- what the game stored, verbatim ---------------------------------------------------------


@dataclass(frozen=True)
class StoredValue:
    """One attribute exactly as stored: present or not, and a note when its type is odd."""

    name: str
    present: bool
    value: Any = None
    note: str = ""

    @property
    def display(self) -> str:
        if not self.present:
            return "not stored"
        if isinstance(self.value, str):
            return f'"{self.value}"'
        return str(self.value)

    @classmethod
    def of(cls, raw: dict, name: str, *, expect: str) -> StoredValue:
        if name not in raw:
            return cls(name, False, note="the attribute is missing")
        value = raw[name]
        note = ""
        if expect == "number" and not isinstance(value, Decimal | int | float):
            note = f"stored as {_type_name(value)}, not a number"
        if expect == "text" and not isinstance(value, str):
            note = f"stored as {_type_name(value)}"
        return cls(name, True, plain(value), note)


def _type_name(value: Any) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list | set | tuple):
        return "a list"
    if isinstance(value, Decimal | int | float):
        return "a number"
    return type(value).__name__


# --- day-by-day facts -----------------------------------------------------------------------


@dataclass(frozen=True)
class DayFact:
    date: dt.date
    record: DayRecord | None
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
    def label(self) -> str:
        """The accessible name of the calendar cell, e.g. "2026-11-03: rank B, 70%"."""
        if self.future:
            return f"{self.iso}: not yet"
        if self.status == UNREADABLE:
            text = f"{self.iso}: record unreadable"
        elif self.status == MISSED:
            text = f"{self.iso}: missed"
        elif self.status == PLAYED_UNKNOWN:
            text = f"{self.iso}: played, score unknown"
        else:
            text = f"{self.iso}: rank {self.rank}, {self.score}%"
        if self.today:
            text += " (today)"
        if self.broke_streak:
            text += ", broke the latest streak"
        return text

    @property
    def css(self) -> str:
        classes = ["cell"]
        if self.future:
            classes.append("future")
        elif self.rank:
            classes.append(f"rank-{self.rank}")
        elif self.status == PLAYED_UNKNOWN:
            classes.append("played-unknown")
        elif self.status == UNREADABLE:
            classes.append("unreadable")
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


def day_fact(user: User, day: dt.date, comparison: StreakComparison, today: dt.date) -> DayFact:
    record = user.days.get(day)
    if record is not None and record.shape == "unknown":
        status = UNREADABLE
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
        broke_streak=documented.broken_on == day,
        in_current_run=run_start is not None and run_start <= day <= today,
        future=day > today,
        today=day == today,
    )


# --- the calendar ---------------------------------------------------------------------------


def _add_months(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + (first.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


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
    prev_month: str
    prev_year: str
    next_month: str | None
    next_year: str | None
    is_latest: bool

    @property
    def title(self) -> str:
        return f"{self.start:%B %Y} – {self.end:%B %Y}"


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def build_calendar(facts: dict[dt.date, DayFact], end_month: dt.date, today: dt.date) -> Calendar:
    start = _add_months(end_month, -(CALENDAR_MONTHS - 1))
    end = _add_months(end_month, 1) - dt.timedelta(days=1)
    first_monday = start - dt.timedelta(days=start.weekday())
    weeks = (end - first_monday).days // 7 + 1
    rows: list[list[DayFact | None]] = [[] for _ in range(7)]
    months: list[MonthHeader] = []
    for week in range(weeks):
        column_days = [first_monday + dt.timedelta(days=week * 7 + w) for w in range(7)]
        for weekday, day in enumerate(column_days):
            rows[weekday].append(facts.get(day) if start <= day <= end else None)
        firsts = [d for d in column_days if d.day == 1 and start <= d <= end]
        if week == 0 or firsts:
            month = firsts[0] if firsts else start
            label = f"{month:%b}" if months and month.month != 1 else f"{month:%b %Y}"
            months.append(MonthHeader(label, 1))
        else:
            months[-1] = MonthHeader(months[-1].label, months[-1].span + 1)
    this_month = today.replace(day=1)
    next_month = _add_months(end_month, 1)
    next_year = _add_months(end_month, 12)
    return Calendar(
        start=start,
        end=end,
        rows=rows,
        months=months,
        end_param=f"{end_month:%Y-%m}",
        prev_month=f"{_add_months(end_month, -1):%Y-%m}",
        prev_year=f"{_add_months(end_month, -12):%Y-%m}",
        next_month=f"{next_month:%Y-%m}" if next_month <= this_month else None,
        next_year=f"{min(next_year, this_month):%Y-%m}" if end_month < this_month else None,
        is_latest=end_month >= this_month,
    )


# --- the profile ----------------------------------------------------------------------------


@dataclass
class FactsPage:
    rows: list[DayFact]
    page: int
    pages: int
    first_day: dt.date
    last_day: dt.date

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


@dataclass
class AnswerRow:
    answer: Answer
    question: Question | None = None  # None: not looked up, or deleted (see `looked_up`)
    looked_up: bool = False

    @property
    def response_seconds(self) -> str | None:
        ms = self.answer.response_time_ms
        return None if ms is None else f"{ms / 1000:.1f}"

    @property
    def in_future(self) -> bool:
        return _in_future(self.answer.timestamp)


@dataclass
class AnswersPage:
    rows: list[AnswerRow]
    next_cursor: str | None
    is_first: bool
    total: int = 0
    truncated: bool = False


@dataclass
class PlayerProfile:
    user: User
    today: dt.date
    stored: dict[str, StoredValue]
    comparison: StreakComparison
    calendar: Calendar
    facts: FactsPage
    answers: AnswersPage | None
    days_stored: int
    days_played: int
    first_played: dt.date | None
    last_played: dt.date | None
    warnings: list[str] = field(default_factory=list)

    @property
    def never_played(self) -> bool:
        """No day stored at all: the profile shows no day-by-day table of "missed" days."""
        return not self.user.days

    @property
    def last_active_future(self) -> bool:
        return _in_future(self.user.last_active)

    @property
    def created_future(self) -> bool:
        return _in_future(self.user.created_at)

    @property
    def streaks_differ(self) -> bool:
        documented = self.comparison.documented
        stored = self.comparison
        return (stored.stored_current, stored.stored_best) != (documented.current, documented.best)


FUTURE_TOLERANCE = dt.timedelta(minutes=5)  # clock skew between the game's servers and ours


def _in_future(stamp: dt.datetime | None) -> bool:
    return stamp is not None and stamp > dt.datetime.now(dt.UTC) + FUTURE_TOLERANCE


def _warnings(raw: dict, user: User, today: dt.date) -> list[str]:
    warnings: list[str] = []
    for name, stamp in (("last_active", user.last_active), ("created_at", user.created_at)):
        if _in_future(stamp):
            warnings.append(
                f"{name} is in the future ({stamp:%Y-%m-%d %H:%M} UTC, now is "
                f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC): the game's clock "
                "or the stored value is wrong."
            )
    progress = raw.get("daily_progress")
    if "daily_progress" not in raw:
        warnings.append("The record has no daily_progress: no day has been stored for this player.")
    elif not isinstance(progress, dict):
        warnings.append(
            f"daily_progress is stored as {_type_name(progress)}, not a map: "
            "no day can be read from it."
        )
    if user.unreadable_days:
        shown = ", ".join(repr(k[:30]) for k in user.unreadable_days[:5])
        more = f" and {len(user.unreadable_days) - 5} more" if len(user.unreadable_days) > 5 else ""
        warnings.append(f"daily_progress keys that are not dates were ignored: {shown}{more}.")
    unreadable = sum(1 for d in user.days.values() if d.shape == "unknown")
    if unreadable:
        warnings.append(f"{unreadable} day record(s) are not maps and were treated as not played.")
    future = [d for d in user.days if d > today]
    if future:
        warnings.append(
            f"{len(future)} day(s) are after today (UTC), e.g. {future[0].isoformat()}; "
            "no streak counts them."
        )
    return warnings


def _facts_page(
    all_facts: dict[dt.date, DayFact], calendar: Calendar, today: dt.date, page: int
) -> FactsPage:
    last = min(calendar.end, today)
    days = [d for d in sorted(all_facts, reverse=True) if calendar.start <= d <= last]
    pages = max(1, -(-len(days) // FACTS_PER_PAGE))
    page = min(page, pages)
    chosen = days[(page - 1) * FACTS_PER_PAGE : page * FACTS_PER_PAGE]
    return FactsPage(
        rows=[all_facts[d] for d in chosen],
        page=page,
        pages=pages,
        first_day=calendar.start,
        last_day=last,
    )


def load_player(user_id: str) -> tuple[dict, User]:
    """The stored item (verbatim) and its typed reading; NotFound when there is none."""
    raw = players_repo.get_user_raw(user_id)
    return raw, User.from_item(raw)


def player_profile(
    query: ProfileQuery, *, today: dt.date | None = None, with_answers: bool = True
) -> PlayerProfile:
    """Everything the profile shows, from 1 GetItem (+ 1 answers Query page)."""
    today = today or today_utc()
    raw, user = load_player(query.user_id)
    comparison = compare_streaks(
        user.days,
        stored_current=user.current_daily_streak,
        stored_best=user.best_daily_streak,
        today=today,
    )
    start = _add_months(query.end_month, -(CALENDAR_MONTHS - 1))
    end = _add_months(query.end_month, 1) - dt.timedelta(days=1)
    window = (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
    facts = {day: day_fact(user, day, comparison, today) for day in window}
    calendar = build_calendar(facts, query.end_month, today)
    played = [d for d, record in user.days.items() if record.played and d <= today]
    stored = {
        name: StoredValue.of(raw, name, expect=expect)
        for name, expect in (
            ("current_daily_streak", "number"),
            ("best_daily_streak", "number"),
            ("trust_score", "number"),
            ("created_at", "text"),
            ("last_active", "text"),
        )
    }
    answers = latest_answers(query.user_id) if with_answers else None
    return PlayerProfile(
        user=user,
        today=today,
        stored=stored,
        comparison=comparison,
        calendar=calendar,
        facts=_facts_page(facts, calendar, today, query.facts_page),
        answers=answers,
        days_stored=len(progress) if isinstance(progress := raw.get("daily_progress"), dict) else 0,
        days_played=len(played),
        first_played=min(played) if played else None,
        last_played=max(played) if played else None,
        warnings=_warnings(raw, user, today),
    )


# --- one day --------------------------------------------------------------------------------


@dataclass
class DayAnswerRow:
    number: int
    question_id: str
    question: Question | None
    answer: bool | None
    correct_answer: bool | None
    is_correct: bool | None
    correctness_computed: bool  # the day stored no is_correct; compared with today's answer key
    answered_at: dt.datetime | None

    @property
    def deleted(self) -> bool:
        return self.question is None and bool(self.question_id)


@dataclass
class DayDetail:
    user_id: str
    date: dt.date
    fact: DayFact
    rows: list[DayAnswerRow]
    more_answers: int
    stored_json: str | None

    @property
    def record(self) -> DayRecord | None:
        return self.fact.record

    @property
    def rank_differs(self) -> bool:
        record = self.record
        return bool(
            record
            and record.stored_rank
            and self.fact.rank
            and record.stored_rank != self.fact.rank
        )

    @property
    def score_differs(self) -> bool:
        record = self.record
        return bool(
            record
            and record.stored_score is not None
            and self.fact.score is not None
            and record.stored_score != self.fact.score
        )


def day_detail(user_id: str, day: dt.date, *, today: dt.date | None = None) -> DayDetail:
    """One day of one player: 1 GetItem + 1 BatchGetItem (none when the day has no answers)."""
    today = today or today_utc()
    raw, user = load_player(user_id)
    comparison = compare_streaks(
        user.days,
        stored_current=user.current_daily_streak,
        stored_best=user.best_daily_streak,
        today=today,
    )
    fact = day_fact(user, day, comparison, today)
    record = fact.record
    answers = record.answers[:MAX_DAY_ANSWERS] if record else []
    found = questions_repo.get_many(a.question_id for a in answers) if answers else {}
    rows = []
    for number, given in enumerate(answers, start=1):
        question = found.get(given.question_id)
        correct = question.answer if question else None
        is_correct = given.is_correct
        computed = False
        if is_correct is None and correct is not None and given.answer is not None:
            is_correct, computed = given.answer == correct, True
        rows.append(
            DayAnswerRow(
                number,
                given.question_id,
                question,
                given.answer,
                correct,
                is_correct,
                computed,
                given.timestamp,
            )
        )
    progress = raw.get("daily_progress")
    stored = progress.get(day.isoformat()) if isinstance(progress, dict) else None
    return DayDetail(
        user_id=user_id,
        date=day,
        fact=fact,
        rows=rows,
        more_answers=max(0, len(record.answers) - MAX_DAY_ANSWERS) if record else 0,
        stored_json=None
        if stored is None
        else json.dumps(plain(stored), indent=2, sort_keys=True, default=str),
    )


# --- answers history ------------------------------------------------------------------------

_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class AnswersFilter:
    """Which answers the history shows: a UTC date range (inclusive) and a mode."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    mode: str = ""
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.date_from or self.date_to or self.mode)

    def matches(self, answer: Answer) -> bool:
        if self.mode and (answer.mode or "") != self.mode:
            return False
        if self.date_from or self.date_to:
            if answer.timestamp is None:
                return False
            day = answer.timestamp.astimezone(dt.UTC).date()
            if self.date_from and day < self.date_from:
                return False
            if self.date_to and day > self.date_to:
                return False
        return True

    def query_string(self, page: int) -> str:
        from urllib.parse import urlencode

        params = {
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "mode": self.mode,
            "page": page,
        }
        return urlencode({k: v for k, v in params.items() if v})


@dataclass
class AnswersHistory:
    rows: list[AnswerRow]
    page: int
    pages: int
    matching: int
    read: int
    truncated: bool  # the read stopped at ANSWERS_READ_CAP: older answers are not included
    modes: list[str]
    filter: AnswersFilter
    now: dt.datetime

    @property
    def cap(self) -> int:
        return ANSWERS_READ_CAP

    @property
    def previous_query(self) -> str | None:
        return self.filter.query_string(self.page - 1) if self.page > 1 else None

    @property
    def next_query(self) -> str | None:
        return self.filter.query_string(self.page + 1) if self.page < self.pages else None


def read_answers(user_id: str, *, cap: int = ANSWERS_READ_CAP) -> tuple[list[Answer], bool]:
    """Up to `cap` of the player's answers (at most ANSWERS_QUERY_PAGES Query requests) and
    whether more are stored than were read."""
    items: list[Answer] = []
    start_key = None
    for _ in range(ANSWERS_QUERY_PAGES):
        page = players_repo.answers_page(user_id, limit=cap - len(items), start_key=start_key)
        items.extend(page.items)
        start_key = page.last_key
        if not start_key or len(items) >= cap:
            break
    return items, bool(start_key)


def newest_first(answers: list[Answer]) -> list[Answer]:
    """By timestamp, newest first; answers without a timestamp last (by question id)."""
    return sorted(
        answers,
        key=lambda a: (a.timestamp is not None, a.timestamp or _EPOCH, a.question_id),
        reverse=True,
    )


def answers_history(
    user_id: str, filter_: AnswersFilter | None = None, *, now: dt.datetime | None = None
) -> AnswersHistory:
    """The player's answers newest first, filtered, one page of HISTORY_ANSWERS with texts."""
    filter_ = filter_ or AnswersFilter()
    now = now or dt.datetime.now(dt.UTC)
    answers, truncated = read_answers(user_id)
    modes = sorted({a.mode for a in answers if a.mode})
    matching = newest_first([a for a in answers if filter_.matches(a)])
    pages = max(1, -(-len(matching) // HISTORY_ANSWERS))
    page = min(filter_.page, pages)
    chosen = matching[(page - 1) * HISTORY_ANSWERS : page * HISTORY_ANSWERS]
    found = questions_repo.get_many(a.question_id for a in chosen) if chosen else {}
    return AnswersHistory(
        rows=[AnswerRow(a, found.get(a.question_id), True) for a in chosen],
        page=page,
        pages=pages,
        matching=len(matching),
        read=len(answers),
        truncated=truncated,
        modes=modes,
        filter=filter_,
        now=now,
    )


def latest_answers(user_id: str, limit: int = PROFILE_ANSWERS) -> AnswersPage:
    """The profile's newest answers (same bounded read as the history, no question texts)."""
    answers, truncated = read_answers(user_id)
    rows = [AnswerRow(a) for a in newest_first(answers)[:limit]]
    return AnswersPage(
        rows=rows, next_cursor=None, is_first=True, total=len(answers), truncated=truncated
    )


# --- browsing and the streak review ---------------------------------------------------------


@dataclass(frozen=True)
class RecentPlayer:
    user: User

    @property
    def openable(self) -> bool:
        """Whether the id can be looked up here (anything else was not written by the game)."""
        return bool(USER_ID_PATTERN.match(self.user.user_id or ""))


def recent_players() -> list[RecentPlayer]:
    """A bounded sample (one Scan page), most recently active first — not the whole table."""
    return [RecentPlayer(user) for user in players_repo.recent_users()]


@dataclass
class StreakReview:
    """What "store the recomputed streaks" would change, for the confirmation page."""

    user: User
    stored: dict[str, StoredValue]
    comparison: StreakComparison
    seen_last_active: str

    @property
    def new_current(self) -> int:
        return self.comparison.documented.current

    @property
    def new_best(self) -> int:
        return self.comparison.documented.best

    @property
    def changes_anything(self) -> bool:
        return (self.comparison.stored_current, self.comparison.stored_best) != (
            self.new_current,
            self.new_best,
        )


def last_active_token(raw: dict) -> str:
    """The stored last_active as text, "" when absent (what the confirmation carries)."""
    value = raw.get("last_active")
    return "" if value is None else str(plain(value))


def streak_review(user_id: str, *, today: dt.date | None = None) -> StreakReview:
    today = today or today_utc()
    raw, user = load_player(user_id)
    return StreakReview(
        user=user,
        stored={
            n: StoredValue.of(raw, n, expect="number")
            for n in ("current_daily_streak", "best_daily_streak")
        },
        comparison=compare_streaks(
            user.days,
            stored_current=user.current_daily_streak,
            stored_best=user.best_daily_streak,
            today=today,
        ),
        seen_last_active=last_active_token(raw),
    )
