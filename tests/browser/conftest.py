"""Real-browser tests: Debian's chromium driven by Playwright against Django's live server.

The live server runs in this process, on the same moto tables as the test (``game_tables``).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.support.browser import ARTIFACTS, screenshot  # noqa: F401 - re-exported for the tests

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.browser

# Playwright's sync API keeps an event loop on the main thread; the ORM calls made by fixtures
# here are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (run `make setup`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_app(live_server, game_tables, settings):
    """The live server on this test's tables, with cookies that work over plain HTTP."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return live_server


# A response status the test provoked on purpose (a 403/404/400 page) is logged by Chromium as
# "Failed to load resource"; that is not a page error. Everything else logged as an error is.
EXPECTED_CONSOLE = re.compile(
    r"^Failed to load resource: the server responded with a status of 4\d\d"
)


@pytest.fixture
def page(browser, request):
    """A page that fails the test on any console error, uncaught exception or CSP violation."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(
                f"console.{message.type}: {message.text} ({page.url}; at {message.location})"
            )
            if message.type == "error" and not EXPECTED_CONSOLE.match(message.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error} ({page.url})"))
    yield page
    context.close()
    if "allow_console_errors" not in request.keywords:
        assert not errors, "Console errors or CSP violations:\n" + "\n".join(errors)


@pytest.fixture
def sign_in(page, live_app, transactional_db):
    """sign_in(role) -> creates a staff user of that role and signs in through the login form."""
    from tests.conftest import STAFF_PASSWORD, _make_staff

    def _sign_in(role: str, username: str | None = None):
        user = _make_staff(username or f"{role}-user", role)
        page.goto(f"{live_app.url}/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", STAFF_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)
        return user

    return _sign_in
