"""What a plain update hands subscribers: the typed fields it set, or None (they re-read)."""

from decimal import Decimal

from truthbyte_admin.data import records, tables


def test_plain_assignments_become_the_records_fields_read_as_a_whole_item_is():
    fields = records.assigned_fields(
        tables.QUESTIONS,
        {"question": "Is it?", "difficulty": Decimal(9), "categories": ["a", "a", " b "]},
    )
    # Names as stored (" b " is not "b" to the game's exact match); only the repeat goes.
    assert fields == {"question": "Is it?", "difficulty": 3, "categories": ["a", " b "]}
    review = {"status": "APPROVED", "reviewed_at": Decimal(1717000000), "accepted": True}
    assert records.assigned_fields(tables.SUBMISSIONS, review) == {
        "status": "approved",
        "reviewed_at": 1717000000,
        "accepted": True,
    }
    streaks = {"current_daily_streak": Decimal(4), "best_daily_streak": "7"}
    assert records.assigned_fields(tables.USERS, streaks) == {
        "current_daily_streak": 4,
        "best_daily_streak": 7,
    }


def test_an_assignment_that_is_not_one_fields_own_is_no_plain_update():
    assert records.assigned_fields(tables.QUESTIONS, {"tags": ["a"]}) is None  # read with others
    assert records.assigned_fields(tables.SUBMISSIONS, {"author": "p1"}) is None
    assert records.assigned_fields(tables.USERS, {"daily_progress": {}}) is None
    assert records.assigned_fields(tables.CATEGORIES, {"question_count": 3}) is None
    assert records.assigned_fields(tables.QUESTIONS, None) is None  # ADD, REMOVE, functions
