"""A stale link or bookmark to a page past the end of a list shows the list's last page, on
every list (as the queue always did), rather than refusing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/questions/", "/players/", "/queue/", "/audit/"])
def test_a_page_past_the_end_is_the_last_page(support_client, game_tables, url):
    response = support_client.get(url, {"page": "99999"})

    assert response.status_code == 200
    assert "There is no page" not in response.content.decode()
