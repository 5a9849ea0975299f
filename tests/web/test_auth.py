"""Sign-in: every page needs a staff account; staff accounts come from `manage.py create_staff`."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from tests.conftest import STAFF_PASSWORD
from tests.support.commands import run_manage
from tests.support.staff import force_login_verified

PAGES = ["/", "/queue/", "/questions/", "/categories/", "/players/", "/daily/"]


@pytest.fixture(autouse=True)
def _audit_table(game_tables):
    """Sign-ins are written to the audit log (DynamoDB)."""


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={quote(url)}"


@pytest.mark.django_db
def test_login_page_is_public(client):
    response = client.get("/login/")

    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_account_without_staff_flag_cannot_get_in(client, db):
    User.objects.create_user("player", password=STAFF_PASSWORD, is_staff=False)

    client.post("/login/", {"username": "player", "password": STAFF_PASSWORD})
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_account_without_staff_flag_is_refused_at_the_login_form(client, db):
    User.objects.create_user("player", password=STAFF_PASSWORD, is_staff=False)

    response = client.post("/login/", {"username": "player", "password": STAFF_PASSWORD})

    assert response.status_code == 200  # the form again, with an error; no session
    assert "_auth_user_id" not in client.session
    assert client.get("/login/").status_code == 200  # no redirect loop


def test_a_refused_sign_in_sends_back_at_most_a_usernames_length(client, db):
    # A script's megabyte "username" is refused like any wrong name, and not echoed back whole.
    response = client.post("/login/", {"username": "a" * 200_000, "password": "x"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "don't match" in page or "do not match" in page or "correct username" in page
    assert f'value="{"a" * 150}"' in page
    assert "a" * 151 not in page


def test_inactive_staff_cannot_get_in(client, db):
    User.objects.create_user("gone", password=STAFF_PASSWORD, is_staff=True, is_active=False)

    response = client.post("/login/", {"username": "gone", "password": STAFF_PASSWORD})

    assert response.status_code == 200  # the form again, with the error
    assert client.get("/")["Location"].startswith("/login/")


def test_staff_signs_in_and_is_sent_to_next(client, make_staff):
    make_staff("mona", "moderator")

    response = client.post(
        "/login/", {"username": "mona", "password": STAFF_PASSWORD, "next": "/daily/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/daily/"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "next_page",
    [
        "https://evil.example/",
        "//evil.example/",
        "//",
        "/\\evil.example/",
        "queue/",
        # Opened, the sign-out page only says to use the button (sign-in probe).
        "/logout/",
        "/logout/?from=queue",
        "/logout/#top",
    ],
)
def test_login_goes_on_only_to_a_page_of_this_site_worth_landing_on(client, make_staff, next_page):
    make_staff("mona", "moderator")

    response = client.post(
        "/login/", {"username": "mona", "password": STAFF_PASSWORD, "next": next_page}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logout_ends_the_session(moderator_client):
    response = moderator_client.post("/logout/")

    assert response.status_code == 302
    assert moderator_client.get("/")["Location"].startswith("/login/")


def test_signing_out_says_so_on_the_sign_in_page(moderator_client):
    response = moderator_client.post("/logout/", follow=True)

    assert response.request["PATH_INFO"] == "/login/"
    assert "Signed out mona." in response.content.decode()


# --- manage.py create_staff ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "group"), [("moderator", "Moderators"), ("editor", "Editors"), ("support", "Support")]
)
def test_create_staff_puts_the_account_in_its_group(db, monkeypatch, role, group):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)

    call_command("create_staff", "newbie", "--role", role, "--noinput")

    user = User.objects.get(username="newbie")
    assert user.is_staff
    assert user.is_active
    assert not user.is_superuser
    assert [g.name for g in user.groups.all()] == [group]
    assert user.check_password(STAFF_PASSWORD)


def test_create_staff_admin_is_a_superuser_without_groups(db, monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)

    call_command("create_staff", "boss", "--role", "admin", "--noinput")

    user = User.objects.get(username="boss")
    assert user.is_staff
    assert user.is_superuser
    assert list(user.groups.all()) == []


def test_create_staff_changes_role_of_an_existing_account(db, monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)
    call_command("create_staff", "eddie", "--role", "editor", "--noinput")

    call_command("create_staff", "eddie", "--role", "moderator", "--noinput")

    user = User.objects.get(username="eddie")
    assert [g.name for g in user.groups.all()] == ["Moderators"]
    assert User.objects.filter(username="eddie").count() == 1


def test_create_staff_noinput_needs_the_password_variable(db, monkeypatch):
    monkeypatch.delenv("DJANGO_STAFF_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="DJANGO_STAFF_PASSWORD"):
        call_command("create_staff", "newbie", "--role", "editor", "--noinput")

    assert not User.objects.filter(username="newbie").exists()


def test_create_staff_rejects_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", "password")

    with pytest.raises(CommandError):
        call_command("create_staff", "newbie", "--role", "editor", "--noinput")

    assert not User.objects.filter(username="newbie").exists()


def test_created_staff_can_sign_in(client, db, monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)
    call_command("create_staff", "sam", "--role", "support", "--noinput")

    response = client.post("/login/", {"username": "sam", "password": STAFF_PASSWORD})

    assert response.status_code == 302
    assert client.get("/").status_code == 200


# --- the shell shows who is signed in, and as what -------------------------------------------


@pytest.mark.parametrize(
    ("role", "label"),
    [("moderator", "Moderator"), ("editor", "Editor"), ("support", "Support"), ("admin", "Admin")],
)
def test_shell_shows_the_role(client, make_staff, role, label):
    force_login_verified(client, make_staff("someone", role))

    html = client.get("/").content.decode()

    start = html.index('data-testid="whoami"')
    whoami = html[start : html.index("</span></span>", start)]
    assert "someone" in whoami
    assert f'<span class="role">{label}' in whoami


# --- create_staff: full password validation, a fresh setup, no tracebacks, 2FA reset ----------


def test_create_staff_rejects_a_password_like_the_username(db, monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", "moderator-jane-smith")  # long, uncommon

    with pytest.raises(CommandError, match="too similar to the username"):
        call_command("create_staff", "moderator-jane-smith", "--role", "moderator", "--noinput")

    assert not User.objects.filter(username="moderator-jane-smith").exists()


@pytest.mark.parametrize("password", ["8412396650213", "short-pw"])
def test_create_staff_rejects_numeric_and_short_passwords(db, monkeypatch, password):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", password)

    with pytest.raises(CommandError):
        call_command("create_staff", "newbie", "--role", "editor", "--noinput")


@pytest.mark.parametrize("username", ["bad name!", "x" * 151, "   "])
def test_create_staff_refuses_a_bad_username_clearly(db, monkeypatch, username):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)

    with pytest.raises(CommandError, match="username"):
        call_command("create_staff", username, "--role", "editor", "--noinput")


def test_create_staff_stores_the_name_as_sign_in_reads_it(db, monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)

    call_command("create_staff", "\uff56ictim_mod", "--role", "moderator", "--noinput")

    assert User.objects.filter(username="victim_mod").exists()


def test_create_staff_resets_a_second_factor(db, monkeypatch):
    from django_otp import user_has_device

    from tests.support.staff import enrol_authenticator
    from truthbyte_admin.accounts import events, two_factor

    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)
    call_command("create_staff", "ada", "--role", "admin", "--noinput")
    ada = User.objects.get(username="ada")
    enrol_authenticator(ada)
    two_factor.replace_backup_codes(ada)

    call_command("create_staff", "ada", "--role", "admin", "--reset-2fa", "--keep-password")

    assert not user_has_device(ada, confirmed=None)
    assert User.objects.get(username="ada").check_password(STAFF_PASSWORD)
    assert events.history("ada")[0].action == "second_factor_reset"


def test_create_staff_reset_makes_any_role_set_it_up_again(db, monkeypatch, capsys):
    from tests.support.staff import enrol_authenticator
    from truthbyte_admin.accounts import events, two_factor

    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)
    call_command("create_staff", "eddie", "--role", "editor", "--noinput")
    eddie = User.objects.get(username="eddie")
    assert not two_factor.is_required(eddie)  # editors may sign in with a password alone
    call_command("create_staff", "eddie", "--role", "editor", "--reset-2fa", "--keep-password")
    assert "nothing to reset" in capsys.readouterr().out
    assert not two_factor.is_required(eddie)
    assert not [e for e in events.history("eddie") if e.action == "second_factor_reset"]
    enrol_authenticator(eddie)

    call_command("create_staff", "eddie", "--role", "editor", "--reset-2fa", "--keep-password")

    assert "they must set one up again at their next sign-in" in capsys.readouterr().out
    assert two_factor.is_required(eddie)


def test_keep_password_needs_an_existing_account(db):
    with pytest.raises(CommandError, match="no account"):
        call_command("create_staff", "nobody", "--role", "editor", "--keep-password")


def _manage(args, **env_overrides):
    return run_manage(*args, **{"DJANGO_STAFF_PASSWORD": STAFF_PASSWORD, **env_overrides})


def _audit_table_env(settings) -> dict[str, str]:
    # The command exits 1 when it can't write its audit entry: give it this test's tables.
    return {
        "DYNAMODB_ENDPOINT_URL": settings.DYNAMODB_ENDPOINT_URL,
        "TRUTHBYTE_ENV": settings.TRUTHBYTE_ENV,
    }


def test_create_staff_works_on_a_fresh_sqlite_setup(tmp_path, game_tables, settings):
    url = f"sqlite:///{tmp_path / 'staff.sqlite3'}"  # what `make setup` leaves: no tables yet
    audit = _audit_table_env(settings)

    first = _manage(
        ["create_staff", "boss", "--role", "admin", "--noinput"], DATABASE_URL=url, **audit
    )
    again = _manage(
        ["create_staff", "boss", "--role", "editor", "--noinput"], DATABASE_URL=url, **audit
    )

    assert first.returncode == 0, first.stderr
    assert "running `migrate` first" in first.stdout
    assert "Created staff account 'boss', role Admin." in first.stdout
    assert again.returncode == 0, again.stderr
    assert "migrate" not in again.stdout
    assert "Role of 'boss': Admin → Editor." in again.stdout


def test_create_staff_works_on_a_fresh_postgres_database(postgres_only, game_tables, settings):
    url = postgres_only.create_database("fresh_create_staff")

    result = _manage(
        ["create_staff", "boss", "--role", "admin", "--noinput"],
        DATABASE_URL=url,
        **_audit_table_env(settings),
    )

    assert result.returncode == 0, result.stderr
    assert "Created staff account 'boss'" in result.stdout


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ["create_staff", "bad name!", "--role", "editor", "--noinput"],
            {},
            "Not a valid username",
        ),
        (
            ["create_staff", "newbie", "--role", "editor", "--noinput"],
            {"DJANGO_STAFF_PASSWORD": "newbie"},
            "too short",
        ),
        (["create_staff", "newbie", "--role", "chief", "--noinput"], {}, "invalid choice"),
        (
            ["create_staff", "newbie", "--role", "editor", "--noinput"],
            {"DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"},
            "staff database can't be used",
        ),
    ],
)
def test_create_staff_bad_input_is_a_message_not_a_traceback(tmp_path, args, env, message):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'staff.sqlite3'}", **env}

    result = _manage(args, **env)

    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_only_sign_in_and_healthz_are_open_without_signing_in():
    """Django's LoginRequiredMiddleware (with the staff rule): every view needs a staff account
    unless marked login_not_required; the list of marked views stays this short."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def views(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from views(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern), entry.callback

    open_routes = {
        route
        for route, view in views(get_resolver().url_patterns)
        if not getattr(view, "login_required", True)
    }
    # logout/ too: signed out already, it only says to use the page's button (GET) or signs
    # nobody out (POST).
    assert open_routes <= {"healthz", "login/", "login/verify/", "logout/", "^.*$"}
    assert {"healthz", "login/", "login/verify/"} <= open_routes


