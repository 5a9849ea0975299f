"""manage.py create_staff USERNAME --role ROLE [--noinput] [--reset-2fa] [--keep-password]"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UsernameField
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from ... import events, two_factor
from ...roles import ALL_GROUPS, ROLE_GROUPS


class Command(BaseCommand):
    help = (
        "Create (or update the role and password of) a staff account. Applies the staff "
        "database's migrations first if it has none yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[*ROLE_GROUPS, "admin"])
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_true",
            help="Take the password from DJANGO_STAFF_PASSWORD instead of prompting.",
        )
        parser.add_argument(
            "--reset-2fa",
            action="store_true",
            help="Remove the account's second factor (lost phone); it must set one up again at "
            "its next sign-in, whatever its role. With --keep-password, nothing else changes.",
        )
        parser.add_argument(
            "--keep-password",
            action="store_true",
            help="Don't ask for a password (an existing account keeps its own).",
        )

    def handle(self, *args, username: str, role: str, noinput: bool, **options):
        try:
            self._migrate_if_needed()
            self._create(username, role, noinput, options["reset_2fa"], options["keep_password"])
        except DatabaseError as exc:
            raise CommandError(
                f"The staff database can't be used ({exc.__class__.__name__}: {exc}). "
                "Check DATABASE_URL and run `manage.py migrate`."
            ) from exc

    def _migrate_if_needed(self) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("The staff database is not up to date: running `migrate` first.")
            call_command("migrate", interactive=False, verbosity=0)

    def _create(self, raw_username, role, noinput, reset_2fa, keep_password) -> None:
        User = get_user_model()
        # As the login form reads it (NFKC, stripped), so the account is the one sign-in finds.
        username = UsernameField().to_python(raw_username)
        try:
            User._meta.get_field("username").run_validators(username)
        except ValidationError as exc:
            raise CommandError(f"Not a valid username: {' '.join(exc.messages)}") from exc
        if not username:
            raise CommandError("The username is empty.")
        user = User.objects.filter(username=username).first()
        if keep_password and user is None:
            raise CommandError(f"There is no account {username!r}: --keep-password needs one.")
        user = user or User(username=username)
        if not keep_password:
            password = self._password(noinput)
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            user.set_password(password)
        with transaction.atomic():
            for name in ALL_GROUPS:
                Group.objects.get_or_create(name=name)
            user.is_staff = True
            user.is_superuser = role == "admin"
            user.save()
            user.groups.set([] if role == "admin" else [Group.objects.get(name=ROLE_GROUPS[role])])
            removed = two_factor.reset(user, by="manage.py") if reset_2fa else 0
        if removed:
            events.record(username, "second_factor_reset", address="manage.py", actor="manage.py")
            self.stdout.write(
                f"Second factor of {username!r} removed ({removed} record(s)); "
                "they must set one up again at their next sign-in, whatever their role."
            )
        elif reset_2fa:
            self.stdout.write(f"{username!r} had no second factor set up: nothing to reset.")
        self.stdout.write(self.style.SUCCESS(f"Staff account {username!r} ready, role {role}."))

    @staticmethod
    def _password(noinput: bool) -> str:
        if noinput:
            password = os.environ.get("DJANGO_STAFF_PASSWORD", "")
            if not password:
                raise CommandError("--noinput needs the password in DJANGO_STAFF_PASSWORD.")
            return password
        try:
            password = getpass.getpass("Password: ")
            again = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt) as exc:
            raise CommandError(
                "No password given (use --noinput with DJANGO_STAFF_PASSWORD)."
            ) from exc
        if password != again:
            raise CommandError("The passwords don't match.")
        return password
