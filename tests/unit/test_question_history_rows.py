"""The question page's History rows: each changed field in words (no I/O)."""

from __future__ import annotations

from truthbyte_admin.data import audit
from truthbyte_admin.data.models import Question
from truthbyte_admin.questions.selectors import QuestionDetail


def test_a_time_in_epoch_seconds_reads_as_a_utc_time_beside_the_number_stored():
    created = audit.new_entry(
        "question#q_1",
        actor="mona",
        action="create",
        after={"created_at": 1793969160, "answer": True, "categories": ["science", "general"]},
    )
    detail = QuestionDetail(
        question=Question(id="q_1"), history=[created], options=[], known_categories=None
    )

    [(_, changes)] = detail.history_rows

    assert dict((name, (old, new)) for name, old, new in changes) == {
        "answer": ("—", "True"),
        "categories": ("—", "science, general"),
        "created_at": ("—", "2026-11-06 12:46:00 UTC (1793969160)"),
    }