def test_opening_the_sign_out_address_when_signed_out_is_not_a_sign_in_that_lands_there(client, db):
    response = client.get("/logout/")

    assert response.status_code == 405
    assert "Nothing was changed" in response.content.decode()
    assert client.post("/logout/")["Location"] == "/login/"


# --- sent to sign in from a page: the session ended --------------------------------------------


def _sign_in_page_after(response, client) -> str:
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    return client.get(response["Location"]).content.decode()


def test_a_change_sent_after_the_session_ended_is_said_not_saved(client, make_staff):
    make_staff("eddie", "editor")

    response = client.post("/questions/q_00000001/", {"question": "Changed?", "answer": "true"})

    assert response["Location"] == "/login/?next=/questions/q_00000001/&unsaved=1"
    page = _sign_in_page_after(response, client)
    assert "You were signed out" in page
    assert "what you just sent was NOT saved" in page
    assert 'role="alert"' in page
    assert 'name="unsaved" value="1"' in page
    landed = client.post(
        "/login/",
        {"username": "eddie", "password": STAFF_PASSWORD, "next": "/questions/", "unsaved": "1"},
        follow=True,
    )
    assert "the change you sent before signing in was not saved" in landed.content.decode()
    # Said once: the next page doesn't repeat it.
    assert "was not saved" not in client.get("/questions/").content.decode()


