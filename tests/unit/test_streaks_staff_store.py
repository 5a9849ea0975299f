""" "Why they differ" names a staff store as the writer while the record holds what it stored."""

from __future__ import annotations

import datetime as dt

from tests.support.days import Day
from truthbyte_admin.domain.streaks import StaffStore, compare_streaks

TODAY = dt.date(2026, 11, 20)
AT = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
# Played with 80% on the three days up to yesterday, never marked complete: the game counts 0.
DAYS = {TODAY - dt.timedelta(days=n): Day(score=80) for n in (1, 2, 3)}


def _compare(current, best, store):
    return compare_streaks(
        DAYS, stored_current=current, stored_best=best, today=TODAY, staff_store=store
    )


def test_a_staff_store_still_on_the_record_is_named_instead_of_a_guess():
    comparison = _compare(3, 21, StaffStore("ada", AT, 3, 21))
    assert comparison.staff_store is not None
    text = " ".join(comparison.reasons)
    assert (
        "Stored streak (3) was stored by staff (by ada on 2026-11-20 09:30 UTC, “Store streaks” "
        "in the audit log) with the documented rule, not by the game; the game's recount from "
        "today gives 0."
    ) in text
    assert "Stored best streak (21) was stored by staff (by ada on 2026-11-20 09:30 UTC" in text
    assert "or something other than the game changed it" not in text


def test_a_store_the_record_no_longer_holds_is_not_named():
    comparison = _compare(0, 21, StaffStore("ada", AT, 3, 21))  # the game wrote 0 since
    assert comparison.staff_store is None
    assert "stored by staff" not in " ".join(comparison.reasons)
