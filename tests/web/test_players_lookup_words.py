"""The player lookup answers bad input in staff words: one wording for every length, its own
"Enter a player id." for an empty box, typographic quotes, invisible characters written out."""

from __future__ import annotations

import html as html_lib
import re

import pytest

pytestmark = pytest.mark.django_db


def _error(response) -> str:
    html = response.content.decode()
    return html_lib.unescape(re.search(r'id="user-id-error"[^>]*>(.*?)</p>', html).group(1))


@pytest.mark.parametrize("length", [65, 300])
def test_any_id_too_long_gets_the_same_words(support_client, game_tables, length):
    response = support_client.get("/players/", {"user_id": "a" * length})
    assert response.status_code == 400
    error = _error(response)
    assert error == (
        f"That is {length} characters long, not a player id: a player id has at most 64 "
        "characters (letters, digits, “-” and “_”)."
    )
    assert "Ensure this value" not in response.content.decode()


def test_an_empty_box_asks_for_an_id(support_client, game_tables):
    response = support_client.get("/players/", {"user_id": "  "})
    assert _error(response) == "Enter a player id."


def test_an_invisible_character_is_shown_and_quotes_are_typographic(support_client, game_tables):
    response = support_client.get("/players/", {"user_id": "5eed0000\u200b"})
    error = _error(response)
    assert error.startswith("“5eed0000⟨U+200B⟩” is not a player id.")
    assert "'" not in error
    assert "\\u200b" not in error


def test_a_control_character_is_written_out_too(support_client, game_tables):
    # A bell typed or pasted into the box was quoted as itself: invisible in the message.
    error = _error(support_client.get("/players/", {"user_id": "5eed\x07"}))
    assert error.startswith("“5eed⟨U+0007⟩” is not a player id.")
