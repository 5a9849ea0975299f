"""A player record's days are the typed reading's days: each kept with what it stores, odd
values included (no second parse of daily_progress)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from truthbyte_admin.data.players import player_record

DAY = dt.date(2026, 11, 19)


def test_the_days_keep_odd_values_as_stored():
    item = {
        "user_id": "p1",
        "daily_progress": {
            DAY.isoformat(): {"completed_at": "yesterday-ish", "score": "high", "answers": "x"},
            "2026-11-20": "not a map",
            "someday": {"answers": []},
        },
        "current_daily_streak": Decimal(1),
    }
    record = player_record(item)
    day, text = record.user.days[DAY], record.user.days[dt.date(2026, 11, 20)]
    assert list(record.user.days) == [DAY, dt.date(2026, 11, 20)]
    assert day.completed_at_as_stored == "yesterday-ish"
    assert day.stored_score is None
    assert text.shape == "unknown"
    assert record.user.unreadable_days == ["someday"]
    assert record.days_stored == 3


def test_only_day_names_the_game_looks_up_are_days():
    """The game finds a day by its "YYYY-MM-DD" name; Python also reads "20261206" and
    "2026-W49-6" as dates, which made up played days and a longer streak (support probe)."""
    played = {"answers": [{"question_id": "q1", "answer": True, "is_correct": True}]}
    item = {
        "user_id": "p1",
        "daily_progress": {
            "2026-12-04": played,
            "20261205": played,
            "2026-W49-6": played,
            "2026-12-06T00:00": played,
            "２０２６-１２-０６": played,  # full-width digits
            "2025-13-45": played,
        },
    }
    record = player_record(item)
    assert list(record.user.days) == [dt.date(2026, 12, 4)]
    assert record.user.unreadable_days == [
        "20261205",
        "2026-W49-6",
        "2026-12-06T00:00",
        "２０２６-１２-０６",
        "2025-13-45",
    ]
