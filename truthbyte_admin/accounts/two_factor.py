"""Second factor (django-otp): an authenticator app (TOTP) and one-time backup codes.

TRUTHBYTE_REQUIRE_2FA says who must have one: "admin" (superusers), "all" staff, "none"; an
account whose second factor an admin reset must set one up again too, whatever its role. Anyone
who has enrolled is asked for a code at every sign-in, required or not.
"""

from __future__ import annotations

import math
import re

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import TwoFactorSetUpDue

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"

# The shapes of the two kinds of code, once normalised (see normalise_code): the authenticator
# app's (TOTPDevice's default of 6 digits, which every device made here keeps) and a backup
# code's (StaticToken.random_token: 5 random bytes in lower-case base32, so 8 of a-z and 2-7).
AUTHENTICATOR_CODE = re.compile(r"[0-9]{6}")
BACKUP_CODE = re.compile(r"[a-z2-7]{8}")


def normalise_code(typed: str) -> str:
    """A code as typed, in the form django-otp compares it with: without the spaces or hyphens
    people group codes with, in lower case (backup codes are stored in lower case and compared
    exactly; digits have no case)."""
    return re.sub(r"[\s-]", "", typed).lower()


def is_authenticator_code(code: str) -> bool:
    """Whether normalised ``code`` has the shape of a code from the authenticator app."""
    return AUTHENTICATOR_CODE.fullmatch(code) is not None


def is_backup_code(code: str) -> bool:
    """Whether normalised ``code`` has the shape of a backup code."""
    return BACKUP_CODE.fullmatch(code) is not None


def is_required(user) -> bool:
    """Whether ``user`` must have a second factor: their role needs one, or an admin reset
    theirs (see :func:`set_up_due`)."""
    return required_by_role(user) or set_up_due(user)


def second_step_due(user) -> str | None:
    """What a signed-in user must do before anything else opens, the one place that decides
    it ("half signed in"): ``"code"``, enter one (enrolled, not yet verified in this
    session); ``"set_up"``, set a factor up (one is required and there is none); None,
    nothing (verified, or signed in with the password alone)."""
    if not user.is_authenticated or user.is_verified():
        return None
    return second_step_after_password(user)


def second_step_after_password(user) -> str | None:
    """:func:`second_step_due` for ``user`` just past their password, before django-otp has
    looked at the session (no ``is_verified`` yet): what completes their sign-in."""
    if is_enrolled(user):
        return "code"
    if is_required(user):
        return "set_up"
    return None


def required_by_role(user) -> bool:
    policy = settings.TRUTHBYTE_REQUIRE_2FA
    if policy == "all":
        return True
    if policy == "admin":
        return bool(user.is_superuser)
    return False


def set_up_due(user) -> bool:
    """Whether an admin reset the second factor of ``user``, which must be set up again before
    they go on (cleared once the set-up is confirmed)."""
    return TwoFactorSetUpDue.objects.filter(user=user).exists()


def is_enrolled(user) -> bool:
    return user_has_device(user, confirmed=True)


def authenticator_being_set_up(user) -> TOTPDevice | None:
    """The unconfirmed authenticator the set-up page shows, if it is open (None once confirmed:
    a set-up form sent again after that has nothing to confirm)."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up (unconfirmed), created on first use: reloading the set-up
    page keeps the same secret, so the code already scanned stays valid."""
    return authenticator_being_set_up(user) or TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR_NAME, confirmed=False
    )


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (an <img>, no script, no inline SVG)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app that can't scan."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_authenticator(user, device: TOTPDevice, code: str) -> list[str] | None:
    """Check the first code from the app (normalised, 6 digits); on success the device replaces
    any earlier authenticator, confirmed or not, and fresh backup codes are returned (shown
    once)."""
    if not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    TwoFactorSetUpDue.objects.filter(user=user).delete()
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


def _devices_for_code(user, code: str) -> list:
    """The confirmed devices of ``user`` that could take normalised ``code``: the authenticator
    app for 6 digits, the backup codes otherwise. Only those check it (not django-otp's
    match_token, which tries every device): each device counts a code it refuses towards its
    own pause, so a mistyped backup code would otherwise hold up the app's codes too."""
    kind = TOTPDevice if is_authenticator_code(code) else StaticDevice
    return [d for d in devices_for_user(user, confirmed=True) if isinstance(d, kind)]


def sign_in_pause_left(user, code: str) -> int:
    """:func:`pause_left` for the devices that could take normalised ``code``."""
    return pause_left(_devices_for_code(user, code))


def verify(user, code: str):
    """The device that accepts normalised ``code`` (a code from the app, or an unused backup
    code), or None. django-otp throttles each device after failures (growing delays)."""
    for device in _devices_for_code(user, code):
        if device.verify_token(code):
            return device
    return None


@transaction.atomic
def reset(user, *, by: str) -> list[str]:
    """Remove every second factor of ``user`` (lost phone): they must set one up again before
    they go on (at their next sign-in), whatever their role. ``by``: the admin, or
    "manage.py". Returns what set-up factors were removed, one name each ("authenticator app",
    "backup codes"; empty: none). A set-up never finished (the set-up page opened, no code
    confirmed) is no second factor: it goes too (its secret may be on the lost phone), but
    counts for nothing, so nobody is told of a reset of a factor that never was, and nobody is
    made to set one up by it."""
    removed = [
        name
        for model, name in ((TOTPDevice, "authenticator app"), (StaticDevice, "backup codes"))
        for _ in range(model.objects.filter(user=user, confirmed=True).count())
    ]
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).delete()
    if removed:
        TwoFactorSetUpDue.objects.update_or_create(
            user=user, defaults={"since": timezone.now(), "reset_by": by}
        )
    return removed
