#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "truthbyte_admin.settings")
    from django.core.management import execute_from_command_line

    from truthbyte_admin import SettingProblem

    try:
        execute_from_command_line(sys.argv)
    except SettingProblem as exc:  # the environment's, not the code's: no traceback to read
        sys.exit(f"manage.py: {exc}")
