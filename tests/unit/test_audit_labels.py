"""Staff words for the audit table's codes (pure, no I/O)."""

from __future__ import annotations

from truthbyte_admin.auditlog import labels


def _labels(before, after) -> list[str]:
    return [change.label for change in labels.changed_fields(before, after)]


def test_known_actions_and_kinds_read_as_staff_words():
    assert labels.action_label("approve") == "Approved"
    assert labels.action_label("undo-reject") == "Undid a rejection"
    assert labels.action_label("store_streaks") == "Stored streaks"
    assert labels.item_kind_label("user") == "Player"
    assert labels.item_kind_label("staff") == "Staff member"


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
        labels.FieldChange("answer", "yes", "no"),
        labels.FieldChange("categories", "a, b", "a"),
    ]


def test_an_approvals_edited_fields_are_listed_without_values():
    submission = {"question": "Is it so?", "status": "pending"}
    approval = {"status": "approved", "edited": ["question"], "question": {"id": "q_new"}}

    assert labels.changed_fields(submission, approval) == [
        labels.FieldChange("status", "pending", "approved"),
        labels.FieldChange("question text", None, None),
    ]
