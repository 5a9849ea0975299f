"""``manage.py`` run as an operator runs it: a process of its own (its exit code, what it prints,
no traceback), with the test settings and the environment given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """``manage.py ARGS`` with tests.settings and ``env`` over this process's environment (not
    pytest's own variables, which would make Django's test runner think it runs under pytest)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    environment.update(DJANGO_SETTINGS_MODULE="tests.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
