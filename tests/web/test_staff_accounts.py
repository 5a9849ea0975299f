"""Admins' Staff page: who is locked out and who has two-factor sign-in, unlocking a colleague
(axes forgets their failures) and resetting a lost second factor, each recorded in the audit log
with the admin as the actor. Nobody else may see or do it."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import STAFF_PASSWORD
from tests.support.staff import enrol_authenticator
from truthbyte_admin.accounts import events

pytestmark = pytest.mark.django_db

LIMIT = 3
DESK = "198.51.100.7"


@pytest.fixture(autouse=True)
def _limits(settings, game_tables):
    settings.LOGIN_FAILURE_LIMIT = LIMIT
    settings.LOGIN_LOCKOUT_SECONDS = 900
    settings.TRUSTED_PROXY_COUNT = 0


def _sign_in(username: str, password: str):
    return Client().post("/login/", {"username": username, "password": password}, REMOTE_ADDR=DESK)


def _lock_out(username: str) -> None:
    for _ in range(LIMIT):
        _sign_in(username, "wrong-password")
    assert _sign_in(username, STAFF_PASSWORD).status_code == 429


def _row(html: str, username: str) -> str:
    start = html.index(f'data-username="{username}"')
    return html[start : html.index("</tr>", start)]


def test_the_page_shows_who_is_locked_out_and_who_has_two_factor(admin_client, make_staff):
    make_staff("mona", "moderator")
    enrol_authenticator(make_staff("eddie", "editor"))
    _lock_out("mona")

    response = admin_client.get("/account/staff/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Locked out</span> until" in _row(html, "mona")
    assert "UTC" in _row(html, "mona")
    assert "Unlock mona" in _row(html, "mona")
    assert "Reset two-factor of eddie" in _row(html, "eddie")
    assert "Locked out" not in _row(html, "eddie")
    assert 'href="/account/staff/"' in html  # in the header, for admins
    assert "Reset two-factor of ada" not in _row(html, "ada")  # their own: the security page


def test_unlock_lets_them_sign_in_at_once_and_is_recorded(admin_client, make_staff):
    make_staff("mona", "moderator")
    _lock_out("mona")

    response = admin_client.post("/account/staff/mona/unlock/", follow=True)

    assert f"Unlocked mona: {LIMIT} failed sign-ins forgotten" in response.content.decode()
    entry = events.history("mona")[0]
    assert (entry.action, entry.actor) == ("sign_in_unlocked", "ada")
    # The audit log says how many were forgotten, not only the page's message.
    log = admin_client.get("/audit/", {"action": "sign_in_unlocked"}).content.decode()
    assert f"{LIMIT} failed sign-ins forgotten" in log
    assert _sign_in("mona", STAFF_PASSWORD).status_code == 302


def test_unlocking_someone_not_locked_out_says_nothing_changed(admin_client, make_staff):
    make_staff("mona", "moderator")

    response = admin_client.post("/account/staff/mona/unlock/", follow=True)

    assert "mona had no failed sign-in to forget; nothing changed." in response.content.decode()
    assert not [e for e in events.history("mona") if e.action == "sign_in_unlocked"]


def test_reset_two_factor_removes_the_authenticator_and_is_recorded(admin_client, make_staff):
    eddie = make_staff("eddie", "editor")
    enrol_authenticator(eddie)

    response = admin_client.post("/account/staff/eddie/reset-two-factor/", follow=True)

    assert "Reset eddie&#x27;s two-factor sign-in" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=eddie).exists()
    entry = events.history("eddie")[0]
    assert (entry.action, entry.actor) == ("second_factor_reset", "ada")
    again = admin_client.post("/account/staff/eddie/reset-two-factor/", follow=True)
    assert "eddie had no two-factor sign-in set up; nothing changed." in again.content.decode()


def test_reset_two_factor_of_a_set_up_never_finished_says_nothing_changed(admin_client, make_staff):
    """The set-up page opened, no code confirmed: no second factor to reset, no audit entry."""
    sam = make_staff("sam", "support")
    TOTPDevice.objects.create(user=sam, name="default", confirmed=False)

    response = admin_client.post("/account/staff/sam/reset-two-factor/", follow=True)

    assert "sam had no two-factor sign-in set up; nothing changed." in response.content.decode()
    assert "Reset sam" not in response.content.decode()
    # Its secret may be on the lost phone: it goes too, and set-up starts afresh.
    assert not TOTPDevice.objects.filter(user=sam).exists()
    assert not [e for e in events.history("sam") if e.action == "second_factor_reset"]


def test_an_unknown_account_is_a_404(admin_client):
    assert admin_client.post("/account/staff/nobody/unlock/").status_code == 404
    assert admin_client.post("/account/staff/nobody/reset-two-factor/").status_code == 404


@pytest.mark.parametrize("role_client", ["moderator_client", "editor_client", "support_client"])
def test_only_admins_may_see_or_act(request, role_client, make_staff):
    client = request.getfixturevalue(role_client)
    make_staff("ada2", "admin")

    assert client.get("/account/staff/").status_code == 403
    assert client.post("/account/staff/ada2/unlock/").status_code == 403
    assert client.post("/account/staff/ada2/reset-two-factor/").status_code == 403
    assert 'href="/account/staff/"' not in client.get("/").content.decode()
