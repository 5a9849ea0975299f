"""Staff words for the audit table's codes (pure, no I/O)."""

from __future__ import annotations

import ast
from pathlib import Path

from truthbyte_admin.core import audit_labels as labels

APP = Path(labels.__file__).resolve().parents[1]


def _labels(before, after) -> list[str]:
    return [change.label for change in labels.changed_fields(before, after)]


def test_known_actions_and_kinds_read_as_staff_words():
    assert labels.action_label("approve") == "Approved"
    assert labels.action_label("undo-reject") == "Undid a rejection"
    assert labels.action_label("store_streaks") == "Stored streaks"
    assert labels.item_kind_label("user") == "Player"
    assert labels.item_kind_label("staff") == "Staff account"


def test_an_unknown_code_is_still_shown_readably():
    assert labels.action_label("bulk_tag-fix") == "Bulk tag fix"
    assert labels.item_kind_label("") == "Unknown"
    assert _labels({"sample_questions": [1]}, {"sample_questions": [2]}) == ["sample questions"]


def test_changed_fields_are_those_the_entry_wrote_with_another_value():
    before = {"question": "A?", "passage": "P", "status": "pending", "version": 3}
    after = {"question": "B?", "passage": "P", "version": 4}

    assert _labels(before, after) == ["question text"]


def test_a_partial_after_lists_only_what_it_changed():
    submission = {"id": "q_1", "question": "A?", "status": "pending", "submitted_at": 1}
    rejection = {"status": "rejected", "rejection_reason": "Spam", "reviewer_notes": ""}

    assert _labels(submission, rejection) == ["status"]


def test_creations_and_removals_list_no_fields():
    assert _labels(None, {"question": "A?"}) == []
    assert _labels({"question": "A?"}, None) == []
    assert _labels({}, {"question": "A?"}) == []


def test_two_stored_names_for_one_thing_are_listed_once():
    before = {"tags": ["a"], "categories": ["a"]}
    after = {"tags": ["b"], "categories": ["b"]}

    assert _labels(before, after) == ["categories"]


def test_an_approval_lists_its_status_and_the_fields_the_moderator_edited():
    submission = {"question": "Is it so?", "status": "pending", "difficulty": 3}
    approval = {
        "status": "approved",
        "approved_question_id": "q_new",
        "edited": ["question", "difficulty"],
        "question": {"id": "q_new", "question": "Is it really so?", "difficulty": 2},
    }

    assert _labels(submission, approval) == [
        "status",
        "question text",
        "difficulty",
    ]


def test_simple_values_are_shown_before_and_after():
    before = {"display_name": "Capitals", "count": 5, "answer": True, "categories": ["a", "b"]}
    after = {"display_name": "Capital cities", "count": 6, "answer": False, "categories": ["a"]}

    assert labels.changed_fields(before, after) == [
        labels.FieldChange("display name", "Capitals", "Capital cities"),
        labels.FieldChange("count", "5", "6"),
        labels.FieldChange("answer", "True", "False"),
        labels.FieldChange("categories", "a, b", "a"),
    ]


def test_an_approvals_edited_fields_show_as_submitted_and_as_approved():
    """The moderator's edits read as what changed: the submission's value, then the new
    question's (the row had named the field only: create/search probe)."""
    submission = {"question": "Is it so?", "title": "Old", "status": "pending"}
    approval = {
        "status": "approved",
        "edited": ["question", "title"],
        "question": {"id": "q_new", "question": "Is it really so?", "title": "New"},
    }

    assert labels.changed_fields(submission, approval) == [
        labels.FieldChange("status", "pending", "approved"),
        labels.FieldChange("question text", "Is it so?", "Is it really so?"),
        labels.FieldChange("title", "Old", "New"),
    ]
    # Without the value on either side (an older entry): named only.
    bare = {"status": "approved", "edited": ["question"], "question": {"id": "q_new"}}
    assert labels.changed_fields(submission, bare)[1] == labels.FieldChange(
        "question text", None, None
    )


def test_a_count_that_was_not_a_number_is_quoted_as_it_was_stored():
    [change] = labels.changed_fields({"count": "lots"}, {"count": 121})
    assert (change.label, change.before, change.after) == (
        "count",
        "“lots” (text, not a number)",
        "121",
    )
    [change] = labels.changed_fields({"current_daily_streak": True}, {"current_daily_streak": 0})
    assert change.before == "“true” (a boolean, not a number)"
    [change] = labels.changed_fields({"question": "12"}, {"question": "13"})  # text, as text
    assert change.before == "12"


def _written_actions() -> tuple[set[str], set[str]]:
    """The action codes the app's own code writes: (every one, the staff sign-in events)."""
    written, sign_in = set(), set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name == "new_entry":
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        written.add(keyword.value.value)
            # accounts/events.record(username, action, ...): a staff sign-in event
            if name == "record" and "accounts" in path.parts and len(node.args) >= 2:
                if isinstance(node.args[1], ast.Constant):
                    sign_in.add(node.args[1].value)
    return written | sign_in, sign_in


def test_every_action_the_admin_writes_has_staff_words_and_sign_ins_are_marked():
    written, sign_in = _written_actions()
    assert {"approve", "rename", "reconcile", "sign_in", "backup_codes_replaced"} <= written
    assert written <= set(labels.ACTIONS)  # an unknown action filter is a 400: none may be left
    assert sign_in <= labels.SIGN_IN_EVENTS  # hidden from those who may not see them
    assert not labels.SIGN_IN_EVENTS & (written - sign_in)


def test_a_time_in_epoch_seconds_reads_as_a_utc_time_beside_the_number_stored():
    assert labels.shown_field("created_at", 1793969160) == "2026-11-06 12:46:00 UTC (1793969160)"
    assert labels.shown_field("submitted_at", 0) == "1970-01-01 00:00:00 UTC (0)"
    # Text, or a number no calendar has, as stored.
    assert labels.shown_field("created_at", "yesterday") == "yesterday"
    assert labels.shown_field("created_at", 10**20) == str(10**20)
    assert labels.shown_field("difficulty", 1793969160) == "1793969160"  # not a time field


def test_counts_set_say_both_figures_alike():
    from truthbyte_admin.data.audit import counts_set_text

    said = counts_set_text({"general": (2998, 2999), "science": (None, 1200), "odd": ("7", 8)})
    assert said == "general 2,998 → 2,999, odd 7 → 8, science none → 1,200"
