"""django-axes' unlock commands, as manage.py runs them here: axes_reset_username and
axes_reset_ip unlock as the Staff page does and record it in the audit log (actor: the command
line), saying so, or saying with exit 1 that the entry could not be written; axes_reset and
axes_reset_ip_username (no audit entry possible for what they do) are refused."""

from __future__ import annotations

import html
import re

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command, get_commands
from django.test import Client

from tests.conftest import STAFF_PASSWORD
from tests.support.staff import (
    LOCKOUT_LIMIT,
    force_login_verified,
    sign_in_attempt,
    small_lockout_limits,
)
from truthbyte_admin.accounts import events
from truthbyte_admin.accounts.management.commands import axes_reset, axes_reset_ip_username

pytestmark = pytest.mark.django_db

DESK = "203.0.113.9"
LIMIT = LOCKOUT_LIMIT


@pytest.fixture(autouse=True)
def _limits(settings, game_tables):
    small_lockout_limits(settings)


def _login(client, username, password, address=DESK):
    return sign_in_attempt(client, username, password, address)


def _lock_out(client, username, address=DESK, times=LIMIT):
    responses = [_login(client, username, "wrong-password", address) for _ in range(times)]
    assert responses[-1].status_code == 429


def test_axes_reset_username_unlocks_and_records_it(client, make_staff, capsys):
    make_staff("mona", "moderator")
    _lock_out(client, "mona")

    call_command("axes_reset_username", "mona", "nobody")

    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Unlocked 'mona': 3 failed sign-ins forgotten. Recorded in the audit log.",
        "'nobody' had no failed sign-ins: nothing changed. No staff account has this username.",
    ]
    assert not AccessAttempt.objects.filter(username="mona").exists()
    unlocked = [e for e in events.history("mona") if e.action == "sign_in_unlocked"]
    assert len(unlocked) == 1
    assert unlocked[0].actor == "manage.py"
    assert unlocked[0].after["failures_cleared"] == 3
    assert events.history("nobody") == []
    assert _login(client, "mona", STAFF_PASSWORD).status_code == 302


def test_axes_reset_ip_unlocks_an_address_for_every_username_and_records_it(
    client, make_staff, capsys
):
    make_staff("mona", "moderator")
    for name in ("a", "b", "c", "d"):  # 12 failures from one address, any names
        _lock_out(client, name, times=LIMIT)
    assert _login(client, "mona", STAFF_PASSWORD).status_code == 429

    call_command("axes_reset_ip", f" {DESK} ")

    assert capsys.readouterr().out.splitlines() == [
        f"Unlocked {DESK}: 12 failed sign-ins forgotten. Recorded in the audit log."
    ]
    # Filed under the command line's name, as an admin's address unlock is under theirs.
    [entry] = [e for e in events.history("manage.py") if e.action == "sign_in_unlocked"]
    assert entry.after["unlocked_address"] == DESK
    assert _login(client, "mona", STAFF_PASSWORD).status_code == 302
    admin = Client()
    force_login_verified(admin, make_staff("ada", "admin"))
    page = html.unescape(admin.get("/audit/", {"action": "sign_in_unlocked"}).content.decode())
    row = page[page.index('data-testid="audit-row"') :]
    assert "<td>Command line (manage.py)</td>" in row or "Command line (manage.py)" in row
    assert "no account by this name now" not in page


def test_axes_reset_ip_refuses_what_is_not_an_address_and_changes_nothing(client, make_staff):
    make_staff("mona", "moderator")
    _lock_out(client, "mona")

    with pytest.raises(CommandError, match=r"Not an IP address: 'desk-7'\. Nothing changed\."):
        call_command("axes_reset_ip", DESK, "desk-7")

    assert AccessAttempt.objects.filter(ip_address=DESK).exists()


def test_an_unlock_whose_audit_entry_cannot_be_written_says_so_and_exits_1(
    client, make_staff, faults, capsys, caplog
):
    make_staff("mona", "moderator")
    _lock_out(client, "mona")
    faults.fail_next("PutItem", times=20)

    with pytest.raises(CommandError) as raised:
        call_command("axes_reset_username", "mona")

    assert raised.value.returncode == 1
    assert str(raised.value).startswith(
        "Unlocked as said above, but not recorded in the audit log: 'mona' (DynamoDB is "
        "throttling requests"
    )
    said = capsys.readouterr()
    assert said.out.splitlines() == ["Unlocked 'mona': 3 failed sign-ins forgotten."]
    # The message says it, and no traceback is logged before it (operator probe).
    assert "Traceback" not in said.err
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
    assert not AccessAttempt.objects.filter(username="mona").exists()


@pytest.mark.parametrize("command", [axes_reset.Command, axes_reset_ip_username.Command])
def test_the_unrecorded_resets_are_refused(client, make_staff, capsys, command):
    make_staff("mona", "moderator")
    _lock_out(client, "mona")
    name = command.__module__.rsplit(".", 1)[-1]

    with pytest.raises(SystemExit) as exited:
        command().run_from_argv(["manage.py", name, "--ip", DESK, "--username", "mona"])

    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert f"`manage.py {name}` is not used here: it would skip the audit log." in err
    assert "`manage.py axes_reset_username USERNAME" in err
    assert AccessAttempt.objects.filter(username="mona").exists()


def test_manage_py_runs_these_not_axes_own():
    commands = get_commands()
    for name in ("axes_reset", "axes_reset_ip", "axes_reset_username", "axes_reset_ip_username"):
        assert commands[name] == "truthbyte_admin.accounts"


def test_an_address_locked_for_everyone_is_said_even_when_the_account_had_no_failures(
    client, make_staff, capsys
):
    make_staff("mona", "moderator")
    for name in ("a", "b", "c", "d"):
        _lock_out(client, name, times=LIMIT)

    call_command("axes_reset_username", "mona")

    assert capsys.readouterr().out.splitlines() == [
        "'mona' had no failed sign-ins: nothing changed.",
        f"Still locked out for every username: {DESK} (too many failed sign-ins from there with "
        "any names). Unlock an address with `manage.py axes_reset_ip ADDRESS`.",
    ]


def test_axes_reset_username_unlocks_the_name_as_sign_in_counts_it(client, make_staff, capsys):
    # " support" said "no failed sign-ins: nothing changed" and left the account locked.
    make_staff("mona", "moderator")
    _lock_out(client, "mona")

    call_command("axes_reset_username", " ｍｏｎａ ")

    assert capsys.readouterr().out.splitlines() == [
        "Unlocked 'mona' (typed ' ｍｏｎａ '): 3 failed sign-ins forgotten. Recorded in the audit "
        "log.",
    ]
    assert _login(client, "mona", STAFF_PASSWORD).status_code == 302


def test_axes_reset_username_says_when_no_account_has_the_name(capsys):
    call_command("axes_reset_username", "nobody-here")
    assert capsys.readouterr().out.splitlines() == [
        "'nobody-here' had no failed sign-ins: nothing changed. No staff account has this "
        "username.",
    ]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("  ", "A username can't be empty; nothing was unlocked."),
        ("mon\udce9", "'mon\\udce9' is not text (it holds bytes that are not UTF-8)"),
    ],
)
def test_axes_reset_username_refuses_a_name_that_cant_be_one_before_unlocking_any(
    client, make_staff, typed, reason
):
    make_staff("mona", "moderator")
    _lock_out(client, "mona")
    with pytest.raises(CommandError, match=re.escape(reason)):
        call_command("axes_reset_username", "mona", typed)
    assert AccessAttempt.objects.filter(username="mona").exists()  # nothing unlocked
