"""The Staff page's locked addresses, a change sent after the session ended, and the
half-signed-in code page, as a browser shows them."""

import re

from tests.conftest import STAFF_PASSWORD, _make_staff
from tests.support.browser import screenshot, sign_in_with_second_factor
from tests.support.staff import enrol_authenticator

OFFICE = "127.0.0.1"  # the live server sees the browser at this address


def _flood_from_the_office(settings, live_app, page) -> None:
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    settings.LOGIN_FAILURE_LIMIT = 3
    for name in ("x1", "x2", "x3", "x4"):
        page.goto(f"{live_app.url}/login/")
        page.fill("#id_username", name)
        page.fill("#id_password", "wrong-password")
        page.click("button[type=submit]")


def test_an_admin_sees_and_unlocks_a_locked_address(
    browser, page, live_app, settings, transactional_db
):
    from axes.models import AccessAttempt

    sign_in_with_second_factor(page, live_app.url, "ada", "admin")
    guesser = browser.new_context()
    _flood_from_the_office(settings, live_app, guesser.new_page())
    guesser.close()
    page.goto(f"{live_app.url}/account/staff/")

    row = page.get_by_test_id("locked-address")
    assert OFFICE in row.inner_text()
    screenshot(page, "staff-locked-addresses")
    row.get_by_role("button", name=f"Unlock the address {OFFICE}").click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, unlock it").click()

    page.wait_for_url(re.compile(r"/account/staff/$"))
    assert f"Unlocked the address {OFFICE}" in page.locator("#messages").inner_text()
    assert page.get_by_test_id("no-locked-address").is_visible()
    assert not AccessAttempt.objects.filter(ip_address=OFFICE).exists()


def test_a_change_sent_after_the_session_ended_is_said_not_saved(page, live_app, transactional_db):
    enrol_authenticator(_make_staff("eddie", "editor"))
    sign_in_with_second_factor(page, live_app.url, "ada", "admin")
    page.goto(f"{live_app.url}/account/staff/")
    page.context.clear_cookies(name="sessionid")  # ten hours later

    page.get_by_role("button", name="Reset two-factor of eddie").click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, reset it").click()

    page.wait_for_url(re.compile(r"/login/\?next="))
    alert = page.get_by_test_id("unsaved-change")
    assert "what you just sent was NOT saved" in alert.inner_text()
    screenshot(page, "sign-in-after-the-session-ended")
    page.fill("#id_username", "eddie")
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")

    # eddie has a second factor: the half-signed-in page shows only what works there.
    page.wait_for_url(re.compile(r"/login/verify/"))
    header = page.locator(".site-header")
    assert header.get_by_role("navigation").count() == 0
    assert header.get_by_role("link").count() == 0
    assert header.get_by_role("button", name="Sign out").is_visible()
    screenshot(page, "code-page-header")
