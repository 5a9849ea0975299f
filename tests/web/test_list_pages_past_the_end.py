"""A stale link or bookmark to a page past the end of a list shows the list's last page, on
every list (as the queue always did), rather than refusing."""

from __future__ import annotations

import pytest

from tests.support.players_game import put_user
from truthbyte_admin.staffindex import sync

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/questions/", "/players/", "/queue/", "/audit/"])
def test_a_page_past_the_end_is_the_last_page(support_client, game_tables, url):
    put_user({"user_id": "p-past-the-end"})  # a list with a row, not the empty list's words
    sync.sync_once()
    response = support_client.get(url, {"page": "99999"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no page" not in html
    assert 'data-testid="past-the-end">The list has no page 99,999 now (it has 1)' in html


@pytest.mark.parametrize("url", ["/questions/", "/players/", "/queue/", "/audit/"])
def test_a_page_in_the_list_says_nothing_of_it(support_client, game_tables, url):
    assert 'data-testid="past-the-end"' not in support_client.get(url).content.decode()


@pytest.mark.parametrize("asked", ["100000", "99999999999999999999999"])
def test_a_page_beyond_the_highest_number_read_is_not_quoted_as_that_number(
    support_client, game_tables, asked
):
    # Page numbers are read up to 100,000: "no page 100,000" had answered a 23-digit one.
    put_user({"user_id": "p-past-the-end"})
    sync.sync_once()
    html = support_client.get("/players/", {"page": asked}).content.decode()
    assert 'data-testid="past-the-end">The list has no page that far now (it has 1)' in html
