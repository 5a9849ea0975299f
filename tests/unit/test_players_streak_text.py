"""A streak absent from the record reads "not stored" wherever player support names it."""

from __future__ import annotations

import datetime as dt

from truthbyte_admin.players.selectors import StaffChange
from truthbyte_admin.players.streak_text import streak_text


def test_an_absent_streak_is_not_stored_and_a_value_is_itself():
    assert streak_text(None) == "not stored"
    assert streak_text(0) == "0"
    assert streak_text("three") == "three"


def test_a_staff_change_names_an_absent_streak_not_stored():
    change = StaffChange(
        event="e1",
        at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
        actor="ada",
        action="store_streaks",
        note="",
        before={"current_daily_streak": None, "best_daily_streak": 4},
        after={"current_daily_streak": 2, "best_daily_streak": 4},
    )
    assert change.changes == ["current streak not stored → 2"]
