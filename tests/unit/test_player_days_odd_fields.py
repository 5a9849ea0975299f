"""A day that stores its completion time or its answers as something else ("sometime
yesterday", "none"): the pure wording and warnings say what is stored, not "not stored"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from truthbyte_admin.domain.player_days import (
    day_fact,
    odd_answers,
    odd_completion,
    record_warnings,
    shown_as_stored,
    stored_as,
)
from truthbyte_admin.domain.streaks import compare_streaks

TODAY = dt.date(2026, 12, 6)
NOW = dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC)
ODD = dt.date(2026, 12, 3)


@dataclass
class OddDay:
    played: bool = True  # a completion time is stored: played to the end
    score: int | None = None
    stored_completed: bool | None = None
    shape: str = "game"
    stored_rank: str | None = None
    completed_at_as_stored: object = "sometime yesterday"
    answers_as_stored: object = "none"


def test_a_value_is_quoted_as_stored_with_typographic_quotes_and_invisibles_written_out():
    assert (
        stored_as("sometime yesterday", "a time") == "stored as “sometime yesterday” (not a time)"
    )
    assert stored_as("none", "a list") == "stored as “none” (not a list)"
    assert shown_as_stored("5eed\u200b") == "“5eed⟨U+200B⟩”"
    assert shown_as_stored(True) == "true"
    assert shown_as_stored({"a": 1}) == "a set of fields"
    assert shown_as_stored("x" * 100).endswith("x…”")


def test_a_day_says_what_it_stores_for_its_completion_time_and_answers():
    assert odd_completion(OddDay()) == "stored as “sometime yesterday” (not a time)"
    assert odd_answers(OddDay()) == "stored as “none” (not a list)"
    assert odd_completion(OddDay(completed_at_as_stored=None)) is None
    assert odd_answers(object()) is None  # a record without the fields: nothing odd


def test_the_day_counts_as_played_with_no_score_for_the_documented_rule():
    days = {ODD: OddDay()}
    comparison = compare_streaks(days, stored_current=0, stored_best=0, today=TODAY)
    fact = day_fact(days, ODD, comparison, TODAY)
    assert fact.status == "played_unknown"
    assert fact.status_text == "played, no score"
    assert fact.completion_note == "stored as “sometime yesterday” (not a time)"
    assert fact.answers_note == "stored as “none” (not a list)"
    assert not fact.game_completed  # the game counts only `completed: true`


def test_the_odd_data_banner_names_such_days_and_the_keys_it_ignored():
    warnings = record_warnings(
        stamps=[],
        unreadable_progress=None,
        unreadable_keys=["yesterday", "2025-13-45"],
        days={ODD: OddDay()},
        today=TODAY,
        now=NOW,
    )
    assert warnings[0] == "Days whose names are not dates were ignored: “yesterday”, “2025-13-45”."
    assert warnings[1] == (
        "1 day stores a completion time that is not a time (2026-12-03: “sometime yesterday”): "
        "counted as played to the end, as the game does (it stores one only for a finished "
        "daily), with no score."
    )
    assert warnings[2] == (
        "1 day stores answers that are not a list (2026-12-03: “none”): no question or answer "
        "can be shown for those days."
    )
