"""Second factor (django-otp): an authenticator app (TOTP) and one-time backup codes.

TRUTHBYTE_REQUIRE_2FA says who must have one: "admin" (superusers), "all" staff, "none". Anyone
who has enrolled is asked for a code at every sign-in, required or not.
"""

from __future__ import annotations

import math

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"


def is_required(user) -> bool:
    policy = settings.TRUTHBYTE_REQUIRE_2FA
    if policy == "all":
        return True
    if policy == "admin":
        return bool(user.is_superuser)
    return False


def is_enrolled(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up (unconfirmed), created on first use: reloading the set-up
    page keeps the same secret, so the code already scanned stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (an <img>, no script, no inline SVG)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app that can't scan."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_authenticator(user, device: TOTPDevice, token: str) -> list[str] | None:
    """Check the first code from the app; on success the device replaces any earlier
    authenticator and fresh backup codes are returned (shown once)."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    return replace_backup_codes(user)


@transaction.atomic
def replace_backup_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": BACKUP_CODES_NAME})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def pause_left(devices) -> int:
    """Seconds before django-otp checks a code against any of ``devices`` again (0: at once).
    After each wrong code it waits before checking the next one, twice as long each time (1, 2,
    4 … s): a code typed during that pause is refused unchecked, right or wrong."""
    waits = []
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if allowed:
            return 0
        until = (info or {}).get("locked_until")
        if until is not None:
            waits.append(max(1, math.ceil((until - timezone.now()).total_seconds())))
    return min(waits, default=0)


def sign_in_pause_left(user, token: str) -> int:
    """:func:`pause_left` for the devices that could take ``token``: a code of digits is for
    the authenticator app, anything else for the backup codes."""
    token = token.strip().replace(" ", "")
    kind = TOTPDevice if token.isdigit() else StaticDevice
    devices = [d for d in devices_for_user(user, confirmed=True) if isinstance(d, kind)]
    return pause_left(devices)


def verify(user, token: str):
    """The device that accepts ``token`` (a code from the app, or an unused backup code), or
    None. django-otp throttles each device after failures (growing delays)."""
    token = token.strip().replace(" ", "")
    if not token or len(token) > 16:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def reset(user) -> int:
    """Remove every second factor of ``user`` (lost phone): they enrol again at next sign-in."""
    count = 0
    for model in (TOTPDevice, StaticDevice):
        deleted, _ = model.objects.filter(user=user).delete()
        count += deleted
    return count
