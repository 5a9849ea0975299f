"""Every moderation transaction path against DynamoDB Local: approve, reject, edit-then-approve,
condition failed, cancelled, throttled, and a real two-thread race.

Test data is written exactly as the game writes it (raw put_item of GAME.md's shapes) and
checked exactly as the game reads it (raw get_item, attribute types included).
"""

from __future__ import annotations

import threading
import time

import pytest

from tests.support.moderation import (
    AUTHOR,
    HOSTILE,
    category_count,
    game_submission,
    put_game_item,
    raw_item,
    seed_categories,
)
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import audit, categories, client, questions, submissions, tables
from truthbyte_admin.data.errors import OutcomeUnknown
from truthbyte_admin.data.serialization import to_item
from truthbyte_admin.moderation import reasons, services

# --- helpers (shared ones: tests/support/moderation.py) ------------------------------------


def counts(*slugs: str) -> tuple:
    return tuple(category_count(s) for s in slugs)


def index_entries_for(question_id: str) -> list:
    return [e for e in questions.scan_index() if e.question_id == question_id]


def all_questions() -> list:
    return list(questions.scan_all())


@pytest.fixture
def moderation_tables(game_tables):
    seed_categories("general", "geography", "science", "history")
    return game_tables


# --- approve -----------------------------------------------------------------------------------


def test_approve_turns_a_game_submission_into_a_question_exactly_as_the_game_reads_it(
    moderation_tables,
):
    put_game_item(tables.SUBMISSIONS, game_submission("q_1a2b3c4d"))
    before = int(time.time())

    result = services.approve_submission(
        submission_id="q_1a2b3c4d", reviewer="mona", notes="Checked against an atlas."
    )

    question_id = result.question.id
    assert question_id.startswith("q_")
    assert len(question_id) == 14
    assert question_id != "q_1a2b3c4d"
    stored = raw_item(tables.QUESTIONS, {"id": question_id})
    assert stored["answer"] == {"BOOL": True}
    assert stored["categories"] == {"L": [{"S": "geography"}, {"S": "science"}, {"S": "general"}]}
    assert stored["difficulty"] == {"N": "2"}
    assert stored["question"] == {"S": "Is the Pacific the largest ocean on Earth?"}
    assert stored["title"] == {"S": "Pacific Ocean"}
    assert "passage" in stored
    assert stored["source"] == {"S": "user_submission"}
    assert stored["original_author"] == {"S": AUTHOR}
    assert before <= int(stored["created_at"]["N"]) <= int(time.time())

    entries = {e.category: e for e in index_entries_for(question_id)}
    assert set(entries) == {"geography", "science", "general"}
    for category in entries:
        raw_entry = raw_item(
            tables.QUESTION_CATEGORIES, {"category": category, "question_id": question_id}
        )
        assert raw_entry["difficulty"] == {"N": "2"}
    assert category_count("geography") == 1
    assert category_count("science") == 1
    assert category_count("general") == 1
    assert category_count("history") == 0

    submission = raw_item(tables.SUBMISSIONS, {"id": "q_1a2b3c4d"})
    assert submission["status"] == {"S": "approved"}
    assert submission["accepted"] == {"BOOL": True}
    assert submission["reviewer_id"] == {"S": "mona"}
    assert submission["reviewer_notes"] == {"S": "Checked against an atlas."}
    assert submission["approved_question_id"] == {"S": question_id}
    assert before <= int(submission["reviewed_at"]["N"]) <= int(time.time())
    # The player's own text is kept on the submission.
    assert submission["question"] == {"S": "Is the Pacific the largest ocean on Earth?"}

    [entry] = audit.history("submission#q_1a2b3c4d")
    assert (entry.actor, entry.action) == ("mona", "approve")
    assert entry.note == "Checked against an atlas."
    assert entry.after["approved_question_id"] == question_id
    [created] = audit.history(f"question#{question_id}")
    assert created.action == "create"
    assert "q_1a2b3c4d" in created.note


def test_approve_of_a_documented_shape_submission_reads_its_fields(moderation_tables):
    put_game_item(
        tables.SUBMISSIONS,
        {
            "id": "q_d0c00001",
            "question": "Was the Eiffel Tower finished in 1889?",
            "title": "Eiffel Tower",
            "passage": "Completed in 1889 for the World's Fair.",
            "suggested_answer": True,
            "tags": ["history"],
            "difficulty": 3,
            "status": "pending",
            "created_at": 1_764_000_100,
            "submitter_id": "player-doc",
        },
    )
    result = services.approve_submission(submission_id="q_d0c00001", reviewer="mona")
    question = questions.get(result.question.id)
    assert question.answer is True
    assert question.categories == ["history", "general"]
    assert question.original_author == "player-doc"
    assert category_count("history") == 1


