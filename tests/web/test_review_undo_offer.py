"""The review page offers an undo only when one would be taken: an approval whose question an
editor changed or retired since says why not, where it had said "You can still undo this review"
above the refusal of that very undo (concurrency probe)."""

from __future__ import annotations

import html
from dataclasses import replace

import pytest

from tests.support.moderation import game_submission, put_game_item, seed_categories
from tests.support.questions import form_data
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.data import questions, submissions, tables
from truthbyte_admin.data.transactions import Transaction
from truthbyte_admin.moderation import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(game_tables):
    seed_categories("general", "geography", "science")
    put_game_item(tables.SUBMISSIONS, game_submission("q_offer001"))
    return services.approve_submission(submission_id="q_offer001", reviewer="mona").question


def _change(question, after) -> None:
    tx = Transaction()
    questions.add_question_change(tx, before=question, after=after)
    tx.execute()


def _review(client) -> str:
    return html.unescape(client.get("/queue/q_offer001/").content.decode())


def test_an_untouched_approval_offers_its_undo(approved, moderator_client):
    page = _review(moderator_client)
    assert "You can still undo this review" in page
    assert 'data-testid="review-undo-form"' in page


def test_an_approval_whose_question_was_edited_says_why_it_cant_be_undone(
    approved, moderator_client
):
    _change(approved, replace(approved, question="Edited by an editor?"))
    page = _review(moderator_client)
    assert "You can still undo" not in page
    assert 'data-testid="review-undo-form"' not in page
    assert 'data-testid="history-undo"' not in page
    assert (
        f"It can't be undone: question {approved.id} was edited since, and undoing would lose "
        "that edit. Retire it from the editor if it must go."
    ) in page


def test_an_approval_whose_question_is_gone_says_so(approved, moderator_client):
    _change(approved, None)
    page = _review(moderator_client)
    assert "You can still undo" not in page
    assert f"It can't be undone: question {approved.id} was retired since." in page


def test_an_edit_sent_after_the_approval_was_undone_keeps_what_was_typed(approved, editor_client):
    """The editor's typing is shown, marked not saved, where the 404 had dropped it
    (concurrency probe; the retired question's page already showed it)."""
    form = form_data(questions.get(approved.id), question="Is the Pacific the deepest ocean?")
    services.undo_review(submission_id="q_offer001", actor="mona")  # the moderator, meanwhile

    response = editor_client.post(f"/questions/{approved.id}/", form)

    page = html.unescape(response.content.decode())
    assert response.status_code == 404
    assert "It was removed while you were editing it." in page
    assert 'data-testid="unsaved-edit"' in page
    assert "Is the Pacific the deepest ocean?" in page


def test_the_question_check_is_one_read(approved):
    submission = submissions.get("q_offer001")
    _change(approved, replace(approved, question="Edited by an editor?"))
    with assert_dynamodb_requests(1):
        assert "was edited since" in services.question_blocks_undo(submission)
