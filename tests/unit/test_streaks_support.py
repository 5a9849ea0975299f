"""Gaps not covered by test_streaks.py: the streak rules on real DayRecords read from both of
the game's day shapes (GAME.md), including messy values."""

from __future__ import annotations

import datetime as dt

from truthbyte_admin.data.models import User
from truthbyte_admin.domain.ranks import rank_for_score
from truthbyte_admin.domain.streaks import (
    compare_player_streaks,
    compare_streaks,
    day_status,
    documented_streaks,
    game_streak,
)

TODAY = dt.date(2026, 11, 20)


def _game_day(day: dt.date, right: int) -> dict:
    return {
        "answers": [
            {
                "question_id": f"q{n}",
                "answer": True,
                "timestamp": 1763550000 + n,
                "is_correct": n < right,
            }
            for n in range(10)
        ],
        "completed_at": f"{day.isoformat()}T12:00:00Z",
    }


def _user(progress: dict, **extra) -> User:
    return User.from_item({"user_id": "u", "daily_progress": progress, **extra})


def test_game_shape_week_scores_documented_seven_game_zero():
    progress = {(TODAY - dt.timedelta(days=n)).isoformat(): _game_day(TODAY, 8) for n in range(7)}
    user = _user(progress, current_daily_streak=0, best_daily_streak=0)
    assert game_streak(user.days, TODAY) == 0
    facts = documented_streaks(user.days, TODAY)
    assert (facts.current, facts.best) == (7, 7)
    comparison = compare_streaks(user.days, stored_current=0, stored_best=0, today=TODAY)
    assert any("never marks" in r for r in comparison.reasons)


def test_documented_shape_counts_for_both_rules():
    progress = {
        (TODAY - dt.timedelta(days=n)).isoformat(): {
            "completed": True,
            "score": 90,
            "rank": "A",
            "completed_at": 1763550000,
        }
        for n in range(3)
    }
    user = _user(progress)
    assert game_streak(user.days, TODAY) == 3
    assert documented_streaks(user.days, TODAY).current == 3


def test_exactly_seven_of_ten_is_rank_b_and_counts():
    user = _user({TODAY.isoformat(): _game_day(TODAY, 7)})
    day = user.days[TODAY]
    assert day.score == 70
    assert rank_for_score(day.score) == "B"
    assert day_status(day) == "qualified"


def test_messy_day_values_classify_without_errors():
    user = _user(
        {
            # Not a time, but the game writes one only for a full submission (GAME.md): played,
            # no score known.
            "2026-11-19": {"completed_at": "garbage"},
            "2026-11-18": {
                "completed": "true",
                "score": "75",
            },  # strings where bools/numbers belong
            "2026-11-17": "done",  # not a map
            "2026-11-16": {"completed_at": "2026-11-16T10:00:00Z"},  # played, no score known
        }
    )
    statuses = {d.isoformat(): day_status(r) for d, r in user.days.items()}
    assert statuses == {
        "2026-11-16": "played_unknown",
        "2026-11-17": "missed",
        "2026-11-18": "qualified",
        "2026-11-19": "played_unknown",
    }


def test_a_streak_stored_as_text_is_said_to_be_unreadable_not_missing():
    progress = {(TODAY - dt.timedelta(days=n)).isoformat(): _game_day(TODAY, 8) for n in range(3)}
    user = _user(progress, best_daily_streak="three", current_daily_streak=3)
    assert user.best_daily_streak is None
    said = " ".join(compare_player_streaks(user, TODAY).reasons)
    assert "The stored best streak is not a number (“three”)" in said
    assert "No best streak is stored" not in said


def test_what_a_day_stores_instead_of_a_time_or_a_list_is_kept_as_stored():
    # One reading for every page and the staff index (its "days played" is the profile's).
    user = _user({"2026-11-19": {"completed_at": "sometime yesterday", "answers": "none"}})
    [record] = user.days.values()
    assert (record.completed_at, record.completed_at_as_stored) == (None, "sometime yesterday")
    assert record.answers_as_stored == "none"
    assert record.played
    [fine] = _user({"2026-11-16": {"completed_at": "2026-11-16T10:00:00Z"}}).days.values()
    assert (fine.completed_at_as_stored, fine.answers_as_stored) == (None, None)
