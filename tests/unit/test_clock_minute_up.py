"""Ends shown to the minute are rounded up (``core.clock.minute_up``), never down."""

from __future__ import annotations

import datetime as dt

from truthbyte_admin.core.clock import minute_up


def test_a_moment_inside_a_minute_is_shown_as_the_next_whole_minute():
    moment = dt.datetime(2026, 12, 7, 3, 56, 58, 500, tzinfo=dt.UTC)
    assert minute_up(moment) == dt.datetime(2026, 12, 7, 3, 57, tzinfo=dt.UTC)


def test_a_whole_minute_stays_and_the_last_one_of_a_year_rolls_over():
    whole = dt.datetime(2026, 12, 7, 3, 57, tzinfo=dt.UTC)
    assert minute_up(whole) == whole
    last = dt.datetime(2026, 12, 31, 23, 59, 0, 1, tzinfo=dt.UTC)
    assert minute_up(last) == dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
