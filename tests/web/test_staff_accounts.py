"""Admins' Staff page: who is locked out and who has two-factor sign-in, unlocking a colleague
(axes forgets their failures) and resetting a lost second factor, each recorded in the audit log
with the admin as the actor. Nobody else may see or do it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import STAFF_PASSWORD
from tests.support.staff import code_for_secret, enrol_authenticator
from truthbyte_admin.accounts import events, lockout
from truthbyte_admin.core.clock import minute_up

pytestmark = pytest.mark.django_db

LIMIT = 3
DESK = "198.51.100.7"
CONFIRMED = {"confirmed": "yes"}  # as the page's dialog sends it (see the confirmation tests)


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
    # The end to the minute, rounded up: never earlier than the lockout ends (operator probe:
    # 03:56:58 was shown as 03:56).
    until = lockout.account_lockout("mona").until
    shown = minute_up(until)
    assert until <= shown < until + dt.timedelta(minutes=1)
    assert f"Locked out</span> until {shown:%Y-%m-%d %H:%M} UTC" in _row(html, "mona")
    assert "Unlock mona" in _row(html, "mona")
    assert "Reset two-factor of eddie" in _row(html, "eddie")
    assert "Locked out" not in _row(html, "eddie")
    assert 'href="/account/staff/"' in html  # in the header, for admins
    assert "Reset two-factor of ada" not in _row(html, "ada")  # their own: the security page
    assert "whoever runs the server makes them with the command" in html  # create_staff


def test_the_page_gives_the_lockout_time_as_the_sign_in_page_does(
    admin_client, make_staff, settings
):
    settings.LOGIN_LOCKOUT_SECONDS = 90  # a minute and a half: rounded up on both pages
    make_staff("mona", "moderator")
    _lock_out("mona")

    page = admin_client.get("/account/staff/").content.decode()
    refused = _sign_in("mona", STAFF_PASSWORD).content.decode()

    assert (
        "A lockout also ends by itself 2 minutes after the failure that caused it (tries "
        "refused while locked out don’t extend it)."
    ) in page
    assert "Try again in 2 minutes" in refused


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

    response = admin_client.post("/account/staff/eddie/reset-two-factor/", CONFIRMED, follow=True)

    assert "Reset eddie&#x27;s two-factor sign-in" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=eddie).exists()
    entry = events.history("eddie")[0]
    assert (entry.action, entry.actor) == ("second_factor_reset", "ada")
    again = admin_client.post("/account/staff/eddie/reset-two-factor/", CONFIRMED, follow=True)
    assert "eddie had no two-factor sign-in set up; nothing changed." in again.content.decode()


def test_reset_without_the_dialog_asks_on_a_page_of_its_own(admin_client, make_staff):
    """Without JavaScript the Staff page's Reset… button sends the form unconfirmed: nothing is
    reset until the confirmation page's button is pressed."""
    eddie = make_staff("eddie", "editor")
    enrol_authenticator(eddie)

    unconfirmed = admin_client.post("/account/staff/eddie/reset-two-factor/", {"confirmed": ""})
    opened = admin_client.get("/account/staff/eddie/reset-two-factor/")

    for page in (unconfirmed, opened):
        assert page.status_code == 200
        html = page.content.decode()
        assert "two-factor sign-in?</h1>" in html
        assert 'name="confirmed" value="yes"' in html
        assert "Yes, reset it" in html
    assert TOTPDevice.objects.filter(user=eddie, confirmed=True).exists()
    assert not [e for e in events.history("eddie") if e.action == "second_factor_reset"]

    admin_client.post("/account/staff/eddie/reset-two-factor/", CONFIRMED)

    assert not TOTPDevice.objects.filter(user=eddie).exists()


