"""A retired copy whose id another question has now (re-imported, say): restoring it would be
refused, so its confirmation says so and why, offers no restore button and no daily-set lines,
and the retired list's row marks it without reading DynamoDB once per row."""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qs

import pytest

from tests.support.questions import make_question, put_game_question, retire, seed
from tests.support.requests import assert_dynamodb_requests
from tests.support.snapshots import game_question_tables
from truthbyte_admin.questions import services as question_services
from truthbyte_admin.staffindex.build import rebuild


@pytest.fixture
def pool(game_tables):
    seed(*[make_question(f"q{n:02d}", ["science"], 1 + n % 4) for n in range(1, 21)])
    return game_tables


def _retired_then_reused(qid: str):
    copy = retire(qid)
    put_game_question({"id": qid, "question": "A new question on an old id?"})
    rebuild()  # the staff index learns of it, as its sync would
    return copy


def _row(listing: str, qid: str) -> str:
    return re.search(
        rf'<tr data-testid="retired-row" data-question-id="{qid}">.*?</tr>', listing, re.S
    ).group(0)


def test_the_confirmation_says_it_would_be_refused_and_offers_no_restore(pool, editor_client):
    copy = _retired_then_reused("q04")
    before = game_question_tables()
    with assert_dynamodb_requests(at_most=2):  # the copy, then the id (consistent read)
        page = editor_client.get(
            "/questions/retired/q04/restore/", {"retired_key": copy.retired_key}
        )
    html = page.content.decode()
    assert page.status_code == 200
    assert "can't be restored now" in html
    assert "used by another question now" in html
    assert "Yes, restore it" not in html
    assert 'name="confirmed"' not in html  # no form that restores
    assert 'data-testid="daily-impact"' not in html
    assert "no daily set changes either" in html
    assert re.search(r'<a class="button" href="/questions/q04/"[^>]*>Open question q04', html)
    assert 'href="/questions/retired/">Back to retired questions</a>' in html
    # A form sent unconfirmed (the list without JavaScript) gets the same page.
    sent = editor_client.post("/questions/retired/q04/restore/", {"retired_key": copy.retired_key})
    assert "can't be restored now" in sent.content.decode()
    assert "Yes, restore it" not in sent.content.decode()
    assert game_question_tables() == before


def test_the_dialogs_fetch_goes_to_that_page_instead_of_offering_yes(pool, editor_client):
    copy = _retired_then_reused("q05")
    with assert_dynamodb_requests(at_most=2):
        fetched = editor_client.get(
            "/questions/retired/q05/restore/",
            {"retired_key": copy.retired_key},
            HTTP_HX_REQUEST="true",
        )
    away = fetched["HX-Redirect"]
    assert away.startswith("/questions/retired/q05/restore/?retired_key=")
    page = editor_client.get(away)
    assert "can't be restored now" in page.content.decode()


def test_the_list_row_marks_the_id_in_use_again_with_one_dynamodb_request(pool, editor_client):
    copy = _retired_then_reused("q06")
    retire("q07")  # not reused: restorable as before
    rebuild()
    with assert_dynamodb_requests(1):
        listing = editor_client.get("/questions/retired/").content.decode()
    reused = _row(listing, "q06")
    badge = re.search(r'<a class="badge warn" href="([^"]+)"[^>]*>id in use again</a>', reused)
    assert badge.group(1) == "/questions/q06/"
    assert "data-confirm=" not in reused  # no dialog offering "Yes, restore it"
    link = re.search(r'href="([^"]+)" data-testid="restore-why-not"', reused).group(1)
    path, _, params = html_lib.unescape(link).partition("?")
    assert path == "/questions/retired/q06/restore/"
    assert parse_qs(params) == {"retired_key": [copy.retired_key]}
    assert "can't be restored now" in editor_client.get(html_lib.unescape(link)).content.decode()
    free = _row(listing, "q07")
    assert "id in use again" not in free
    assert "data-confirm-details-url=" in free


def test_the_list_stays_one_request_a_page_with_many_rows_in_use_again(pool, editor_client):
    for n in range(1, 13):
        _retired_then_reused(f"q{n:02d}")
    with assert_dynamodb_requests(1):
        listing = editor_client.get("/questions/retired/").content.decode()
    assert listing.count('data-testid="id-in-use-again"') == 12


def test_once_the_id_is_free_again_the_copy_can_be_restored_as_before(pool, editor_client):
    copy = _retired_then_reused("q08")
    question_services.retire_question(question_id="q08", loaded_version=0, actor="eddie")
    rebuild()
    listing = editor_client.get("/questions/retired/").content.decode()
    assert 'data-testid="id-in-use-again"' not in listing
    confirm = editor_client.get(
        "/questions/retired/q08/restore/", {"retired_key": copy.retired_key}
    ).content.decode()
    assert "Yes, restore it" in confirm
    assert 'data-testid="daily-impact"' in confirm
