"""manage.py load_questions FILE... — convergent upsert of JSONL question exports (GAME.md)."""

from __future__ import annotations

import gc
import hashlib
import io
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ....data import audit, bulk
from ....data.client import RequestStats, patient_retries, track_requests
from ....data.errors import DataError, TableMissing, setup_problem
from ....data.importing import ParsedFile, parse_question_lines
from ....data.models import AuditEntry, Question
from ...audit_labels import COMMAND_LINE, item_kind_label
from ...commands import count_argument, failure, not_recorded_advice, setup_advice, unexpected
from ...errors import why_not_written
from ...params import shown

AGAIN = (
    "Nothing is lost: run the same command again to finish it (every run compares the file "
    "with what is stored and ends with the index and counts exact)."
)
# More writers than the DynamoDB client keeps connections (data/client.py) only wait for one.
MAX_WORKERS = 20
SHOWN_REJECTIONS = 20  # per file; a binary file or a JSON document would print thousands
SHOWN_IDS = 10
RETIRED_PAGE = "/questions/retired/"


worker_count = count_argument("parallel requests", MAX_WORKERS)  # --workers


class Command(BaseCommand):
    # A data command, not a server: Django's system checks (URLs, templates, admin) cost ~0.3 s
    # of every run and check nothing it uses.
    requires_system_checks: list[str] = []
    help = (
        "Import questions from JSONL files (one JSON object per line) in either export shape of "
        "the game. Re-importing, or importing an export whose ids overlap another, updates "
        "questions in place and keeps the category index and counts exact. Questions staff "
        "retired are skipped unless --include-retired. After any failure, running the same "
        "command again finishes the job: every run compares the file with what is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--workers",
            type=worker_count,
            default=bulk.WORKERS,
            help=f"parallel DynamoDB requests, 1 to {MAX_WORKERS} (default {bulk.WORKERS})",
        )
        parser.add_argument(
            "--include-retired",
            action="store_true",
            help="also import questions staff retired (skipped by default; a retired question "
            f"is normally brought back with Restore on {RETIRED_PAGE})",
        )

    def handle(self, *args, files: list[Path], workers: int, include_retired: bool, **options):
        # What start-up loaded (Django, botocore's service model) lives until exit: frozen, the
        # collector no longer walks it on every collection, nor in the final one at exit
        # (~0.2 s of a 2-second import). manage.py paused the collector while it loaded.
        gc.freeze()
        gc.enable()
        if not 1 <= workers <= MAX_WORKERS:  # call_command(workers=0) skips the parser's check
            raise CommandError(
                f"--workers must be from 1 to {MAX_WORKERS}, not {workers}.", returncode=2
            )
        for path in files:  # every one checked before anything is written
            _check_is_a_file(path)
        rejected_total = valid_total = 0
        empty: list[Path] = []
        skipped_retired = 0
        not_recorded: list[str] = []
        for path in files:
            parsed, sha256 = self._parse(path)
            rejected_total += len(parsed.rejected)
            valid_total += len(parsed.questions)
            if not parsed.questions:
                if parsed.empty:
                    empty.append(path)
                why = "the file is empty" if parsed.empty else "no line was valid"
                self.stdout.write(
                    f"  nothing to import: {why}; the game's tables were neither read nor written"
                )
                continue
            report = self._import_and_record(
                path, parsed.questions, sha256, workers, include_retired, not_recorded
            )
            skipped_retired += len(report.retired_skipped)
        if rejected_total or empty:
            failed = _failure_summary(rejected_total, valid_total, empty)
            raise CommandError(failed + _not_recorded(not_recorded))
        if not_recorded:  # imported, but not in the audit log: exit 1 so a script notices
            raise CommandError("Import complete." + _not_recorded(not_recorded))
        done = "Import complete."
        if skipped_retired:
            done += f" Skipped {_questions(skipped_retired)} staff retired (see above)."
        self.stdout.write(self.style.SUCCESS(done))

    def _import_and_record(
        self,
        path: Path,
        questions: list[Question],
        sha256: str,
        workers: int,
        include_retired: bool,
        not_recorded: list[str],
    ) -> bulk.UpsertReport:
        """Import one file and record it in the audit log: what it did, or, stopped partway
        after writing, that it stopped (the run that finishes it records its own entry). Files
        not recorded are added to ``not_recorded``; a stop raises CommandError naming them."""
        try:
            report = self._import(path, questions, workers, include_retired)
        except _Stopped as stopped:
            if stopped.wrote:  # what it wrote stays: the log says the file was at work
                entry = audit.stopped_import(
                    path.name, actor=COMMAND_LINE, sha256=sha256, why=stopped.why
                )
                why_not = self._record(path, entry)
                if why_not:
                    not_recorded.append(f"{path.name} ({why_not})")
            raise CommandError(stopped.message + _not_recorded(not_recorded)) from stopped
        if _changed_anything(report):  # an unchanged re-import changed nothing: no entry
            why_not = self._record(path, _import_entry(path, report, sha256))
            if why_not:
                not_recorded.append(f"{path.name} ({why_not})")
        return report

    def _parse(self, path: Path) -> tuple[ParsedFile, str]:
        """The file's lines parsed, and the SHA-256 of exactly the bytes read (for the audit
        entry: which copy of the file this was)."""
        try:
            data = path.read_bytes()
            parsed = parse_question_lines(io.BytesIO(data))
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
        if parsed.format_hint:  # one sentence instead of every line's parser error
            self.stderr.write(f"{path}: rejected: {parsed.format_hint}")
        shown = 0 if parsed.format_hint else SHOWN_REJECTIONS
        for problem in parsed.rejected[:shown]:
            self.stderr.write(f"{path}:{problem.line_number}: rejected: {problem.reason}")
        if parsed.rejected[shown:] and not parsed.format_hint:
            more = len(parsed.rejected) - shown
            self.stderr.write(f"{path}: … and {more:,} more line{_s(more)} rejected")
        valid = len(parsed.questions)
        self.stdout.write(
            f"{path}: {valid:,} valid line{_s(valid)}, {len(parsed.rejected):,} rejected"
        )
        if parsed.renamed:  # as the editor makes a new category's key: said, never silent
            names = sorted(parsed.renamed.items())
            shown_names = ", ".join(f"“{typed}” as {key}" for typed, key in names[:10])
            more = f" and {len(names) - 10:,} more" if len(names) > 10 else ""
            self.stdout.write(
                f"  category names imported as keys (lower case, _ for spaces and hyphens): "
                f"{shown_names}{more}"
            )
        return parsed, hashlib.sha256(data).hexdigest()

    def _import(
        self, path: Path, questions: list[Question], workers: int, include_retired: bool
    ) -> bulk.UpsertReport:
        plan = {"to_write": 0, "unchanged": 0}

        def planned(to_write: int, unchanged: int) -> None:
            plan.update(to_write=to_write, unchanged=unchanged)
            total = to_write + unchanged
            if to_write:
                self.stdout.write(f"  {to_write:,} of {total:,} question{_s(total)} to write")
            else:
                self.stdout.write(
                    f"  0 of {total:,} question{_s(total)} needed writing (all unchanged)"
                )
            self.stdout.flush()

        # Flushed line by line: a run stopped by a kill still shows how far it got.
        def progress(done: int) -> None:
            if plan["to_write"]:  # `done` counts the unchanged questions from the start
                written = done - plan["unchanged"]
                self.stdout.write(f"  {written:,}/{plan['to_write']:,} questions written")
                self.stdout.flush()

        def index_progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done:,}/{total:,} category index changes written")
            self.stdout.flush()

        started = time.perf_counter()
        stats = RequestStats()
        try:
            with track_requests() as stats, patient_retries():
                report = bulk.upsert_questions(
                    questions,
                    progress=progress,
                    index_progress=index_progress,
                    planned=planned,
                    workers=workers,
                    retired="include" if include_retired else "skip",
                )
        except KeyboardInterrupt as exc:
            _reopen_staff_database()
            raise _Stopped(f"{path}: import interrupted. {AGAIN}", "interrupted", stats) from exc
        except Exception as exc:  # noqa: BLE001 - a message and exit 1, never a traceback
            # (`--traceback` still shows it, for a bug report).
            why = _why(exc, stats)
            raise _Stopped(f"{path}: import stopped: {why}", why, stats) from exc
        retired = ""
        if report.retired_skipped:
            retired = f", skipped as retired {len(report.retired_skipped):,}"
        self.stdout.write(
            f"  created {report.created:,}, updated {report.updated:,}, "
            f"unchanged {report.unchanged:,}{retired}; index items written "
            f"{report.index_written:,}, deleted {report.index_deleted:,}; "
            f"{len(report.categories)} categories recounted"
            + (f", {len(report.counts_corrected)} counts set" if report.counts_corrected else "")
            + f" ({stats.requests} DynamoDB requests, {time.perf_counter() - started:.2f} s)"
        )
        if report.counts_corrected:
            self.stdout.write(f"  counts set: {audit.counts_set_text(report.counts_corrected)}")
        self._tell_retired(report)
        return report

    def _record(self, path: Path, entry: AuditEntry) -> str | None:
        """Write the file's audit log entry and say so. None once written, else why not."""
        try:
            audit.record(entry)
        except Exception as exc:  # noqa: BLE001 - what it describes is done; said, with exit 1
            why = why_not_written(exc)
            self.stderr.write(f"  not recorded in the audit log: {why}")
            return why
        kind = item_kind_label(entry.entity.partition("#")[0])
        self.stdout.write(f"  recorded in the audit log (“{kind} {shown(path.name)}”)")
        return None

    def _tell_retired(self, report: bulk.UpsertReport) -> None:
        if report.retired_skipped:
            ids = report.retired_skipped
            self.stdout.write(
                self.style.WARNING(
                    f"  skipped {_questions(len(ids))} staff retired: {_ids(ids)} — restore "
                    f"{'it' if len(ids) == 1 else 'them'} on the Retired questions page "
                    f"({RETIRED_PAGE}), or run again with --include-retired to bring "
                    f"{'it' if len(ids) == 1 else 'them'} back"
                )
            )
        if report.retired_brought_back:
            ids = report.retired_brought_back
            self.stdout.write(
                self.style.WARNING(
                    f"  brought back {_questions(len(ids))} staff had retired: {_ids(ids)}. "
                    f"The retired {'copy stays' if len(ids) == 1 else 'copies stay'} on the "
                    f"Retired questions page ({RETIRED_PAGE}), which says the id is in use "
                    "again; restoring from there is refused while it is"
                )
            )