def test_edit_then_approve_uses_the_edited_values_and_keeps_the_index_exact(moderation_tables):
    put_game_item(tables.SUBMISSIONS, game_submission("q_ed170001"))
    edits = {
        "question": "Is the Pacific Ocean larger than the Atlantic Ocean?",
        "title": "Oceans",
        "passage": "The Pacific covers about 165 million km².\r\nThe Atlantic about 106 million.",
        "answer": "true",
        "categories": "geography, history",
        "difficulty": "4",
    }
    result = services.approve_submission(submission_id="q_ed170001", reviewer="mona", edits=edits)

    question = questions.get(result.question.id)
    assert question.question == edits["question"]
    assert question.passage == (
        "The Pacific covers about 165 million km².\nThe Atlantic about 106 million."
    )
    assert question.categories == ["geography", "history", "general"]
    assert question.difficulty == 4
    assert {(e.category, e.difficulty) for e in index_entries_for(question.id)} == {
        ("geography", 4),
        ("history", 4),
        ("general", 4),
    }
    assert counts("geography", "history", "science") == (1, 1, 0)
    # The submission still holds what the player wrote; the audit says what was edited.
    assert submissions.get("q_ed170001").question == "Is the Pacific the largest ocean on Earth?"
    [entry] = audit.history("submission#q_ed170001")
    assert set(entry.after["edited"]) >= {"question", "categories", "difficulty"}


def test_invalid_submission_or_edits_are_refused_with_the_editors_validation(moderation_tables):
    put_game_item(tables.SUBMISSIONS, game_submission("q_5h0r7001", question="Too short"))
    with pytest.raises(services.NeedsEditing) as caught:
        services.approve_submission(submission_id="q_5h0r7001", reviewer="mona")
    assert "question" in caught.value.form.errors
    with pytest.raises(services.NeedsEditing) as caught:
        services.approve_submission(
            submission_id="q_5h0r7001",
            reviewer="mona",
            edits={
                "question": "Is this long enough now?",
                "answer": "true",
                "categories": "brand_new",
                "difficulty": "3",
            },
        )
    assert "new_category_names" in caught.value.form.errors
    assert all_questions() == []
    assert submissions.get("q_5h0r7001").status == "pending"


# An approval's edits that put the question in a category nobody has created yet, named here.
OCEANS_EDIT = {
    "question": "Is the Pacific the largest ocean on Earth?",
    "answer": "true",
    "categories": "oceanography",
    "new_category_names": "oceanography: Oceans & Seas",
    "difficulty": "2",
}


def test_a_new_category_named_while_editing_gets_its_display_name(moderation_tables):
    put_game_item(tables.SUBMISSIONS, game_submission("q_newc0001"))
    services.approve_submission(
        submission_id="q_newc0001",
        reviewer="mona",
        edits=OCEANS_EDIT,
    )
    created = categories.get("oceanography")
    assert (created.display_name, created.count) == ("Oceans & Seas", 1)


def test_a_category_an_approval_just_created_is_known_to_the_next_one(moderation_tables):
    assert "oceanography" not in categories.known_names()  # the categories, read and cached
    put_game_item(tables.SUBMISSIONS, game_submission("q_newc0002"))
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(
            "q_newc0003",
            question="Is the Atlantic saltier than the Pacific?",
            categories=["oceanography"],
        ),
    )
    services.approve_submission(
        submission_id="q_newc0002",
        reviewer="mona",
        edits=OCEANS_EDIT,
    )
    # The second names no display name: the category exists now, so it needs none, and the
    # approval knows it without reading the categories again.
    with assert_dynamodb_requests() as stats:
        services.approve_submission(submission_id="q_newc0003", reviewer="mona")
    assert "scan" not in stats.operations
    assert category_count("oceanography") == 2
    # Its name was not in the change: the suggestions read it once, then from the cache.
    names = {c.slug: c.display_name for c in categories.category_names()}
    assert names["oceanography"] == "Oceans & Seas"
    with assert_dynamodb_requests(0):
        categories.category_names()


