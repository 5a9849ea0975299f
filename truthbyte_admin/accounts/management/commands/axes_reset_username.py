"""manage.py axes_reset_username USERNAME... — django-axes' command, recorded: each account's
failed sign-ins are forgotten as the Staff page's "Unlock" does, with an audit entry (actor: the
command line). axes' own version unlocked with no trace."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ....core.audit_labels import COMMAND_LINE
from ... import lockout, staff
from ..unlocking import not_recorded, said_of_addresses, said_of_unlock


class Command(BaseCommand):
    help = (
        "Unlock staff sign-in for USERNAME (its failed sign-ins forgotten, from every address), "
        "recorded in the audit log, as the Staff page's Unlock does."
    )

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+", metavar="USERNAME")

    def handle(self, *args, usernames: list[str], **options):
        # Every name checked before any is unlocked: a refusal changes nothing.
        names = [(typed, _as_counted(typed)) for typed in usernames]
        missing: list[str] = []
        still_locked: list = []
        for typed, username in names:
            done = staff.unlock(username, admin=COMMAND_LINE, address=None, log_failure=False)
            # Said either way: an address locked out for everyone may be what keeps them out.
            still_locked = done.locked_addresses
            what = repr(username) if typed == username else f"{username!r} (typed {typed!r})"
            said = said_of_unlock(what, done.failures_cleared, done.audit_not_written)
            if not done.failures_cleared and staff.find(username) is None:
                said += " No staff account has this username."
            self.stdout.write(said)
            if done.failures_cleared and done.audit_not_written:
                missing.append(f"{username!r} ({done.audit_not_written})")
        if still_locked:
            self.stdout.write(said_of_addresses(still_locked))
        if missing:
            raise CommandError(not_recorded(missing))


def _as_counted(typed: str) -> str:
    """The username as sign-in failures are counted against it (as the login form reads it:
    " support" and a fullwidth "ｓｕｐｐｏｒｔ" are "support"), or CommandError saying why it
    can't be one; nothing is unlocked then."""
    if any("\ud800" <= ch <= "\udfff" for ch in typed):
        raise CommandError(
            f"{typed!r} is not text (it holds bytes that are not UTF-8); nothing was unlocked."
        )
    username = lockout.normalise(typed) or ""
    if not username:
        raise CommandError("A username can't be empty; nothing was unlocked.")
    return username
