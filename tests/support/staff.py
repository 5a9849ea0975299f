"""Signing staff in for tests, second factor included."""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.support import game_day


def enrol_authenticator(user) -> TOTPDevice:
    """A confirmed authenticator app for ``user`` (as if set up on /account/security/setup/)."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the user's app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def code_for_secret(secret_text: str, *, real_clock: bool = False) -> str:
    """The code an authenticator app shows now for the key typed from the set-up page: now as
    this process sees it (tests/support/game_day.py), or, ``real_clock``, as a server started
    as a subprocess does."""
    from base64 import b32decode

    secret = secret_text.replace(" ", "")
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)))
    if real_clock:
        totp.time = game_day.real_time()
    return f"{totp.token():06d}"


def force_login_verified(client, user) -> None:
    """Signed in past both factors, without going through the forms."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrol_authenticator(
        user
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


LOCKOUT_LIMIT = 3  # failed sign-ins that lock an account out, in the lockout tests


def small_lockout_limits(settings) -> None:
    """The lockout tests' limits: an account at LOCKOUT_LIMIT failures, an address at 4×, a
    username from anywhere at 10×, for 15 minutes; no proxy trusted."""
    settings.LOGIN_FAILURE_LIMIT = LOCKOUT_LIMIT
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = LOCKOUT_LIMIT * 4
    settings.LOGIN_USERNAME_FAILURE_LIMIT = LOCKOUT_LIMIT * 10
    settings.LOGIN_LOCKOUT_SECONDS = 900
    settings.TRUSTED_PROXY_COUNT = 0


def sign_in_attempt(client, username, password, address, **headers):
    """The sign-in form sent from ``address``."""
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )
