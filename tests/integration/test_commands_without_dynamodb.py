"""Every management command that can't use DynamoDB says why and what to fix, in one line, with
exit 1 and no traceback (manage.py catches the data layer's errors for all of them)."""

from __future__ import annotations

import subprocess

import pytest

from tests.support.commands import run_manage

NOTHING_THERE = "http://127.0.0.1:9"  # the discard port: nothing answers


def _manage(*args: str) -> subprocess.CompletedProcess:
    return run_manage(
        *args,
        DYNAMODB_ENDPOINT_URL=NOTHING_THERE,
        AWS_ACCESS_KEY_ID="local",
        AWS_SECRET_ACCESS_KEY="local",
    )


@pytest.mark.parametrize(
    "args", [("check_tables",), ("rebuild_index", "--segments", "2"), ("enable_streams",)]
)
def test_a_command_against_an_endpoint_where_nothing_answers(args):
    done = _manage(*args)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    said = done.stderr.strip().splitlines()[-1]
    assert said.startswith(f"manage.py {' '.join(args)}: nothing answered at {NOTHING_THERE}")
    assert "Is DynamoDB running there?" in said


def test_traceback_still_shows_the_details_when_asked():
    done = _manage("check_tables", "--traceback")
    assert done.returncode == 1
    assert "Traceback" in done.stderr
