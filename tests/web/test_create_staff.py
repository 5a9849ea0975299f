"""manage.py create_staff says what it did to an account and records it in the audit log (actor:
the command line), refuses the audit log's own names, and deactivates / reactivates accounts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from tests.conftest import STAFF_PASSWORD
from tests.support.staff import enrol_authenticator, force_login_verified
from truthbyte_admin.accounts import events

pytestmark = pytest.mark.django_db

OTHER_PASSWORD = "violet-otter-lantern-1987"


@pytest.fixture(autouse=True)
def _audit_table(game_tables, monkeypatch, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)


def _run(capsys, *args: str) -> str:
    call_command("create_staff", *args)
    return capsys.readouterr().out


def _actions(username: str) -> list[str]:
    return [entry.action for entry in reversed(events.history(username))]


def test_a_new_account_says_created_with_its_role_and_is_audited(capsys):
    out = _run(capsys, "newbie", "--role", "editor", "--noinput")

    assert "Created staff account 'newbie', role Editor." in out
    assert "ready" not in out
    [entry] = events.history("newbie")
    assert entry.action == "staff_created"
    assert entry.actor == "manage.py"
    assert entry.after["role"] == "Editor"


def test_overwriting_an_account_says_what_changed_and_records_each_change(capsys, monkeypatch):
    _run(capsys, "eddie", "--role", "editor", "--noinput")
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", OTHER_PASSWORD)

    out = _run(capsys, "eddie", "--role", "moderator", "--noinput")

    assert "Role of 'eddie': Editor → Moderator." in out
    assert "Password of 'eddie' changed; 0 open sessions ended." in out
    assert "Created" not in out
    assert _actions("eddie") == ["staff_created", "role_changed", "password_changed"]
    role_change = next(e for e in events.history("eddie") if e.action == "role_changed")
    assert role_change.before == {"role": "Editor"}
    assert role_change.after["role"] == "Moderator"
    assert role_change.actor == "manage.py"


def test_the_same_role_and_password_again_changes_nothing_and_records_nothing(capsys):
    _run(capsys, "eddie", "--role", "editor", "--noinput")

    out = _run(capsys, "eddie", "--role", "editor", "--noinput")

    assert "Password of 'eddie': the same as before, not changed." in out
    assert "Staff account 'eddie': nothing changed." in out
    assert _actions("eddie") == ["staff_created"]


def test_an_existing_account_keeps_its_role_without_role(capsys):
    _run(capsys, "ada", "--role", "admin", "--noinput")
    enrol_authenticator(User.objects.get(username="ada"))

    out = _run(capsys, "ada", "--reset-2fa", "--keep-password")

    assert User.objects.get(username="ada").is_superuser
    assert "Second factor of 'ada' reset (1 device: authenticator app removed)" in out
    assert "Role" not in out
    assert _actions("ada") == ["staff_created", "second_factor_reset"]
    assert events.history("ada")[0].actor == "manage.py"


def test_a_new_account_needs_a_role():
    with pytest.raises(CommandError, match="a new one needs --role"):
        call_command("create_staff", "newbie", "--noinput")

    assert not User.objects.filter(username="newbie").exists()


def test_typing_a_password_for_an_existing_account_warns_first(capsys, monkeypatch):
    _run(capsys, "mona", "--role", "moderator", "--noinput")
    prompts = []
    monkeypatch.setattr(
        "getpass.getpass", lambda prompt: prompts.append(capsys.readouterr().out) or OTHER_PASSWORD
    )

    _run(capsys, "mona", "--role", "moderator")

    assert (
        "'mona' is an existing account (Moderator): the password you type replaces theirs"
        in (prompts[0])
    )


@pytest.mark.parametrize("username", ["anonymous", "Anonymous", "MANAGE.PY", "\uff4danage.py"])
def test_the_audit_logs_own_names_are_refused(username):
    with pytest.raises(CommandError, match="audit log uses"):
        call_command("create_staff", username, "--role", "editor", "--noinput")

    assert not User.objects.exists()


def test_the_audit_log_shows_the_change_to_admins_by_the_command_line(capsys, client, make_staff):
    from django.urls import reverse

    _run(capsys, "newbie", "--role", "support", "--noinput")
    admin_page = Client()
    force_login_verified(admin_page, make_staff("ada", "admin"))
    force_login_verified(client, make_staff("sue", "support"))

    html = admin_page.get(reverse("auditlog:index"), {"action": "staff_created"}).content.decode()
    hidden = client.get(reverse("auditlog:index"), {"action": "staff_created"}).content.decode()

    assert "Created the staff account" in html
    assert "command line (manage.py)" in html
    assert "newbie" in html
    assert "newbie" not in hidden  # a staff-account event: admins only


# --- --deactivate / --reactivate ---------------------------------------------------------------


def _signed_in(username: str) -> Client:
    client = Client()
    force_login_verified(client, User.objects.get(username=username))
    assert client.get("/").status_code == 200
    return client


def test_deactivating_ends_open_sessions_and_is_audited(capsys):
    _run(capsys, "mona", "--role", "moderator", "--noinput")
    open_session = _signed_in("mona")

    out = _run(capsys, "mona", "--deactivate")

    assert "Deactivated 'mona': they can't sign in; 1 open session ended." in out
    assert open_session.get("/")["Location"].startswith("/login/")
    assert not User.objects.get(username="mona").is_active
    entry = events.history("mona")[0]
    assert (entry.action, entry.actor, entry.after["sessions_ended"]) == (
        "deactivated",
        "manage.py",
        1,
    )


def test_a_deactivated_account_is_refused_like_a_wrong_password(capsys):
    _run(capsys, "mona", "--role", "moderator", "--noinput")
    _run(capsys, "mona", "--deactivate")

    deactivated = Client().post("/login/", {"username": "mona", "password": STAFF_PASSWORD})
    wrong = Client().post("/login/", {"username": "mona", "password": "not-the-password"})

    assert deactivated.status_code == wrong.status_code == 200
    assert "_auth_user_id" not in deactivated.client.session
    assert (
        _error(deactivated)
        == _error(wrong)
        == ("That username and password don't match a staff account.")
    )
    assert "deactivated" not in deactivated.content.decode().lower()
    assert "inactive" not in deactivated.content.decode().lower()


def test_a_deactivated_account_costs_the_same_password_check_as_a_wrong_password(
    capsys, monkeypatch
):
    """Same timing class: the password is checked against the stored hash either way (no
    early return that would tell a deactivated account by a quicker answer)."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    _run(capsys, "mona", "--role", "moderator", "--noinput")
    _run(capsys, "mona", "--deactivate")
    checks = []
    verify = MD5PasswordHasher.verify
    monkeypatch.setattr(
        MD5PasswordHasher, "verify", lambda self, *a: checks.append(1) or verify(self, *a)
    )

    Client().post("/login/", {"username": "mona", "password": STAFF_PASSWORD})
    deactivated = len(checks)
    Client().post("/login/", {"username": "mona", "password": "not-the-password"})

    assert deactivated == 1
    assert len(checks) == 2


