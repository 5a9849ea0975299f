"""Moderation addresses opened directly: the duplicate-warnings fragment is no blank page, and
a submission id with no submission says so, with the way back and the audit log's record."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from tests.support.index import synced
from tests.support.moderation import game_submission, put_game_item, seed_categories
from truthbyte_admin.core.links import audit_log_url
from truthbyte_admin.data import tables

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def one_pending(game_tables):
    seed_categories("general", "geography", "science")
    put_game_item(tables.SUBMISSIONS, game_submission("q_ad000001"))
    synced()


def test_the_duplicates_fragment_opened_as_a_page_goes_to_the_queue(moderator_client, one_pending):
    response = moderator_client.get(
        "/queue/duplicates/?ids=q_ad000001&next=/queue/%3Forder%3Dnewest"
    )
    assert response.status_code == 302
    assert response["Location"] == "/queue/?order=newest"
    queue = moderator_client.get(response["Location"]).content.decode()
    assert "Likely-duplicate warnings show in the queue&#x27;s rows" in queue
    assert 'data-submission-id="q_ad000001"' in queue
    # Without a "next" of ours: the queue itself.
    for address in ("/queue/duplicates/", "/queue/duplicates/?next=https://example.com/"):
        assert moderator_client.get(address)["Location"] == "/queue/"
    # As the queue loads it (htmx), it is still the fragment.
    fragment = moderator_client.get("/queue/duplicates/?ids=q_ad000001", **HTMX)
    assert fragment.status_code == 200


def test_an_id_with_no_submission_says_so_with_the_queue_and_the_audit_log(
    moderator_client, one_pending
):
    response = moderator_client.get("/queue/nonexist/?next=/queue/%3Forder%3Dnewest")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no submission with id “<bdi>nonexist</bdi>”." in html
    back = '<a href="/queue/?order=newest" data-testid="back-link">Back to the moderation queue'
    assert back in html
    history = escape(audit_log_url("submission#nonexist"))  # /audit/?item=Submission+nonexist
    assert f'<a href="{history}" data-testid="history-link">' in html
    plain = moderator_client.get("/queue/nonexist/").content.decode()
    assert '<a href="/queue/" data-testid="back-link">' in plain


@pytest.mark.parametrize("address", ["/queue/%FF%FE/", "/queue/q1%ED%A0%80/"])
def test_an_address_with_bytes_that_are_no_text_quotes_them_as_typed(
    moderator_client, one_pending, address
):
    # Not as the replacement characters a lenient decoding makes of them ("��").
    response = moderator_client.get(address)
    assert response.status_code in (400, 404)
    html = response.content.decode()
    assert "\ufffd" not in html
    typed = address.removeprefix("/queue/").removesuffix("/")
    assert typed in html
