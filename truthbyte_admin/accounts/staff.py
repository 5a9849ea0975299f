"""Staff accounts as an admin sees them, and the two things an admin does for a colleague:
unlock their sign-in after too many failures, reset a lost second factor. Both are recorded in
the audit log with the admin as the actor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from . import events, lockout, two_factor
from .models import TwoFactorSetUpDue
from .roles import role_label


@dataclass(frozen=True)
class StaffMember:
    username: str
    role: str
    active: bool
    last_sign_in: dt.datetime | None
    two_factor: bool
    two_factor_set_up_due: bool  # reset by an admin: must be set up at the next sign-in
    locked_until: dt.datetime | None  # None: not locked out now


def staff_members() -> list[StaffMember]:
    """Every staff account, by username (a few dozen at most)."""
    users = get_user_model().objects.prefetch_related("groups").order_by("username")
    set_up_due = set(TwoFactorSetUpDue.objects.values_list("user_id", flat=True))
    members = []
    for user in users:
        lock = lockout.account_lockout(user.get_username())
        members.append(
            StaffMember(
                username=user.get_username(),
                role=role_label(user),
                active=user.is_active,
                last_sign_in=user.last_login,
                two_factor=two_factor.is_enrolled(user),
                two_factor_set_up_due=user.pk in set_up_due,
                locked_until=lock.until if lock else None,
            )
        )
    return members


def find(username: str):
    """The staff account, or None."""
    return get_user_model().objects.filter(username=username).first()


def unlock(username: str, *, admin: str, address: str | None) -> int:
    """Forget the account's failed sign-ins; returns how many there were (0: nothing to do,
    nothing recorded)."""
    cleared = lockout.clear_failures(username)
    if cleared:
        events.record(
            username, "sign_in_unlocked", address=address, actor=admin, failures_cleared=cleared
        )
    return cleared


def reset_two_factor(user, *, admin: str, address: str | None) -> int:
    """Remove the account's authenticator and backup codes (a lost phone): they must set it up
    again at their next sign-in, whatever their role. Returns how many devices were removed (0:
    none, nothing changed or recorded)."""
    removed = two_factor.reset(user, by=admin)
    if removed:
        events.record(user.get_username(), "second_factor_reset", address=address, actor=admin)
    return removed
