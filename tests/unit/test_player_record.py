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
