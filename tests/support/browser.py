"""Helpers for the browser tests."""

from __future__ import annotations

import re
import time
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def screenshot(page, name: str) -> Path:
    """Save a screenshot under artifacts/screenshots/ (for people to look at; not asserted)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in_with_password(page, base: str, username: str) -> None:
    """Sign ``username`` (made with the tests' staff password) in through the form, on ``page``
    (a page of its own context: another viewport, JavaScript off, a fake clock)."""
    from tests.conftest import STAFF_PASSWORD

    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def sign_in_with_second_factor(page, base: str, username: str, role: str):
    """Make a staff user with an authenticator and sign in through both steps of the form
    (password, then the app's current code), as admins must."""
    from tests.conftest import STAFF_PASSWORD, _make_staff
    from tests.support.staff import current_code, enrol_authenticator

    user = _make_staff(username, role)
    device = enrol_authenticator(user)
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/login/verify/"))
    page.fill("#id_token", current_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    return user


def wait_until(page, expression: str, *, timeout: float = 10.0) -> None:
    """Poll ``expression`` in the page until it is true. Playwright's own wait_for_function
    re-evaluates a string with eval() once it has to poll, which the app's CSP (no
    'unsafe-eval') refuses, so it failed only when the page was slow; page.evaluate is not
    subject to the page's CSP."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)
