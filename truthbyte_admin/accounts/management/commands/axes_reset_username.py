"""manage.py axes_reset_username USERNAME... — django-axes' command, recorded: each account's
failed sign-ins are forgotten as the Staff page's "Unlock" does, with an audit entry (actor: the
command line). axes' own version unlocked with no trace."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ....core.audit_labels import COMMAND_LINE
from ... import staff
from ..unlocking import not_recorded, said_of_addresses, said_of_unlock


class Command(BaseCommand):
    help = (
        "Unlock staff sign-in for USERNAME (its failed sign-ins forgotten, from every address), "
        "recorded in the audit log, as the Staff page's Unlock does."
    )

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+", metavar="USERNAME")

    def handle(self, *args, usernames: list[str], **options):
        missing: list[str] = []
        still_locked: list = []
        for username in usernames:
            done = staff.unlock(username, admin=COMMAND_LINE, address=None)
            # Said either way: an address locked out for everyone may be what keeps them out.
            still_locked = done.locked_addresses
            self.stdout.write(
                said_of_unlock(repr(username), done.failures_cleared, done.audit_not_written)
            )
            if done.failures_cleared and done.audit_not_written:
                missing.append(f"{username!r} ({done.audit_not_written})")
        if still_locked:
            self.stdout.write(said_of_addresses(still_locked))
        if missing:
            raise CommandError(not_recorded(missing))