def test_after_a_reset_a_role_without_the_requirement_must_set_it_up_again(
    admin_client, make_staff
):
    """Editors may sign in with a password alone (TRUTHBYTE_REQUIRE_2FA=admin), but one whose
    factor an admin reset must set one up again at their next sign-in, as the admin was told."""
    eddie = make_staff("eddie", "editor")
    enrol_authenticator(eddie)
    admin_client.post("/account/staff/eddie/reset-two-factor/", CONFIRMED)
    row = _row(admin_client.get("/account/staff/").content.decode(), "eddie")
    assert "set up again at next sign-in" in row

    client = Client()
    response = client.post("/login/", {"username": "eddie", "password": STAFF_PASSWORD})

    assert response["Location"].startswith("/login/verify/")
    assert client.get("/queue/")["Location"].startswith("/account/security/setup/")
    setup = client.get("/account/security/setup/").content.decode()
    assert "Your two-factor sign-in was reset (by an admin, or from the command line)" in setup
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', setup).group(1)
    client.post("/account/security/setup/", {"token": code_for_secret(secret)})
    assert client.get("/queue/").status_code == 200
    # Set up again: the requirement is gone, the app asks for a code as for anyone enrolled.
    row = _row(admin_client.get("/account/staff/").content.decode(), "eddie")
    assert "set up again at next sign-in" not in row


def test_reset_two_factor_of_a_set_up_never_finished_says_nothing_changed(admin_client, make_staff):
    """The set-up page opened, no code confirmed: no second factor to reset, no audit entry."""
    sam = make_staff("sam", "support")
    TOTPDevice.objects.create(user=sam, name="default", confirmed=False)

    response = admin_client.post("/account/staff/sam/reset-two-factor/", CONFIRMED, follow=True)

    assert "sam had no two-factor sign-in set up; nothing changed." in response.content.decode()
    assert "Reset sam" not in response.content.decode()
    # Its secret may be on the lost phone: it goes too, and set-up starts afresh.
    assert not TOTPDevice.objects.filter(user=sam).exists()
    assert not [e for e in events.history("sam") if e.action == "second_factor_reset"]
    # Nothing was reset, so nothing is required of sam: the password alone still signs in.
    client = Client()
    client.post("/login/", {"username": "sam", "password": STAFF_PASSWORD})
    assert client.get("/queue/").status_code == 200


def test_an_unknown_account_is_a_404(admin_client):
    assert admin_client.post("/account/staff/nobody/unlock/").status_code == 404
    response = admin_client.post("/account/staff/nobody/reset-two-factor/")
    assert response.status_code == 404
    # The reason was raised with Django's Http404, whose message no page showed.
    assert "There is no staff account “nobody”." in response.content.decode()


@pytest.mark.parametrize("role_client", ["moderator_client", "editor_client", "support_client"])
def test_only_admins_may_see_or_act(request, role_client, make_staff):
    client = request.getfixturevalue(role_client)
    make_staff("ada2", "admin")

    assert client.get("/account/staff/").status_code == 403
    assert client.post("/account/staff/ada2/unlock/").status_code == 403
    assert client.post("/account/staff/ada2/reset-two-factor/").status_code == 403
    assert 'href="/account/staff/"' not in client.get("/").content.decode()


# --- address lockouts: one address, too many failures with any usernames ------------------------

ADDRESS_LIMIT = 6


def _flood_from(address: str, usernames: list[str], failures: int = ADDRESS_LIMIT) -> None:
    """Failed sign-ins from ``address`` spread over ``usernames`` (fewer than LIMIT each)."""
    for n in range(failures):
        Client().post(
            "/login/",
            {"username": usernames[n % len(usernames)], "password": "wrong-password"},
            REMOTE_ADDR=address,
        )