class _Stopped(Exception):
    """A file's import stopped partway: ``message`` for the person running it, ``why`` for the
    audit entry, ``wrote`` whether anything may have been written before it stopped."""

    def __init__(self, message: str, why: str, stats: RequestStats):
        super().__init__(message)
        self.message = message
        self.why = why
        self.wrote = stats.wrote


def _changed_anything(report: bulk.UpsertReport) -> bool:
    # A count set is a change too: the run that finishes a stopped one may only fix counts.
    return bool(
        report.created
        or report.updated
        or report.index_written
        or report.index_deleted
        or report.counts_corrected
    )


def _import_entry(path: Path, report: bulk.UpsertReport, sha256: str) -> AuditEntry:
    return audit.question_import(
        path.name,
        actor=COMMAND_LINE,
        counts={
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "skipped_retired": len(report.retired_skipped),
            "index_written": report.index_written,
            "index_deleted": report.index_deleted,
        },
        recounted=list(report.categories),
        counts_set=report.counts_corrected,
        sha256=sha256,
        brought_back=report.retired_brought_back,
    )


def _not_recorded(files: list[str]) -> str:
    """What was imported but is not in the audit log, and what to do ("" for nothing)."""
    if not files:
        return ""
    return f" Not recorded in the audit log: {'; '.join(files)}. " + not_recorded_advice("import")