@pytest.mark.parametrize(
    ("sent_to", "referer", "back_to"),
    [
        # A form-only address: back to the page the form was on, with its query.
        (
            "/queue/q_00000001/reject/",
            "http://testserver/queue/q_00000001/?next=%2Fqueue%2F",
            "/queue/q_00000001/?next=%2Fqueue%2F",
        ),
        ("/categories/art/rename/", "http://testserver/categories/", "/categories/"),
        # No page named, or another site's: the address the form was sent to.
        ("/categories/art/rename/", "", "/categories/art/rename/"),
        ("/categories/art/rename/", "https://evil.example/categories/", "/categories/art/rename/"),
        ("/categories/art/rename/", "http://testserver//evil.example/x", "/categories/art/rename/"),
        ("/categories/art/rename/", "http://testserver/login?x=1", "/categories/art/rename/"),
    ],
)
def test_after_signing_in_again_a_refused_form_leads_back_to_its_page(
    client, make_staff, sent_to, referer, back_to
):
    make_staff("mona", "moderator")
    headers = {"HTTP_REFERER": referer} if referer else {}

    response = client.post(sent_to, {"reason": "spam"}, **headers)

    assert response.status_code == 302
    login = urlsplit(response["Location"])
    assert login.path == "/login/"
    assert parse_qs(login.query) == {"next": [back_to], "unsaved": ["1"]}


