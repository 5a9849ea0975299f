"""manage.py check_tables — which tables and indexes exist, and the categories key schema."""

from django.core.management.base import BaseCommand, CommandError

from ....data import tables


class Command(BaseCommand):
    help = "Report missing tables or indexes and which key schema the categories table uses."

    def handle(self, *args, **options):
        problems = 0
        for report in tables.check_tables():
            if not report.exists:
                problems += 1
                self.stdout.write(self.style.ERROR(f"MISSING  {report.name}"))
                continue
            line = f"ok       {report.name}  [{report.key_schema}]"
            if report.missing_indexes:
                problems += 1
                line = f"INDEXES  {report.name}  missing: {', '.join(report.missing_indexes)}"
                self.stdout.write(self.style.WARNING(line))
            else:
                self.stdout.write(line)
        key = tables.categories_key()
        if key == "category_id":
            self.stdout.write("categories table: deployed schema (key category_id)")
        elif key == "name":
            self.stdout.write("categories table: documented schema (key name)")
        else:
            self.stdout.write("categories table: missing (counts are computed from the index)")
        if problems:
            raise CommandError(f"{problems} table(s) or index set(s) missing.")