def _check_is_a_file(path: Path) -> None:
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    if not path.is_file():
        raise CommandError(f"{path}: not a file (a JSONL export is one file)")


def _failure_summary(rejected: int, valid: int, empty: list[Path]) -> str:
    parts = []
    if rejected:
        imported = "the valid lines were imported" if valid else "no line was valid"
        parts.append(f"{rejected:,} line{_s(rejected)} rejected; {imported}.")
    if empty:
        names = ", ".join(str(path) for path in empty)
        parts.append(f"{names}: empty, nothing to import.")
    return " ".join(parts)


def _why(exc: BaseException, stats: RequestStats) -> str:
    """What stopped the run, and what to do: fix the set-up, create the tables, or (for
    anything passing, such as throttling) run again."""
    problem = setup_problem(exc)
    if problem is not None:
        if stats.wrote:
            after = (
                "What was written before it stays; once that is fixed, run the same command "
                "again to finish."
            )
        else:
            after = "Nothing was written."
        advice = setup_advice(problem, doing="import", command="load_questions FILE")
        return f"{advice} {after}"
    if isinstance(exc, TableMissing):  # as every command says it
        return failure(exc, command="load_questions FILE")
    if isinstance(exc, DataError):
        return f"{exc} {AGAIN}"
    return unexpected(exc, again=AGAIN)


def _questions(count: int) -> str:
    return f"{count:,} question{_s(count)}"


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:SHOWN_IDS])
    return shown if len(ids) <= SHOWN_IDS else f"{shown} and {len(ids) - SHOWN_IDS:,} more"


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _reopen_staff_database() -> None:
    """A Ctrl-C can land inside a staff-database statement (an index update waiting on SQLite's
    lock), leaving its connection mid-transaction: the stop's own audit entry could then not be
    copied to the log page ("cannot start a transaction within a transaction"). Closed, the
    connection is opened afresh on its next use."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
