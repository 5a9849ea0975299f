"""``manage.py sync_index [--follow]``: bring the staff index up to date with DynamoDB."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ....core.commands import scan_segments
from ... import sync


class Command(BaseCommand):
    help = (
        "Apply the game's changes to the staff index: DynamoDB Streams where enabled, "
        "otherwise a full parallel scan. --follow keeps running (the production second "
        "process)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--follow", action="store_true")
        parser.add_argument("--segments", type=scan_segments, default=4)

    def handle(self, *args, follow, segments, **options):
        if follow:
            self.stdout.write("Following DynamoDB changes into the staff index (Ctrl-C stops).")
            try:
                sync.follow(say=lambda m: self.stdout.write(m, ending="\n"), segments=segments)
            except KeyboardInterrupt:  # how the banner says to stop it: not a failure
                self.stdout.write("Stopped following the game's changes.")
            return
        report = sync.sync_once(segments=segments)
        modes = ", ".join(f"{k}: {m}" for k, m in report.mode.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Index synced ({modes}); {report.records} stream records applied, "
                f"{report.items_read} items scanned."
            )
        )
