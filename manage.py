#!/usr/bin/env python
import gc
import os
import sys

# Commands timed against the game's own tools; each turns the collector back on in handle().
_BULK_COMMANDS = {"load_questions"}


def main() -> None:
    if sys.argv[1:2] and sys.argv[1] in _BULK_COMMANDS:
        # Start-up allocates hundreds of thousands of objects that live until exit (Django's
        # apps, botocore's service model): the collector's passes over them free nothing and
        # took ~0.05 s of a one-second import. The command freezes them and resumes collecting.
        gc.disable()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "truthbyte_admin.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    from truthbyte_admin import SettingProblem
    from truthbyte_admin.core.console import protect_output
    from truthbyte_admin.data.errors import DataError

    # A command whose output is data (dumpdata's JSON) must fail loudly rather than write text
    # escaped into it.
    protect_output(escape_stdout=sys.argv[1:2] != ["dumpdata"])
    try:
        execute_from_command_line(sys.argv)
    except SettingProblem as exc:  # the environment's, not the code's: no traceback to read
        sys.exit(f"manage.py: {exc}")
    except DataError as exc:  # DynamoDB unusable or a table missing, for any command
        if "--traceback" in sys.argv:
            raise
        from truthbyte_admin.core.commands import failure

        sys.exit(f"manage.py {_command()}: {failure(exc, command=_command())}")
    except DatabaseError as exc:  # the staff database: not reachable, or not migrated yet
        from truthbyte_admin.core.commands import staff_database_failure

        said = None if "--traceback" in sys.argv else staff_database_failure(exc, sys.argv[1:2])
        if said is None:  # any other database error is a bug to read: its traceback
            raise
        sys.exit(f"manage.py {_command()}: {said}")


def _command() -> str:
    return " ".join(sys.argv[1:])


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # at any moment, start-up included; commands that must say more
        if "--traceback" in sys.argv:  # (what they wrote) catch it themselves
            raise
        print(
            f"manage.py {_command()}: stopped by Ctrl-C before it finished; what it had done "
            "stays done.",
            file=sys.stderr,
        )
        sys.exit(130)
