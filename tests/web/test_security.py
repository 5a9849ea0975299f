"""Security headers, cookies, CSRF, templates without inline code, deploy checks, the secret key
guard, error pages and caching. tests/settings.py runs with DEBUG off, like production.
(The sign-in lockout: test_lockout.py.)"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.conftest import STAFF_PASSWORD
from tests.support.htmx import assert_left_alone, assert_whole_page_sent_to, from_page

ROOT = Path(__file__).resolve().parents[2]


def _csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


# --- headers --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/login/", "/healthz", "/no-such-page/"])
def test_csp_on_public_responses(client, url):
    response = client.get(url)

    _assert_strict_csp(response)


def test_csp_on_signed_in_pages(moderator_client):
    for url in ["/", "/no-such-page/"]:
        _assert_strict_csp(moderator_client.get(url))


@pytest.mark.django_db
def test_no_page_may_use_the_camera_microphone_or_location(client, moderator_client):
    for response in (client.get("/login/"), moderator_client.get("/")):
        policy = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment"):
            assert f"{feature}=()" in policy


def _assert_strict_csp(response):
    csp = _csp(response)
    header = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["form-action"] == "'self'"


@pytest.mark.django_db
def test_framing_and_sniffing_are_refused(client):
    response = client.get("/login/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_hsts_on_secure_requests(client):
    response = client.get("/login/", secure=True)

    hsts = response["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 31536000
    assert "includeSubDomains" in hsts
    assert "preload" in hsts


@pytest.mark.django_db
def test_no_hsts_over_plain_http(client):
    # Browsers ignore it there anyway; SecurityMiddleware only sends it on HTTPS.
    assert "Strict-Transport-Security" not in client.get("/login/")


# --- cookies --------------------------------------------------------------------------------


def test_session_and_csrf_cookies_are_locked_down(client, make_staff, game_tables):
    make_staff("mona", "moderator")

    response = client.post("/login/", {"username": "mona", "password": STAFF_PASSWORD}, secure=True)

    assert response.status_code == 302
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session.value
    assert session["httponly"] is True
    assert session["secure"] is True
    assert session["samesite"] == "Lax"
    csrf = response.cookies[django_settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True  # htmx takes the token from the page, not the cookie


# --- CSRF -----------------------------------------------------------------------------------


@pytest.fixture
def csrf_client(make_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff("mona", "moderator"))
    return client


def test_post_without_csrf_token_is_refused(csrf_client):
    response = csrf_client.post("/logout/")

    assert response.status_code == 403
    assert csrf_client.get("/").status_code == 200  # still signed in


def test_login_post_without_csrf_token_is_refused(make_staff):
    make_staff("mona", "moderator")
    client = Client(enforce_csrf_checks=True)

    response = client.post("/login/", {"username": "mona", "password": STAFF_PASSWORD})

    assert response.status_code == 403


def test_htmx_post_with_token_from_hx_headers_is_accepted(csrf_client):
    page = csrf_client.get("/").content.decode()
    match = re.search(r"""hx-headers='\{"X-CSRFToken": "([^"]+)"\}'""", page)
    assert match, "base.html must put the CSRF token in <body hx-headers>"

    response = csrf_client.post("/logout/", HTTP_X_CSRFTOKEN=match.group(1), HTTP_HX_REQUEST="true")

    assert response.status_code == 302
    assert csrf_client.get("/")["Location"].startswith("/login/")


def test_plain_form_post_with_csrf_field_is_accepted(csrf_client):
    page = csrf_client.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = csrf_client.post("/logout/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302


# --- templates: escaping on, no inline code (CSP would block it anyway) ---------------------


def _template_files() -> list[Path]:
    dirs = [Path(d) for d in django_settings.TEMPLATES[0]["DIRS"]]
    dirs += list((ROOT / "truthbyte_admin").glob("*/templates"))
    files = sorted(p for d in dirs for p in d.rglob("*.html"))
    assert files, "no templates found"
    return files


def _offences(pattern: str, flags=re.IGNORECASE) -> list[str]:
    regex = re.compile(pattern, flags)
    found = []
    for path in _template_files():
        text = path.read_text()
        for match in regex.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)[:80]}")
    return found


def test_templates_never_switch_off_escaping():
    assert _offences(r"\|\s*safe(seq)?\b") == []
    assert _offences(r"{%\s*autoescape\s+off\s*%}") == []


def test_templates_have_no_inline_scripts():
    # Only <script src="..."></script> is allowed.
    scripts = _offences(r"<script\b[^>]*>")
    assert [s for s in scripts if not re.search(r"\bsrc\s*=", s)] == []
    assert _offences(r"<script\b[^>]*\bsrc\s*=[^>]*>\s*[^<\s]") == []  # no body after src


def test_templates_have_no_inline_styles():
    assert _offences(r"\sstyle\s*=") == []
    assert _offences(r"<style\b") == []


def test_templates_have_no_inline_event_handlers_or_javascript_urls():
    assert _offences(r"\son[a-z]+\s*=\s*[\"']") == []
    assert _offences(r"\shx-on[:\-]") == []
    assert _offences(r"javascript:") == []


# --- production settings ----------------------------------------------------------------------


def _production_env(**overrides) -> dict[str, str]:
    """The test process's environment minus the app's variables (tests/settings.py sets some)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "LOGIN_", "DYNAMODB_", "PYTEST_")) and k != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="truthbyte_admin.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="admin.example.com",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_catches_plain_http(tmp_path):
    # The check is live: switching the HTTPS redirect off makes it fail.
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        _production_env(DJANGO_SECURE_SSL_REDIRECT="0"),
    )

    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


