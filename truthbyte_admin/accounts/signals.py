"""Failed sign-ins and lockouts into the audit log (successful ones are recorded by the views,
so that test helpers such as ``Client.force_login`` don't write audit entries)."""

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
    events.record(username, "sign_in_failed", address=address, actor="anonymous")
    if getattr(request, "axes_locked_out", False):
        lock = lockout.current_lockout(username, address)
        events.record(
            username,
            "locked_out",
            address=address,
            actor="anonymous",
            scope=lock.scope if lock else "account",
            until=lock.until.isoformat() if lock else "",
        )
