"""Read side of player support: one player's record as stored, as the game computes it, and as
documented — with the day-by-day facts in between.

Request budget (independent of how many days or answers a player has):
- profile: 1 GetItem (the user item, daily_progress included) + 1 Query page of answers;
- day detail: 1 GetItem + 1 BatchGetItem (the day's questions);
- answers history: 1 Query page + 1 BatchGetItem (question texts for that page);
- recent players: 1 Scan page.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..data import cursors
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


def answers_listing(user_id: str) -> str:
    return f"player-answers:{user_id}"


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


@dataclass
class AnswersPage:
    rows: list[AnswerRow]
    next_cursor: str | None
    is_first: bool


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
    def streaks_differ(self) -> bool:
        documented = self.comparison.documented
        stored = self.comparison
        return (stored.stored_current, stored.stored_best) != (documented.current, documented.best)


def _warnings(raw: dict, user: User, today: dt.date) -> list[str]:
    warnings: list[str] = []
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


def _facts_page(all_facts: dict[dt.date, DayFact], calendar: Calendar, today: dt.date,
                page: int) -> FactsPage:
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


def player_profile(query: ProfileQuery, *, today: dt.date | None = None,
                   with_answers: bool = True) -> PlayerProfile:
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
    answers = _answers_page(query.user_id, None, limit=PROFILE_ANSWERS, with_questions=False) \
        if with_answers else None
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
        return bool(record and record.stored_rank and self.fact.rank
                    and record.stored_rank != self.fact.rank)

    @property
    def score_differs(self) -> bool:
        record = self.record
        return bool(record and record.stored_score is not None and self.fact.score is not None
                    and record.stored_score != self.fact.score)


def day_detail(user_id: str, day: dt.date, *, today: dt.date | None = None) -> DayDetail:
    """One day of one player: 1 GetItem + 1 BatchGetItem (none when the day has no answers)."""
    today = today or today_utc()
    raw, user = load_player(user_id)
    comparison = compare_streaks(
        user.days, stored_current=user.current_daily_streak,
        stored_best=user.best_daily_streak, today=today,
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
        rows.append(DayAnswerRow(number, given.question_id, question, given.answer, correct,
                                 is_correct, computed, given.timestamp))
    progress = raw.get("daily_progress")
    stored = progress.get(day.isoformat()) if isinstance(progress, dict) else None
    return DayDetail(
        user_id=user_id,
        date=day,
        fact=fact,
        rows=rows,
        more_answers=max(0, len(record.answers) - MAX_DAY_ANSWERS) if record else 0,
        stored_json=None if stored is None
        else json.dumps(plain(stored), indent=2, sort_keys=True, default=str),
    )


# --- answers history ------------------------------------------------------------------------


def _answers_page(user_id: str, cursor: str | None, *, limit: int,
                  with_questions: bool) -> AnswersPage:
    start_key = cursors.decode(cursor, listing=answers_listing(user_id))
    page = players_repo.answers_page(user_id, limit=limit, start_key=start_key)
    found = questions_repo.get_many(a.question_id for a in page.items) \
        if with_questions and page.items else {}
    rows = [AnswerRow(a, found.get(a.question_id), with_questions) for a in page.items]
    return AnswersPage(
        rows=rows,
        next_cursor=cursors.encode(page.last_key, listing=answers_listing(user_id)),
        is_first=cursor is None,
    )


def answers_history(user_id: str, cursor: str | None) -> AnswersPage:
    """One page of the answers table for a player (1 Query + 1 BatchGetItem for the texts)."""
    return _answers_page(user_id, cursor or None, limit=HISTORY_ANSWERS, with_questions=True)


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
            self.new_current, self.new_best)


def last_active_token(raw: dict) -> str:
    """The stored last_active as text, "" when absent (what the confirmation carries)."""
    value = raw.get("last_active")
    return "" if value is None else str(plain(value))


def streak_review(user_id: str, *, today: dt.date | None = None) -> StreakReview:
    today = today or today_utc()
    raw, user = load_player(user_id)
    return StreakReview(
        user=user,
        stored={n: StoredValue.of(raw, n, expect="number")
                for n in ("current_daily_streak", "best_daily_streak")},
        comparison=compare_streaks(user.days, stored_current=user.current_daily_streak,
                                   stored_best=user.best_daily_streak, today=today),
        seen_last_active=last_active_token(raw),
    )
