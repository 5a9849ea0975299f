"""Spreadsheet-safe CSV cells for the audit log export (no I/O)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from truthbyte_admin.auditlog.export import HEADER, readable, rows, safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_formula_starts_get_an_apostrophe(value, cell):
    assert safe_cell(value) == cell


def test_before_and_after_read_one_field_a_line_in_staff_words():
    assert readable({"display_name": "Science 🚀", "question_count": 12}) == (
        "display name: Science 🚀\ncount: 12"
    )
    assert readable({"answer": True, "categories": ["a", "b"], "address": None}) == (
        "address: (none)\nanswer: True\ncategories: a, b"
    )
    # Two stored names with one staff word: each says which it is.
    assert readable({"tags": ["x"], "categories": ["y"]}) == (
        "categories (categories): y\ncategories (tags): x"
    )
    # A review stores the status word and the game's yes/no: each under its own word.
    assert readable({"status": "approved", "accepted": True}) == "accepted: yes\nstatus: approved"
    # Anything nested as written.
    assert readable({"question": {"id": "q_1", "difficulty": 2}}) == (
        'new question: {"difficulty": 2, "id": "q_1"}'
    )
    assert readable({"question": "Is it?", "suggested_answer": False}) == (
        "question text: Is it?\nanswer: False"
    )
    # A time in epoch seconds reads as one, beside the number stored.
    assert readable({"submitted_at": 1793969160}) == (
        "submitted at: 2026-11-06 12:46:00 UTC (1793969160)"
    )
    assert readable(None) == readable({}) == readable("") == ""
    assert readable("as written") == "as written"


def test_a_category_entry_names_its_question_by_id():
    # A list repair (or a category's creation) keeps the question it concerns by id.
    repair = {"in_game_list": True, "question": "dq00001"}
    assert readable(repair, item_type="category") == ("in game list: yes\nquestion id: dq00001")
    assert readable({"question": "Is it?"}, item_type="question") == "question text: Is it?"


def test_a_questions_source_reads_as_the_question_page_says_it():
    assert readable({"source": "user_submission"}) == "source: a player's submission, approved"
    assert readable({"source": "curated"}) == "source: curated"  # one we have no words for


def test_a_row_has_the_action_code_and_the_pages_words():
    record = SimpleNamespace(
        at=dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC),
        actor="eddie",
        action="store_streaks",
        entity_type="user",
        entity_id="5eed0000",
        note="",
        before={"best_daily_streak": 3},
        after={"best_daily_streak": 4},
    )
    [row] = rows([record])
    assert dict(zip(HEADER, row, strict=True)) == {
        "time_utc": "2025-03-10T12:00:00Z",
        "staff": "eddie",
        "action": "store_streaks",
        "action_label": "Stored streaks",
        "item_type": "user",
        "item_id": "5eed0000",
        "note": "",
        "before": "best streak: 3",
        "after": "best streak: 4",
    }


def test_a_field_that_starts_like_a_formula_is_still_neutralised():
    record = SimpleNamespace(
        at=dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC),
        actor="eddie",
        action="edit",
        entity_type="question",
        entity_id="q_1",
        note="",
        before={"=HYPERLINK(1)": "x"},
        after="=1+1",
    )
    [row] = rows([record])
    assert row[HEADER.index("before")].startswith("'=hyperlink")
    assert row[HEADER.index("after")] == "'=1+1"
