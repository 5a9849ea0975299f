"""Staff accounts as an admin sees them, and what an admin does for colleagues: unlock their
sign-in after too many failures (an account, or an address locked out for every username),
reset a lost second factor. Each is recorded in the audit log with the admin as the actor."""

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


@dataclass(frozen=True)
class Unlocked:
    failures_cleared: int  # 0: there were none, nothing changed or recorded
    # Addresses still refused for every username (too many failures there with any names):
    # this account's unlock doesn't lift them, and it may be signing in from one.
    locked_addresses: list[lockout.AddressLockout]


def unlock(username: str, *, admin: str, address: str | None) -> Unlocked:
    """Forget the account's failed sign-ins (every address), and say which addresses are still
    locked out for everyone."""
    cleared = lockout.clear_failures(username)
    if cleared:
        events.record(
            username, "sign_in_unlocked", address=address, actor=admin, failures_cleared=cleared
        )
    return Unlocked(failures_cleared=cleared, locked_addresses=lockout.address_lockouts())


def unlock_address(locked_address: str, *, admin: str, address: str | None) -> int:
    """Forget every failed sign-in from ``locked_address`` (any username): sign-ins from there
    are taken again at once. Recorded under the admin's own name, the address in the note.
    Returns how many failures were forgotten (0: none, nothing recorded)."""
    cleared = lockout.clear_address_failures(locked_address)
    if cleared:
        events.record(
            admin,
            "sign_in_unlocked",
            address=address,
            actor=admin,
            note=f"Unlocked the address {locked_address} (sign-ins with any username)",
            unlocked_address=locked_address,
            failures_cleared=cleared,
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
