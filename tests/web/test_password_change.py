"""Changing one's own password on the Account security page: Django's PasswordChangeForm with
every configured validator, errors at their fields, the other sessions signed out (this one
kept), audited, and wrong current passwords counted by django-axes like failed sign-ins."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from tests.conftest import STAFF_PASSWORD
from tests.support.staff import force_login_verified
from truthbyte_admin.accounts import events

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "violet-otter-lantern-1987"
LIMIT = 3
DESK = "198.51.100.7"
URL = "/account/security/"


@pytest.fixture(autouse=True)
def _limits(settings, game_tables):
    settings.LOGIN_FAILURE_LIMIT = LIMIT
    settings.LOGIN_LOCKOUT_SECONDS = 900
    settings.TRUSTED_PROXY_COUNT = 0


def _signed_in(user) -> Client:
    client = Client(REMOTE_ADDR=DESK)
    force_login_verified(client, user)
    return client


def _change(client: Client, old: str, new: str = NEW_PASSWORD, again: str | None = None):
    data = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return client.post(URL, data, REMOTE_ADDR=DESK)


def _input(html: str, name: str) -> str:
    return re.search(rf'<input id="id_{name}"[^>]*>', html).group(0)


def _field_error(html: str, name: str) -> str:
    match = re.search(rf'<span class="field-error" id="id_{name}_error">(.*?)</span>', html)
    return match.group(1) if match else ""


def test_the_page_offers_the_password_change(make_staff):
    html = _signed_in(make_staff("mona", "moderator")).get(URL).content.decode()

    assert '<h2 id="password-title">Password</h2>' in html
    assert 'autocomplete="current-password"' in _input(html, "old_password")
    assert "at least 12 characters" in html  # the configured validators' rules, said upfront


def test_changing_the_password_keeps_this_session_and_ends_the_others(make_staff):
    mona = make_staff("mona", "moderator")
    here, elsewhere = _signed_in(mona), _signed_in(mona)

    response = _change(here, STAFF_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == URL
    page = here.get(URL)
    assert page.status_code == 200  # still signed in here
    changed = re.search(r'data-testid="password-changed">(.*?)</p>', page.content.decode())
    assert changed.group(1).startswith("Password changed.")
    assert "Your 1 other session (other browsers or devices) was signed out." in changed.group(1)
    assert elsewhere.get("/")["Location"].startswith("/login/")
    mona.refresh_from_db()
    assert mona.check_password(NEW_PASSWORD)
    entry = events.history("mona")[0]
    assert (entry.action, entry.actor, entry.after["address"]) == (
        "password_changed",
        "mona",
        DESK,
    )
    assert entry.after["other_sessions_ended"] == 1
    signed_in = Client().post("/login/", {"username": "mona", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def test_a_wrong_current_password_is_said_at_its_field_and_changes_nothing(make_staff):
    mona = make_staff("mona", "moderator")
    client = _signed_in(mona)

    response = _change(client, "not-my-password")

    assert response.status_code == 400
    html = response.content.decode()
    assert _field_error(html, "old_password") == (
        "That is not your current password. Nothing was changed."
    )
    old_input = _input(html, "old_password")
    assert 'aria-invalid="true"' in old_input
    assert 'aria-describedby="id_old_password_error"' in old_input
    assert "Your password was not changed" in html
    assert User.objects.get(username="mona").check_password(STAFF_PASSWORD)
    entry = events.history("mona")[0]
    assert (entry.action, entry.actor) == ("password_change_failed", "mona")


@pytest.mark.parametrize(
    ("new", "again", "field", "error"),
    [
        ("short-pw", None, "new_password1", "too short"),
        ("moderator-mona-smith", None, "new_password1", "too similar to the username"),
        ("password1234", None, "new_password1", "too common"),
        ("84123966502137", None, "new_password1", "entirely numeric"),
        (NEW_PASSWORD, "something-else-entirely", "new_password2", "didn’t match"),
    ],
)
def test_the_new_password_passes_every_validator_and_errors_sit_at_their_field(
    make_staff, new, again, field, error
):
    client = _signed_in(make_staff("moderator-mona-smith", "moderator"))

    response = _change(client, STAFF_PASSWORD, new, again)

    assert response.status_code == 400
    html = response.content.decode()
    assert error in _field_error(html, field)
    assert 'aria-invalid="true"' in _input(html, field)
    assert f"id_{field}_error" in _input(html, field)
    assert User.objects.get(username="moderator-mona-smith").check_password(STAFF_PASSWORD)


def test_the_current_password_is_required(make_staff):
    client = _signed_in(make_staff("mona", "moderator"))

    response = _change(client, "")

    assert _field_error(response.content.decode(), "old_password") == (
        "Enter your current password."
    )


def test_wrong_current_passwords_lock_out_like_failed_sign_ins(make_staff):
    mona = make_staff("mona", "moderator")
    client = _signed_in(mona)
    for _ in range(LIMIT - 1):
        assert _change(client, "not-my-password").status_code == 400

    locked = _change(client, "not-my-password")
    right_but_locked = _change(client, STAFF_PASSWORD)

    for response in (locked, right_but_locked):
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 900  # as the sign-in page's 429 says
        html = response.content.decode()
        assert "Too many wrong passwords for this account from this address" in (
            _field_error(html, "old_password")
        )
        assert 'id="password-title"' in html  # this page, not the sign-in page
    assert User.objects.get(username="mona").check_password(STAFF_PASSWORD)
    assert "locked_out" in [e.action for e in events.history("mona")]
    # The same count as the sign-in page's: signing in from that address waits too.
    sign_in = Client().post(
        "/login/", {"username": "mona", "password": STAFF_PASSWORD}, REMOTE_ADDR=DESK
    )
    assert sign_in.status_code == 429


def test_the_password_asked_again_locks_out_the_same_way_and_says_until_when(make_staff):
    # Before new backup codes and before a new phone (the second factor's own pages).
    ada = make_staff("ada", "moderator")
    client = _signed_in(ada)
    replace = "/account/security/backup-codes/replace/"
    for _ in range(LIMIT - 1):
        wrong = client.post(replace, {"confirmed": "yes", "password": "not-it"}, REMOTE_ADDR=DESK)
        assert wrong.status_code == 400
        assert "Retry-After" not in wrong

    locked = client.post(replace, {"confirmed": "yes", "password": "not-it"}, REMOTE_ADDR=DESK)
    client.get("/account/security/setup/", REMOTE_ADDR=DESK)  # a new phone's key, pending
    new_phone = client.post(
        "/account/security/setup/",
        {"token": "123456", "password": STAFF_PASSWORD},
        REMOTE_ADDR=DESK,
    )

    for response in (locked, new_phone):
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 900
        assert "Too many wrong passwords for this account" in response.content.decode()


def test_the_header_link_names_the_page_for_all_it_holds(editor_client):
    # The page holds the password and the second factor: "Two-factor" hid the password.
    html = editor_client.get("/").content.decode()
    assert re.search(r'<a href="/account/security/">Account</a>', html)


def test_the_current_password_is_not_a_new_one(make_staff):
    mona = make_staff("mona", "moderator")
    response = _change(_signed_in(mona), STAFF_PASSWORD, new=STAFF_PASSWORD)

    assert response.status_code == 400
    assert "That is your current password" in _field_error(
        response.content.decode(), "new_password1"
    )
    assert not events.history("mona", limit=5)


@pytest.mark.django_db(transaction=True)
def test_two_changes_sent_at_once_save_one_and_say_the_other_was_not_saved(
    make_staff, postgres_only
):
    # Two sessions of one account change the password at the same moment: one change is saved
    # and said so; the other is told its current password is no longer the stored one (before,
    # both were saved and the loser, whose session the winner ended, heard "nothing changed").
    # On PostgreSQL, as deployed: SQLite in memory (the tests' fallback) locks whole tables
    # without waiting; make run's SQLite file waits (IMMEDIATE transactions, busy timeout).
    import threading

    mona = make_staff("mona", "moderator")
    clients = [_signed_in(mona), _signed_in(mona)]
    wanted = ["first-heron-meadow-2031", "second-badger-harbour-2032"]
    start, answers = threading.Barrier(2), {}

    def change(n: int) -> None:
        start.wait()
        answers[n] = _change(clients[n], STAFF_PASSWORD, new=wanted[n])

    threads = [threading.Thread(target=change, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    saved = [n for n in range(2) if answers[n].status_code == 302]
    assert len(saved) == 1
    [winner] = saved
    loser = answers[1 - winner]
    assert loser.status_code == 400
    assert "not your current password" in loser.content.decode()
    assert User.objects.get(username="mona").check_password(wanted[winner])
    changed = [e for e in events.history("mona", limit=10) if e.action == "password_changed"]
    assert len(changed) == 1


def test_a_session_signed_out_by_a_password_change_is_told_why(make_staff):
    mona = make_staff("mona", "moderator")
    here, elsewhere = _signed_in(mona), _signed_in(mona)
    assert _change(here, STAFF_PASSWORD).status_code == 302

    page = elsewhere.get("/queue/", follow=True)

    html = page.content.decode()
    assert page.request["PATH_INFO"] == "/login/"
    assert "Your password was changed in another session at " in html
    assert "If you didn&#x27;t change it, tell an admin now." in html
    # Said once: the next visit to the sign-in page is an ordinary one.
    assert "Your password was changed" not in elsewhere.get("/login/").content.decode()


def test_a_session_signed_out_by_a_password_set_from_the_command_line_is_told_why(
    make_staff, monkeypatch
):
    """create_staff with a new password: the colleague's open session ends, and its sign-in
    page says an admin set one (operator probe: it had said sessions end after 10 hours)."""
    mona = make_staff("mona", "moderator")
    signed_in = _signed_in(mona)
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", "a-new-password-for-mona-7")
    call_command("create_staff", "mona", "--noinput", stdout=(said := io.StringIO()))
    assert "Password of 'mona' changed; 1 open session ended." in said.getvalue()

    page = signed_in.get("/queue/", follow=True)

    html = page.content.decode()
    assert page.request["PATH_INFO"] == "/login/"
    assert "An admin set a new password for this account at " in html
    assert "Sign in with the new password they give you." in html
