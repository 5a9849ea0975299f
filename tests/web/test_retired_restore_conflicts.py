"""Restoring a copy a colleague already restored says what is stored — who restored it and
when, with the way to the live question — and the retired list's Restore dialog gets the same
daily-set lines as the question page's, from the confirmation page's own fragment."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from tests.support.questions import make_question, retire, seed
from tests.support.requests import assert_dynamodb_requests
from tests.support.snapshots import game_question_tables
from truthbyte_admin.core.errors import YOU_EARLIER
from truthbyte_admin.data import audit
from truthbyte_admin.data import retired as retired_repo
from truthbyte_admin.retired import services as retired_services


@pytest.fixture
def pool(game_tables):
    seed(*[make_question(f"q{n:02d}", ["science"], 1 + n % 4) for n in range(1, 21)])
    return game_tables


def _messages(response) -> str:
    found = re.findall(r'<p class="message[^"]*"[^>]*>(.*?)</p>', response.content.decode(), re.S)
    return html_lib.unescape(" ".join(found))


def test_restoring_what_a_colleague_already_restored_names_them_and_links_the_question(
    pool, editor_client
):
    copy = retire("q04")
    listing = editor_client.get("/questions/retired/").content.decode()  # Eddie's page loads
    assert 'data-question-id="q04"' in listing
    retired_services.restore_question(question_id="q04", retired_key=copy.retired_key, actor="ana")
    restored = retired_repo.get("q04", copy.retired_key)
    before = game_question_tables()

    response = editor_client.post(
        "/questions/retired/q04/restore/",
        {"retired_key": copy.retired_key, "confirmed": "yes"},
        follow=True,
    )
    shown = _messages(response)
    when = f"{restored.restored_at:%Y-%m-%d %H:%M} UTC"
    said = f"Question q04 was already restored by ana at {when}; nothing more was changed."
    assert said in shown
    assert "no retired copy" not in shown
    assert re.search(r'<a href="/questions/q04/">Open question q04</a>', response.content.decode())
    assert game_question_tables() == before
    restores = [e for e in audit.history("question#q04") if e.action == "restore"]
    assert [e.actor for e in restores] == ["ana"]


def test_a_copy_restored_then_retired_again_says_so(pool, editor_client):
    first = retire("q05")
    retired_services.restore_question(question_id="q05", retired_key=first.retired_key, actor="ana")
    again = retire("q05", actor="bo")
    response = editor_client.post(
        "/questions/retired/q05/restore/",
        {"retired_key": first.retired_key, "confirmed": "yes"},
        follow=True,
    )
    shown = _messages(response)
    assert "was already restored by ana" in shown
    assert f"retired again since, by bo at {again.retired_at:%Y-%m-%d %H:%M} UTC" in shown
    assert retired_repo.stored_question_wire("q05") is None


def test_the_list_dialog_asks_like_the_question_page_and_fetches_the_same_lines(
    pool, editor_client
):
    copy = retire("q06")
    page = editor_client.get("/questions/q06/").content.decode()
    listing = editor_client.get("/questions/retired/").content.decode()
    question_text = (
        'data-confirm="Restore question q06 exactly as it was stored? Players can get it again."'
    )
    assert question_text in page
    assert question_text in listing
    url = re.search(r'data-confirm-details-url="([^"]+)"', listing).group(1)
    assert url.startswith("/questions/retired/q06/restore/?retired_key=")
    holder = re.search(r'data-confirm-details="([^"]+)"', listing).group(1)
    assert f'<template id="{holder}"></template>' in listing

    fragment = editor_client.get(html_lib.unescape(url), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert "<html" not in text
    assert 'data-testid="daily-impact"' in text
    assert 'data-impact-kind="joins"' in text  # difficulty 3: it rejoins the pool
    # The question page's dialog holds the same lines (same partial, same computation).
    inline = page.split('<template id="restore-impact">', 1)[1].split("</template>", 1)[0]
    summary = re.compile(r'<p data-testid="impact-summary">.*?</p>', re.S)
    assert summary.search(inline).group(0) == summary.search(text).group(0)
    assert retired_repo.latest_unrestored("q06") == copy  # asking restores nothing


def test_the_list_stays_one_request_a_page(pool, editor_client):
    retire("q07")
    with assert_dynamodb_requests(1):
        editor_client.get("/questions/retired/")


def test_the_dialogs_fetch_of_a_copy_restored_meanwhile_goes_to_the_list_message(
    pool, editor_client
):
    copy = retire("q08")
    retired_services.restore_question(question_id="q08", retired_key=copy.retired_key, actor="ana")
    response = editor_client.get(
        "/questions/retired/q08/restore/",
        {"retired_key": copy.retired_key},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"] == "/questions/retired/"
    listing = editor_client.get("/questions/retired/")
    assert "was already restored by ana" in _messages(listing)


def test_restoring_again_from_another_tab_says_you_restored_it(pool, editor_client):
    # The same editor's second tab (or this form sent again): "you (…)", as retire says it, not
    # their own username (diff review).
    copy = retire("q03")
    sent = {"retired_key": copy.retired_key, "confirmed": "yes"}
    editor_client.post("/questions/retired/q03/restore/", {**sent, "form_nonce": "tab-one"})
    again = editor_client.post(
        "/questions/retired/q03/restore/", {**sent, "form_nonce": "tab-two"}, follow=True
    )
    assert f"was already restored by {YOU_EARLIER} at " in _messages(again)
