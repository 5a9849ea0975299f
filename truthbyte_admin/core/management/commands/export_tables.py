"""manage.py export_tables DIR — back up every table of this environment as JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ....data.backup import export_tables


class Command(BaseCommand):
    help = "Write every table to DIR/<table>.jsonl (typed DynamoDB JSON) plus a manifest."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="write over a backup already in DIR (refused otherwise: it may be the only copy)",
        )

    def handle(self, *args, directory: Path, replace: bool, **options):
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory}: is a file, not a folder; nothing was exported.")
        if directory.is_dir() and any(directory.iterdir()) and not replace:
            raise CommandError(
                f"{directory}: the folder is not empty (an earlier backup?); nothing was "
                "exported. Choose a new folder, or add --replace to write over it."
            )
        counts = export_tables(directory, log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"Exported {sum(counts.values())} items to {directory}.")
        )
