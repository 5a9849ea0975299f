"""Error pages: the app's own 500/404 with debug off and on, the 503 page during an outage,
the sign-in redirect guard, and the queue's bulk selection limit."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import override_settings

from tests.conftest import STAFF_PASSWORD
from tests.support.players_game import new_player
from tests.support.requests import assert_dynamodb_requests

pytestmark = pytest.mark.django_db

ERROR_URLS = "tests.support.error_urls"


@pytest.fixture
def failing_client(support_client):
    """A signed-in client that gets the 500 response instead of the exception."""
    support_client.raise_request_exception = False
    return support_client


@override_settings(ROOT_URLCONF=ERROR_URLS)
def test_unhandled_exception_is_the_apps_500_page(failing_client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = failing_client.get("/test-broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "The error has been logged." in html
    assert "a bug in a view" not in html
    assert "Traceback" not in html
    assert "Content-Security-Policy" in response
    assert any(r.exc_info and "a bug in a view" in str(r.exc_info[1]) for r in caplog.records)


@override_settings(ROOT_URLCONF=ERROR_URLS, DEBUG=True)
def test_unhandled_exception_in_debug_is_the_apps_500_page_with_the_traceback_logged(
    failing_client, caplog
):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = failing_client.get("/test-broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "Traceback" not in html
    assert "DJANGO_SECRET_KEY" not in html
    assert "URLconf" not in html
    logged = [r for r in caplog.records if r.exc_info]
    assert logged
    assert "a bug in a view" in str(logged[0].exc_info[1])
    assert "RuntimeError" in caplog.text


@override_settings(ROOT_URLCONF=ERROR_URLS, DEBUG=True)
def test_http404_raised_by_a_view_in_debug_is_the_apps_404_page(support_client):
    response = support_client.get("/test-missing/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "There is nothing at this address." in html
    assert "URLconf" not in html
    assert "no such thing (test)" not in html


@override_settings(ROOT_URLCONF=ERROR_URLS)
def test_a_missing_item_a_view_lets_through_is_the_404_page(failing_client):
    response = failing_client.get("/test-not-found/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "There is nothing at this address." in html
    assert "no such item" not in html


@override_settings(ROOT_URLCONF=ERROR_URLS, DEBUG=True)
def test_a_suspicious_request_in_debug_is_the_apps_400_page(support_client):
    response = support_client.get("/test-suspicious/")

    assert response.status_code == 400
    html = response.content.decode()
    assert "That request can't be used" in html
    assert "Traceback" not in html
    assert "looks forged" not in html


@pytest.mark.parametrize("debug", [False, True])
def test_a_form_too_large_to_take_is_the_apps_400_page_saying_so(
    editor_client, game_tables, settings, debug
):
    settings.DEBUG = debug
    response = editor_client.post("/questions/q1/", {"passage": "x" * 3_000_000})

    assert response.status_code == 400
    html = " ".join(response.content.decode().split())
    assert "The form was larger than the 2.6 MB a form may be, or had too many fields." in html
    assert "Traceback" not in html
    assert "DATA_UPLOAD_MAX_MEMORY_SIZE" not in html


def test_a_form_with_too_many_fields_is_the_apps_400_page_too(editor_client, game_tables):
    response = editor_client.post("/questions/q1/", {f"f{n}": "1" for n in range(1_500)})

    assert response.status_code == 400
    assert "or had too many fields" in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("charset", ["ascii", "utf-16", "latin-1"])
def test_a_form_declaring_another_character_set_is_the_apps_400_page(
    client, settings, debug, charset
):
    """Before sign-in too: nothing reads the form but the refusal."""
    settings.DEBUG = debug
    response = client.post(
        "/login/",
        b"username=a&password=b",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The form was not sent as UTF-8 text, so it can&#x27;t be read." in html
    assert "Traceback" not in html


@pytest.mark.parametrize("text", [b"Is+it+%ED%A0%80+true%3F", b"Is+it+%FF+true%3F", b"\xff"])
def test_a_form_holding_bytes_that_are_not_utf8_is_refused_not_stored_as_replacements(
    editor_client, game_tables, text
):
    """A lone surrogate half or a stray byte: Django would read it as U+FFFD, and a save would
    store that in place of the player's text."""
    response = editor_client.post(
        "/questions/q1/",
        b"title=T&question=" + text + b"&answer=true&difficulty=1&version=1&action=save",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "The form was not sent as UTF-8 text, so it can&#x27;t be read." in (
        response.content.decode()
    )


def test_a_form_of_utf8_text_with_a_typed_replacement_character_is_read(client):
    response = client.post(
        "/login/",
        b"username=%EF%BF%BD%C3%A9&password=b",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200  # the sign-in page again, saying the name is unknown


def test_an_in_place_request_with_a_current_url_no_browser_sends_still_goes_to_sign_in(client):
    response = client.get("/queue/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://[")
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/login/?next=%2F"


@override_settings(ROOT_URLCONF=ERROR_URLS, DEBUG=True, DEBUG_OWN_ERROR_PAGES=False)
def test_debug_error_pages_can_be_switched_back_to_djangos(failing_client):
    response = failing_client.get("/test-broken/")

    assert response.status_code == 500
    assert "RuntimeError" in response.content.decode()  # Django's technical page


# --- the 503 page on an ordinary page during an outage ----------------------------------------


def test_player_page_is_the_503_page_while_dynamodb_is_down(
    support_client, game_tables, faults, settings
):
    player = new_player()
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    for operation in ("GetItem", "Query", "BatchGetItem", "Scan"):
        faults.fail_next(operation, times=100)

    with assert_dynamodb_requests(at_most=3) as stats:
        response = support_client.get(f"/players/{player}/")

    assert stats.requests >= 1
    assert response.status_code == 503
    html = response.content.decode()
    assert "unavailable" in html
    assert "can't be shown right now" in html
    assert "Nothing was changed" not in html  # a page that only reads: nothing to change
    assert "database is busy: too many requests at once." in html
    assert "DynamoDB" not in html  # the data layer's own words are for the log
    assert "Traceback" not in html
    assert "Content-Security-Policy" in response


def test_a_form_refused_during_an_outage_links_back_to_the_page_it_was_on(
    editor_client, game_tables, faults, settings
):
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    for operation in ("GetItem", "Query", "BatchGetItem", "Scan", "TransactWriteItems"):
        faults.fail_next(operation, times=100, error="InternalServerError", status=500)

    response = editor_client.post(
        "/categories/science/rename/",
        {"old_name": "Science", "display_name": "Sciences"},
        HTTP_REFERER="http://testserver/categories/?sort=name",
    )

    assert response.status_code == 503
    html = response.content.decode()
    assert "Nothing was changed" in html
    assert '<a href="/categories/?sort=name" data-testid="back-to-form-page">' in html
    # Another site, or none: no such link (the form's own address is not a page).
    other = editor_client.post(
        "/categories/science/rename/",
        {"old_name": "Science", "display_name": "Sciences"},
        HTTP_REFERER="https://evil.example/categories/",
    )
    assert 'data-testid="back-to-form-page"' not in other.content.decode()


# --- sign-in never redirects off the site -----------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/queue/",
        "https://evil.example/",
        "http://evil.example/queue/",
        "/\\evil.example",
        "\\\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
    ],
)
def test_sign_in_ignores_a_next_that_leaves_the_site(client, make_staff, target):
    make_staff("mona", "moderator")

    page = client.get("/login/", {"next": target})
    response = client.post(
        "/login/", {"username": "mona", "password": STAFF_PASSWORD, "next": target}
    )

    assert page.status_code == 200
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/")
    assert not location.startswith(("//", "/\\"))
    assert "evil.example" not in location
    assert "javascript" not in location


