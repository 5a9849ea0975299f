"""manage.py load_questions FILE... — convergent upsert of JSONL question exports (GAME.md)."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ....data import bulk
from ....data.client import track_requests
from ....data.errors import DataError, TableMissing
from ....data.importing import parse_question_lines

AGAIN = (
    "Nothing is lost: run the same command again to finish it (every run compares the file "
    "with what is stored and ends with the index and counts exact)."
)


class Command(BaseCommand):
    # A data command, not a server: Django's system checks (URLs, templates, admin) cost ~0.3 s
    # of every run and check nothing it uses.
    requires_system_checks: list[str] = []
    help = (
        "Import questions from JSONL files in either export shape of the game. Re-importing, or "
        "importing an export whose ids overlap another, updates questions in place and keeps the "
        "category index and counts exact. After any failure, running the same command again "
        "finishes the job: every run compares the file with what is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--workers", type=int, default=bulk.WORKERS, help="parallel DynamoDB requests"
        )

    def handle(self, *args, files: list[Path], workers: int, **options):
        # What start-up loaded (Django, botocore's service model) lives until exit: frozen, the
        # collector no longer walks it on every collection, nor in the final one at exit
        # (~0.2 s of a 2-second import).
        gc.freeze()
        rejected_total = valid_total = 0
        for path in files:  # every one checked before anything is written
            _check_is_a_file(path)
        for path in files:
            try:
                with path.open("rb") as handle:
                    parsed = parse_question_lines(handle)
            except OSError as exc:
                raise CommandError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
            for problem in parsed.rejected:
                self.stderr.write(f"{path}:{problem.line_number}: rejected: {problem.reason}")
            rejected_total += len(parsed.rejected)
            total = len(parsed.questions)
            valid_total += total
            self.stdout.write(f"{path}: {total} valid line(s), {len(parsed.rejected)} rejected")

            # Flushed line by line: a run stopped by a kill still shows how far it got.
            def progress(done: int, total: int = total) -> None:
                self.stdout.write(f"  {done}/{total} questions written")
                self.stdout.flush()

            def index_progress(done: int, total: int) -> None:
                self.stdout.write(f"  {done}/{total} category index changes written")
                self.stdout.flush()

            started = time.perf_counter()
            try:
                with track_requests() as stats:
                    report = bulk.upsert_questions(
                        parsed.questions,
                        progress=progress,
                        index_progress=index_progress,
                        workers=max(1, workers),
                    )
            except DataError as exc:
                raise CommandError(f"{path}: import stopped: {_why(exc)} {AGAIN}") from exc
            except KeyboardInterrupt as exc:
                raise CommandError(f"{path}: import interrupted. {AGAIN}") from exc
            except Exception as exc:  # noqa: BLE001 - a message and exit 1, never a traceback
                # (`--traceback` still shows it, for a bug report).
                raise CommandError(
                    f"{path}: import stopped by an unexpected error ({type(exc).__name__}: "
                    f"{exc}). {AGAIN} If it happens again, report it with --traceback."
                ) from exc
            self.stdout.write(
                f"  created {report.created}, updated {report.updated}, "
                f"unchanged {report.unchanged}; index items written {report.index_written}, "
                f"deleted {report.index_deleted}; {len(report.categories)} categories recounted "
                f"({stats.requests} DynamoDB requests, {time.perf_counter() - started:.2f} s)"
            )
        if rejected_total:
            imported = "the valid lines were imported" if valid_total else "no line was valid"
            raise CommandError(f"{rejected_total} line(s) rejected; {imported}.")
        self.stdout.write(self.style.SUCCESS("Import complete."))


def _check_is_a_file(path: Path) -> None:
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    if not path.is_file():
        raise CommandError(f"{path}: not a file (a JSONL export is one file)")


def _why(exc: DataError) -> str:
    """What stopped the run, and what to do about a missing table (running again won't help)."""
    if isinstance(exc, TableMissing):
        return f"{str(exc).rstrip('.')}. Create the tables first (manage.py create_tables)."
    return str(exc)
