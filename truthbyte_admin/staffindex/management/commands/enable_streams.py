"""``manage.py enable_streams``: turn on DynamoDB Streams for the tables the index copies.

Non-destructive: a table that already has a stream keeps it; nothing else changes."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ....data import streams, tables
from ....data.errors import TableMissing
from ...build import COPIED


class Command(BaseCommand):
    help = "Turn on DynamoDB Streams (NEW_AND_OLD_IMAGES) where none is on, for the staff index."

    def handle(self, *args, **options):
        for kind in COPIED:
            try:
                said = streams.enable(tables.name(kind))
            except TableMissing:
                said = "table missing; skipped"
            self.stdout.write(f"  {tables.name(kind)}: stream {said}")
