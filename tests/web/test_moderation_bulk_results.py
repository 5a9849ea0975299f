"""A bulk review's results page through Django's test client: its summary agrees with its rows,
and it is a page of its own (reloading or going back to it sends nothing)."""

from __future__ import annotations

import re

import pytest

from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item, seed_categories
from truthbyte_admin.data import audit, submissions, tables

IDS = ["q_b01c0001", "q_b01c0002"]
QUESTIONS = ["Is Canberra the capital of Australia?", "Does a spider have eight legs?"]


@pytest.fixture
def two_pending(game_tables):
    seed_categories("general", "geography", "science")
    for n, (submission_id, question) in enumerate(zip(IDS, QUESTIONS, strict=True)):
        put_game_item(
            tables.SUBMISSIONS,
            game_submission(submission_id, submitted_at=1_764_000_000 + n, question=question),
        )
    synced()


def _confirmed(**extra) -> dict:
    return {"action": "approve", "ids": IDS, "confirmed": "1", "next": "/queue/", **extra}


def _summary(html: str) -> str:
    return re.search(r'data-testid="bulk-summary">([^<]*)<', html).group(1)


def _badges(html: str) -> list[str]:
    rows = re.search(r'data-testid="bulk-results">(.*?)</table>', html, re.S).group(1)
    return re.findall(r'<span class="badge[^"]*">([^<]+)</span>', rows)


def test_the_same_confirmation_sent_twice_says_nothing_more_was_done(moderator_client, two_pending):
    first = moderator_client.post("/queue/bulk/", _confirmed(form_nonce="n1"), follow=True)
    html = first.content.decode()
    assert _summary(html).startswith("2 of 2 approved; 0 not changed.")
    assert _badges(html) == ["done", "done"]

    # The very same form again (a double click, a resubmission): each row says it was already
    # done by this request, and so does the summary above them.
    again = moderator_client.post("/queue/bulk/", _confirmed(form_nonce="n1"), follow=True)
    html = again.content.decode()
    assert _summary(html) == (
        "0 of 2 approved now; 2 had already been approved by this same request (the form was "
        "sent twice), so nothing more was changed for them; 0 not changed. Each submission was "
        "its own transaction."
    )
    assert _badges(html) == ["already done", "already done"]
    assert html.count("already approved by this same request") == 2
    assert "2 of 2 approved" not in html
    # The message region says the same as the summary.
    messages = html.split('id="messages"')[1].split("</div>")[0]
    assert "0 of 2 approved now; 2 had already been approved by this same request" in messages
    for submission_id in IDS:
        assert submissions.get(submission_id).status == "approved"
        assert [e.action for e in audit.history(f"submission#{submission_id}")] == ["approve"]