def test_a_locked_address_is_shown_and_an_admin_can_unlock_it(admin_client, make_staff, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = ADDRESS_LIMIT
    make_staff("mona", "moderator")
    _flood_from(DESK, ["x1", "x2", "x3"])
    assert _sign_in("mona", STAFF_PASSWORD).status_code == 429  # everyone at DESK is refused

    html = admin_client.get("/account/staff/").content.decode()

    row = html[html.index(f'data-address="{DESK}"') :]
    row = row[: row.index("</tr>")]
    assert f"<td>{ADDRESS_LIMIT}</td>" in row
    assert "UTC" in row
    assert f"Unlock the address {DESK}" in row

    response = admin_client.post(
        "/account/locked-addresses/unlock/", {"address": DESK}, follow=True
    )

    text = response.content.decode()
    assert (
        f"Unlocked the address {DESK}: {ADDRESS_LIMIT} failed sign-ins from there forgotten" in text
    )
    assert 'data-testid="no-locked-address"' in text
    entry = events.history("ada")[0]
    assert (entry.action, entry.actor) == ("sign_in_unlocked", "ada")
    assert entry.after["unlocked_address"] == DESK
    assert DESK in entry.note
    assert _sign_in("mona", STAFF_PASSWORD).status_code == 302


def test_unlocking_an_account_says_which_addresses_are_still_locked_for_everyone(
    admin_client, make_staff, settings
):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = ADDRESS_LIMIT
    make_staff("mona", "moderator")
    _lock_out("mona")  # her own failures, from DESK
    office = "203.0.113.40"
    _flood_from(office, ["x1", "x2", "x3"])  # someone else, her office's shared address

    response = admin_client.post("/account/staff/mona/unlock/", follow=True)

    text = response.content.decode()
    assert f"Unlocked mona: {LIMIT} failed sign-ins forgotten. Sign-ins from {office}" in text
    assert "still refused for every username: if mona signs in from there" in text
    assert "they can sign in again now" not in text
    assert _sign_in("mona", STAFF_PASSWORD).status_code == 302  # from DESK: as it says
    office_try = Client().post(
        "/login/", {"username": "mona", "password": STAFF_PASSWORD}, REMOTE_ADDR=office
    )
    assert office_try.status_code == 429  # from the office: as it says


def test_unlocking_a_bad_or_unlocked_address_changes_nothing(admin_client):
    bad = admin_client.post("/account/locked-addresses/unlock/", {"address": "nope"}, follow=True)
    assert "That is not a network address; nothing changed." in bad.content.decode()
    calm = admin_client.post(
        "/account/locked-addresses/unlock/", {"address": "203.0.113.9"}, follow=True
    )
    assert "203.0.113.9 had no failed sign-in to forget; nothing changed." in calm.content.decode()
    assert not events.history("ada")


@pytest.mark.parametrize("role_client", ["moderator_client", "editor_client", "support_client"])
def test_only_admins_may_unlock_an_address(request, role_client):
    client = request.getfixturevalue(role_client)

    assert client.post("/account/locked-addresses/unlock/", {"address": DESK}).status_code == 403


def test_an_unlock_or_reset_whose_audit_entry_is_not_written_says_so(
    admin_client, make_staff, faults
):
    make_staff("mona", "moderator")
    _lock_out("mona")
    eddie = make_staff("eddie", "editor")
    enrol_authenticator(eddie)
    missing = "That change is made, but its audit log entry could not be written: "

    faults.fail_next("PutItem", times=20)  # every attempt at the audit entry throttled
    unlocked = admin_client.post("/account/staff/mona/unlock/", follow=True).content.decode()
    faults.clear()
    assert f"Unlocked mona: {LIMIT} failed sign-ins forgotten" in unlocked
    assert missing in unlocked
    assert not [e for e in events.history("mona") if e.action == "sign_in_unlocked"]

    faults.fail_next("PutItem", times=20)
    reset = admin_client.post("/account/staff/eddie/reset-two-factor/", CONFIRMED, follow=True)
    faults.clear()
    assert missing in reset.content.decode()
    assert not TOTPDevice.objects.filter(user=eddie).exists()

    # Written as usual: nothing more is said.
    _lock_out("mona")
    again = admin_client.post("/account/staff/mona/unlock/", follow=True).content.decode()
    assert missing not in again