def test_reactivating_lets_them_sign_in_again_and_is_audited(capsys):
    _run(capsys, "mona", "--role", "moderator", "--noinput")
    _run(capsys, "mona", "--deactivate")

    out = _run(capsys, "mona", "--reactivate")

    assert "Reactivated 'mona': they can sign in again" in out
    response = Client().post("/login/", {"username": "mona", "password": STAFF_PASSWORD})
    assert response.status_code == 302
    assert _actions("mona")[-3:] == ["deactivated", "reactivated", "sign_in"]


def test_deactivating_twice_says_so_and_records_nothing(capsys):
    _run(capsys, "mona", "--role", "moderator", "--noinput")
    _run(capsys, "mona", "--deactivate")

    out = _run(capsys, "mona", "--deactivate")

    assert "Staff account 'mona' is already deactivated: nothing changed." in out
    assert _actions("mona").count("deactivated") == 1


def test_deactivate_changes_nothing_else_and_needs_an_account(capsys):
    _run(capsys, "mona", "--role", "moderator", "--noinput")

    with pytest.raises(CommandError, match="change nothing else.*--role"):
        call_command("create_staff", "mona", "--deactivate", "--role", "admin")
    with pytest.raises(CommandError, match="no account 'nobody'"):
        call_command("create_staff", "nobody", "--reactivate")
    with pytest.raises(CommandError):
        call_command("create_staff", "mona", "--deactivate", "--reactivate")

    assert User.objects.get(username="mona").is_active


def test_the_staff_page_shows_a_deactivated_account(capsys, admin_client):
    _run(capsys, "mona", "--role", "moderator", "--noinput")
    _run(capsys, "mona", "--deactivate")

    html = admin_client.get("/account/staff/").content.decode()

    row = html[html.index('data-username="mona"') :]
    row = row[: row.index("</tr>")]
    assert '<span class="badge">deactivated</span>' in row


def _error(response) -> str:
    html = response.content.decode()
    start = html.index('id="sign-in-error">') + len('id="sign-in-error">')
    return html[start : html.index("</p>", start)]


def test_changing_a_deactivated_account_says_it_stays_deactivated(capsys):
    _run(capsys, "mona", "--role", "moderator", "--noinput")
    _run(capsys, "mona", "--deactivate")

    out = _run(capsys, "mona", "--role", "admin", "--keep-password")

    assert "Role of 'mona': Moderator → Admin." in out
    assert "'mona' is still deactivated: they can't sign in until" in out
    assert not User.objects.get(username="mona").is_active


def test_a_session_signed_out_by_a_deactivation_is_told_why(capsys):
    _run(capsys, "mona", "--role", "moderator", "--noinput")
    open_session = _signed_in("mona")
    _run(capsys, "mona", "--deactivate")

    html = open_session.get("/", follow=True).content.decode()

    assert "An admin deactivated this account at " in html


@pytest.mark.parametrize(
    ("username", "password", "reason"),
    [
        # A Latin-1 terminal's é: read as a lone surrogate, it was called an invisible character.
        ("ren\udce9", STAFF_PASSWORD, "The username holds bytes that are not UTF-8"),
        # It reached set_password and failed there with a traceback.
        ("renee", STAFF_PASSWORD + "\udce9", "DJANGO_STAFF_PASSWORD holds bytes that are not"),
    ],
)
def test_text_that_is_not_utf8_is_refused_and_nothing_is_created(
    monkeypatch, username, password, reason
):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", password)
    with pytest.raises(CommandError, match=reason):
        call_command("create_staff", username, "--role", "editor", "--noinput")
    assert not User.objects.filter(username__startswith="ren").exists()
