"""A command that can't use the staff database (accounts, lockouts, the staff index, the audit
copy) says why and what to do, in one line, with exit 1 and no traceback: a new DATABASE_URL no
``migrate`` has set up yet, one where nothing answers, one that is no database URL at all
(operator probe: these had printed Django's and psycopg's tracebacks)."""

from __future__ import annotations

import subprocess

import pytest

from tests.support.commands import run_manage


def _manage(*args: str, database_url: str) -> subprocess.CompletedProcess:
    return run_manage(
        *args,
        DATABASE_URL=database_url,
        DYNAMODB_ENDPOINT_URL="http://127.0.0.1:9",  # never reached: the database fails first
        AWS_ACCESS_KEY_ID="local",
        AWS_SECRET_ACCESS_KEY="local",
    )


def _said(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    [said] = done.stderr.strip().splitlines()
    return said


@pytest.mark.parametrize(
    ("args", "table"),
    [
        (("axes_reset_username", "mona"), "axes_accessattempt"),
        (("clearsessions",), "django_session"),  # Django's own commands too
    ],
)
def test_a_database_not_migrated_yet_is_named_with_what_to_run(tmp_path, args, table):
    new = tmp_path / "new.sqlite3"
    said = _said(_manage(*args, database_url=f"sqlite:///{new}"))
    assert said == (
        f"manage.py {' '.join(args)}: the staff database (the SQLite file {new}) is not set up "
        f"for this version (no such table: {table}): run `manage.py migrate` first, or check "
        "DATABASE_URL if it should be another one."
    )


def test_a_database_where_nothing_answers_is_named_without_its_password():
    said = _said(
        _manage("axes_reset_ip", "192.0.2.1", database_url="postgres://staff:s3cret@127.0.0.1:9/db")
    )
    assert said.startswith(
        "manage.py axes_reset_ip 192.0.2.1: the staff database (db on 127.0.0.1) can't be used ("
    )
    assert said.endswith(
        "check DATABASE_URL, and that the database is running (--traceback shows the details)."
    )
    assert "s3cret" not in said


def test_a_url_that_is_no_database_url_is_said_in_one_line():
    said = _said(_manage("check", database_url="mysqlx://staff@db/admin"))
    assert said == (
        "manage.py: DATABASE_URL can't be used (Scheme 'mysqlx://' is unknown): it must look "
        "like postgres://user:password@host:5432/name (or be unset for the SQLite file under "
        "var/)."
    )


def test_any_other_database_error_keeps_its_traceback(tmp_path):
    """A constraint, a failing migration, a bug: not the environment's doing, so not said as
    "check DATABASE_URL" (review: every DatabaseError had been)."""
    url = f"sqlite:///{tmp_path / 'staff.sqlite3'}"
    assert run_manage("migrate", "--noinput", DATABASE_URL=url).returncode == 0
    twice = (
        "from django.contrib.auth.models import Group as G; G(name='x').save(); G(name='x').save()"
    )

    done = run_manage("shell", "-c", twice, DATABASE_URL=url)

    assert done.returncode == 1
    assert "Traceback" in done.stderr
    assert "IntegrityError: UNIQUE constraint failed: auth_group.name" in done.stderr
    assert "check DATABASE_URL" not in done.stderr