def test_a_category_another_worker_created_a_moment_ago_is_not_called_new(moderation_tables):
    assert "marine" not in categories.known_names()  # the categories, read and cached
    seed_categories("marine")  # not through this process: its cache can't know
    put_game_item(tables.SUBMISSIONS, game_submission("q_newc0004", categories=["marine"]))
    with assert_dynamodb_requests() as stats:  # (approve_anyway: no corpus to read)
        services.approve_submission(
            submission_id="q_newc0004", reviewer="mona", approve_anyway=True
        )
    assert stats.operations.count("scan") == 1  # the check read the table before refusing
    assert category_count("marine") == 1
    assert categories.get("marine").display_name == "Marine"  # the stored name, kept


def test_a_category_nobody_created_still_needs_a_display_name(moderation_tables):
    put_game_item(tables.SUBMISSIONS, game_submission("q_newc0005", categories=["brand_new"]))
    with pytest.raises(services.NeedsEditing) as caught:
        services.approve_submission(submission_id="q_newc0005", reviewer="mona")
    assert "new_category_names" in caught.value.form.errors
    assert submissions.get("q_newc0005").status == "pending"


def test_hostile_text_is_stored_verbatim(moderation_tables):
    put_game_item(
        tables.SUBMISSIONS, game_submission("q_h0571le1", question=HOSTILE, title="<b>bold</b>")
    )
    result = services.approve_submission(submission_id="q_h0571le1", reviewer="mona")
    stored = raw_item(tables.QUESTIONS, {"id": result.question.id})
    assert stored["question"] == {"S": HOSTILE}
    assert stored["title"] == {"S": "<b>bold</b>"}


# --- reject ------------------------------------------------------------------------------------


def test_reject_records_the_reason_and_creates_nothing(moderation_tables):
    put_game_item(tables.SUBMISSIONS, game_submission("q_4e1ec701"))
    services.reject_submission(
        submission_id="q_4e1ec701",
        reviewer="mona",
        reason="Duplicate of an existing question",
        notes="See q_abc.",
    )
    item = raw_item(tables.SUBMISSIONS, {"id": "q_4e1ec701"})
    assert item["status"] == {"S": "rejected"}
    assert item["accepted"] == {"BOOL": False}
    assert item["rejection_reason"] == {"S": "Duplicate of an existing question"}
    assert item["reviewer_notes"] == {"S": "Duplicate of an existing question — See q_abc."}
    assert item["reviewer_id"] == {"S": "mona"}
    assert "reviewed_at" in item
    assert "approved_question_id" not in item
    assert all_questions() == []
    assert list(questions.scan_index()) == []
    assert category_count("geography") == 0
    [entry] = audit.history("submission#q_4e1ec701")
    assert (entry.action, entry.actor) == ("reject", "mona")


def test_a_typed_reason_is_stored_as_typed(moderation_tables):
    put_game_item(tables.SUBMISSIONS, game_submission("q_7yped001"))
    reason = reasons.rejection_text("other", "  Mixes two questions in one  ")
    services.reject_submission(submission_id="q_7yped001", reviewer="mona", reason=reason)
    stored = submissions.get("q_7yped001")
    assert stored.rejection_reason == "Mixes two questions in one"
    assert stored.reviewer_notes == "Mixes two questions in one"


# --- condition failed, cancelled, throttled ------------------------------------------------------


def _game_approves(submission_id: str, reviewer: str = "game-admin", at: int = 1_764_100_000):
    """The game's own approve function, as GAME.md describes its writes."""
    client.call(
        "update_item",
        TableName=tables.name(tables.SUBMISSIONS),
        Key=to_item({"id": submission_id}),
        UpdateExpression="SET #s = :s, accepted = :a, reviewed_at = :t, reviewer_id = :r",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues=to_item({":s": "approved", ":a": True, ":t": at, ":r": reviewer}),
    )


def test_already_reviewed_before_loading_says_who_and_when(moderation_tables):
    put_game_item(tables.SUBMISSIONS, game_submission("q_a1ready1"))
    _game_approves("q_a1ready1")
    with pytest.raises(services.AlreadyReviewed) as caught:
        services.approve_submission(submission_id="q_a1ready1", reviewer="mona")
    assert str(caught.value) == (
        "Submission q_a1ready1 was already approved by game-admin at 2025-11-25 19:46 UTC."
    )
    assert all_questions() == []


