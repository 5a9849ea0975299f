"""manage.py create_tables — create the missing tables of this environment, wait until ACTIVE."""

from django.core.management.base import BaseCommand

from ....data import tables


class Command(BaseCommand):
    help = "Create the tables (game + admin audit) that don't exist yet. Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument(
            "--categories-key",
            choices=["category_id", "name"],
            default="category_id",
            help="Key of a NEW categories table: category_id (deployed) or name (documented)",
        )

    def handle(self, *args, categories_key: str, **options):
        created = tables.create_missing_tables(
            categories_key, wait=True, log=lambda line: self.stdout.write(line)
        )
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created {len(created)} table(s); all ACTIVE."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to do: every table exists."))
