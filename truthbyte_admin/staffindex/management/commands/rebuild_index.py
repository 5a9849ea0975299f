"""``manage.py rebuild_index``: recreate the staff index from DynamoDB (safe any time)."""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ....core.commands import scan_segments
from ...build import TablesMissing, rebuild


class Command(BaseCommand):
    help = "Rebuild the staff index from scratch with parallel Scan segments."

    def add_arguments(self, parser):
        parser.add_argument("--segments", type=scan_segments, default=4)

    def handle(self, *args, segments, **options):
        lock = threading.Lock()
        seen: dict[str, int] = {}

        def progress(kind: str, n: int) -> None:
            with lock:
                before = seen.get(kind, 0)
                seen[kind] = before + n
                if seen[kind] // 5000 > before // 5000 or before == 0:
                    self.stdout.write(f"  {kind}: {seen[kind]:,} items read so far")

        self.stdout.write(f"Rebuilding the staff index ({segments} parallel Scan segments)...")
        try:
            report = rebuild(segments=segments, progress=progress)
        except TablesMissing as exc:
            where = settings.DYNAMODB_ENDPOINT_URL or "AWS"
            raise CommandError(
                f"the game's tables {exc} don't exist at {where} (environment "
                f"{settings.TRUTHBYTE_ENV}): nothing was rebuilt, and the staff index still "
                "holds what it held. Check TRUTHBYTE_ENV and DYNAMODB_ENDPOINT_URL."
            ) from exc
        for kind in report.missing:
            self.stdout.write(f"  table {kind} is missing: indexed as empty")
        counts = ", ".join(f"{n:,} {k}" for k, n in report.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {counts} in {report.seconds:.1f} s "
                f"({report.items_read:,} items read in {report.requests:,} Scan requests)."
            )
        )