_SETUP = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'truthbyte_admin.settings'; "
    "django.setup()"
)


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = _run(["-c", _SETUP], _production_env(DJANGO_SECRET_KEY=None))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "short-key",
        "insecure-local-development-key-do-not-use-in-production",
        secrets.token_urlsafe(30),  # 40 characters: more than before, less than check --deploy's
        "ab" * 40,  # long, but 2 different characters
    ],
    # Named, not shown: every pytest-xdist worker must collect the same test ids.
    ids=["short", "the-development-key", "40-characters", "two-characters-repeated"],
)
def test_settings_refuse_a_short_or_known_secret_key(key):
    result = _run(["-c", _SETUP], _production_env(DJANGO_SECRET_KEY=key))

    assert result.returncode != 0
    assert "too short or a known development key" in result.stderr


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        ({"DJANGO_SECRET_KEY": None}, "manage.py: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG"),
        (
            {"DYNAMODB_TIMEOUT_SECONDS": "five"},
            "manage.py: DYNAMODB_TIMEOUT_SECONDS must be a number of 0 or more, not 'five'.",
        ),
        (
            {"LOGIN_FAILURE_LIMIT": "-3"},
            "manage.py: LOGIN_FAILURE_LIMIT must be a whole number of 0 or more, not '-3'.",
        ),
        (
            {"DYNAMODB_TIMEOUT_SECONDS": "nan"},
            "manage.py: DYNAMODB_TIMEOUT_SECONDS must be a number",
        ),
    ],
)
def test_manage_py_says_a_setting_problem_in_one_line(overrides, said):
    """An operator's environment is input too: one line saying what to fix, no traceback."""
    result = _run(["manage.py", "check"], _production_env(**overrides))

    assert result.returncode == 1
    assert result.stderr.startswith(said), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


_IS_SECURE_CHECK = (
    _SETUP + "; from django.test import RequestFactory; "
    "print(RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https').is_secure())"
)
_REDIRECT_CHECK = (
    _SETUP + "; from django.test import Client; "
    "r = Client().get('/login/', HTTP_HOST='admin.example.com', HTTP_X_FORWARDED_PROTO='https'); "
    "print(r.status_code, r['Location'])"
)


@pytest.mark.parametrize(
    ("proxies", "believed"),
    [("0", False), ("1", True)],
    ids=["no proxy: the header is the client's own", "behind a proxy: its word"],
)
def test_x_forwarded_proto_is_believed_only_from_a_trusted_proxy(proxies, believed):
    result = _run(["-c", _IS_SECURE_CHECK], _production_env(DJANGO_TRUSTED_PROXY_COUNT=proxies))

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == str(believed)