def test_condition_failed_in_the_transaction_uses_the_returned_item(moderation_tables, monkeypatch):
    """The submission is pending when loaded, then the game approves it before our transaction
    lands (or the GSI lagged): the transaction's condition catches it, and the message comes
    from the item DynamoDB returned with the cancellation."""
    put_game_item(tables.SUBMISSIONS, game_submission("q_c0nd0001"))
    original_get = submissions.get

    def get_then_game_approves(submission_id, **kwargs):
        loaded = original_get(submission_id, **kwargs)
        _game_approves(submission_id, reviewer="other-mod", at=1_764_200_000)
        return loaded

    monkeypatch.setattr(submissions, "get", get_then_game_approves)
    with pytest.raises(services.AlreadyReviewed) as caught:
        services.approve_submission(submission_id="q_c0nd0001", reviewer="mona")
    assert "already approved by other-mod at 2025-11-26 23:33 UTC" in str(caught.value)
    monkeypatch.setattr(submissions, "get", original_get)

    assert all_questions() == []
    assert list(questions.scan_index()) == []
    assert (category_count("geography"), category_count("general")) == (0, 0)
    assert audit.history("submission#q_c0nd0001") == []
    stored = submissions.get("q_c0nd0001")
    assert (stored.reviewer_id, stored.approved_question_id) == ("other-mod", None)


def test_reject_of_a_submission_approved_meanwhile_is_refused(moderation_tables, monkeypatch):
    put_game_item(tables.SUBMISSIONS, game_submission("q_c0nd0002"))
    original_get = submissions.get

    def get_then_game_approves(submission_id, **kwargs):
        loaded = original_get(submission_id, **kwargs)
        _game_approves(submission_id, reviewer="other-mod")
        return loaded

    monkeypatch.setattr(submissions, "get", get_then_game_approves)
    with pytest.raises(services.AlreadyReviewed, match="already approved by other-mod"):
        services.reject_submission(submission_id="q_c0nd0002", reviewer="mona", reason="Spam")
    monkeypatch.setattr(submissions, "get", original_get)
    assert submissions.get("q_c0nd0002").status == "approved"
    assert audit.history("submission#q_c0nd0002") == []


def test_deleted_submission_is_reported_gone(moderation_tables):
    with pytest.raises(services.SubmissionGone):
        services.approve_submission(submission_id="q_n0nex157", reviewer="mona")


def _assert_nothing_written(submission_id: str) -> None:
    assert submissions.get(submission_id).status == "pending"
    assert all_questions() == []
    assert list(questions.scan_index()) == []
    assert counts("geography", "science", "general") == (0, 0, 0)
    assert audit.history(f"submission#{submission_id}") == []


def test_throttled_transaction_changes_nothing_and_a_retry_succeeds(moderation_tables, faults):
    put_game_item(tables.SUBMISSIONS, game_submission("q_7h40771e"))
    faults.fail_next("TransactWriteItems", times=5)  # more than our 3 attempts per call
    with pytest.raises(services.NotApplied, match="throttling.*nothing was changed"):
        services.approve_submission(submission_id="q_7h40771e", reviewer="mona")
    _assert_nothing_written("q_7h40771e")

    # The two faults left are retried away inside the next call.
    result = services.approve_submission(submission_id="q_7h40771e", reviewer="mona")
    assert [q.id for q in all_questions()] == [result.question.id]
    assert category_count("general") == 1


def test_throttled_reject_changes_nothing(moderation_tables, faults):
    put_game_item(tables.SUBMISSIONS, game_submission("q_7h40771f"))
    faults.fail_next("TransactWriteItems", times=3)
    with pytest.raises(services.NotApplied):
        services.reject_submission(submission_id="q_7h40771f", reviewer="mona", reason="Spam")
    _assert_nothing_written("q_7h40771f")


def test_cancelled_transaction_changes_nothing(moderation_tables, faults):
    put_game_item(tables.SUBMISSIONS, game_submission("q_cance11e"))
    faults.fail_next(
        "TransactWriteItems",
        error="TransactionCanceledException",
        message="Transaction cancelled, please refer cancellation reasons for specific reasons "
        "[None, TransactionConflict]",
    )
    with pytest.raises(services.NotApplied, match="nothing was changed"):
        services.approve_submission(submission_id="q_cance11e", reviewer="mona")
    _assert_nothing_written("q_cance11e")


