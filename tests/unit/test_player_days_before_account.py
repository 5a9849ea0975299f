"""Days before a player's first day (the account's creation, or the first stored day if that is
earlier) are not missed: the account did not exist. Pure functions, no I/O."""

from __future__ import annotations

import datetime as dt

from tests.support.days import Day
from truthbyte_admin.domain.player_days import (
    BEFORE_ACCOUNT,
    build_calendar,
    calendar_window,
    day_fact,
    day_facts,
    facts_page,
    first_day,
)
from truthbyte_admin.domain.streaks import MISSED, compare_streaks

TODAY = dt.date(2026, 12, 5)
NOW = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)
CREATED = dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


THIS_MONTH = TODAY.replace(day=1)


def _profile(days, first, end_month=THIS_MONTH):
    comparison = compare_streaks(days, stored_current=0, stored_best=0, today=TODAY)
    start, end = calendar_window(end_month)
    facts = day_facts(days, start, end, comparison, TODAY, first=first)
    calendar = build_calendar(facts, end_month, TODAY)
    return facts, calendar


def test_the_first_day_is_the_creation_day_in_utc():
    played = {dt.date(2026, 12, 1): Day()}
    assert first_day(CREATED, played, NOW) == dt.date(2026, 11, 29)
    late_evening_elsewhere = dt.datetime(
        2026, 11, 29, 23, 30, tzinfo=dt.timezone(-dt.timedelta(hours=5))
    )
    assert first_day(late_evening_elsewhere, {}, NOW) == dt.date(2026, 11, 30)


def test_a_stored_day_before_the_creation_time_is_never_hidden():
    assert first_day(CREATED, {dt.date(2026, 11, 20): Day()}, NOW) == dt.date(2026, 11, 20)


def test_without_a_creation_time_the_first_stored_day_counts_and_with_nothing_none():
    assert first_day(None, {dt.date(2026, 11, 25): Day(), dt.date(2026, 12, 2): Day()}, NOW) == (
        dt.date(2026, 11, 25)
    )
    assert first_day(None, {}, NOW) is None


def test_a_creation_time_in_the_future_is_not_trusted():
    assert first_day(NOW + dt.timedelta(days=3), {}, NOW) is None
    assert first_day(NOW + dt.timedelta(days=3), {TODAY - DAY: Day()}, NOW) == TODAY - DAY


def test_days_before_the_account_are_not_missed_and_not_listed():
    days = {dt.date(2026, 12, 1): Day(), dt.date(2026, 12, 3): Day(score=40)}
    first = first_day(CREATED, days, NOW)
    facts, calendar = _profile(days, first)

    before = facts[dt.date(2026, 11, 28)]
    assert before.status == BEFORE_ACCOUNT
    assert before.status_text == "before the account existed"
    assert before.label == "2026-11-28: before the account existed"
    assert "before-account" in before.css
    assert "missed" not in before.css
    assert facts[dt.date(2026, 1, 1)].status == BEFORE_ACCOUNT
    # From the first day on, a day without a record is missed as before.
    assert facts[dt.date(2026, 11, 29)].status == MISSED
    assert facts[dt.date(2026, 11, 30)].status == MISSED

    page = facts_page(facts, calendar, TODAY, 1)
    assert [f.date for f in page.rows] == [TODAY - n * DAY for n in range(7)]
    assert page.pages == 1
    assert page.first_day == dt.date(2026, 11, 29)
    assert page.before_account
    assert not any(f.before_account for f in page.rows)


def test_a_window_entirely_before_the_account_lists_nothing():
    first = first_day(CREATED, {}, NOW)
    facts, calendar = _profile({}, first, end_month=dt.date(2025, 12, 1))
    page = facts_page(facts, calendar, TODAY, 1)
    assert page.rows == []
    assert page.before_account


def test_without_a_first_day_every_day_without_a_record_is_missed_as_before():
    facts, calendar = _profile({}, None)
    assert all(f.status == MISSED for f in facts.values() if not f.future and not f.today)
    assert not facts_page(facts, calendar, TODAY, 1).before_account


def test_today_without_a_record_is_not_played_yet_not_missed():
    comparison = compare_streaks({}, stored_current=0, stored_best=0, today=TODAY)

    today = day_fact({}, TODAY, comparison, TODAY, first=CREATED.date())
    yesterday = day_fact({}, TODAY - DAY, comparison, TODAY, first=CREATED.date())

    assert today.status_text == "not played yet"
    assert today.label == "2026-12-05: not played yet (today)"
    assert "missed" not in today.css
    assert yesterday.status == MISSED


def test_the_calendar_offers_no_earlier_months_once_it_shows_the_players_first_day():
    # « Year had gone back to 2000 for a player created last year (support probe).
    today = dt.date(2026, 12, 7)
    first = dt.date(2025, 1, 1)
    shows_first = build_calendar({}, dt.date(2025, 3, 1), today, first_day=first)
    assert (shows_first.prev_month, shows_first.prev_year) == (None, None)
    later = build_calendar({}, dt.date(2026, 6, 1), today, first_day=first)
    assert (later.prev_month, later.prev_year) == ("2026-05", "2025-12")  # Jan 2025 – Dec 2025
    new = build_calendar({}, dt.date(2026, 12, 1), today, first_day=dt.date(2026, 12, 1))
    assert (new.prev_month, new.prev_year) == (None, None)  # this month is all there is
    unknown = build_calendar({}, dt.date(2026, 12, 1), today, first_day=None)
    assert unknown.prev_year == "2025-12"
