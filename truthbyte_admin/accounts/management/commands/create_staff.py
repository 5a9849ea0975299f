"""manage.py create_staff USERNAME [--role ROLE] [--noinput] [--reset-2fa] [--keep-password]
manage.py create_staff USERNAME --deactivate | --reactivate"""

from __future__ import annotations

import getpass
import os
import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UsernameField
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from ....core.commands import not_recorded_advice
from ... import staff
from ...roles import ROLE_GROUPS, role_label


class Command(BaseCommand):
    help = (
        "Create a staff account, or change the role, password or second factor of one, or "
        "deactivate or reactivate one. Says what changed, and records each change in the audit "
        "log (actor: command line); when an entry can't be written, says so and why, and exits "
        "with status 1 (the change is made). Applies the staff database's migrations first if "
        "it has none yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--role",
            choices=[*ROLE_GROUPS, "admin"],
            help="Needed for a new account; an existing one keeps its role without it.",
        )
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
        active = parser.add_mutually_exclusive_group()
        active.add_argument(
            "--deactivate",
            action="store_true",
            help="The account can no longer sign in, and its open sessions end now. Nothing "
            "else changes; --reactivate undoes it.",
        )
        active.add_argument(
            "--reactivate",
            action="store_true",
            help="A deactivated account can sign in again (same role, password and second "
            "factor as before).",
        )

    def handle(self, *args, username: str, **options):
        try:
            self._migrate_if_needed()
            user = self._account(username, options)
            if options["deactivate"] or options["reactivate"]:
                self._set_active(user, active=options["reactivate"])
            else:
                self._save(user, options)
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

    def _account(self, raw_username: str, options: dict):
        """The account named (unsaved if new), after checking the options fit it."""
        username = _username(raw_username)
        if staff.is_reserved(username) and not options["deactivate"]:
            raise CommandError(
                f"The username {username!r} can't be used: the audit log uses “anonymous” for "
                "nobody signed in and “manage.py” for this command line."
            )
        user = staff.find(username)
        if user is not None and username != unicodedata.normalize("NFC", raw_username.strip()):
            # Full-width "ａｄｍｉｎ" is sign-in's "admin": changing that account unasked would be
            # a colleague's account taken over by a typing slip. (A new account is stored as
            # sign-in reads it, and said so.)
            raise CommandError(
                f"The username {raw_username.strip()!r} is written with characters that sign-in "
                f"reads as {username!r}, an existing account: run the command with {username!r} "
                "if that is the account you mean. Nothing changed."
            )
        same_but_for_case = None if user else staff.find_ignoring_case(username)
        if same_but_for_case is not None:
            existing = same_but_for_case.get_username()
            if options["deactivate"] or options["reactivate"]:
                why = f"run the command with {existing!r} to change that one"
            else:
                why = (
                    "usernames that differ only in capitals would be taken for each other, so no "
                    f"new account is made (run the command with {existing!r} to change that one)"
                )
            raise CommandError(
                f"There is no account {username!r}, but there is {existing!r}: {why}. "
                "Nothing changed."
            )
        if options["deactivate"] or options["reactivate"]:
            if user is None:
                raise CommandError(f"There is no account {username!r}: nothing changed.")
            others = [
                name for name in ("role", "reset_2fa", "keep_password", "noinput") if options[name]
            ]
            if others:
                flags = ", ".join(f"--{name.replace('_', '-')}" for name in others)
                raise CommandError(
                    f"--deactivate and --reactivate change nothing else: run the command again "
                    f"without them for {flags}. Nothing changed."
                )
            return user
        look_alike = None if user else staff.look_alike_problem(username)
        if look_alike:
            raise CommandError(f"{look_alike} Nothing changed.")
        if user is None and options["keep_password"]:
            raise CommandError(f"There is no account {username!r}: --keep-password needs one.")
        if user is None and options["role"] is None:
            raise CommandError(f"There is no account {username!r}: a new one needs --role.")
        return user or get_user_model()(username=username)

    def _save(self, user, options: dict) -> None:
        name = user.get_username()
        password = None
        if not options["keep_password"]:
            if not user._state.adding and not options["noinput"]:
                # A mistyped name would otherwise quietly take over a colleague's account.
                self.stdout.write(
                    f"{name!r} is an existing account ({role_label(user)}): the password "
                    "you type replaces theirs."
                )
            password = self._password(options["noinput"])
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        saved = staff.save_account(
            user, role=options["role"], password=password, reset_2fa=options["reset_2fa"]
        )
        for line in _describe(name, saved):
            self.stdout.write(line)
        if not saved.changed_anything:
            self.stdout.write(f"Staff account {name!r}: nothing changed.")
        elif not saved.audit_not_written:
            self.stdout.write(self.style.SUCCESS(f"Recorded in the audit log ({name!r})."))
        if not user.is_active:
            self.stdout.write(
                self.style.WARNING(
                    f"{name!r} is still deactivated: they can't sign in until "
                    f"`create_staff {name} --reactivate`."
                )
            )
        if saved.audit_not_written:
            raise _not_in_audit_log(name, "created" if saved.created else "changed", saved)

    def _set_active(self, user, *, active: bool) -> None:
        name = user.get_username()
        done = staff.set_active(user, active=active)
        recorded = "" if done.audit_not_written else " Recorded in the audit log."
        if not done.changed:
            state = "active" if active else "deactivated"
            self.stdout.write(f"Staff account {name!r} is already {state}: nothing changed.")
        elif active:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Reactivated {name!r}: they can sign in again (same role, password and "
                    f"second factor).{recorded}"
                )
            )
        else:
            ended = done.sessions_ended
            self.stdout.write(
                self.style.SUCCESS(
                    f"Deactivated {name!r}: they can't sign in; {ended} open session"
                    f"{'s' if ended != 1 else ''} ended.{recorded}"
                )
            )
        if done.audit_not_written:
            raise _not_in_audit_log(name, "reactivated" if active else "deactivated", done)

    @staticmethod
    def _password(noinput: bool) -> str:
        if noinput:
            password = os.environ.get("DJANGO_STAFF_PASSWORD", "")
            if not password:
                raise CommandError("--noinput needs the password in DJANGO_STAFF_PASSWORD.")
            if _not_utf8(password):
                raise CommandError(
                    "DJANGO_STAFF_PASSWORD holds bytes that are not UTF-8, which the sign-in "
                    "page could never send: set it in UTF-8. Nothing changed."
                )
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
        if _not_utf8(password):
            raise CommandError(
                "The password holds bytes that are not UTF-8, which the sign-in page could never "
                "send: set the terminal to UTF-8. Nothing changed."
            )
        return password


