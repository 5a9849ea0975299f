"""Failed sign-ins (and wrong current passwords at a password change) and lockouts into the
audit log (successful ones are recorded by the views, so that test helpers such as
``Client.force_login`` don't write audit entries)."""

from __future__ import annotations

import logging

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from . import events, lockout

log = logging.getLogger(__name__)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = lockout.normalised_username(request, credentials) or ""
    address = lockout.client_address(request)
    if getattr(request, "axes_failures_since_start", None) is None:
        # Refused while locked out: no password was checked. Logged, not audited, so a flood
        # of refused tries can't flood the audit table.
        log.warning("Sign-in refused while locked out: %r from %s", username, address)
        return
    # Someone signed in whose password is checked: a wrong current password at a password
    # change or before a second factor change (forms.OwnPasswordChangeForm,
    # CurrentPasswordForm). Nobody signed in: a failed sign-in (LoginView sends signed-in users
    # on before any password is checked).
    signed_in = request.user.is_authenticated if hasattr(request, "user") else False
    actor = username if signed_in else "anonymous"
    events.record(
        username,
        "password_change_failed" if signed_in else "sign_in_failed",
        address=address,
        actor=actor,
    )
    if getattr(request, "axes_locked_out", False):
        lock = lockout.current_lockout(username, address)
        events.record(
            username,
            "locked_out",
            address=address,
            actor=actor,
            scope=lock.scope if lock else "account",
            until=lock.until.isoformat() if lock else "",
        )
