import re

from tests.conftest import STAFF_PASSWORD, _make_staff
from tests.support.browser import screenshot
from tests.support.staff import code_for_secret


def _new_admin_signs_in(page, live_app) -> None:
    """A new admin ("ada") enters her password: next comes the authenticator's set-up."""
    _make_staff("ada", "admin")
    page.goto(f"{live_app.url}/login/")
    page.fill("#id_username", "ada")
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")


def test_an_admin_enrols_an_authenticator_at_first_sign_in(page, live_app, transactional_db):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    _new_admin_signs_in(page, live_app)

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


def test_reloading_the_backup_codes_neither_repeats_nor_replaces_them(
    page, live_app, transactional_db
):
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _new_admin_signs_in(page, live_app)
    page.wait_for_url(re.compile(r"/account/security/setup/"))
    secret = page.locator("[data-testid=totp-secret]").inner_text()
    page.fill("#id_token", code_for_secret(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    first = page.locator("[data-testid=backup-codes] li").all_inner_texts()

    page.reload()  # a GET: no form sent again

    page.wait_for_url(re.compile(r"/account/security/$"))
    assert "shown only once" in page.content()
    assert [d.confirmed for d in TOTPDevice.objects.filter(user__username="ada")] == [True]
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(first)

    page.get_by_role("link", name="Make new backup codes…").click()
    page.wait_for_url(re.compile(r"/account/security/backup-codes/replace/$"))
    assert page.get_by_role("heading", name="Make new backup codes?").is_visible()
    page.get_by_label("Your password").fill(STAFF_PASSWORD)  # asked again first
    page.get_by_role("button", name="Yes, make new codes").click()
    second = page.locator("[data-testid=backup-codes] li").all_inner_texts()
    assert len(second) == 10
    assert not set(second) & set(first)

    page.reload()

    page.wait_for_url(re.compile(r"/account/security/$"))
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(second)


def _reset_eddies_two_factor_from_the_staff_page(page, live_app):
    from tests.support.browser import sign_in_with_second_factor
    from tests.support.staff import enrol_authenticator

    enrol_authenticator(_make_staff("eddie", "editor"))
    sign_in_with_second_factor(page, live_app.url, "ada", "admin")
    page.goto(f"{live_app.url}/account/staff/")
    page.get_by_role("button", name="Reset two-factor of eddie").click()


def test_an_admin_resets_a_second_factor_through_the_dialog(page, live_app, transactional_db):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _reset_eddies_two_factor_from_the_staff_page(page, live_app)
    dialog = page.get_by_role("dialog")
    assert "they must set it up again at their next sign-in" in dialog.inner_text()
    dialog.get_by_role("button", name="Yes, reset it").click()

    page.wait_for_url(re.compile(r"/account/staff/$"))
    assert "Reset eddie's two-factor sign-in" in page.locator("#messages").inner_text()
    assert not TOTPDevice.objects.filter(user__username="eddie").exists()


def test_without_javascript_a_reset_is_confirmed_on_a_page(browser, live_app, transactional_db):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _reset_eddies_two_factor_from_the_staff_page(page, live_app)

    page.wait_for_url(re.compile(r"/account/staff/eddie/reset-two-factor/$"))
    assert page.get_by_role("heading", name="Reset eddie's two-factor sign-in?").is_visible()
    assert TOTPDevice.objects.filter(user__username="eddie").exists()  # nothing done yet
    screenshot(page, "reset-two-factor-confirm")
    page.get_by_role("button", name="Yes, reset it").click()

    page.wait_for_url(re.compile(r"/account/staff/$"))
    assert "Reset eddie's two-factor sign-in" in page.locator("#messages").inner_text()
    assert not TOTPDevice.objects.filter(user__username="eddie").exists()
    context.close()
