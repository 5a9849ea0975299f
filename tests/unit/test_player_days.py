"""The player-day domain (calendar, day facts, facts pages, record warnings): no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tests.support.days import Day
from truthbyte_admin.domain.daily_set import daily_pool, in_daily_pool
from truthbyte_admin.domain.player_days import (
    FACTS_PER_PAGE,
    UNREADABLE,
    add_months,
    build_calendar,
    calendar_window,
    day_facts,
    facts_page,
    in_future,
    newest_first,
    played_days,
    record_warnings,
)
from truthbyte_admin.domain.streaks import compare_streaks

TODAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def _facts(days, end_month=dt.date(2026, 11, 1)):
    comparison = compare_streaks(days, stored_current=0, stored_best=0, today=TODAY)
    start, end = calendar_window(end_month)
    return day_facts(days, start, end, comparison, TODAY)


def test_add_months_crosses_years_both_ways():
    assert add_months(dt.date(2026, 11, 1), 2) == dt.date(2027, 1, 1)
    assert add_months(dt.date(2026, 1, 1), -13) == dt.date(2024, 12, 1)


def test_calendar_is_twelve_months_monday_first_with_month_headers():
    end_month = dt.date(2026, 3, 1)
    calendar = build_calendar(_facts({}, end_month), end_month, TODAY)
    assert (calendar.start, calendar.end) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    shown = [f for row in calendar.rows for f in row if f is not None]
    assert len(shown) == 365
    assert all(f.date.weekday() == w for w, row in enumerate(calendar.rows) for f in row if f)
    assert sum(m.span for m in calendar.months) == len(calendar.rows[0])
    assert calendar.months[0].label == "Apr 2025"
    assert "Jan 2026" in [m.label for m in calendar.months]
    assert (calendar.prev_month, calendar.next_month, calendar.next_year) == (
        "2026-02",
        "2026-04",
        "2026-11",
    )


def test_calendar_draws_no_day_before_2000_and_offers_no_way_there():
    days = {dt.date(1999, 12, 31): Day(), dt.date(2000, 1, 1): Day()}
    end_month = dt.date(2000, 1, 1)
    facts = _facts(days, end_month)
    calendar = build_calendar(facts, end_month, TODAY)
    shown = [f.date for row in calendar.rows for f in row if f is not None]
    assert min(shown) == dt.date(2000, 1, 1)  # 1999's cells would link to refused pages
    assert (calendar.prev_month, calendar.prev_year) == (None, None)
    assert calendar.title == "January 2000 – January 2000"
    assert [f.date for f in facts_page(facts, calendar, TODAY, 1).rows][-1] == dt.date(2000, 1, 1)
    later = build_calendar(_facts(days, dt.date(2000, 6, 1)), dt.date(2000, 6, 1), TODAY)
    assert (later.prev_month, later.prev_year) == ("2000-05", "2000-01")  # clamped, not 1999


def test_calendar_of_this_month_has_no_way_forward():
    end_month = TODAY.replace(day=1)
    calendar = build_calendar(_facts({}, end_month), end_month, TODAY)
    assert calendar.is_latest
    assert (calendar.next_month, calendar.next_year) == (None, None)
    future = [f for row in calendar.rows for f in row if f is not None and f.future]
    assert future
    assert all(f.date > TODAY and f.label.endswith("in the future, not played yet") for f in future)


def test_day_facts_classify_and_mark_the_day_that_broke_the_run():
    days = {TODAY - n * DAY: Day() for n in (6, 5, 4)}
    days[TODAY - 3 * DAY] = Day(score=50)
    days[TODAY - 1 * DAY] = Day(shape="unknown", played=False, score=None)
    days[TODAY] = Day(score=None)
    facts = _facts(days)
    assert facts[TODAY - 6 * DAY].status == "qualified"
    assert facts[TODAY - 6 * DAY].rank
    assert "rank" in facts[TODAY - 6 * DAY].css
    below = facts[TODAY - 3 * DAY]
    assert below.status == "below"
    assert below.label == f"{below.iso}: rank D, 50%, ended a streak"
    assert below.broke_streak
    assert "broke" in below.css
    assert facts[TODAY - 2 * DAY].status == "missed"
    assert facts[TODAY - DAY].status == UNREADABLE
    assert "unreadable" in facts[TODAY - DAY].css
    assert facts[TODAY].label == f"{TODAY.isoformat()}: played, score unknown (today)"
    assert sum(f.broke_streak for f in facts.values()) == 1


def test_played_days_ignore_days_after_today():
    days = {TODAY: Day(), TODAY + DAY: Day(), TODAY - DAY: Day(played=False)}
    assert played_days(days, TODAY) == [TODAY]


def test_facts_pages_are_newest_first_and_clamped():
    end_month = TODAY.replace(day=1)
    facts = _facts({}, end_month)
    calendar = build_calendar(facts, end_month, TODAY)
    first = facts_page(facts, calendar, TODAY, 1)
    assert first.rows[0].date == TODAY
    assert len(first.rows) == FACTS_PER_PAGE
    assert first.previous_page is None
    assert first.next_page == 2
    last = facts_page(facts, calendar, TODAY, 10_000)
    assert last.page == last.pages
    assert last.next_page is None
    assert last.rows[-1].date == calendar.start


def test_facts_pages_know_whether_any_day_shown_is_not_marked_complete():
    end_month = TODAY.replace(day=1)
    marked = {TODAY - n * DAY: Day(stored_completed=True) for n in range(3)}
    facts = _facts(marked, end_month)
    calendar = build_calendar(facts, end_month, TODAY)
    # Days without a record are not "not marked": there is nothing to mark.
    assert not facts_page(facts, calendar, TODAY, 1).any_not_marked
    facts = _facts({**marked, TODAY - 5 * DAY: Day()}, end_month)
    assert facts_page(facts, calendar, TODAY, 1).any_not_marked


def test_record_warnings_say_what_is_odd():
    assert (
        record_warnings(
            stamps=[("last_active", NOW)],
            unreadable_progress=None,
            unreadable_keys=[],
            days={},
            today=TODAY,
            now=NOW,
        )
        == []
    )
    warnings = record_warnings(
        stamps=[("last_active", NOW + dt.timedelta(hours=2))],
        unreadable_progress="text",
        unreadable_keys=[f"bad{n}" for n in range(7)],
        days={TODAY + DAY: Day(), TODAY: Day(shape="unknown")},
        today=TODAY,
        now=NOW,
    )
    assert "last_active is in the future" in warnings[0]
    assert "stored as text, not as a list of days" in warnings[1]
    assert "“bad0”" in warnings[2]
    assert "and 2 more" in warnings[2]
    assert warnings[3].startswith("1 day record(s) hold something other than a day's answers")
    assert warnings[4].startswith("1 day(s) are after today")


def test_a_player_who_has_not_played_yet_is_not_odd_data():
    """No list of days at all is how the game leaves a new player: no warning for it."""
    missing = record_warnings(
        stamps=[], unreadable_progress=None, unreadable_keys=[], days={}, today=TODAY, now=NOW
    )
    assert missing == []


def test_in_future_tolerates_clock_skew():
    assert not in_future(NOW + dt.timedelta(minutes=4), NOW)
    assert in_future(NOW + dt.timedelta(minutes=6), NOW)
    assert not in_future(None, NOW)


@dataclass
class Answered:
    question_id: str
    timestamp: dt.datetime | None


def test_newest_first_puts_untimed_answers_last():
    answers = [
        Answered("b", None),
        Answered("x", NOW - DAY),
        Answered("y", NOW),
        Answered("a", None),
    ]
    assert [a.question_id for a in newest_first(answers)] == ["y", "x", "b", "a"]


@dataclass
class Q:
    id: int
    difficulty: int


def test_daily_pool_keeps_difficulty_one_to_four_and_stops_after_the_target_page():
    assert [in_daily_pool(d) for d in (0, 1, 4, 5, "2")] == [False, True, True, False, False]
    read: list[int] = []

    def pages():
        for start in range(0, 100, 10):
            read.append(start)
            yield [Q(n, 1 + n % 5) for n in range(start, start + 10)]

    pool = daily_pool(pages(), target=15)
    assert len(pool) == 16
    assert all(1 <= q.difficulty <= 4 for q in pool)
    assert read == [0, 10]  # the page after the one reaching the target is never read
