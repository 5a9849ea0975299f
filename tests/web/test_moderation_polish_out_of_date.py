"""An approval with edits refused because the page is out of date (another change to the same
items at that moment, or a form sent again after what it did was undone): the review page
answers 409, as the editor does, with the moderator's edits kept; not 503 ("unavailable")."""

from __future__ import annotations

import pytest

from tests.support.moderation import game_submission, put_game_item, seed_categories
from truthbyte_admin.data import questions, submissions, tables

EDITS = {
    "with_edits": "True",
    "question": "Is this my carefully edited question?",
    "answer": "false",
    "categories": "geography",
    "difficulty": "3",
}


@pytest.fixture
def pending(game_tables):
    seed_categories("general", "geography", "science")
    put_game_item(tables.SUBMISSIONS, game_submission("q_ood00001"))
    return "q_ood00001"


def _assert_out_of_date_with_edits_kept(response, submission_id: str) -> str:
    assert response.status_code == 409
    html = response.content.decode()
    assert "Is this my carefully edited question?</textarea>" in html
    assert submissions.get(submission_id).status == "pending"
    assert list(questions.scan_all()) == []
    return html


def test_a_transaction_conflict_is_out_of_date_with_the_edits_kept(
    moderator_client, pending, faults
):
    faults.fail_next(
        "TransactWriteItems",
        error="TransactionCanceledException",
        message="Transaction cancelled, please refer cancellation reasons for specific reasons",
        reasons=[{"Code": "None"}, {"Code": "TransactionConflict"}],
    )
    response = moderator_client.post(f"/queue/{pending}/approve/", EDITS)
    html = _assert_out_of_date_with_edits_kept(response, pending)
    assert "another change to the same submission or question was being saved" in html
    assert "nothing was changed" in html


def test_a_form_sent_again_after_its_review_was_undone_is_out_of_date(
    moderator_client, pending, faults
):
    # DynamoDB's answer to the same request token with other contents: this form was sent
    # before, and the submission is still pending (what it did was undone since).
    faults.fail_next(
        "TransactWriteItems",
        error="IdempotentParameterMismatchException",
        message="The request uses the same client token as a previous, but non-identical call",
    )
    response = moderator_client.post(f"/queue/{pending}/approve/", EDITS)
    html = _assert_out_of_date_with_edits_kept(response, pending)
    assert "This form was already sent once" in html
