"""``manage.py rebuild_index``: recreate the staff index from DynamoDB (safe any time)."""

from __future__ import annotations

import threading

from django.core.management.base import BaseCommand

from ...build import rebuild


class Command(BaseCommand):
    help = "Rebuild the staff index from scratch with parallel Scan segments."

    def add_arguments(self, parser):
        parser.add_argument("--segments", type=int, default=4)

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
        report = rebuild(segments=segments, progress=progress)
        for kind in report.missing:
            self.stdout.write(f"  table {kind} is missing: indexed as empty")
        counts = ", ".join(f"{n:,} {k}" for k, n in report.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {counts} in {report.seconds:.1f} s "
                f"({report.items_read:,} items read in {report.requests:,} Scan requests)."
            )
        )
