"""An address or box holding what can't be a question id says why (its characters, or its
length: at most 128), and restore refuses it before any lookup (DynamoDB refuses a key over
2 KB, which had been a 500)."""

from __future__ import annotations

import html

import pytest

from tests.support.moderation import BORON_QUESTION_ID, put_boron_question
from tests.support.requests import assert_dynamodb_requests

pytestmark = pytest.mark.django_db

LONG = "q" * 2100  # letters only: too long, nothing else wrong


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("method", ["get", "post"])
def test_restore_of_an_id_too_long_to_be_one_is_a_400_saying_so(editor_client, game_tables, method):
    url = f"/questions/retired/{LONG}/restore/"
    with assert_dynamodb_requests(0):
        response = getattr(editor_client, method)(url, {"retired_key": "x", "confirmed": "yes"})
    assert response.status_code == 400
    assert (
        "is not a question id (such as q530): ids are at most 128 characters (this one has 2,100)."
    ) in _text(response)


def test_a_question_page_for_an_id_too_long_says_the_limit(editor_client, game_tables):
    response = editor_client.get(f"/questions/{'q' * 129}/")
    assert response.status_code == 404
    assert "ids are at most 128 characters (this one has 129)" in _text(response)


def test_the_open_box_says_the_limit_too(editor_client, game_tables):
    response = editor_client.get("/questions/open/", {"id": "q" * 300}, follow=True)
    assert (
        "is not a question id (such as q530): ids are at most 128 characters (this one has 300)."
        in _text(response)
    )


def test_characters_a_question_id_cant_hold_are_said_as_before(editor_client, game_tables):
    response = editor_client.get("/questions/open/", {"id": "q 1"}, follow=True)
    assert (
        "“q 1” is not a question id (such as q530): ids use letters, digits and _ . : - only."
        in (_text(response))
    )


def test_invisible_characters_pasted_with_an_id_are_left_out_and_said(editor_client, game_tables):
    put_boron_question()
    typed = f"\u200b{BORON_QUESTION_ID}\ufeff "

    response = editor_client.get("/questions/open/", {"id": typed}, follow=True)

    assert response.redirect_chain[-1][0] == f"/questions/{BORON_QUESTION_ID}/"
    assert (
        f"Opened {BORON_QUESTION_ID}: the invisible characters pasted with it (U+200B zero width "
        "space, U+FEFF zero width no-break space) were left out."
    ) in _text(response)
