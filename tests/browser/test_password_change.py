"""Changing one's own password on the Account security page, at 1024 px: errors at their
fields, then the success message in the Password box the form was in."""

import re

from tests.conftest import STAFF_PASSWORD
from tests.support.browser import screenshot

NEW_PASSWORD = "violet-otter-lantern-1987"


def test_a_moderator_changes_their_password_at_1024_px(page, sign_in, live_app):
    page.set_viewport_size({"width": 1024, "height": 768})
    mona = sign_in("moderator", "mona")
    page.goto(f"{live_app.url}/account/security/")

    page.fill("#id_old_password", "not-my-password")
    page.fill("#id_new_password1", "short")
    page.fill("#id_new_password2", "short")
    page.get_by_role("button", name="Change password").click()

    old = page.locator("#id_old_password")
    assert old.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_old_password_error").is_visible()
    assert "not your current password" in page.locator("#id_old_password_error").inner_text()
    assert page.locator("#id_new_password1_error").is_visible()
    box = page.locator("[data-testid=password-change]").bounding_box()
    assert box["x"] >= 0  # no sideways scroll
    assert box["x"] + box["width"] <= 1024
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    screenshot(page, "password-change-errors-1024")

    page.fill("#id_old_password", STAFF_PASSWORD)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()

    done = page.locator("[data-testid=password-change] [data-testid=password-changed]")
    done.wait_for()
    assert re.search(r"/account/security/(#password)?$", page.url)
    assert done.inner_text().startswith("Password changed.")
    assert done.evaluate("el => el.getBoundingClientRect().bottom <= window.innerHeight")
    assert page.locator("[data-testid=whoami]").inner_text().startswith("mona")  # still in
    screenshot(page, "password-changed-1024")
    mona.refresh_from_db()
    assert mona.check_password(NEW_PASSWORD)
