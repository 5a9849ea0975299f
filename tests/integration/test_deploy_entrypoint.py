"""deploy/docker-entrypoint.sh: on a shared PostgreSQL the containers don't migrate (that runs
once, as a one-off task); they refuse to start on an unmigrated database, and start once it is."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _entrypoint(database_url: str, *command: str, **extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        PATH=f"{Path(sys.executable).parent}:{env.get('PATH', '')}",
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=database_url,
        **extra,
    )
    return subprocess.run(
        ["sh", "deploy/docker-entrypoint.sh", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_containers_refuse_an_unmigrated_shared_database_then_start(postgres_only):
    url = postgres_only.create_database(f"entrypoint_{secrets.token_hex(4)}")

    refused = _entrypoint(url, "echo", "serving")
    assert refused.returncode == 1
    assert "python manage.py migrate" in refused.stderr
    assert "serving" not in refused.stdout

    once = _entrypoint(url, "python", "manage.py", "migrate", "--noinput", DJANGO_SKIP_MIGRATE="1")
    assert once.returncode == 0, once.stderr

    started = _entrypoint(url, "echo", "serving")
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "serving"


def test_a_single_sqlite_container_migrates_itself(tmp_path):
    result = _entrypoint(f"sqlite:///{tmp_path / 'staff.sqlite3'}", "echo", "serving")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("serving")
