"""The restore address answers like the app's other action addresses: a visit to one with
nothing to restore gets the 404 page saying so (as the retire page does for an id with no
question), and an id with a control character gets the 400 page with it written out, before
anything is read."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from tests.support.questions import make_question, retire, seed
from tests.support.requests import assert_dynamodb_requests
from tests.support.snapshots import game_question_tables
from truthbyte_admin.retired import services as retired_services


@pytest.fixture
def pool(game_tables):
    seed(*[make_question(f"q{n:02d}", ["science"], 1 + n % 4) for n in range(1, 11)])
    return game_tables


def _reason(response) -> str:
    found = re.search(r'<p class="reason">(.*?)</p>', response.content.decode(), re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def _messages(response) -> str:
    found = re.findall(r'<p class="message[^"]*"[^>]*>(.*?)</p>', response.content.decode(), re.S)
    return html_lib.unescape(" ".join(found))


def test_visiting_the_restore_address_of_an_id_never_retired_is_a_404_saying_so(
    pool, editor_client
):
    with assert_dynamodb_requests(1):  # its newest unrestored copy: none
        response = editor_client.get("/questions/retired/q99/restore/")
    assert response.status_code == 404
    assert "Question q99 has no retired copy waiting to be restored." in _reason(response)
    assert (
        '<a href="/audit/?item=Question+q99" data-testid="history-link">What the audit log recorded'
    ) in response.content.decode()


def test_visiting_it_after_the_copy_was_restored_is_a_404_too(pool, editor_client):
    copy = retire("q03")
    retired_services.restore_question(question_id="q03", retired_key=copy.retired_key, actor="ana")
    response = editor_client.get("/questions/retired/q03/restore/")
    assert response.status_code == 404
    assert "has no retired copy waiting to be restored" in _reason(response)


def test_the_list_dialogs_fetch_and_a_sent_form_still_go_to_the_list_message(pool, editor_client):
    fetched = editor_client.get("/questions/retired/q98/restore/", HTTP_HX_REQUEST="true")
    assert fetched["HX-Redirect"] == "/questions/retired/"
    sent = editor_client.post("/questions/retired/q98/restore/", {"confirmed": "yes"}, follow=True)
    assert sent.status_code == 200
    assert "Question q98 has no retired copy waiting to be restored." in _messages(sent)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("raw", "written"), [("q%00x", "q⟨U+0000⟩x"), ("q04%0A", "q04⟨U+000A⟩"), ("%7F", "⟨U+007F⟩")]
)
def test_an_id_with_a_control_character_is_the_400_page_naming_it(
    pool, editor_client, method, raw, written
):
    retire("q04")
    before = game_question_tables()
    send = getattr(editor_client, method)
    with assert_dynamodb_requests(0):
        response = send(f"/questions/retired/{raw}/restore/", {"confirmed": "yes"})
    assert response.status_code == 400
    reason = _reason(response)
    assert f"“{written}” is not a question id" in reason
    assert "control characters" in reason
    assert "has no retired copy" not in response.content.decode()
    assert game_question_tables() == before
