"""A command's own output can't stop or break it (core.console, wired in manage.py): a reader
that goes away, a terminal that can't show the text, output closed from the start; Ctrl-C ends
any command with one line, never a traceback; a file name that is not UTF-8 is recorded as text.
Run as processes, as an operator runs them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.core.management import call_command

from tests.support.invariants import assert_index_and_counts_exact
from tests.support.questions import numbered_question_file
from truthbyte_admin.auditlog.models import AuditRecord
from truthbyte_admin.data import audit
from truthbyte_admin.data import questions as questions_repo

ROOT = Path(__file__).resolve().parents[2]


def _env(settings, endpoint: str | None = None, **more: str) -> dict:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.settings",
        DYNAMODB_ENDPOINT_URL=endpoint or settings.DYNAMODB_ENDPOINT_URL,
        TRUTHBYTE_ENV=settings.TRUTHBYTE_ENV,
        **more,
    )


def _manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


def test_a_reader_that_goes_away_does_not_stop_the_import(game_tables, settings, tmp_path):
    # `load_questions FILE | head -1` stopped the import partway ("an unexpected error
    # (BrokenPipeError)"); the command now finishes its work and says how that went by its exit.
    path = numbered_question_file(tmp_path / "many.jsonl", 1500)
    process = subprocess.Popen(
        _manage("load_questions", str(path)),
        env=_env(settings),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = process.stdout.readline()
    process.stdout.close()  # as `head -1` does
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 0, stderr
    assert first
    assert "Traceback" not in stderr, stderr
    assert "BrokenPipe" not in stderr, stderr
    assert len(list(questions_repo.scan_all())) == 1500
    assert_index_and_counts_exact()


def test_a_terminal_that_cannot_show_the_text_gets_it_escaped(game_tables, settings, tmp_path):
    # PYTHONIOENCODING=ascii: it crashed on "“" after the import was written.
    path = numbered_question_file(tmp_path / "one.jsonl", 1)
    result = subprocess.run(
        _manage("load_questions", str(path)),
        env=_env(settings, PYTHONIOENCODING="ascii"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="ascii",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "recorded in the audit log (\\u201cQuestion file one.jsonl\\u201d)" in result.stdout


def test_a_command_started_with_its_output_closed_still_runs(game_tables, settings):
    result = subprocess.run(
        _manage("check_tables"),
        env=_env(settings),
        cwd=ROOT,
        stdout=None,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.close(1),  # `manage.py check_tables >&-`
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_ctrl_c_ends_any_command_with_one_line(game_tables, faults, settings):
    # rebuild_index, sync_index, backfill_index_difficulty... each printed KeyboardInterrupt's
    # traceback.
    faults.delay_next("Scan", seconds=3, times=50)
    process = subprocess.Popen(
        _manage("rebuild_index", "--segments", "1"),
        env=_env(settings, endpoint=faults.url),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A suite started in the background (`make test &`) inherits SIGINT ignored, and so
        # would the command: Ctrl-C as a terminal sends it, whatever started the suite.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not faults.log.injected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert faults.log.injected, "the rebuild never read its first page"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err + out
    assert err.strip().endswith(
        "manage.py rebuild_index --segments 1: stopped by Ctrl-C before it finished; what it "
        "had done stays done."
    )


def test_a_file_name_that_is_not_utf8_is_recorded_as_text(game_tables, tmp_path, db):
    # Its lone surrogate went into the audit entry: the staff copy failed on it, and every later
    # export_tables and rebuild_audit_log crashed.
    path = numbered_question_file(Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.jsonl")), 2)
    call_command("load_questions", str(path))
    entity = audit.question_file_entity("caf\ufffd.jsonl")
    [entry] = audit.history(entity)
    assert entry.note.startswith("Imported caf\ufffd.jsonl: created 2")
    assert AuditRecord.objects.filter(entity=entity).exists()
    assert call_command("rebuild_audit_log") is None


def test_a_missing_table_names_the_environment_and_points_at_truthbyte_env_first(settings):
    # A typo in TRUTHBYTE_ENV ("prdo") was told only to create the tables, which the
    # deployment guide forbids in production (manage.py says this for any command).
    from truthbyte_admin.core.commands import failure
    from truthbyte_admin.data.errors import TableMissing

    settings.TRUTHBYTE_ENV = "prdo"
    said = failure(
        TableMissing(
            "A DynamoDB table or index is missing: Cannot do operations on a non-existent table"
        ),
        command="rebuild_audit_log",
    )

    assert "(environment “prdo”, tables prdo-truthbyte-*). Check TRUTHBYTE_ENV" in said
    assert said.endswith("for a local setup, create the tables first (manage.py create_tables).")
