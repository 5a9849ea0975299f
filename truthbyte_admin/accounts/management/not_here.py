"""Django's and django-axes' own account commands, refused: they would make or change a staff
account, or unlock sign-in, without an audit entry (and createsuperuser took any username, even
"manage.py", the audit log's name for the command line). ``create_staff``,
``axes_reset_username`` and ``axes_reset_ip`` (ours) do each, recorded."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError


class RefusedCommand(BaseCommand):
    """Says what to run instead and exits 1, whatever the arguments (even --help)."""

    instead = ""  # the command line that does it, in words
    see = "create_staff"  # the command whose --help says more

    @property
    def refusal(self) -> str:
        name = self.__module__.rsplit(".", 1)[-1]
        return (
            f"`manage.py {name}` is not used here: it would skip the audit log. Instead run "
            f"{self.instead}. See `manage.py {self.see} --help`. Nothing changed."
        )

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*", help="Ignored: this command is refused.")

    def run_from_argv(self, argv):
        self.stderr.write(self.refusal, self.style.ERROR)
        sys.exit(1)

    def handle(self, *args, **options):
        raise CommandError(self.refusal)