def test_sign_in_follows_a_next_on_the_site(client, make_staff):
    make_staff("mona", "moderator")

    response = client.post(
        "/login/", {"username": "mona", "password": STAFF_PASSWORD, "next": "/daily/?days=7"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/daily/?days=7"


# --- the queue's bulk selection limit ----------------------------------------------------------


def test_bulk_action_over_the_selection_limit_changes_nothing_and_says_why(
    moderator_client, game_tables
):
    from truthbyte_admin.moderation.forms import MAX_BULK

    ids = [f"q_{n:08x}" for n in range(MAX_BULK + 1)]

    with assert_dynamodb_requests(0):  # refused before anything is read or written
        response = moderator_client.post("/queue/bulk/", {"action": "approve", "ids": ids})

    assert response.status_code == 302
    html = moderator_client.get(response["Location"]).content.decode()
    assert f"at most {MAX_BULK}" in html
    assert "Nothing was changed" in html


def test_bulk_action_at_the_selection_limit_is_offered_for_confirmation(
    moderator_client, game_tables
):
    from truthbyte_admin.moderation.forms import MAX_BULK

    ids = [f"q_{n:08x}" for n in range(MAX_BULK)]

    response = moderator_client.post("/queue/bulk/", {"action": "approve", "ids": ids}, follow=True)

    assert response.status_code == 200
    # None of these ids is stored: the page says so rather than promising 100 approvals.
    assert f"None of the {MAX_BULK} selected is pending now" in response.content.decode()
    assert 'data-testid="confirm"' not in response.content.decode()
    assert f"at most {MAX_BULK}" not in response.content.decode()


# --- an action's address opened (Back, a bookmark, the address bar after a bulk review) ----------


@pytest.mark.parametrize(
    ("url", "back_to"),
    [
        ("/queue/bulk/", "/queue/"),
        ("/queue/q_some_submission/approve/", "/queue/q_some_submission/"),
        ("/categories/reconcile/", "/categories/"),
        ("/logout/", "/"),
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_opening_an_actions_address_is_a_page_saying_nothing_was_changed(
    moderator_client, url, back_to, debug, settings
):
    settings.DEBUG = debug

    with assert_dynamodb_requests(0):
        response = moderator_client.get(url)

    assert response.status_code == 405
    assert "POST" in response["Allow"]
    html = response.content.decode()
    assert "Nothing was changed" in html
    assert f'href="{back_to}"' in html
    assert "Content-Security-Policy" in response


def test_a_form_sent_to_a_page_that_only_shows_stays_a_bare_405(moderator_client):
    response = moderator_client.post("/queue/")

    assert response.status_code == 405
    assert "Nothing was changed" not in response.content.decode()


def test_make_runs_server_serves_static_files_as_production_does():
    """`runserver` under make run: WhiteNoise answers static paths (a 404 for /static/%2E%2E),
    not Django's static handler, whose refusal of such a path was a bare 500."""
    from django.core.management import get_commands

    assert get_commands()["runserver"] == "whitenoise.runserver_nostatic"


def test_a_stale_form_is_its_own_page_not_a_role_refusal(make_staff):
    """A form without its CSRF token (expired, or from another site): signed in or not, the page
    says the form could not be accepted and nothing changed, not that the role can't do it."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    signed_out = browser.post("/login/", {"username": "a", "password": "b"})
    html = signed_out.content.decode()
    assert signed_out.status_code == 403
    assert "The form could not be accepted" in html
    assert "Nothing was changed" in html
    assert "role" not in re.sub(r"<[^>]+>", "", html.split("<main", 1)[1])  # said, not markup
    assert 'href="/login/"' in html

    browser.force_login(make_staff("mona", "moderator"))
    signed_in = browser.post("/queue/q_00000001/reject/", {"reason": "unclear"})
    assert signed_in.status_code == 403
    assert "The form could not be accepted" in signed_in.content.decode()
    assert "Not allowed for your role" not in signed_in.content.decode()


def test_a_page_a_role_may_not_open_says_so_and_not_that_nothing_changed(editor_client):
    opened = editor_client.get("/account/staff/").content.decode()
    sent = editor_client.post("/account/staff/eddie/unlock/").content.decode()

    assert "Your staff role can't open this page." in opened
    assert "Nothing was changed" not in opened
    assert "Only admins can see staff accounts" in opened
    assert "Your staff role can't do this. Nothing was changed." in sent


def test_an_action_address_opened_says_nothing_changed_once(moderator_client):
    html = moderator_client.get("/queue/q_1/approve/").content.decode()

    assert html.count("Nothing was changed") == 1
    assert "changes nothing" not in html
