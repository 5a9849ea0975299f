"""Pages answer HEAD as they answer GET (monitors and link checkers send it; every list and page
had said 405), with no body; and after a queue action, only our own printable queue address is
followed back (a NUL in `next` had sent the moderator to a 404)."""

from __future__ import annotations

import pytest

from truthbyte_admin.moderation.forms import safe_next

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/", "/queue/", "/questions/", "/categories/", "/players/", "/daily/", "/audit/"]
)
def test_pages_answer_head_like_get(admin_client, game_tables, url):
    got = admin_client.get(url)
    head = admin_client.head(url)

    assert got.status_code == 200
    assert head.status_code == 200
    assert head["Content-Type"] == got["Content-Type"]
    assert head.content == b""


def test_head_is_still_signed_in_only(client, game_tables):
    response = client.head("/queue/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("value", "followed"),
    [
        ("/queue/?sort=oldest", "/queue/?sort=oldest"),
        ("/queue/\x00", None),
        ("/queue/\n/x", None),
        ("/queue/" + "a" * 3000, None),
        ("//evil.example/queue/", None),
        ("/questions/", None),
    ],
)
def test_only_our_own_printable_queue_addresses_are_followed_back(value, followed):
    assert safe_next(value) == followed
