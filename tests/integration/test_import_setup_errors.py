"""A run that can't use DynamoDB at all (no credentials, credentials refused, nothing listening,
an unusable endpoint) says what to fix, and that nothing was written — not "DynamoDB did not
answer in time … run the same command again"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from scripts.dynamodb_local import free_port
from tests.support.invariants import assert_index_and_counts_exact

ROOT = Path(__file__).resolve().parents[2]
RUN_AGAIN = "run the same command again"


@pytest.fixture
def export(tmp_path) -> Path:
    path = tmp_path / "export.jsonl"
    path.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"e{n:03d}",
                    "question": f"Is {n} even?",
                    "answer": n % 2 == 0,
                    "category": "maths",
                    "difficulty": 1 + n % 5,
                }
            )
            + "\n"
            for n in range(200)
        )
    )
    return path


def _stopped(path: Path) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("load_questions", str(path), workers=1)
    return str(raised.value)


def test_no_credentials_and_no_endpoint_says_where_it_went_and_how_to_reach_make_run(export):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AWS_") and k != "DYNAMODB_ENDPOINT_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        AWS_ACCESS_KEY_ID="",  # tests.settings' defaults, emptied
        AWS_SECRET_ACCESS_KEY="",
        AWS_SHARED_CREDENTIALS_FILE="/nonexistent",
        AWS_CONFIG_FILE="/nonexistent",
        AWS_EC2_METADATA_DISABLED="true",  # no instance-metadata lookup, no network
        DYNAMODB_PORT="8123",  # the port `make run` was given in this shell: the hint's
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "load_questions", str(export)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert "import stopped: no usable AWS credentials (NoCredentialsError" in message
    assert "The import went to AWS itself (region us-east-1, tables dev-truthbyte-*)" in message
    assert "DYNAMODB_ENDPOINT_URL=http://127.0.0.1:8123" in message
    assert message.endswith("Nothing was written.")
    assert "did not answer in time" not in message
    assert RUN_AGAIN not in message


def test_nothing_listening_at_the_endpoint_says_so(export, settings):
    port = free_port()
    settings.DYNAMODB_ENDPOINT_URL = f"http://127.0.0.1:{port}"
    message = _stopped(export)
    assert f"import stopped: nothing answered at http://127.0.0.1:{port}" in message
    assert "Is DynamoDB running there?" in message
    assert message.endswith("Nothing was written.")
    assert RUN_AGAIN not in message


def test_an_endpoint_that_is_not_a_url_is_a_configuration_problem(export, settings):
    settings.DYNAMODB_ENDPOINT_URL = "127.0.0.1:8001"
    message = _stopped(export)
    assert "the DynamoDB settings can't be used (Invalid endpoint: 127.0.0.1:8001)" in message
    assert "DYNAMODB_ENDPOINT_URL must be a URL such as http://127.0.0.1:8001" in message
    assert "unexpected error" not in message


def test_credentials_the_endpoint_refuses_say_so(game_tables, faults, export):
    faults.fail_next(
        "Scan",
        times=50,
        error="UnrecognizedClientException",
        message="The security token included in the request is invalid.",
    )
    message = _stopped(export)
    assert "no usable AWS credentials (UnrecognizedClientException: The security token" in message
    assert message.endswith("Nothing was written.")
    assert "make run" not in message  # an endpoint was set: it was meant


def test_credentials_without_permission_name_the_policy(game_tables, faults, export):
    faults.fail_next("Scan", times=50, error="AccessDeniedException", message="Not authorized.")
    message = _stopped(export)
    assert "the AWS credentials in use may not use" in message
    assert "deploy/iam-policy.json" in message


def test_credentials_expiring_mid_run_say_the_written_part_stays_and_a_rerun_converges(
    game_tables, faults, export
):
    faults.fail_next(
        "BatchWriteItem",
        times=10_000,
        after=3,
        error="ExpiredTokenException",
        message="The security token included in the request is expired",
    )
    message = _stopped(export)
    assert "no usable AWS credentials (ExpiredTokenException" in message
    assert message.endswith(
        "What was written before it stays; once that is fixed, run the same command again to "
        "finish."
    )
    faults.clear()
    call_command("load_questions", str(export))
    assert_index_and_counts_exact()