def test_transaction_stays_within_the_action_limit(moderation_tables, monkeypatch):
    """Five categories (the most the editor allows): 1 + 1 + 5 index + 4 counts + 2 audit
    (`general`'s count is recounted after the commit, outside the transaction)."""
    put_game_item(
        tables.SUBMISSIONS,
        game_submission("q_f1ve0001", categories=["geography", "science", "history", "art"]),
    )
    seed_categories("art")
    from truthbyte_admin.data.transactions import Transaction

    sizes = []
    original = Transaction.execute

    def spy(self, **kwargs):
        sizes.append(len(self.actions))
        return original(self, **kwargs)

    monkeypatch.setattr(Transaction, "execute", spy)
    services.approve_submission(submission_id="q_f1ve0001", reviewer="mona")
    assert sizes == [13]


# --- the race ----------------------------------------------------------------------------------


def _race(actions: list) -> list:
    """Run each action in its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index, action):
        # Threads share the test's Django settings (DYNAMODB_ENDPOINT_URL, TRUTHBYTE_ENV):
        # pytest-django's `settings` fixture changes the one global settings object.
        barrier.wait()
        try:
            outcomes[index] = action()
        except services.ModerationError as exc:
            outcomes[index] = exc

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("attempt", range(5))
def test_two_moderators_approving_at_once_give_exactly_one_question(
    moderation_tables,
    attempt,
):
    put_game_item(tables.SUBMISSIONS, game_submission("q_4ace0001"))
    outcomes = _race(
        [
            lambda: services.approve_submission(submission_id="q_4ace0001", reviewer="mona"),
            lambda: services.approve_submission(submission_id="q_4ace0001", reviewer="max"),
        ]
    )
    winners = [o for o in outcomes if isinstance(o, services.ApprovalResult)]
    losers = [o for o in outcomes if isinstance(o, services.AlreadyReviewed)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1, outcomes
    winner = "mona" if outcomes[0] is winners[0] else "max"
    assert f"already approved by {winner} at " in str(losers[0])

    assert [q.id for q in all_questions()] == [winners[0].question.id]
    entries = list(questions.scan_index())
    assert sorted(e.category for e in entries) == ["general", "geography", "science"]
    assert all(e.question_id == winners[0].question.id for e in entries)
    assert counts("geography", "science", "general") == (1, 1, 1)
    stored = submissions.get("q_4ace0001")
    assert (stored.reviewer_id, stored.approved_question_id) == (winner, winners[0].question.id)
    assert [e.action for e in audit.history("submission#q_4ace0001")] == ["approve"]


def test_approve_racing_reject_gives_exactly_one_outcome(moderation_tables):
    put_game_item(tables.SUBMISSIONS, game_submission("q_4ace0002"))
    outcomes = _race(
        [
            lambda: services.approve_submission(submission_id="q_4ace0002", reviewer="mona"),
            lambda: services.reject_submission(
                submission_id="q_4ace0002", reviewer="max", reason="Spam or nonsense"
            ),
        ]
    )
    errors = [o for o in outcomes if isinstance(o, services.AlreadyReviewed)]
    assert len(errors) == 1, outcomes
    stored = submissions.get("q_4ace0002")
    if isinstance(outcomes[0], services.ApprovalResult):
        assert stored.status == "approved"
        assert len(all_questions()) == 1
        assert category_count("general") == 1
    else:
        assert stored.status == "rejected"
        assert all_questions() == []
        assert category_count("general") == 0
    assert len(audit.history("submission#q_4ace0002")) == 1


# --- queue reads -------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_a_lost_confirmation_takes_the_review_time_stored(moderation_tables, monkeypatch, action):
    """The review went through but its answer was lost, and what is stored was written by an
    earlier send of the same form two minutes before: the result (and so its Undo deadline)
    carries the stored time, not this request's (diff review: the old code passed the test
    above it too)."""
    put_game_item(tables.SUBMISSIONS, game_submission("q_1057a000"))
    commit, now = services.reviews.commit, 1_800_000_000

    def applied_by_an_earlier_send(tx, *, token):
        commit(tx, token=token)
        item = raw_item(tables.SUBMISSIONS, {"id": "q_1057a000"})
        item["reviewed_at"] = {"N": str(now - 120)}
        client.call("put_item", TableName=tables.name(tables.SUBMISSIONS), Item=item)
        raise OutcomeUnknown("the answer was lost")

    monkeypatch.setattr(services.reviews, "commit", applied_by_an_earlier_send)
    review = services.approve_submission if action == "approve" else services.reject_submission
    extra = {} if action == "approve" else {"reason": "spam"}
    result = review(
        submission_id="q_1057a000", reviewer="mona", now=now, form_nonce="lost-" + action, **extra
    )
    assert result.confirmation_lost
    assert result.reviewed_at == now - 120