def _username(raw: str) -> str:
    """The username as the login form reads it (NFKC, stripped), so the account is the one
    sign-in finds; CommandError when it can't be one."""
    if _not_utf8(raw):
        raise CommandError(
            "The username holds bytes that are not UTF-8 (as a terminal set to another "
            "encoding types them): type it again in UTF-8. Nothing changed."
        )
    username = UsernameField().to_python(raw)
    if not username:
        raise CommandError("The username is empty.")
    invisible = staff.invisible_characters_problem(username)
    if invisible:
        raise CommandError(f"{invisible} Nothing changed.")
    try:
        get_user_model()._meta.get_field("username").run_validators(username)
    except ValidationError as exc:
        raise CommandError(f"Not a valid username: {' '.join(exc.messages)}") from exc
    return username


def _not_utf8(text: str) -> bool:
    """Whether ``text`` came from bytes that are not UTF-8 (Python hands them over as lone
    surrogates, which no database stores and no sign-in form can type)."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _not_in_audit_log(name: str, done: str, result) -> CommandError:
    """The change is made, but not recorded: exit 1 so a script notices. Running the command
    again would change nothing, so record nothing either."""
    return CommandError(
        f"Staff account {name!r} was {done} as said above, but the audit log entry could not be "
        f"written: {result.audit_not_written}. " + not_recorded_advice("change")
    )


def _describe(name: str, saved: staff.AccountSaved) -> list[str]:
    """One line per change (or unchanged part asked about), in the order they were made."""
    if saved.created:
        lines = [f"Created staff account {name!r}, role {saved.role_after}."]
    else:
        lines = []
        if saved.role_changed:
            lines.append(f"Role of {name!r}: {saved.role_before} → {saved.role_after}.")
        if saved.password == "changed":
            ended = saved.sessions_ended
            lines.append(
                f"Password of {name!r} changed; {ended} open session{'s' if ended != 1 else ''} "
                "ended."
            )
        elif saved.password == "same":
            lines.append(f"Password of {name!r}: the same as before, not changed.")
    removed = saved.second_factors_removed
    if removed:
        lines.append(
            f"Second factor of {name!r} reset ({_devices(removed)} removed); they must set one "
            "up again at their next sign-in, whatever their role."
        )
    elif removed is not None:
        lines.append(f"{name!r} had no second factor set up: nothing to reset.")
    return lines


def _devices(removed: list[str]) -> str:
    """ "2 devices: authenticator app and backup codes" """
    names = list(dict.fromkeys(removed))  # each kind once, in the order removed
    counted = [
        name if removed.count(name) == 1 else f"{removed.count(name)} × {name}" for name in names
    ]
    listed = " and ".join([", ".join(counted[:-1]), counted[-1]] if len(counted) > 1 else counted)
    return f"{len(removed)} device{'s' if len(removed) != 1 else ''}: {listed}"
