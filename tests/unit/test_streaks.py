"""Streaks: the documented rule, the game's recount, and the reasons shown to support staff."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from truthbyte_admin.domain.streaks import (
    TODAY_PENDING,
    StreakComparison,
    StreakFacts,
    break_cause,
    compare_streaks,
    day_status,
    documented_streaks,
    game_streak,
)


@dataclass(frozen=True)
class Day:
    played: bool = True
    score: int | None = 100
    stored_completed: bool | None = None


def calendar(start: date, *days: Day | None) -> dict[date, Day]:
    """Consecutive days from `start`; None leaves a gap (a missed day with no record)."""
    return {start + timedelta(days=n): day for n, day in enumerate(days) if day is not None}


GOOD = Day(score=90)
SEVENTY = Day(score=70)
SIXTY_NINE = Day(score=69)
DONE = Day(score=90, stored_completed=True)  # documented shape: completed: true


# day_status


def test_day_status() -> None:
    assert day_status(None) == "missed"
    assert day_status(Day(played=False, score=None)) == "missed"
    assert day_status(Day(score=None)) == "played_unknown"
    assert day_status(SIXTY_NINE) == "below"
    assert day_status(Day(score=0)) == "below"
    assert day_status(SEVENTY) == "qualified"
    assert day_status(Day(score=100)) == "qualified"


# documented_streaks


def test_empty_mapping() -> None:
    facts = documented_streaks({}, date(2025, 1, 1))
    assert facts == StreakFacts(current=0, best=0, current_start=None, broken_on=None)


def test_today_played_counts() -> None:
    days = calendar(date(2025, 3, 1), GOOD, GOOD, GOOD)
    facts = documented_streaks(days, date(2025, 3, 3))
    assert facts == StreakFacts(3, 3, date(2025, 3, 1), None)


def test_today_not_yet_played_keeps_yesterdays_streak() -> None:
    days = calendar(date(2025, 3, 1), GOOD, GOOD, GOOD)
    facts = documented_streaks(days, date(2025, 3, 4))
    assert facts == StreakFacts(3, 3, date(2025, 3, 1), None)


def test_today_record_not_played_is_still_pending() -> None:
    days = calendar(date(2025, 3, 1), GOOD, GOOD, Day(played=False, score=None))
    assert documented_streaks(days, date(2025, 3, 3)).current == 2


def test_yesterday_missed_breaks() -> None:
    days = calendar(date(2025, 3, 1), GOOD, GOOD, GOOD)
    facts = documented_streaks(days, date(2025, 3, 5))
    assert facts == StreakFacts(0, 3, None, date(2025, 3, 4))


def test_today_played_below_breaks_today() -> None:
    days = calendar(date(2025, 3, 1), GOOD, GOOD, SIXTY_NINE)
    facts = documented_streaks(days, date(2025, 3, 3))
    assert facts == StreakFacts(0, 2, None, date(2025, 3, 3))


def test_exactly_seventy_counts_sixty_nine_does_not() -> None:
    assert documented_streaks(calendar(date(2025, 3, 1), SEVENTY, SEVENTY), date(2025, 3, 2)) == (
        StreakFacts(2, 2, date(2025, 3, 1), None)
    )
    facts = documented_streaks(
        calendar(date(2025, 3, 1), SEVENTY, SIXTY_NINE, SEVENTY), date(2025, 3, 3)
    )
    assert facts == StreakFacts(1, 1, date(2025, 3, 3), None, date(2025, 3, 2), 1)


def test_played_unknown_does_not_qualify() -> None:
    days = calendar(date(2025, 3, 1), GOOD, Day(score=None), GOOD)
    assert documented_streaks(days, date(2025, 3, 3)) == StreakFacts(
        1, 1, date(2025, 3, 3), None, date(2025, 3, 2), 1
    )


def test_a_new_streak_names_the_day_that_ended_the_one_before_it() -> None:
    """ "My streak reset though I played": the player scored 60% for two days, then 90%
    today. The current streak is 1; the page still names what ended the 8-day run."""
    days = calendar(date(2026, 11, 26), *[GOOD] * 8, Day(score=60), Day(score=60), GOOD)
    facts = documented_streaks(days, date(2026, 12, 6))
    assert (facts.current, facts.best, facts.current_start) == (1, 8, date(2026, 12, 6))
    assert facts.broken_on is None
    assert (facts.earlier_broken_on, facts.earlier_length) == (date(2026, 12, 4), 8)
    assert facts.break_days == (date(2026, 12, 4),)
    assert break_cause(days, date(2026, 12, 4)) == "scored 60% (< 70%)"
    missed = calendar(date(2026, 12, 1), GOOD, GOOD, None, GOOD)
    facts = documented_streaks(missed, date(2026, 12, 4))
    assert (facts.earlier_broken_on, facts.earlier_length) == (date(2026, 12, 3), 2)
    assert break_cause(missed, date(2026, 12, 3)) == "missed"


def test_every_day_that_ended_a_run_is_a_break_day() -> None:
    """The calendar outlines each of them ("ended a streak"), not only the latest two."""
    low = Day(score=50)
    days = calendar(date(2026, 3, 1), GOOD, GOOD, low, GOOD, None, GOOD, GOOD, low, GOOD)
    going = documented_streaks(days, date(2026, 3, 9))
    assert going.break_days == (date(2026, 3, 3), date(2026, 3, 5), date(2026, 3, 8))
    assert going.earlier_broken_on == date(2026, 3, 8)
    ended = documented_streaks(days, date(2026, 3, 11))  # 03-10 missed: the last run ended too
    assert ended.break_days == (
        date(2026, 3, 3),
        date(2026, 3, 5),
        date(2026, 3, 8),
        date(2026, 3, 10),
    )
    assert ended.broken_on == date(2026, 3, 10)


def test_gaps_best_is_longest_run() -> None:
    days = calendar(
        date(2025, 5, 1),
        GOOD,
        GOOD,
        GOOD,
        GOOD,  # 1-4: run of 4
        None,  # 5 missed
        GOOD,
        GOOD,  # 6-7
        SIXTY_NINE,  # 8
        GOOD,
        GOOD,  # 9-10
    )
    facts = documented_streaks(days, date(2025, 5, 10))
    assert facts == StreakFacts(2, 4, date(2025, 5, 9), None, date(2025, 5, 8), 2)
    # Later: 11 not yet played; 12 is today, so 11 was missed.
    assert documented_streaks(days, date(2025, 5, 12)) == StreakFacts(0, 4, None, date(2025, 5, 11))


def test_month_and_year_boundary() -> None:
    days = calendar(date(2024, 12, 29), GOOD, GOOD, GOOD, GOOD, GOOD)  # to 2025-01-02
    assert documented_streaks(days, date(2025, 1, 2)) == StreakFacts(5, 5, date(2024, 12, 29), None)
    days = calendar(date(2025, 1, 30), GOOD, GOOD, GOOD)  # Jan 30 -> Feb 1
    assert documented_streaks(days, date(2025, 2, 1)).current == 3


def test_leap_day() -> None:
    days = calendar(date(2024, 2, 28), GOOD, GOOD, GOOD)
    assert date(2024, 2, 29) in days
    assert date(2024, 3, 1) in days
    assert documented_streaks(days, date(2024, 3, 1)) == StreakFacts(3, 3, date(2024, 2, 28), None)
    no_leap = {date(2024, 2, 28): GOOD, date(2024, 3, 1): GOOD}
    assert documented_streaks(no_leap, date(2024, 3, 1)) == StreakFacts(
        1, 1, date(2024, 3, 1), None, date(2024, 2, 29), 1
    )


def test_future_days_are_ignored() -> None:
    days = calendar(date(2025, 3, 1), GOOD, GOOD, GOOD, GOOD)
    assert documented_streaks(days, date(2025, 3, 2)) == StreakFacts(2, 2, date(2025, 3, 1), None)


class CountingDays(dict):
    """A day mapping that counts how often a day is looked up."""

    lookups = 0

    def get(self, key, default=None):
        self.lookups += 1
        return super().get(key, default)

    def __getitem__(self, key):
        self.lookups += 1
        return super().__getitem__(key)


def test_thousand_day_history_is_linear() -> None:
    start = date(2022, 1, 1)
    days = CountingDays({start + timedelta(days=n): GOOD for n in range(1000)})
    days[start + timedelta(days=500)] = SIXTY_NINE
    today = start + timedelta(days=999)
    facts = documented_streaks(days, today)
    comparison = compare_streaks(days, stored_current=0, stored_best=0, today=today)
    # A few lookups per stored day, whatever the history's length: no quadratic rescans.
    assert days.lookups <= 10 * len(days)
    assert facts == StreakFacts(
        499, 500, start + timedelta(days=501), None, start + timedelta(days=500), 500
    )
    assert comparison.documented == facts
    assert game_streak(days, today) == 0


# game_streak


def test_game_streak_is_zero_without_completed_flag() -> None:
    days = calendar(date(2025, 3, 1), *([GOOD] * 7))
    assert game_streak(days, date(2025, 3, 7)) == 0


def test_game_streak_counts_completed_true_regardless_of_score() -> None:
    low_done = Day(score=10, stored_completed=True)
    days = calendar(date(2025, 3, 1), DONE, DONE, low_done, DONE)
    assert game_streak(days, date(2025, 3, 4)) == 4
    assert game_streak(days, date(2025, 3, 5)) == 0  # today missing: the recount stops at once
    assert game_streak(days, date(2025, 3, 2)) == 2


def test_game_streak_stops_at_false_or_gap() -> None:
    days = calendar(date(2025, 3, 1), DONE, Day(stored_completed=False), DONE, None, DONE, DONE)
    assert game_streak(days, date(2025, 3, 6)) == 2
    assert game_streak(days, date(2025, 3, 3)) == 1
    assert game_streak({}, date(2025, 3, 3)) == 0


def test_game_streak_across_year_end() -> None:
    days = calendar(date(2025, 12, 30), DONE, DONE, DONE)
    assert game_streak(days, date(2026, 1, 1)) == 3


# compare_streaks


def test_usual_game_zero_after_a_week_of_daily_play() -> None:
    days = calendar(date(2025, 3, 1), *([GOOD] * 7))
    result = compare_streaks(days, stored_current=0, stored_best=0, today=date(2025, 3, 7))
    assert isinstance(result, StreakComparison)
    assert (result.stored_current, result.stored_best, result.game_current) == (0, 0, 0)
    assert result.documented == StreakFacts(7, 7, date(2025, 3, 1), None)
    assert not result.agree
    assert result.reasons[0] == (
        "The game counts only days marked complete, which the game itself never marks, "
        "so it shows 0 although the player qualified on 7 consecutive days."
    )
    assert any("best" in r and "7" in r for r in result.reasons)


def test_week_of_play_today_not_yet_played() -> None:
    days = calendar(date(2025, 3, 1), *([GOOD] * 7))
    result = compare_streaks(days, stored_current=0, stored_best=0, today=date(2025, 3, 8))
    assert result.documented.current == 7
    assert result.reasons[0] == TODAY_PENDING
    assert "never marks" in result.reasons[1]


def test_documented_shape_days_all_agree() -> None:
    days = calendar(date(2025, 3, 1), DONE, DONE, DONE)
    result = compare_streaks(days, stored_current=3, stored_best=3, today=date(2025, 3, 3))
    assert result.game_current == 3
    assert result.documented.current == 3
    assert result.reasons == []
    assert result.agree


def test_documented_shape_stored_from_yesterday_today_pending() -> None:
    days = calendar(date(2025, 3, 1), DONE, DONE, DONE)
    result = compare_streaks(days, stored_current=3, stored_best=3, today=date(2025, 3, 4))
    assert result.game_current == 0
    assert result.documented.current == 3
    assert result.reasons[0] == TODAY_PENDING
    assert "stops at 2025-03-04, which has no record" in result.reasons[1]
    assert result.reasons[2].startswith(
        "Stored streak was computed when the last daily was submitted (2025-03-03); "
        "today's recount differs because it starts from today (2025-03-04)"
    )
    assert len(result.reasons) == 3


def test_game_counts_low_scores_marked_completed() -> None:
    days = calendar(date(2025, 3, 1), DONE, Day(score=60, stored_completed=True), DONE)
    result = compare_streaks(days, stored_current=3, stored_best=3, today=date(2025, 3, 3))
    assert result.game_current == 3
    assert result.documented == StreakFacts(1, 1, date(2025, 3, 3), None, date(2025, 3, 2), 1)
    assert "whatever the score" in result.reasons[0]


def test_break_reason_scored_below() -> None:
    days = calendar(date(2025, 3, 1), GOOD, GOOD, Day(score=60))
    result = compare_streaks(days, stored_current=0, stored_best=0, today=date(2025, 3, 3))
    assert result.documented == StreakFacts(0, 2, None, date(2025, 3, 3))
    assert result.reasons[-1] == "The streak broke on 2025-03-03: scored 60% (< 70%)."


def test_break_reason_missed() -> None:
    days = calendar(date(2025, 3, 1), GOOD, GOOD)
    result = compare_streaks(days, stored_current=0, stored_best=0, today=date(2025, 3, 5))
    assert result.documented.broken_on == date(2025, 3, 3)
    assert result.reasons[-1] == "The streak broke on 2025-03-03: missed."


def test_break_reason_unknown_score() -> None:
    days = calendar(date(2025, 3, 1), GOOD, Day(score=None))
    result = compare_streaks(days, stored_current=0, stored_best=0, today=date(2025, 3, 2))
    assert result.reasons[-1].startswith("The streak broke on 2025-03-02: played, but no score")


def test_stored_value_not_matching_records() -> None:
    days = calendar(date(2025, 3, 1), DONE, DONE)
    result = compare_streaks(days, stored_current=5, stored_best=5, today=date(2025, 3, 2))
    assert any(
        "doesn't match a recount at the last submitted daily (2025-03-02)" in r
        for r in result.reasons
    )


def test_nothing_stored_nothing_played() -> None:
    result = compare_streaks({}, stored_current=None, stored_best=None, today=date(2025, 3, 2))
    assert result.reasons == []
    assert result.documented == StreakFacts(0, 0, None, None)


def test_nothing_stored_but_played() -> None:
    days = calendar(date(2025, 3, 1), GOOD, GOOD)
    result = compare_streaks(days, stored_current=None, stored_best=None, today=date(2025, 3, 2))
    assert any("No current streak is stored" in r for r in result.reasons)
    assert any("No best streak is stored" in r for r in result.reasons)


def test_stored_decimal_like_values_become_ints() -> None:
    from decimal import Decimal

    days = calendar(date(2025, 3, 1), DONE)
    result = compare_streaks(
        days, stored_current=Decimal(1), stored_best=Decimal(1), today=date(2025, 3, 1)
    )
    assert result.stored_current == 1
    assert isinstance(result.stored_current, int)
    assert result.agree


@pytest.mark.parametrize("today", [date(2025, 3, 7), date(2025, 3, 8)])
def test_reasons_are_single_lines(today: date) -> None:
    days = calendar(date(2025, 3, 1), GOOD, None, GOOD, Day(score=50), GOOD, GOOD, GOOD)
    result = compare_streaks(days, stored_current=4, stored_best=9, today=today)
    assert result.reasons
    assert all("\n" not in r and r.endswith(".") for r in result.reasons)


def test_a_stored_best_above_the_documented_one_is_explained_by_low_scores_counted() -> None:
    low_but_done = Day(score=40, stored_completed=True)
    days = calendar(date(2025, 3, 1), low_but_done, low_but_done, low_but_done, GOOD)
    result = compare_streaks(days, stored_current=0, stored_best=4, today=date(2025, 3, 4))
    [best] = [r for r in result.reasons if r.startswith("Stored best streak")]
    assert best.startswith("Stored best streak (4) is higher than the documented best (1)")
    assert "whatever its score" in best


def test_a_stored_best_below_the_documented_one_is_explained_by_days_never_marked() -> None:
    days = calendar(date(2025, 3, 1), GOOD, GOOD, GOOD)
    result = compare_streaks(days, stored_current=0, stored_best=0, today=date(2025, 3, 3))
    [best] = [r for r in result.reasons if r.startswith("Stored best streak")]
    assert best.startswith("Stored best streak (0) is lower than the documented best (3)")
    assert "marked complete" in best
