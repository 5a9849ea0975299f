"""Half of a character already stored (a lone surrogate DynamoDB Local kept from a client that
sent "\\ud800") can't make a page, the staff index or the audit copy fail: it is read as U+FFFD.
Before, the question's page was a 500 and `rebuild_index` stopped on it."""

from __future__ import annotations

from tests.support import game_writes as game
from truthbyte_admin.data import tables
from truthbyte_admin.staffindex.build import rebuild
from truthbyte_admin.staffindex.models import IndexedQuestion


def test_a_question_holding_half_a_character_opens_and_is_indexed(game_tables, db, editor_client):
    game.put(
        tables.QUESTIONS,
        {
            "id": "hq1",
            "question": "Is this \u202eRTL \ud800 text?",
            "answer": True,
            "categories": ["science"],
            "difficulty": 2,
        },
    )
    rebuild()
    assert IndexedQuestion.objects.get(qid="hq1").question == "Is this \u202eRTL \ufffd text?"
    response = editor_client.get("/questions/hq1/")
    assert response.status_code == 200
    assert "RTL \ufffd text?" in response.content.decode()
