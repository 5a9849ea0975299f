"""A search of symbols or emoji alone has no word to look for: it finds nothing, and the empty
list says what search matches, instead of claiming every question or submission matches."""

from __future__ import annotations

import re

import pytest

from tests.support import game_writes as game
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.staffindex.build import rebuild


@pytest.fixture
def world(game_tables, db):
    game.question("q01", "Is Paris the capital of France?", title="France")
    game.question("q02", "Is 😀 a smile?", title="Emoji")
    game.game_submission("q_5e4c0001", "Is Rome in Italy?", author="p1", at=1_764_000_000)
    rebuild()


@pytest.mark.parametrize("text", ["😀", "🦄", '"', "*", "(", "%", "\\", "— …"])
def test_a_search_without_a_word_finds_no_question(world, editor_client, text):
    with assert_dynamodb_requests(0):
        response = editor_client.get("/questions/", {"q": text})

    html = response.content.decode()
    assert response.status_code == 200
    assert not re.findall(r'<td><a href="/questions/([^/"]+)/"><code>', html)
    assert "0 questions matching" in html
    assert 'data-testid="search-hint"' in html


def test_a_search_without_a_word_finds_no_submission(world, moderator_client):
    with assert_dynamodb_requests(0):
        response = moderator_client.get("/queue/", {"q": "🦄"})

    html = response.content.decode()
    assert not re.findall(r'data-submission-id="([^"]+)"', html)
    assert "0 of 1 pending match" in html
    assert 'data-testid="search-hint"' in html


def test_a_word_beside_the_symbols_is_still_searched(world, editor_client, moderator_client):
    response = editor_client.get("/questions/", {"q": "😀 paris!"})
    assert re.findall(r'<td><a href="/questions/([^/"]+)/"><code>', response.content.decode()) == [
        "q01"
    ]
    response = moderator_client.get("/queue/", {"q": "(rome)"})
    assert re.findall(r'data-submission-id="([^"]+)"', response.content.decode()) == ["q_5e4c0001"]


def test_a_blank_search_still_lists_everything(world, editor_client):
    response = editor_client.get("/questions/", {"q": "   "})
    assert (
        len(re.findall(r'<td><a href="/questions/([^/"]+)/"><code>', response.content.decode()))
        == 2
    )
