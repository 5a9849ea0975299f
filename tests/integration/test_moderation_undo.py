"""Undo and the duplicate guard, against the local DynamoDB: one transaction each, exact state.

"Exact" is checked the way the game reads the tables: raw items, the category index and the
stored counts (tests.support.invariants).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.support.invariants import assert_index_and_counts_exact
from tests.support.moderation import (
    category_count,
    game_submission,
    put_game_item,
    raw_item,
    seed_categories,
)
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import audit, questions, submissions, tables
from truthbyte_admin.moderation import services


@pytest.fixture
def moderation_tables(game_tables):
    cache.clear()  # the similarity corpus and the pending count are cached per process
    seed_categories("general", "geography", "science", "history")
    return game_tables


def snapshot() -> dict:
    return {
        "questions": sorted(q.id for q in questions.scan_all()),
        "index": sorted((e.category, e.question_id) for e in questions.scan_index()),
        "counts": {s: category_count(s) for s in ("general", "geography", "science")},
    }


def test_undo_of_an_approval_restores_exactly_the_prior_state(moderation_tables):
    put_game_item(tables.SUBMISSIONS, game_submission("q_und00001"))
    before_item = raw_item(tables.SUBMISSIONS, {"id": "q_und00001"})
    before = snapshot()
    approved = services.approve_submission(submission_id="q_und00001", reviewer="mona")
    assert snapshot() != before

    with assert_dynamodb_requests() as stats:
        result = services.undo_review(submission_id="q_und00001", actor="mona")
    # GetItem (submission), GetItem (question), BatchGetItem (its index items), ONE transaction;
    # then the `general` count, kept out of content transactions, is recounted after the commit.
    assert stats.operations[:4] == [
        "get_item",
        "get_item",
        "batch_get_item",
        "transact_write_items",
    ]
    assert stats.operations.count("transact_write_items") == 1
    assert "transact_write_items" not in stats.operations[4:]
    assert result.undone == "approve"
    assert result.question_id == approved.question.id
    assert snapshot() == before
    assert raw_item(tables.SUBMISSIONS, {"id": "q_und00001"}) == before_item  # as the game wrote it
    assert_index_and_counts_exact()
    actions = [e.action for e in audit.history("submission#q_und00001")]
    assert actions == ["undo-approve", "approve"]
    assert [e.action for e in audit.history(f"question#{approved.question.id}")] == [
        "undo-create",
        "create",
    ]
    # Pending again: it can be reviewed again.
    services.reject_submission(submission_id="q_und00001", reviewer="mona", reason="Spam")


def test_undo_is_refused_once_the_new_question_was_edited(moderation_tables):
    put_game_item(tables.SUBMISSIONS, game_submission("q_und00002"))
    approved = services.approve_submission(submission_id="q_und00002", reviewer="mona")
    question = questions.get(approved.question.id)
    from truthbyte_admin.data.transactions import Transaction

    edited = questions.Question(**{**question.__dict__, "question": "Edited by an editor?"})
    tx = Transaction()
    questions.add_question_change(tx, before=question, after=edited)
    tx.execute()
    state = snapshot()
    with pytest.raises(services.UndoRefused, match="was edited after the approval"):
        services.undo_review(submission_id="q_und00002", actor="mona")
    assert snapshot() == state
    assert submissions.get("q_und00002").status == "approved"


def test_an_edit_landing_between_read_and_commit_cancels_the_undo(moderation_tables, monkeypatch):
    put_game_item(tables.SUBMISSIONS, game_submission("q_und00003"))
    approved = services.approve_submission(submission_id="q_und00003", reviewer="mona")
    real_get = questions.get

    def get_then_edited_elsewhere(question_id, **kwargs):
        loaded = real_get(question_id, **kwargs)
        put_game_item(tables.QUESTIONS, {**loaded.to_item(), "version": 2, "question": "Edited?"})
        return loaded

    monkeypatch.setattr(questions, "get", get_then_edited_elsewhere)
    with pytest.raises(services.UndoRefused, match="edited or removed a moment ago"):
        services.undo_review(submission_id="q_und00003", actor="mona")
    monkeypatch.undo()
    assert questions.get(approved.question.id).question == "Edited?"
    assert submissions.get("q_und00003").status == "approved"


def test_undo_of_a_rejection_goes_back_to_pending(moderation_tables):
    put_game_item(tables.SUBMISSIONS, game_submission("q_und00004"))
    before_item = raw_item(tables.SUBMISSIONS, {"id": "q_und00004"})
    services.reject_submission(submission_id="q_und00004", reviewer="mona", reason="Spam")
    result = services.undo_review(submission_id="q_und00004", actor="mona")
    assert result.undone == "reject"
    assert raw_item(tables.SUBMISSIONS, {"id": "q_und00004"}) == before_item
    # The audit note reads as a sentence ("Rejected by mona undone" had not).
    assert audit.history("submission#q_und00004")[0].note == "Undone: rejected by mona"
    # A second undo has nothing to undo; nothing double-applies.
    with pytest.raises(services.UndoRefused, match="is pending"):
        services.undo_review(submission_id="q_und00004", actor="mona")


def test_undo_only_by_the_reviewer_or_an_admin_and_only_within_the_window(
    moderation_tables,
    settings,
):
    settings.MODERATION_UNDO_MINUTES = 5
    put_game_item(tables.SUBMISSIONS, game_submission("q_und00005"))
    services.reject_submission(
        submission_id="q_und00005", reviewer="mona", reason="Spam", now=1_800_000_000
    )
    with pytest.raises(services.UndoRefused, match=r"who reviewed it \(mona\)"):
        services.undo_review(submission_id="q_und00005", actor="max", now=1_800_000_060)
    with pytest.raises(services.UndoRefused, match="undone for 5 minutes"):
        services.undo_review(submission_id="q_und00005", actor="mona", now=1_800_000_000 + 301)
    services.undo_review(
        submission_id="q_und00005", actor="root", may_undo_others=True, now=1_800_000_120
    )
    assert submissions.get("q_und00005").status == "pending"


def test_a_near_duplicate_needs_approve_anyway(moderation_tables):
    put_game_item(
        tables.QUESTIONS,
        {
            "id": "dq00179",
            "question": "Is B the chemical symbol for boron?",
            "answer": True,
            "categories": ["science", "general"],
            "difficulty": 2,
        },
    )
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_dup00001", question="Is B the chemical symbol for boron ?"),
    )
    with pytest.raises(services.LikelyDuplicate) as refused:
        services.approve_submission(submission_id="q_dup00001", reviewer="mona")
    assert refused.value.existing.id == "dq00179"
    assert refused.value.existing.percent >= 90
    assert "dq00179" in str(refused.value)
    assert submissions.get("q_dup00001").status == "pending"
    services.approve_submission(submission_id="q_dup00001", reviewer="mona", approve_anyway=True)
    assert submissions.get("q_dup00001").status == "approved"


def test_reject_as_duplicate_stores_the_existing_questions_id(moderation_tables):
    put_game_item(
        tables.QUESTIONS,
        {
            "id": "dq00179",
            "question": "Is B the chemical symbol for boron?",
            "answer": True,
            "categories": ["general"],
            "difficulty": 2,
        },
    )
    put_game_item(tables.SUBMISSIONS, game_submission("q_dup00002"))
    services.reject_as_duplicate(
        submission_id="q_dup00002", reviewer="mona", duplicate_of="dq00179"
    )
    stored = raw_item(tables.SUBMISSIONS, {"id": "q_dup00002"})
    assert stored["reviewer_notes"] == {"S": "Duplicate of existing question dq00179"}
    assert stored["status"] == {"S": "rejected"}
    with pytest.raises(services.ModerationError, match="no question nope"):
        services.reject_as_duplicate(
            submission_id="q_dup00002", reviewer="mona", duplicate_of="nope"
        )


def test_bulk_approve_holds_back_likely_duplicates(moderation_tables):
    put_game_item(
        tables.QUESTIONS,
        {
            "id": "dq00179",
            "question": "Is B the chemical symbol for boron?",
            "answer": True,
            "categories": ["general"],
            "difficulty": 2,
        },
    )
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_dup00003", question="Is B the chemical symbol for boron?"),
    )
    put_game_item(tables.SUBMISSIONS, game_submission("q_dup00004"))
    result = services.bulk_review(
        submission_ids=["q_dup00003", "q_dup00004"], action="approve", reviewer="mona"
    )
    assert [i.ok for i in result.items] == [False, True]
    assert "duplicate of question dq00179" in result.items[0].message
    assert submissions.get("q_dup00003").status == "pending"


def test_a_second_approval_that_finds_the_first_ones_question_says_already_approved(
    moderation_tables,
    monkeypatch,
):
    """Two moderators approve one submission: the later one's duplicate check meets the
    question the first just created; it must say "already approved", not "duplicate"."""
    put_game_item(tables.SUBMISSIONS, game_submission("q_race0001"))
    stale = submissions.get("q_race0001")
    services.approve_submission(submission_id="q_race0001", reviewer="max")
    real_get = submissions.get
    calls = []

    def first_read_is_stale(submission_id, **kwargs):
        calls.append(submission_id)
        return stale if len(calls) == 1 else real_get(submission_id, **kwargs)

    monkeypatch.setattr(submissions, "get", first_read_is_stale)
    with pytest.raises(services.AlreadyReviewed, match="already approved by max"):
        services.approve_submission(submission_id="q_race0001", reviewer="mona")
    assert len(list(questions.scan_all())) == 1


def test_a_late_undo_does_not_undo_a_new_review_made_in_the_same_second(
    moderation_tables, monkeypatch
):
    # An admin's undo of mona's rejection reads it; meanwhile mona undoes it herself and rita
    # rejects it again, all within the same second (reviewed_at is whole seconds).
    put_game_item(tables.SUBMISSIONS, game_submission("q_und00009"))
    monkeypatch.setattr(services.time, "time", lambda: 1_800_000_000)
    services.reject_submission(submission_id="q_und00009", reviewer="mona", reason="Spam")
    read = submissions.get
    raced = []

    def read_then_be_overtaken(submission_id, **kwargs):
        seen = read(submission_id, **kwargs)
        if not raced:
            raced.append(True)
            services.undo_review(submission_id=submission_id, actor="mona")
            services.reject_submission(submission_id=submission_id, reviewer="rita", reason="Spam")
        return seen

    monkeypatch.setattr(submissions, "get", read_then_be_overtaken)
    with pytest.raises(services.UndoRefused):
        services.undo_review(submission_id="q_und00009", actor="admin", may_undo_others=True)
    monkeypatch.setattr(submissions, "get", read)
    stored = submissions.get("q_und00009")
    assert (stored.status, stored.reviewer_id) == ("rejected", "rita")