def test_without_a_proxy_plain_http_is_redirected_whatever_header_it_sends():
    result = _run(["-c", _REDIRECT_CHECK], _production_env(DJANGO_TRUSTED_PROXY_COUNT="0"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["301", "https://admin.example.com/login/"]


def test_settings_start_with_a_proper_key():
    result = _run(["-c", _SETUP], _production_env())

    assert result.returncode == 0, result.stderr


# --- error pages never show Django's internal messages ------------------------------------------

INTERNALS = [
    "ALLOWED_HOSTS",
    "DisallowedHost",
    "settings",
    "Traceback",
    "Exception",
    "Django",
    "truthbyte-",
    "CSRF verification failed",
    "CSRF_",
]


def _assert_no_internals(response):
    html = response.content.decode()
    for word in INTERNALS:
        assert word not in html, f"{word!r} in a {response.status_code} page"


@pytest.mark.django_db
def test_a_bad_host_is_logged_in_one_line(client, caplog):
    client.get("/login/", HTTP_HOST="evil.example")

    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert "evil.example" in record.getMessage()
    assert record.exc_info is None  # no traceback for a scanner's request
    assert "Traceback" not in caplog.text


@pytest.mark.django_db
def test_a_bad_host_gets_a_plain_400_page(client):
    response = client.get("/login/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "That request can" in response.content.decode()
    assert "evil.example" not in response.content.decode()
    _assert_no_internals(response)


@pytest.mark.django_db
def test_a_bad_host_gets_the_400_page_on_signed_in_pages_too(moderator_client):
    response = moderator_client.get("/queue/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    _assert_no_internals(response)


@pytest.mark.django_db
def test_a_csrf_failure_is_our_403_page(make_staff):
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "reload the page, and send it again" in response.content.decode()
    _assert_no_internals(response)


@pytest.mark.django_db
def test_anonymous_404_and_500_pages_show_nothing_internal(client, settings):
    not_found = client.get("/login/no-such-page/")
    assert not_found.status_code == 404
    _assert_no_internals(not_found)

    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from truthbyte_admin.core.views import server_error

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    error = server_error(request)
    assert error.status_code == 500
    _assert_no_internals(error)


@pytest.mark.django_db
def test_anonymous_403_shows_no_exception_text():
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from truthbyte_admin.core.views import permission_denied

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied("internal detail: table prod-x"))

    assert response.status_code == 403
    assert "internal detail" not in response.content.decode()


def test_staff_see_why_their_role_is_refused(support_client, game_tables):
    response = support_client.post("/queue/q_00000000/approve/")

    assert response.status_code == 403
    assert "Your role can&#x27;t review submissions; moderators and admins can." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_anonymous_pages_do_not_name_the_environment(client, settings):
    settings.TRUTHBYTE_ENV = "prod"

    html = client.get("/login/").content.decode()

    assert "prod" not in html


# --- caching: nothing a signed-in user sees may be stored ----------------------------------------


@pytest.mark.parametrize("url", ["/", "/no-such-page/", "/account/security/"])
def test_signed_in_responses_are_no_store(moderator_client, game_tables, url):
    response = moderator_client.get(url)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_signed_in_redirects_are_no_store_too(moderator_client, game_tables):
    response = moderator_client.get("/login/")  # already signed in: redirected home

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


# --- an in-place action after the session ended -----------------------------------------------


def test_an_htmx_action_after_the_session_ended_sends_the_whole_page_to_sign_in(client):
    response = client.post(
        "/queue/q_1/reject/", {"reason": "unclear"}, **from_page("/queue/?order=newest")
    )

    # The sign-in page then says the rejection was not saved (unsaved=1).
    assert_whole_page_sent_to(response, "/login/?next=%2Fqueue%2F%3Forder%3Dnewest&unsaved=1")


def test_a_page_after_the_session_ended_is_still_an_ordinary_redirect(client):
    response = client.get("/queue/?order=newest")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/queue/%3Forder%3Dnewest"


def test_a_fragment_the_sign_in_page_loads_gets_nothing_not_a_reload(client, make_staff):
    user = make_staff("former", "moderator")
    user.is_staff = False  # an account that may no longer use the app, still signed in
    user.save()
    client.force_login(user)

    response = client.get("/queue/badge/", **from_page("/login/?next=%2F"))

    assert_left_alone(response)  # sending the sign-in page to itself would loop


@pytest.mark.django_db
def test_a_bad_host_gets_the_app_400_page_with_debug_on_too(client, settings):
    # `make run` serves with DEBUG on: Django's debug page (settings, environment, paths) would
    # otherwise answer a request naming another host, readable by a page of that host after a
    # DNS rebinding.
    settings.DEBUG = True
    response = client.get("/login/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "That request can" in response.content.decode()
    _assert_no_internals(response)
