"""What the recorded versions of django-axes' unlock commands (axes_reset_username,
axes_reset_ip) say of each unlock and after them."""

from __future__ import annotations

from ...core.commands import not_recorded_advice
from ..lockout import AddressLockout


def said_of_unlock(what: str, cleared: int, audit_not_written: str | None) -> str:
    """One line for one unlock of ``what`` (a quoted username, an address)."""
    if not cleared:
        return f"{what} had no failed sign-ins: nothing changed."
    recorded = "" if audit_not_written else " Recorded in the audit log."
    return (
        f"Unlocked {what}: {cleared} failed sign-in{'' if cleared == 1 else 's'} "
        f"forgotten.{recorded}"
    )


def not_recorded(missing: list[str]) -> str:
    """Unlocked, but not in the audit log: said with exit 1 so a script notices. Running the
    command again would change nothing, so record nothing either."""
    return (
        f"Unlocked as said above, but not recorded in the audit log: {'; '.join(missing)}. "
        + not_recorded_advice("unlock")
    )


def said_of_addresses(locked: list[AddressLockout]) -> str:
    """The addresses still refused for every username, which an account's unlock doesn't lift."""
    shown = ", ".join(lock.address for lock in locked[:5])
    more = f" and {len(locked) - 5} more" if len(locked) > 5 else ""
    return (
        f"Still locked out for every username: {shown}{more} (too many failed sign-ins from "
        "there with any names). Unlock an address with `manage.py axes_reset_ip ADDRESS`."
    )
