"""After an approval, the message names the new question by its id, a link to its page (in the
queue row's toast, the message region, and the banner after approving from the review page);
the bulk confirmation page links a likely duplicate's existing question as the queue does."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from tests.support.index import synced
from tests.support.moderation import (
    BORON,
    BORON_QUESTION_ID,
    game_submission,
    put_boron_question,
    put_game_item,
    seed_categories,
)
from truthbyte_admin.data import questions, submissions, tables
from truthbyte_admin.moderation.feedback import question_link

HTMX = {"HTTP_HX_REQUEST": "true"}
SUBMISSION = "q_l1nk0001"
NEW_QUESTION = re.compile(
    r'it is now question <a href="/questions/([^"/]+)/" data-testid="new-question-link">'
    r"([^<]+)</a>\."
)


@pytest.fixture
def pending(game_tables):
    cache.clear()
    seed_categories("general", "geography", "science")
    put_game_item(tables.SUBMISSIONS, game_submission(SUBMISSION))
    synced()
    return SUBMISSION


def _new_question_id() -> str:
    [question] = list(questions.scan_all())
    assert submissions.get(SUBMISSION).approved_question_id == question.id
    return question.id


def test_the_row_toast_and_the_message_region_link_the_new_question(moderator_client, pending):
    html = moderator_client.post(
        f"/queue/{SUBMISSION}/approve/", {"next": "/queue/"}, **HTMX
    ).content.decode()
    question_id = _new_question_id()
    toast = html[html.index('data-testid="toast"') : html.index('id="messages"')]
    region = html[html.index('id="messages"') :]
    for part in (toast, region):
        assert NEW_QUESTION.findall(part) == [(question_id, question_id)]


def test_the_banner_after_approving_from_the_review_page_links_the_new_question(
    moderator_client, pending
):
    form = {
        "with_edits": "True",
        "question": "Is the Pacific the largest ocean on Earth, by area?",
        "answer": "true",
        "categories": "geography",
        "difficulty": "2",
        "next": f"/queue/{SUBMISSION}/",
    }
    response = moderator_client.post(f"/queue/{SUBMISSION}/approve/", form, follow=True)
    question_id = _new_question_id()
    assert NEW_QUESTION.findall(response.content.decode()) == [(question_id, question_id)]
    assert moderator_client.get(f"/questions/{question_id}/").status_code == 200


def test_the_link_escapes_the_id_as_text_and_in_its_address():
    link = question_link('q_<b>&"x')
    assert link == (
        '<a href="/questions/q_%3Cb%3E%26%22x/" data-testid="new-question-link">'
        "q_&lt;b&gt;&amp;&quot;x</a>"
    )


def test_the_bulk_confirmation_links_a_duplicates_existing_question(moderator_client, game_tables):
    cache.clear()
    seed_categories("general", "geography", "science")
    put_boron_question()
    put_game_item(tables.SUBMISSIONS, game_submission("q_b0r0b001", question=BORON))
    synced()
    response = moderator_client.post(
        "/queue/bulk/", {"action": "approve", "ids": ["q_b0r0b001"], "next": "/queue/"}, follow=True
    )
    html = response.content.decode()
    warning = re.search(r'data-testid="duplicate-warning".*?</p>', html, re.S).group(0)
    link = f'<a href="/questions/{BORON_QUESTION_ID}/"><code>{BORON_QUESTION_ID}</code></a>'
    assert f"of question {link}:" in warning
