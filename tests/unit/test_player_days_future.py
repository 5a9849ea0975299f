"""A day after today (UTC) is not played yet, never "missed": the day's facts, the calendar
cell and its legend agree (no I/O)."""

from __future__ import annotations

import datetime as dt

from tests.support.days import Day
from truthbyte_admin.domain.player_days import (
    FUTURE,
    build_calendar,
    calendar_window,
    day_fact,
    day_facts,
)
from truthbyte_admin.domain.streaks import MISSED, compare_streaks

TODAY = dt.date(2026, 11, 20)
DAY = dt.timedelta(days=1)


def _comparison(days):
    return compare_streaks(days, stored_current=0, stored_best=0, today=TODAY)


def test_a_future_day_without_a_record_is_not_played_yet_not_missed():
    days = {TODAY - DAY: Day()}
    fact = day_fact(days, dt.date(2030, 1, 1), _comparison(days), TODAY)
    assert fact.status == FUTURE
    assert fact.status != MISSED
    assert fact.not_come_yet
    assert fact.status_text == "in the future (UTC), not played yet"
    assert fact.label == "2030-01-01: in the future, not played yet"
    assert "future" in fact.css.split()
    assert "missed" not in fact.css.split()


def test_yesterday_without_a_record_is_still_missed_and_today_not_yet():
    days = {TODAY - 3 * DAY: Day()}
    comparison = _comparison(days)
    assert day_fact(days, TODAY - DAY, comparison, TODAY).status == MISSED
    assert day_fact(days, TODAY, comparison, TODAY).not_yet
    assert not day_fact(days, TODAY, comparison, TODAY).not_come_yet


def test_a_day_stored_after_today_shows_what_is_stored_and_says_it_is_after_today():
    days = {TODAY + 2 * DAY: Day(score=80)}
    fact = day_fact(days, TODAY + 2 * DAY, _comparison(days), TODAY)
    assert not fact.not_come_yet
    assert fact.rank == "A"
    assert fact.label.endswith("rank A, 80% (after today, UTC)")
    assert "rank-A" in fact.css.split()


def test_the_calendar_says_when_it_shows_future_days():
    this_month = TODAY.replace(day=1)
    start, end = calendar_window(this_month)
    facts = day_facts({}, start, end, _comparison({}), TODAY)
    assert build_calendar(facts, this_month, TODAY).shows_future  # the rest of November

    last_month = dt.date(2026, 10, 1)
    start, end = calendar_window(last_month)
    facts = day_facts({}, start, end, _comparison({}), TODAY)
    assert not build_calendar(facts, last_month, TODAY).shows_future
