"""``manage.py rebuild_audit_log``: recreate the staff copy of the audit log (safe any time)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ....core.commands import scan_segments
from ...copy import rebuild


class Command(BaseCommand):
    help = "Re-read the admin's audit table into the staff database (for the audit log page)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--segments",
            type=scan_segments,
            default=4,
            help="How many parallel Scan segments read the audit table (default 4).",
        )

    def handle(self, *args, segments, **options):
        count = rebuild(segments=segments)
        self.stdout.write(self.style.SUCCESS(f"Copied {count:,} audit entries."))
