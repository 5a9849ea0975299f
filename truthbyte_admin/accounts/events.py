"""Staff sign-in events in the admin's audit log (DynamoDB, through the data layer).

Entity ``staff#<username>``. Actions: ``sign_in`` (once the sign-in is complete: at the
password, or at the second factor's code or required set-up, named in ``second_factor``; never
for the password alone), ``sign_in_failed``, ``locked_out``, ``sign_out``,
``second_factor_failed``, ``second_factor_enrolled``, ``backup_codes_replaced``,
``second_factor_reset``, ``sign_in_unlocked`` (the last two also by an admin, who is then the
actor; an address unlocked for every username is recorded under the admin's own name, the
address in the note and ``unlocked_address``), ``password_changed`` and
``password_change_failed`` (one's own current password, wrong, on the Account security page
or before a second factor change), and what ``manage.py
create_staff`` does, with the actor "manage.py": ``staff_created``, ``role_changed`` (the role
before and after), ``password_changed``, ``second_factor_reset``, ``deactivated``,
``reactivated``. Older entries record ``sign_in`` at the password and
``second_factor_verified`` at the code. A DynamoDB outage must not stop staff from signing in,
so a failed write is logged (ERROR) and the sign-in goes on; :func:`record` also returns why, so
the command line can tell whoever ran it that the change is not in the audit log.
"""

from __future__ import annotations

import logging
from typing import Any

from ..core.errors import why_not_written
from ..data import audit

log = logging.getLogger(__name__)


def record(
    username: str,
    action: str,
    *,
    address: str | None,
    actor: str | None = None,
    note: str = "",
    before: dict[str, Any] | None = None,
    log_failure: bool = True,
    **details: Any,
) -> str | None:
    """Record the event. Returns None once written, else why it could not be (one line);
    ``log_failure=False`` when the caller says so itself (no traceback in a terminal)."""
    entry = audit.new_entry(
        audit.staff_entity(username),
        actor=actor or username,
        action=action,
        before=before,
        after={"address": address, **details},
        note=note,
    )
    try:
        audit.record(entry)
    except Exception as exc:  # noqa: BLE001 - the audit write is best effort here; it says so
        if log_failure:
            log.exception("Could not write the audit entry %s for staff %r", action, username)
        return why_not_written(exc)
    return None


def history(username: str, *, limit: int = 50):
    return audit.history(audit.staff_entity(username), limit=limit)
