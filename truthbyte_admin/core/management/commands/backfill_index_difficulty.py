"""manage.py backfill_index_difficulty — copy each question's difficulty onto its index items.

The game's own approval writes category-index items without `difficulty` (GAME.md); the
question list filters by the index's difficulty, so those questions would never match a filter.
Idempotent and safe to re-run: each index item is rewritten with its question's difficulty only
when it differs; items of missing questions are reported, not touched.
"""

from django.core.management.base import BaseCommand

from ....data.bulk import backfill_index_difficulty


class Command(BaseCommand):
    help = "Copy each question's difficulty onto its category-index items where missing or stale."

    def handle(self, *args, **options):
        report = backfill_index_difficulty(progress=lambda line: self.stdout.write(line))
        self.stdout.write(
            self.style.SUCCESS(
                f"Index items checked {report.checked}, rewritten {report.rewritten}, "
                f"orphaned (question missing) {report.orphaned}."
            )
        )
