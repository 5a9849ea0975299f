"""Sign-in: every page needs a staff account; staff accounts come from `manage.py create_staff`."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import CommandError, call_command

from tests.conftest import STAFF_PASSWORD

PAGES = ["/", "/queue/", "/questions/", "/categories/", "/players/", "/daily/"]


@pytest.fixture(autouse=True)
def _fresh_lockouts():
    caches["security"].clear()
    yield
    caches["security"].clear()


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


def test_login_does_not_redirect_off_site(client, make_staff):
    make_staff("mona", "moderator")

    response = client.post(
        "/login/",
        {"username": "mona", "password": STAFF_PASSWORD, "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_logout_ends_the_session(moderator_client):
    response = moderator_client.post("/logout/")

    assert response.status_code == 302
    assert moderator_client.get("/")["Location"].startswith("/login/")


# --- manage.py create_staff ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "group"), [("moderator", "Moderators"), ("editor", "Editors"), ("support", "Support")]
)
def test_create_staff_puts_the_account_in_its_group(db, monkeypatch, role, group):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)

    call_command("create_staff", "newbie", "--role", role, "--noinput")

    user = User.objects.get(username="newbie")
    assert user.is_staff and user.is_active and not user.is_superuser
    assert [g.name for g in user.groups.all()] == [group]
    assert user.check_password(STAFF_PASSWORD)


def test_create_staff_admin_is_a_superuser_without_groups(db, monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STAFF_PASSWORD)

    call_command("create_staff", "boss", "--role", "admin", "--noinput")

    user = User.objects.get(username="boss")
    assert user.is_staff and user.is_superuser
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
    client.force_login(make_staff("someone", role))

    html = client.get("/").content.decode()

    start = html.index('data-testid="whoami"')
    whoami = html[start : html.index("</span></span>", start)]
    assert "someone" in whoami
    assert f'<span class="role">{label}' in whoami
