"""The game writes category keys verbatim, up to DynamoDB's 2,048-byte key limit: every list
filters by such a key (a dashboard row links to it), and the index keeps it whole."""

from __future__ import annotations

import re

import pytest

from tests.support import game_writes as game
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.staffindex.build import rebuild
from truthbyte_admin.staffindex.models import SubmissionCategory

KEY = "k" * 1500


@pytest.fixture
def world(game_tables, db):
    game.question("q_long", "Is a long key fine?", categories=("general", KEY))
    game.question("q_other", "Is a short key fine?", categories=("general", "science"))
    game.game_submission("q_long0001", "Is it listed?", author="p1", at=50, categories=(KEY,))
    rebuild()


def test_the_question_list_filters_by_a_long_key(world, editor_client):
    with assert_dynamodb_requests(0):
        response = editor_client.get("/questions/", {"category": KEY})

    assert response.status_code == 200
    found = re.findall(r'<td><a href="/questions/([^/"]+)/"><code>', response.content.decode())
    assert found == ["q_long"]


def test_the_queue_filters_by_a_long_key(world, moderator_client):
    assert SubmissionCategory.objects.filter(category=KEY).count() == 1

    response = moderator_client.get("/queue/", {"category": KEY})

    assert response.status_code == 200
    assert re.findall(r'data-submission-id="([^"]+)"', response.content.decode()) == ["q_long0001"]


def test_a_key_longer_than_dynamodb_allows_is_a_clear_400(world, editor_client):
    response = editor_client.get("/questions/", {"category": "k" * 2049})

    assert response.status_code == 400
    assert "“Category” must be at most 2048 characters" in response.content.decode()
