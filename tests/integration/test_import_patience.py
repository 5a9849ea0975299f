"""`load_questions` waits out throttling with its own retries (``DYNAMODB_BULK_MAX_ATTEMPTS``,
botocore's 10), where a page gives up after 3 so nobody waits: on AWS, a throttled batch during
an import is ordinary and must not stop the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.integration.test_import_convergence import _write
from tests.support.invariants import assert_index_and_counts_exact
from truthbyte_admin.data import client
from truthbyte_admin.data.errors import Throttled

ROOT = Path(__file__).resolve().parents[2]
SHOWN = "s.DYNAMODB_BULK_MAX_ATTEMPTS, s.DYNAMODB_MAX_ATTEMPTS"


def test_an_import_waits_out_a_batch_throttled_five_times(game_tables, faults, tmp_path, settings):
    path = _write(tmp_path / "q.jsonl", 60)
    settings.DYNAMODB_BULK_MAX_ATTEMPTS = 10
    # One worker: the first batch's first five attempts are the ones refused.
    faults.fail_next("BatchWriteItem", times=5)
    call_command("load_questions", str(path), workers=1)
    faults.clear()
    assert_index_and_counts_exact()


def test_with_pages_patience_the_same_throttling_stops_the_run(
    game_tables, faults, tmp_path, settings
):
    path = _write(tmp_path / "q.jsonl", 60)
    settings.DYNAMODB_BULK_MAX_ATTEMPTS = 3
    faults.fail_next("BatchWriteItem", times=5)
    with pytest.raises(CommandError, match="run the same command again"):
        call_command("load_questions", str(path), workers=1)
    faults.clear()


def test_a_page_after_an_import_retries_as_pages_do(game_tables, faults, tmp_path, settings):
    settings.DYNAMODB_BULK_MAX_ATTEMPTS = 10
    call_command("load_questions", str(_write(tmp_path / "q.jsonl", 5)))
    faults.fail_next("GetItem", times=5)
    with pytest.raises(Throttled):
        client.call("get_item", TableName="any", Key={"id": {"S": "x"}})
    faults.clear()


def test_the_bulk_attempts_default_to_botocores_ten():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DYNAMODB_", "DJANGO_"))}
    shown = subprocess.run(
        [sys.executable, "-c", f"import truthbyte_admin.settings as s; print({SHOWN})"],
        env={**env, "DJANGO_DEBUG": "1"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.split() == ["10", "3"]
