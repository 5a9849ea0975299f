import re

from tests.conftest import STAFF_PASSWORD, _make_staff
from tests.support.browser import screenshot
from tests.support.staff import code_for_secret


def test_an_admin_enrols_an_authenticator_at_first_sign_in(page, live_app, transactional_db):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    _make_staff("ada", "admin")
    page.goto(f"{live_app.url}/login/")
    page.fill("#id_username", "ada")
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")

    page.wait_for_url(re.compile(r"/account/security/setup/"))
    qr = page.locator("[data-testid=qr-code]")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # rendered under the CSP
    screenshot(page, "two-factor-setup")
    secret = page.locator("[data-testid=totp-secret]").inner_text()
    page.fill("#id_token", code_for_secret(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    assert page.locator("[data-testid=backup-codes] li").count() == 10
    screenshot(page, "two-factor-backup-codes")
    page.get_by_role("link", name="Continue").click()
    assert page.locator("[data-testid=whoami]").inner_text().startswith("ada")
    assert errors == []  # no Content-Security-Policy violation, no script error
