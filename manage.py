#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "truthbyte_admin.settings")
    from django.core.management import execute_from_command_line

    from truthbyte_admin import SettingProblem
    from truthbyte_admin.core.console import protect_output
    from truthbyte_admin.data.errors import DataError

    protect_output()
    try:
        execute_from_command_line(sys.argv)
    except KeyboardInterrupt:  # commands whose stop needs more words say so themselves
        if "--traceback" in sys.argv:
            raise
        command = " ".join(sys.argv[1:])
        print(
            f"manage.py {command}: stopped by Ctrl-C before it finished; what it had done "
            "stays done.",
            file=sys.stderr,
        )
        sys.exit(130)
    except SettingProblem as exc:  # the environment's, not the code's: no traceback to read
        sys.exit(f"manage.py: {exc}")
    except DataError as exc:  # DynamoDB unusable or a table missing, for any command
        if "--traceback" in sys.argv:
            raise
        from truthbyte_admin.core.commands import failure

        command = " ".join(sys.argv[1:])
        sys.exit(f"manage.py {command}: {failure(exc, command=command)}")
