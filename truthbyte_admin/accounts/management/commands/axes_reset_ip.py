"""manage.py axes_reset_ip ADDRESS... — django-axes' command, recorded: every failed sign-in
from each address is forgotten as the Staff page's address "Unlock" does, with an audit entry
(actor: the command line). axes' own version unlocked with no trace."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ....core.audit_labels import COMMAND_LINE
from ... import lockout, staff
from ..unlocking import not_recorded, said_of_unlock


class Command(BaseCommand):
    help = (
        "Unlock staff sign-in from ADDRESS (every failed sign-in from there forgotten, any "
        "username), recorded in the audit log, as the Staff page's address Unlock does."
    )

    def add_arguments(self, parser):
        parser.add_argument("addresses", nargs="+", metavar="ADDRESS")

    def handle(self, *args, addresses: list[str], **options):
        bad = [a for a in addresses if lockout.valid_address(a) is None]
        if bad:
            raise CommandError(f"Not an IP address: {', '.join(map(repr, bad))}. Nothing changed.")
        missing: list[str] = []
        for address in map(lockout.valid_address, addresses):  # in its usual form
            done = staff.unlock_address(
                address, admin=COMMAND_LINE, address=None, log_failure=False
            )
            self.stdout.write(said_of_unlock(address, done.count, done.audit_not_written))
            if done.count and done.audit_not_written:
                missing.append(f"{address} ({done.audit_not_written})")
        if missing:
            raise CommandError(not_recorded(missing))
