"""The players page's two boxes answer bad input the same way: beside the box, with what was
typed kept in it (status 400), not on the separate "can't be used" page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.players_game import iso, put_user
from tests.support.requests import assert_dynamodb_requests
from truthbyte_admin.staffindex.build import rebuild

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["bob smith", "x" * 65, "ü<b>"])
def test_a_prefix_that_cant_start_an_id_is_answered_beside_its_box(
    support_client, game_tables, typed
):
    put_user({"user_id": "ab-1", "last_active": iso(dt.datetime.now(dt.UTC))})
    rebuild()
    with assert_dynamodb_requests(0):
        response = support_client.get("/players/", {"prefix": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert "can't be used" not in html  # not the separate 400 page
    box = re.search(r'<input type="search" id="player-prefix"[^>]*>', html).group(0)
    escaped = typed.replace("<", "&lt;").replace(">", "&gt;")
    assert f'value="{escaped}"' in box
    assert 'aria-invalid="true" aria-describedby="player-prefix-error" autofocus' in box
    error = re.search(r'<p [^>]*id="player-prefix-error"[^>]*>(.*?)</p>', html).group(1)
    assert "Nothing was searched" in error
    assert "<b>" not in html.split("<main", 1)[1]  # typed text is escaped everywhere
    # the page stays usable: the lookup box, and the recently active players
    assert 'name="user_id"' in html
    assert "Recently active players" in html
    assert 'href="/players/ab-1/"' in html


def test_the_prefix_error_says_what_an_id_is_made_of(support_client, game_tables):
    html = support_client.get("/players/", {"prefix": "bob smith"}).content.decode()
    error = re.search(r'id="player-prefix-error"[^>]*>(.*?)</p>', html).group(1)
    assert error.startswith(
        "A player id prefix uses letters, digits, &#x27;-&#x27; and &#x27;_&#x27;"
    )


def test_a_bad_page_number_is_still_the_400_page(support_client, game_tables):
    response = support_client.get("/players/", {"prefix": "ab", "page": "x"})
    assert response.status_code == 400
    assert "can't be used" in response.content.decode()


def test_the_prefix_box_matches_case_as_typed_on_every_database(support_client, game_tables):
    # Player ids are case-sensitive; SQLite's LIKE would fold ASCII case where PostgreSQL's
    # doesn't, so the same box gave different answers on the two staff databases.
    put_user({"user_id": "abc-lower"})
    put_user({"user_id": "ABC-upper"})
    rebuild()
    with assert_dynamodb_requests(0):
        lower = support_client.get("/players/?prefix=abc").content.decode()
        upper = support_client.get("/players/?prefix=ABC").content.decode()
    assert "abc-lower" in lower
    assert "ABC-upper" not in lower
    assert "ABC-upper" in upper
    assert "abc-lower" not in upper


def test_a_prefix_in_capitals_that_starts_no_id_links_to_the_same_in_lower_case(
    support_client, game_tables
):
    for user_id in ("5eed-1", "5eed-2"):
        put_user({"user_id": user_id, "last_active": iso(dt.datetime.now(dt.UTC))})
    rebuild()
    with assert_dynamodb_requests(0):
        html = support_client.get("/players/", {"prefix": "5EED"}).content.decode()
    empty = re.search(r'data-testid="no-players">(.*?)</p>', html, re.DOTALL).group(1)
    assert "No player id starts with “<bdi>5EED</bdi>”." in empty
    assert 'href="?prefix=5eed" data-testid="prefix-in-lower-case">2 player ids start with' in empty
    # Nothing in lower case either: the empty list says only that.
    html = support_client.get("/players/", {"prefix": "ZZZ"}).content.decode()
    assert 'data-testid="prefix-in-lower-case"' not in html
    assert "No player id starts with “<bdi>ZZZ</bdi>”." in html
    # A way back, as the other lists' empty states have (lists probe).
    assert '<a href="/players/" data-testid="all-players">Show recently active players</a>' in html
    assert 'data-testid="player-total"' not in html  # "0 players, most recently active first."
