"""The Staff page's Sign-in column says a deactivated account can't sign in (it said "Open"),
and keeps "Open" / "Locked out" for active accounts."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture(autouse=True)
def _limits(settings, game_tables):
    settings.LOGIN_FAILURE_LIMIT = LIMIT
    settings.LOGIN_LOCKOUT_SECONDS = 900
    settings.TRUSTED_PROXY_COUNT = 0


def _lock_out(username: str) -> None:
    for _ in range(LIMIT + 1):
        Client().post("/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR="::1")


def _sign_in_cell(html: str, username: str) -> str:
    row = html[html.index(f'data-username="{username}"') :]
    row = row[: row.index("</tr>")]
    cell = row[row.index('data-testid="sign-in-state">') :]
    cell = cell[len('data-testid="sign-in-state">') : cell.index("</td>")]
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())


def test_a_deactivated_account_says_it_cant_sign_in(admin_client, make_staff):
    make_staff("mona", "moderator")
    make_staff("eddie", "editor")
    User.objects.filter(username="mona").update(is_active=False)

    html = admin_client.get("/account/staff/").content.decode()

    assert _sign_in_cell(html, "mona") == "Deactivated: can't sign in"
    assert _sign_in_cell(html, "eddie") == "Open"


def test_a_locked_out_account_says_locked_out_until_it_is_deactivated(admin_client, make_staff):
    make_staff("mona", "moderator")
    _lock_out("mona")

    locked = _sign_in_cell(admin_client.get("/account/staff/").content.decode(), "mona")
    User.objects.filter(username="mona").update(is_active=False)
    deactivated = _sign_in_cell(admin_client.get("/account/staff/").content.decode(), "mona")

    assert locked.startswith("Locked out until ")
    assert locked.endswith("UTC Unlock")
    assert deactivated == "Deactivated: can't sign in"
