"""manage.py load_questions FILE... — idempotent upsert of JSONL question exports (GAME.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ....data import bulk
from ....data.importing import parse_question_lines


class Command(BaseCommand):
    help = (
        "Import questions from JSONL files in either export shape of the game. Re-importing, or "
        "importing an export whose ids overlap another, updates questions in place and keeps the "
        "category index and counts exact."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files: list[Path], **options):
        rejected_total = 0
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            with path.open("rb") as handle:
                parsed = parse_question_lines(handle)
            for problem in parsed.rejected:
                self.stderr.write(f"{path}:{problem.line_number}: rejected: {problem.reason}")
            rejected_total += len(parsed.rejected)
            total = len(parsed.questions)
            self.stdout.write(f"{path}: {total} valid line(s), {len(parsed.rejected)} rejected")

            def progress(done: int, total: int = total) -> None:
                self.stdout.write(f"  {done}/{total} questions written")

            report = bulk.upsert_questions(parsed.questions, progress=progress)
            self.stdout.write(
                f"  created {report.created}, updated {report.updated}, "
                f"unchanged {report.unchanged}; {len(report.categories)} categories recounted"
            )
        if rejected_total:
            raise CommandError(f"{rejected_total} line(s) rejected; the valid lines were imported.")
        self.stdout.write(self.style.SUCCESS("Import complete."))
