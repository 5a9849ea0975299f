"""manage.py create_staff when the audit entry can't be written (DynamoDB unreachable): the
change is made, the command says so and why in one line (no traceback), never "Recorded in the
audit log", and exits 1 so a script notices. And a reset says what it removed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from tests.conftest import STAFF_PASSWORD
from tests.support.staff import enrol_authenticator
from truthbyte_admin.accounts import two_factor

pytestmark = pytest.mark.django_db

NOTHING_THERE = "http://127.0.0.1:9"  # the discard port: DynamoDB unreachable, for real


@pytest.fixture(autouse=True)
def _password(game_tables, monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)


@pytest.fixture
def audit_down(settings):
    settings.DYNAMODB_ENDPOINT_URL = NOTHING_THERE


def _refused(capsys, *args: str) -> tuple[str, str, CommandError]:
    with pytest.raises(CommandError) as refused:
        call_command("create_staff", *args)
    captured = capsys.readouterr()
    return captured.out, captured.err, refused.value


def test_a_new_account_not_audited_is_said_so_and_exits_1(capsys, audit_down):
    out, err, error = _refused(capsys, "offline2", "--role", "support", "--noinput")

    assert "Created staff account 'offline2', role Support." in out
    assert "Recorded in the audit log" not in out
    message = str(error)
    assert message.startswith(
        "Staff account 'offline2' was created as said above, but the audit log entry could not "
        "be written: DynamoDB could not be reached (EndpointConnectionError: Could not connect "
        f'to the endpoint URL: "{NOTHING_THERE}/"'
    )
    assert "\n" not in message
    assert "please try again" not in message
    assert error.returncode == 1
    assert "Traceback" not in err
    assert User.objects.filter(username="offline2").exists()


@pytest.mark.parametrize(
    ("args", "done"),
    [
        (("--role", "moderator", "--keep-password"), "changed"),
        (("--keep-password", "--reset-2fa"), "changed"),
        (("--deactivate",), "deactivated"),
    ],
)
def test_each_change_not_audited_is_said_so_and_exits_1(capsys, settings, args, done):
    call_command("create_staff", "eddie", "--role", "editor", "--noinput")
    enrol_authenticator(User.objects.get(username="eddie"))
    capsys.readouterr()
    settings.DYNAMODB_ENDPOINT_URL = NOTHING_THERE

    out, _, error = _refused(capsys, "eddie", *args)

    assert "Recorded in the audit log" not in out
    assert str(error).startswith(f"Staff account 'eddie' was {done} as said above, but the audit")


def test_reactivating_not_audited_is_said_so(capsys, settings):
    call_command("create_staff", "mona", "--role", "editor", "--noinput")
    call_command("create_staff", "mona", "--deactivate")
    capsys.readouterr()
    settings.DYNAMODB_ENDPOINT_URL = NOTHING_THERE

    out, _, error = _refused(capsys, "mona", "--reactivate")

    assert "Reactivated 'mona'" in out
    assert "Recorded in the audit log" not in out
    assert str(error).startswith("Staff account 'mona' was reactivated as said above")
    assert User.objects.get(username="mona").is_active


def test_a_write_not_confirmed_says_it_may_or_may_not_be_there(capsys, faults):
    faults.drop_next("PutItem", times=10)  # written, every answer lost

    _, _, error = _refused(capsys, "maybe", "--role", "editor", "--noinput")

    assert "may or may not be in the audit log" in str(error)


def test_nothing_changed_needs_no_audit_entry_and_succeeds(capsys, settings):
    call_command("create_staff", "eddie", "--role", "editor", "--noinput")
    capsys.readouterr()
    settings.DYNAMODB_ENDPOINT_URL = NOTHING_THERE

    call_command("create_staff", "eddie", "--role", "editor", "--keep-password")

    assert "Staff account 'eddie': nothing changed." in capsys.readouterr().out


def test_a_reset_names_what_it_removed(capsys):
    call_command("create_staff", "ada", "--role", "admin", "--noinput")
    ada = User.objects.get(username="ada")
    enrol_authenticator(ada)
    two_factor.replace_backup_codes(ada)
    capsys.readouterr()

    call_command("create_staff", "ada", "--reset-2fa", "--keep-password")

    out = capsys.readouterr().out
    assert "reset (2 devices: authenticator app and backup codes removed)" in out
    assert "Recorded in the audit log ('ada')." in out
