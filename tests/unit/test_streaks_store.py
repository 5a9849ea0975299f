"""What "store the recomputed streaks" writes: never a lower best streak by surprise (no I/O)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.support.days import Day
from truthbyte_admin.domain.streaks import compare_streaks, streaks_to_store, worth_storing

TODAY = date(2026, 11, 20)


def _last_days(*scores: int) -> dict[date, Day]:
    """Days played with these scores, the last one yesterday."""
    return {
        TODAY - timedelta(days=len(scores) - n): Day(score=score) for n, score in enumerate(scores)
    }


# 21 qualifying days, one below 70, then 3: documented current 3, best 21.
HISTORY = _last_days(*[90] * 21, 50, 90, 90, 90)


def _compare(days=HISTORY, *, current, best, unreadable=None):
    return compare_streaks(
        days, stored_current=current, stored_best=best, today=TODAY, unreadable=unreadable
    )


def test_a_higher_stored_best_is_kept_by_default():
    update = streaks_to_store(_compare(current=0, best=37))
    assert (update.current, update.best, update.recomputed_best) == (3, 37, 21)
    assert update.best_drop == 16
    assert update.keeps_higher_best
    assert not update.lowers_best
    assert update.changes_anything  # the current streak 0 -> 3


def test_lowering_the_best_is_the_explicit_choice_and_says_how_much_is_lost():
    update = streaks_to_store(_compare(current=0, best=37), lower_best=True)
    assert (update.current, update.best) == (3, 21)
    assert update.lowers_best
    assert update.best_drop == 16
    assert not update.keeps_higher_best


def test_a_lower_or_missing_stored_best_is_raised_to_the_recomputed_one():
    for stored in (0, 5, None):
        for lower in (False, True):
            update = streaks_to_store(_compare(current=0, best=stored), lower_best=lower)
            assert update.best == 21
            assert update.best_drop == 0
            assert not update.lowers_best
            assert not update.keeps_higher_best


def test_only_a_lower_best_left_to_offer_changes_nothing_by_default():
    comparison = _compare(current=3, best=37)
    assert not streaks_to_store(comparison).changes_anything
    assert streaks_to_store(comparison, lower_best=True).changes_anything
    assert worth_storing(comparison)  # the admin may still choose to lower it


def test_storing_zero_over_nothing_is_not_offered():
    """A player who has not played yet: no streak stored, both recomputed streaks are 0."""
    for stored in ((None, None), (0, 0), (None, 0), (0, None)):
        comparison = _compare({}, current=stored[0], best=stored[1])
        assert not streaks_to_store(comparison).changes_anything
        assert not worth_storing(comparison)


def test_a_stored_streak_that_is_not_a_number_is_always_replaced():
    comparison = _compare({}, current=None, best=None, unreadable={"best_daily_streak": "three"})
    update = streaks_to_store(comparison)
    assert (update.current, update.best) == (0, 0)
    assert update.changes_anything
    assert worth_storing(comparison)


def test_equal_streaks_offer_nothing():
    comparison = _compare(current=3, best=21)
    assert not worth_storing(comparison)
