"""manage.py import_tables DIR — restore a backup made by export_tables."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ....data.backup import import_tables


class Command(BaseCommand):
    help = "Restore every table from DIR (made by export_tables); creates missing tables."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        try:
            counts = import_tables(directory, log=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Imported {sum(counts.values())} items from {directory}.")
        )
