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

# Chromium logs most CSP refusals as console errors; this makes every one of them an error,
# whatever Chromium's wording (init scripts are injected by the browser, not subject to CSP).
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " +
                (event.blockedURI || "inline") + " at " + event.sourceFile + ":" +
                event.lineNumber);
});
"""


class ConsoleWatch:
    """Console errors, uncaught exceptions and CSP violations of every page of a test."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def page(self, page) -> None:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error} ({page.url})"))

    def _console(self, page, message) -> None:
        if message.type == "error" and not EXPECTED_CONSOLE.match(message.text):
            self.errors.append(
                f"console.{message.type}: {message.text} ({page.url}; at {message.location})"
            )

    def context(self, context) -> None:
        context.add_init_script(CSP_REPORTER)
        context.on("page", self.page)
        for page in context.pages:
            self.page(page)


@pytest.fixture(autouse=True)
def console_watch(request, browser, monkeypatch):
    """On for every browser test: every context the test opens (the ``page`` fixture's, or its
    own through ``browser.new_context``) is watched; any console error, uncaught exception or
    CSP violation fails the test, unless it is marked ``allow_console_errors``."""
    watch = ConsoleWatch()
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        watch.context(context)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield watch
    if "allow_console_errors" not in request.keywords:
        assert not watch.errors, "Console errors or CSP violations:\n" + "\n".join(watch.errors)


@pytest.fixture
def page(browser, console_watch):
    """A page (1280 × 800) whose console errors, uncaught exceptions and CSP violations fail
    the test (see :func:`console_watch`)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def sign_in(page, live_app, transactional_db):
    """sign_in(role) -> creates a staff user of that role and signs in through the login form."""
    from tests.conftest import _make_staff
    from tests.support.browser import sign_in_with_password

    def _sign_in(role: str, username: str | None = None):
        user = _make_staff(username or f"{role}-user", role)
        sign_in_with_password(page, live_app.url, user.username)
        return user

    return _sign_in
