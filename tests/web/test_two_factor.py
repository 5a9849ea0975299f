"""Two-factor sign-in (django-otp): enrolment with a QR code, codes at sign-in, backup codes,
TRUTHBYTE_REQUIRE_2FA, and every change in the audit log."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import STAFF_PASSWORD
from tests.support.htmx import assert_left_alone, assert_whole_page_sent_to, from_page
from tests.support.staff import (
    code_for_secret,
    current_code,
    enrol_authenticator,
    force_login_verified,
)
from truthbyte_admin.accounts import events, two_factor


@pytest.fixture(autouse=True)
def _tables(game_tables):
    """The audit log is in DynamoDB."""


def _sign_in(client, username, next_url=""):
    data = {"username": username, "password": STAFF_PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data)


def _codes_on(response) -> list[str]:
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())


# --- policy -----------------------------------------------------------------------------------


def test_production_default_requires_admins_only(settings):
    assert settings.TRUTHBYTE_REQUIRE_2FA == "admin"  # tests run with debug off


def test_an_admin_without_a_second_factor_must_enrol_before_acting(client, make_staff):
    make_staff("ada", "admin")

    response = _sign_in(client, "ada", "/players/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/verify/")
    for url in ["/", "/players/", "/queue/", "/account/security/"]:
        page = client.get(url)
        assert page.status_code == 302, url
        assert page["Location"].startswith("/account/security/setup/"), url
    refused = client.post("/queue/q_00000000/approve/")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/account/security/setup/")


def test_an_admin_with_a_factor_must_enter_a_code_before_acting(client, make_staff):
    device = enrol_authenticator(make_staff("ada", "admin"))
    _sign_in(client, "ada")

    assert client.get("/")["Location"].startswith("/login/verify/")
    assert client.get("/account/security/setup/")["Location"].startswith("/login/verify/")

    response = client.post("/login/verify/", {"token": current_code(device), "next": "/daily/"})

    assert response.status_code == 302
    assert response["Location"] == "/daily/"
    assert client.get("/").status_code == 200


def test_an_in_place_action_before_the_code_sends_the_whole_page_to_the_second_step(
    client, make_staff
):
    enrol_authenticator(make_staff("ada", "admin"))
    _sign_in(client, "ada")

    response = client.post(
        "/queue/q_1/reject/", {"reason": "unclear"}, **from_page("/queue/?order=newest")
    )

    assert_whole_page_sent_to(response, "/login/verify/?next=%2Fqueue%2F%3Forder%3Dnewest")


def test_a_fragment_the_second_steps_own_page_loads_gets_nothing_not_a_reload(client, make_staff):
    make_staff("ada", "admin")  # must set up a factor: every page sends her to the set-up
    _sign_in(client, "ada")

    response = client.get("/queue/badge/", **from_page("/account/security/setup/?next=%2F"))

    assert_left_alone(response)  # sending the set-up page to itself would loop


def test_a_wrong_code_is_refused_clearly(client, make_staff):
    enrol_authenticator(make_staff("ada", "admin"))
    _sign_in(client, "ada")

    response = client.post("/login/verify/", {"token": "000000"})

    assert response.status_code == 400
    assert "That code is not valid" in response.content.decode()
    assert client.get("/")["Location"].startswith("/login/verify/")


def _paused_after_wrong_codes(device: TOTPDevice, wrong: int) -> None:
    """As django-otp leaves a device right after ``wrong`` wrong codes (pause: 2**(wrong-1) s)."""
    device.throttling_failure_count = wrong
    device.throttling_failure_timestamp = timezone.now()
    device.save()


def _pause_over(device: TOTPDevice) -> None:
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - dt.timedelta(minutes=5)
    device.save()


def test_a_right_code_during_the_pause_after_wrong_ones_says_to_wait(client, make_staff):
    device = enrol_authenticator(make_staff("ada", "admin"))
    _sign_in(client, "ada")
    _paused_after_wrong_codes(device, 3)

    response = client.post("/login/verify/", {"token": current_code(device)})

    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r"the next one is checked only after a pause: wait [34] seconds", html)
    assert "not valid" not in html  # it was not checked, so not called wrong
    assert not [e for e in events.history("ada") if e.action == "second_factor_failed"]
    device.refresh_from_db()
    assert device.throttling_failure_count == 3  # the pause does not grow

    _pause_over(device)
    assert client.post("/login/verify/", {"token": current_code(device)}).status_code == 302


def test_setting_up_during_the_pause_after_wrong_codes_says_to_wait(client, make_staff):
    make_staff("ada", "admin")
    _sign_in(client, "ada")
    client.get("/account/security/setup/")
    device = TOTPDevice.objects.get(user__username="ada", confirmed=False)
    _paused_after_wrong_codes(device, 3)

    response = client.post("/account/security/setup/", {"token": current_code(device)})

    assert response.status_code == 400
    assert re.search(r"wait [34] seconds, then enter the code", response.content.decode())
    assert "doesn&#x27;t match" not in response.content.decode()
    _pause_over(device)
    assert (
        client.post("/account/security/setup/", {"token": current_code(device)}).status_code == 302
    )
    assert TOTPDevice.objects.get(user__username="ada").confirmed


@pytest.mark.parametrize("token", ["", "x" * 500, "<script>", "12 34 56 78 90 12 34"])
def test_junk_codes_are_a_form_error_not_a_500(client, make_staff, token):
    enrol_authenticator(make_staff("ada", "admin"))
    _sign_in(client, "ada")

    response = client.post("/login/verify/", {"token": token})

    assert response.status_code in (200, 400)
    assert client.get("/")["Location"].startswith("/login/verify/")


def test_moderators_need_no_second_factor_by_default(client, make_staff):
    make_staff("mona", "moderator")

    response = _sign_in(client, "mona")

    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_all_means_every_role(client, make_staff, settings):
    settings.TRUTHBYTE_REQUIRE_2FA = "all"
    make_staff("mona", "moderator")
    _sign_in(client, "mona")

    assert client.get("/queue/")["Location"].startswith("/account/security/setup/")


def test_none_lets_admins_in_on_the_password(client, make_staff, settings):
    settings.TRUTHBYTE_REQUIRE_2FA = "none"
    make_staff("ada", "admin")
    _sign_in(client, "ada")

    assert client.get("/").status_code == 200


def test_anyone_enrolled_is_asked_even_when_not_required(client, make_staff):
    enrol_authenticator(make_staff("mona", "moderator"))
    _sign_in(client, "mona")

    assert client.get("/")["Location"].startswith("/login/verify/")


def test_a_bad_policy_value_refuses_to_start():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(TRUTHBYTE_REQUIRE_2FA="sometimes", DJANGO_SETTINGS_MODULE="tests.settings")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "TRUTHBYTE_REQUIRE_2FA must be admin, all or none" in result.stderr


# --- enrolment --------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_without_scripts_and_turns_the_factor_on(client, make_staff):
    make_staff("ada", "admin")
    _sign_in(client, "ada")

    page = client.get("/account/security/setup/")
    html = page.content.decode()

    assert page.status_code == 200
    qr = re.search(r'<img class="qr-code" src="(data:image/svg\+xml[^"]+)"', html).group(1)
    assert "otpauth" not in html.replace(qr, "")  # the secret URL only inside the image
    assert "<svg" in unquote(qr) or "PHN2Zy" in qr
    assert "<script>" not in html
    assert "<svg" not in html
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    assert client.get("/account/security/setup/").content.decode().count(secret) == 1  # stable

    response = client.post("/account/security/setup/", {"token": code_for_secret(secret)})

    assert response.status_code == 302
    codes = _codes_on(client.get(response["Location"]))
    assert len(codes) == 10
    assert client.get("/").status_code == 200  # verified now
    assert TOTPDevice.objects.get(user__username="ada").confirmed


def test_a_wrong_first_code_does_not_turn_the_factor_on(client, make_staff):
    make_staff("ada", "admin")
    _sign_in(client, "ada")
    client.get("/account/security/setup/")

    response = client.post("/account/security/setup/", {"token": "123456"})

    assert response.status_code == 400
    assert "doesn&#x27;t match" in response.content.decode()
    assert 'aria-describedby="id_token_error" autofocus' in response.content.decode()
    assert 'data-testid="cancel-setup"' not in response.content.decode()  # it is needed
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/")["Location"].startswith("/account/security/setup/")


def test_a_backup_code_signs_in_once(client, make_staff):
    user = make_staff("ada", "admin")
    enrol_authenticator(user)
    from truthbyte_admin.accounts import two_factor

    codes = two_factor.replace_backup_codes(user)
    _sign_in(client, "ada")

    assert client.post("/login/verify/", {"token": codes[0]}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout/")

    _sign_in(client, "ada")
    assert client.post("/login/verify/", {"token": codes[0]}).status_code == 400  # used up
    assert StaticToken.objects.count() == 9


MAKE_NEW_CODES = {"confirmed": "yes", "password": STAFF_PASSWORD}


def test_staff_can_replace_their_backup_codes(admin_client):
    response = admin_client.post("/account/security/backup-codes/replace/", MAKE_NEW_CODES)

    codes = _codes_on(admin_client.get(response["Location"]))
    assert len(codes) == 10
    assert "10 backup codes left" in admin_client.get("/account/security/").content.decode()


# --- the audit log ------------------------------------------------------------------------------


def test_second_factor_changes_are_audited(client, make_staff):
    make_staff("ada", "admin")
    _sign_in(client, "ada")
    html = client.get("/account/security/setup/").content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    client.post("/account/security/setup/", {"token": code_for_secret(secret)})
    client.post("/account/security/backup-codes/replace/", MAKE_NEW_CODES)
    client.post("/logout/")
    _sign_in(client, "ada")
    client.post("/login/verify/", {"token": "000000"})

    actions = [e.action for e in reversed(events.history("ada"))]

    # Signed in once the required set-up was done, not at the password; the second sign-in
    # never got past its wrong code.
    assert actions == [
        "second_factor_enrolled",
        "sign_in",
        "backup_codes_replaced",
        "sign_out",
        "second_factor_failed",
    ]


def test_signing_out_at_the_code_page_records_no_sign_out_of_a_sign_in_never_recorded(
    client, make_staff
):
    make_staff("ada", "admin")
    _sign_in(client, "ada")
    html = client.get("/account/security/setup/").content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    client.post("/account/security/setup/", {"token": code_for_secret(secret)})
    client.post("/logout/")
    _sign_in(client, "ada")  # the password only: now on the code page
    client.post("/logout/")

    actions = [e.action for e in reversed(events.history("ada"))]
    assert actions == ["second_factor_enrolled", "sign_in", "sign_out"]


def test_signed_in_is_recorded_when_the_code_completes_the_sign_in_not_at_the_password(
    client, make_staff
):
    device = enrol_authenticator(make_staff("eddie", "editor"))

    _sign_in(client, "eddie")
    client.post("/login/verify/", {"token": "000000"})

    assert [e.action for e in events.history("eddie")] == ["second_factor_failed"]
    assert User.objects.get(username="eddie").last_login is None  # "never" on the Staff page

    _pause_over(device)
    client.post("/login/verify/", {"token": current_code(device)})

    entry = events.history("eddie")[0]
    assert (entry.action, entry.after["second_factor"]) == ("sign_in", "Authenticator app")
    assert User.objects.get(username="eddie").last_login is not None


def test_a_password_only_sign_in_is_recorded_at_the_password(client, make_staff):
    make_staff("eddie", "editor")

    _sign_in(client, "eddie")

    assert [e.action for e in events.history("eddie")] == ["sign_in"]
    assert User.objects.get(username="eddie").last_login is not None


# --- reloads, confirmation and how codes are typed ------------------------------------------------


def _set_up(client) -> str:
    """Open the set-up page; returns the key it shows (as typed into an app)."""
    html = client.get("/account/security/setup/").content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    return secret


def _stored_backup_codes(username: str) -> set[str]:
    return set(
        StaticToken.objects.filter(device__user__username=username).values_list("token", flat=True)
    )


def test_set_up_redirects_to_the_codes_and_a_reload_adds_no_device(client, make_staff):
    make_staff("ada", "admin")
    _sign_in(client, "ada", "/daily/")
    secret = _set_up(client)
    form = {"token": code_for_secret(secret), "next": "/daily/"}

    confirmed = client.post("/account/security/setup/", form)

    assert confirmed.status_code == 302
    shown = client.get(confirmed["Location"])
    assert shown.status_code == 200
    codes = _codes_on(shown)
    assert set(codes) == _stored_backup_codes("ada")
    assert len(codes) == 10
    assert 'href="/daily/"' in shown.content.decode()  # Continue goes where sign-in was going

    reloaded = client.get(confirmed["Location"])  # shown once: a reload doesn't show them again
    assert reloaded.status_code == 302
    assert _codes_on(client.get(reloaded["Location"])) == []

    resent = client.post("/account/security/setup/", form)  # Back, then the form again
    assert resent.status_code == 302
    assert "already on" in client.get(resent["Location"]).content.decode()
    assert [d.confirmed for d in TOTPDevice.objects.filter(user__username="ada")] == [True]
    assert _stored_backup_codes("ada") == set(codes)


def test_set_up_sent_twice_before_the_codes_were_seen_shows_the_first_sends_codes(
    client, make_staff
):
    make_staff("ada", "admin")
    _sign_in(client, "ada", "/daily/")
    form = {"token": code_for_secret(_set_up(client)), "next": "/daily/"}

    first = client.post("/account/security/setup/", form)
    second = client.post("/account/security/setup/", form)  # a double click, without scripts

    assert first["Location"] == second["Location"]  # both lead to the codes
    codes = _codes_on(client.get(second["Location"]))
    assert set(codes) == _stored_backup_codes("ada")


def test_opening_set_up_again_reuses_the_unconfirmed_authenticator(client, make_staff):
    make_staff("ada", "admin")
    _sign_in(client, "ada")

    assert _set_up(client) == _set_up(client)

    assert TOTPDevice.objects.filter(user__username="ada").count() == 1


def test_confirming_removes_stray_unconfirmed_authenticators(client, make_staff):
    ada = make_staff("ada", "admin")
    _sign_in(client, "ada")
    secret = _set_up(client)
    TOTPDevice.objects.create(user=ada, name="Authenticator app", confirmed=False)  # older bug

    client.post("/account/security/setup/", {"token": code_for_secret(secret)})

    assert [d.confirmed for d in TOTPDevice.objects.filter(user=ada)] == [True]


def test_new_backup_codes_are_confirmed_first_and_shown_once(client, make_staff):
    ada = make_staff("ada", "moderator")
    force_login_verified(client, ada)
    old = set(two_factor.replace_backup_codes(ada))
    security = client.get("/account/security/").content.decode()
    assert 'href="/account/security/backup-codes/replace/"' in security

    asked = client.get("/account/security/backup-codes/replace/")
    unconfirmed = client.post("/account/security/backup-codes/replace/")

    for page in (asked, unconfirmed):
        html = page.content.decode()
        assert page.status_code == 200
        assert "Make new backup codes?" in html
        assert 'name="confirmed" value="yes"' in html
        assert "Yes, make new codes" in html
    assert _stored_backup_codes("ada") == old

    confirmed = client.post("/account/security/backup-codes/replace/", MAKE_NEW_CODES)

    assert confirmed.status_code == 302
    shown = client.get(confirmed["Location"])
    new = _codes_on(shown)
    assert set(new) == _stored_backup_codes("ada")
    assert not set(new) & old
    assert 'href="/account/security/"' in shown.content.decode()
    reloaded = client.get(confirmed["Location"])
    assert reloaded.status_code == 302
    assert reloaded["Location"] == "/account/security/"
    assert "shown only once" in client.get("/account/security/").content.decode()
    assert _stored_backup_codes("ada") == set(new)  # the reload replaced nothing


@pytest.mark.parametrize("password", ["", "not-it"])
def test_new_backup_codes_need_the_password_again(client, make_staff, password):
    # A session left open must not be enough to swap the second factor (probe).
    ada = make_staff("ada", "moderator")
    force_login_verified(client, ada)
    old = set(two_factor.replace_backup_codes(ada))

    response = client.post(
        "/account/security/backup-codes/replace/", {"confirmed": "yes", "password": password}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Make new backup codes?" in html
    said = "Enter your password to confirm it is you." if not password else "That is not your"
    assert said in html
    assert 'aria-invalid="true" autofocus' in html
    assert _stored_backup_codes("ada") == old
    if password:  # counted towards the lockout, as at the sign-in page
        assert events.history("ada")[0].action == "password_change_failed"


def test_moving_to_a_new_phone_needs_the_password_first(client, make_staff):
    ada = make_staff("ada", "admin")
    in_use = enrol_authenticator(ada)
    force_login_verified(client, ada)
    html = client.get("/account/security/setup/").content.decode()
    assert 'autocomplete="current-password"' in html
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)

    refused = client.post(
        "/account/security/setup/", {"token": code_for_secret(secret), "password": "not-it"}
    )
    assert refused.status_code == 400
    assert "That is not your password. Nothing was changed." in refused.content.decode()
    assert list(TOTPDevice.objects.filter(user=ada, confirmed=True)) == [in_use]

    moved = client.post(
        "/account/security/setup/", {"token": code_for_secret(secret), "password": STAFF_PASSWORD}
    )
    assert moved.status_code == 302
    assert in_use.pk not in TOTPDevice.objects.filter(user=ada).values_list("pk", flat=True)


def test_a_session_open_when_an_admin_reset_the_factor_sets_up_only_with_the_password(
    client, make_staff
):
    # The lost-phone case: a session left open (the stolen laptop) must not enrol its own phone
    # once an admin reset the factor (review).
    from truthbyte_admin.accounts import staff

    ada = make_staff("ada", "admin")
    enrol_authenticator(ada)
    force_login_verified(client, ada)
    staff.reset_two_factor(ada, admin="root", address="192.0.2.1")
    html = client.get("/account/security/setup/").content.decode()
    assert 'autocomplete="current-password"' in html
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)

    refused = client.post("/account/security/setup/", {"token": code_for_secret(secret)})

    assert refused.status_code == 400
    assert "Enter your password to confirm it is you." in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=ada, confirmed=True).exists()
    set_up = client.post(
        "/account/security/setup/", {"token": code_for_secret(secret), "password": STAFF_PASSWORD}
    )
    assert set_up.status_code == 302
    assert TOTPDevice.objects.filter(user=ada, confirmed=True).exists()


def test_an_admin_cannot_reset_their_own_factor_from_the_staff_page(admin_client):
    response = admin_client.post("/account/staff/ada/reset-two-factor/", {"confirmed": "yes"})

    assert response["Location"] == "/account/security/"
    assert two_factor.is_enrolled(User.objects.get(username="ada"))


def test_a_first_set_up_asks_no_password(client, make_staff):
    make_staff("bea", "admin")
    _sign_in(client, "bea")
    assert 'name="password"' not in client.get("/account/security/setup/").content.decode()


def test_security_page_post_is_the_password_change_and_leaves_the_second_factor(client, make_staff):
    ada = make_staff("ada", "moderator")
    force_login_verified(client, ada)
    old = set(two_factor.replace_backup_codes(ada))

    response = client.post("/account/security/")

    assert response.status_code == 400  # an empty password change: refused, field by field
    assert "Enter your current password." in response.content.decode()
    assert _stored_backup_codes("ada") == old


def test_no_backup_codes_without_an_authenticator(client, make_staff):
    make_staff("mona", "moderator")
    _sign_in(client, "mona")

    response = client.post("/account/security/backup-codes/replace/", MAKE_NEW_CODES)

    assert response.status_code == 302
    assert not StaticToken.objects.exists()
    assert not two_factor.is_enrolled(User.objects.get(username="mona"))


@pytest.mark.parametrize(
    "typed", [str.upper, lambda c: f" {c[:4]} {c[4:]} ", lambda c: f"{c[:4]}-{c[4:].upper()}"]
)
def test_backup_codes_are_accepted_in_any_case_with_spaces_or_hyphens(client, make_staff, typed):
    ada = make_staff("ada", "admin")
    enrol_authenticator(ada)
    code = two_factor.replace_backup_codes(ada)[0]
    _sign_in(client, "ada")

    assert client.post("/login/verify/", {"token": typed(code)}).status_code == 302
    assert code not in _stored_backup_codes("ada")


@pytest.mark.parametrize("token", ["abcdef", "12345", "1234567", "12a456"])
def test_a_badly_formed_first_code_is_a_form_error_not_a_wrong_code(client, make_staff, token):
    make_staff("ada", "admin")
    _sign_in(client, "ada")
    secret = _set_up(client)

    response = client.post("/account/security/setup/", {"token": token})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the 6-digit code your app shows" in html
    assert "doesn&#x27;t match" not in html
    device = TOTPDevice.objects.get(user__username="ada")
    assert device.throttling_failure_count == 0  # no pause started
    code = code_for_secret(secret)
    spaced = f"{code[:3]} {code[3:]}"
    assert client.post("/account/security/setup/", {"token": spaced}).status_code == 302


@pytest.mark.parametrize("token", ["12345", "1234567", "abcdef", "abcdefghj", "vdrz3nu1"])
def test_a_badly_formed_sign_in_code_is_a_form_error_not_a_failure(client, make_staff, token):
    ada = make_staff("ada", "admin")
    device = enrol_authenticator(ada)
    two_factor.replace_backup_codes(ada)
    _sign_in(client, "ada")

    response = client.post("/login/verify/", {"token": token})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the 6-digit code your app shows, or a backup code" in html
    assert "not valid" not in html
    assert not [e for e in events.history("ada") if e.action == "second_factor_failed"]
    for checked in (TOTPDevice, StaticDevice):
        assert checked.objects.get(user=ada).throttling_failure_count == 0
    assert client.post("/login/verify/", {"token": current_code(device)}).status_code == 302


def test_a_wrong_backup_code_pauses_only_the_backup_codes(client, make_staff):
    ada = make_staff("ada", "admin")
    device = enrol_authenticator(ada)
    two_factor.replace_backup_codes(ada)
    _sign_in(client, "ada")

    wrong = client.post("/login/verify/", {"token": "aaaaaaaa"})

    assert wrong.status_code == 400
    assert "not valid" in wrong.content.decode()
    assert StaticDevice.objects.get(user=ada).throttling_failure_count == 1
    assert client.post("/login/verify/", {"token": current_code(device)}).status_code == 302


def test_opening_the_code_page_signed_out_goes_to_sign_in_and_then_home(client, make_staff):
    make_staff("eddie", "editor")

    response = client.get("/login/verify/")

    assert response.status_code == 302
    assert response["Location"] == "/login/"  # not via the set-up page, which it would land on
    signed_in = client.post("/login/", {"username": "eddie", "password": STAFF_PASSWORD})
    assert signed_in["Location"] == "/"
    kept = client.get("/login/verify/?next=/daily/")
    assert kept["Location"] == "/daily/"  # signed in with no code to give: on to where it said


@pytest.mark.django_db
def test_one_place_decides_what_a_half_signed_in_user_must_do(make_staff):
    def signed_in(user, *, verified: bool):
        user.is_verified = lambda: verified  # what django-otp's middleware sets per request
        return user

    enrolled = make_staff("eddie", "editor")
    enrol_authenticator(enrolled)
    admin = make_staff("ada", "admin")  # needs a factor, has none
    editor = make_staff("ed", "editor")  # the password alone is enough

    assert two_factor.second_step_due(signed_in(enrolled, verified=False)) == "code"
    assert two_factor.second_step_due(signed_in(enrolled, verified=True)) is None
    assert two_factor.second_step_due(signed_in(admin, verified=False)) == "set_up"
    assert two_factor.second_step_due(signed_in(editor, verified=False)) is None


def _header(response) -> str:
    html = response.content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def test_half_signed_in_pages_show_only_what_works_there(client, make_staff):
    enrol_authenticator(make_staff("eddie", "editor"))
    make_staff("ada", "admin")  # must set one up
    _sign_in(client, "eddie")

    code_page = _header(client.get("/login/verify/"))
    client.post("/logout/")
    _sign_in(client, "ada")
    forced_setup = _header(client.get("/account/security/setup/"))

    for header in (code_page, forced_setup):
        assert 'aria-label="Main"' not in header  # Queue, Questions… would lead back here
        assert "/account/security/" not in header
        assert "/account/staff/" not in header
        assert 'href="/"' not in header
        assert "Sign out" in header


def test_a_set_up_of_ones_own_choice_keeps_the_navigation(client, make_staff):
    make_staff("eddie", "editor")
    _sign_in(client, "eddie")  # signed in with the password alone

    header = _header(client.get("/account/security/setup/"))

    assert 'aria-label="Main"' in header


def _token_field(response) -> str:
    html = response.content.decode()
    start = html.index('<input id="id_token"')
    return html[start : html.index(">", start)]


def test_a_refused_code_is_tied_to_its_field(client, make_staff):
    enrol_authenticator(make_staff("eddie", "editor"))
    make_staff("ada", "admin")
    _sign_in(client, "eddie")
    assert "aria-invalid" not in _token_field(client.get("/login/verify/"))

    refused_at_sign_in = client.post("/login/verify/", {"token": "000000"})
    client.post("/logout/")
    _sign_in(client, "ada")
    client.get("/account/security/setup/")  # the set-up opened
    refused_at_set_up = client.post("/account/security/setup/", {"token": "12"})

    for response in (refused_at_sign_in, refused_at_set_up):
        assert 'role="alert" id="id_token_error"' in response.content.decode()
        assert 'aria-invalid="true"' in _token_field(response)
        assert 'aria-describedby="id_token_error"' in _token_field(response)


def test_a_wrong_first_code_says_to_wait_before_the_next(client, make_staff):
    make_staff("ada", "admin")
    _sign_in(client, "ada")
    client.get("/account/security/setup/")

    html = client.post("/account/security/setup/", {"token": "000000"}).content.decode()

    assert "That code doesn&#x27;t match" in html
    assert "only after a wait (1 second, then longer" in html


def test_the_first_backup_codes_speak_of_no_older_ones_and_new_ones_do(client, make_staff):
    make_staff("ada", "admin")
    _sign_in(client, "ada")
    secret = _set_up(client)
    client.post("/account/security/setup/", {"token": code_for_secret(secret)})

    first = client.get("/account/security/backup-codes/").content.decode()
    client.post("/account/security/backup-codes/replace/", MAKE_NEW_CODES)
    replaced = client.get("/account/security/backup-codes/").content.decode()

    assert len(re.findall(r"<li><code>", first)) == 10
    assert "older backup codes" not in first
    assert "Your older backup codes no longer work." in replaced


def test_a_second_factor_removed_at_the_code_page_completes_a_recorded_sign_in(client, make_staff):
    # The password was accepted with an authenticator set up; it was removed before the code
    # (a reset of an account its role doesn't require it of): the sign-in completes, recorded.
    user = make_staff("eddie", "editor")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, "eddie")
    TOTPDevice.objects.filter(user=user).delete()

    response = client.get("/login/verify/")

    assert response.status_code == 302
    assert [e.action for e in events.history("eddie")] == ["sign_in"]


def test_moving_to_a_new_phone_says_the_app_in_use_keeps_working_until_confirmed(
    client, make_staff
):
    force_login_verified(client, make_staff("ada", "admin"))
    html = client.get("/account/security/setup/").content.decode()
    assert 'data-testid="replacing">Moving to a new phone: the app you use now keeps' in html
    assert "Your role needs a second factor" not in html
    assert 'href="/account/security/" data-testid="cancel-setup"' in html
    assert "autofocus" not in html  # the steps come first
    fresh = make_staff("bea", "admin")
    client.force_login(fresh)
    assert 'data-testid="replacing"' not in client.get("/account/security/setup/").content.decode()
