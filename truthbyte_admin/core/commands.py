"""What a management command says when DynamoDB or the staff database can't be used: one
wording for every command (``manage.py`` catches the data layer's and the database's errors for
all of them; ``load_questions`` adds what was written)."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable

from django.conf import settings

from ..data.errors import DataError, SetupProblem, TableMissing, setup_problem


def count_argument(what: str, most: int) -> Callable[[str], int]:
    """An argparse ``type`` for a count of ``what`` from 1 to ``most``: anything else is a
    usage error (exit 2) saying so."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if not 1 <= number <= most:
            raise argparse.ArgumentTypeError(
                f"{value!r} is not a number of {what} from 1 to {most}"
            )
        return number

    return parse


MAX_SEGMENTS = 32  # parallel Scan segments, each a thread and a connection
scan_segments = count_argument("parallel Scan segments", MAX_SEGMENTS)


def not_recorded_advice(what: str) -> str:
    """What to do when a command's change is made but its audit entry could not be written
    (``what``: "import", "unlock", "change"): a second run would change nothing, so it would
    record nothing either."""
    return (
        "Running the command again won't record it (nothing would change): note the "
        f"{what} where your team keeps such records."
    )


def unexpected(exc: BaseException, *, again: str = "") -> str:
    """An error no command expects, in one sentence for whoever runs it (``again``: what
    running the command again would do), and how to report it."""
    again = f" {again}" if again else ""
    return (
        f"an unexpected error ({type(exc).__name__}: {exc}).{again} If it happens again, report "
        "it with --traceback."
    )


def failure(exc: DataError, *, command: str) -> str:
    """Why the command ``command`` ("rebuild_index --segments 2") stopped on the data layer's
    ``exc``, and what to do, with no traceback."""
    problem = setup_problem(exc)
    if problem is not None:
        return setup_advice(problem, doing="command", command=command)
    if isinstance(exc, TableMissing):
        # Never "create them" alone: in production the tables are the deployment's, and a
        # missing one most often means TRUTHBYTE_ENV names another environment (a typo).
        return (
            f"{str(exc).rstrip('.')} (environment “{settings.TRUTHBYTE_ENV}”, tables "
            f"{settings.TRUTHBYTE_ENV}-truthbyte-*). Check TRUTHBYTE_ENV; for a local setup, "
            "create the tables first (manage.py create_tables)."
        )
    return f"{str(exc).rstrip('.')}. Run it again in a moment; --traceback shows the details."


def setup_advice(problem: SetupProblem, *, doing: str, command: str) -> str:
    """What to fix, for a command that could not use DynamoDB at all (``doing``: "import",
    "command"; ``command``: how it is run, "load_questions FILE"), in the operator's words:
    where it looked, and how to point it elsewhere."""
    endpoint = settings.DYNAMODB_ENDPOINT_URL
    tables = f"tables {settings.TRUTHBYTE_ENV}-truthbyte-*"
    if endpoint:
        target = f"{endpoint} ({tables})"
    else:
        target = (
            f"AWS itself (region {settings.AWS_REGION}, {tables}), as DYNAMODB_ENDPOINT_URL is "
            "not set"
        )
    if problem.kind == "credentials":
        said = (
            f"no usable AWS credentials ({problem.detail}). The {doing} went to {target}: for "
            "that, configure credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY)."
        )
        if endpoint:
            return said
        return (
            f"{said} To use the DynamoDB Local of `make run` instead, run in a second "
            "terminal: DJANGO_DEBUG=1 DYNAMODB_ENDPOINT_URL=http://127.0.0.1:"
            f"{_make_run_dynamodb_port()} .venv/bin/python manage.py {command} (README, "
            "“Management commands”)."
        )
    if problem.kind == "access":
        return (
            f"the AWS credentials in use may not use {target} ({problem.detail}); the {doing} "
            "needs the permissions in deploy/iam-policy.json."
        )
    if problem.kind == "unreachable":
        if endpoint:
            return (
                f"nothing answered at {endpoint} ({problem.detail}). Is DynamoDB running "
                "there? `make run` starts DynamoDB Local on 127.0.0.1:8001 (DYNAMODB_PORT); "
                "check DYNAMODB_ENDPOINT_URL."
            )
        return f"could not connect to {target} ({problem.detail}): check the network."
    return (
        f"the DynamoDB settings can't be used ({problem.detail}): DYNAMODB_ENDPOINT_URL must "
        "be a URL such as http://127.0.0.1:8001 (or unset for AWS), and AWS_REGION a region "
        "such as us-east-1."
    )


# A table the code reads is not there: SQLite's and PostgreSQL's words for it.
_MISSING_TABLE = re.compile(r'no such table: |relation "[^"]+" does not exist')
_SETTING_UP = {"migrate", "makemigrations", "sqlmigrate", "shell", "dbshell"}


def staff_database_failure(exc: BaseException, command: list[str]) -> str | None:
    """Why a command stopped on the staff database (accounts, lockouts, the staff index, the
    audit copy) and what to do, when it is the environment's doing: the database can't be
    reached, or no ``migrate`` has set it up (a new DATABASE_URL). None for any other database
    error (a constraint, a failing migration, a bug): its traceback is what to read.
    ``command``: the command's name, as typed (``migrate`` is not told to run ``migrate``)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        where = f"the SQLite file {database['NAME']}"
    else:
        where = f"{database.get('NAME') or '?'} on {database.get('HOST') or 'localhost'}"
    unreachable = _connection_problem()
    if unreachable is not None:
        return (
            f"the staff database ({where}) can't be used ({unreachable}): check DATABASE_URL, "
            "and that the database is running (--traceback shows the details)."
        )
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if _MISSING_TABLE.search(detail) and not _SETTING_UP.intersection(command):
        return (
            f"the staff database ({where}) is not set up for this version ({detail}): run "
            "`manage.py migrate` first, or check DATABASE_URL if it should be another one."
        )
    return None


def _connection_problem() -> str | None:
    """Why a fresh connection to the staff database fails, or None when it opens: told apart
    by trying, not by an error's wording (each database words it its own way)."""
    from django.db import DatabaseError, connection

    try:
        connection.close()
        connection.ensure_connection()
    except DatabaseError as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


def _make_run_dynamodb_port() -> str:
    """The port `make run` gives DynamoDB Local: DYNAMODB_PORT when this shell sets it too."""
    port = os.environ.get("DYNAMODB_PORT", "")
    return port if port.isdigit() else "8001"
