"""manage.py export_tables DIR — back up every table of this environment as JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand

from ....data.backup import export_tables


class Command(BaseCommand):
    help = "Write every table to DIR/<table>.jsonl (typed DynamoDB JSON) plus a manifest."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        counts = export_tables(directory, log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"Exported {sum(counts.values())} items to {directory}.")
        )
