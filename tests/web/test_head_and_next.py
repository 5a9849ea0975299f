"""After a queue action, only our own printable queue address is followed back (a NUL in `next`
had sent the moderator to a 404). Pages answer GET only: a HEAD would run the page, using up
what it shows once (new backup codes, a bulk selection, flash messages), so it is a 405."""

from __future__ import annotations

import pytest

from truthbyte_admin.moderation.views import queue_path

pytestmark = pytest.mark.django_db


def test_head_is_refused_where_a_page_shows_something_once(admin_client, game_tables):
    assert admin_client.head("/account/security/backup-codes/").status_code == 405
    assert admin_client.head("/queue/").status_code == 405


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
    assert queue_path(value) == followed