def test_the_reminder_waits_for_the_second_factor(client, make_staff):
    from tests.support.staff import current_code, enrol_authenticator

    device = enrol_authenticator(make_staff("eddie", "editor"))
    client.post("/login/", {"username": "eddie", "password": STAFF_PASSWORD, "unsaved": "1"})

    verify = client.get("/login/verify/").content.decode()
    assert "was not saved" not in verify  # not signed in yet
    landed = client.post("/login/verify/", {"token": current_code(device)}, follow=True)
    assert "the change you sent before signing in was not saved" in landed.content.decode()


def test_an_in_place_change_after_the_session_ended_is_said_not_saved(client):
    from tests.support.htmx import assert_whole_page_sent_to, from_page

    response = client.post("/queue/q_1/approve/", **from_page("/queue/"))

    assert_whole_page_sent_to(response, "/login/?next=%2Fqueue%2F&unsaved=1")
    page = client.get(response["HX-Redirect"]).content.decode()
    assert "what you just sent was NOT saved" in page


def test_opening_a_page_signed_out_says_so_without_speaking_of_changes(client, db):
    page = _sign_in_page_after(client.get("/questions/"), client)

    # True on a first visit too (never signed in), so no "You are signed out".
    assert "Sign in to go on to that page. If you were signed in, your session ended" in page
    assert "a session ends after 10 hours" in page
    assert "You are signed out" not in page
    assert "NOT saved" not in page
    assert "not saved" not in page
    assert "go on to that page" not in client.get("/login/").content.decode()  # no page before


def _field(html: str, field_id: str) -> str:
    start = html.index(f'<input id="{field_id}"')
    return html[start : html.index(">", start)]


def test_a_refused_sign_in_ties_its_message_to_the_fields(client, make_staff):
    make_staff("eddie", "editor")

    html = client.post("/login/", {"username": "eddie", "password": "nope"}).content.decode()

    assert 'role="alert" id="sign-in-error"' in html
    for field in ("id_username", "id_password"):
        assert 'aria-invalid="true"' in _field(html, field)
        assert 'aria-describedby="sign-in-error"' in _field(html, field)
    fresh = client.get("/login/").content.decode()
    assert "aria-invalid" not in _field(fresh, "id_username")
