"""manage.py export_tables DIR — back up every table of this environment as JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ....data.backup import MANIFEST, export_tables
from ....data.errors import DataError
from ...commands import failure


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
        try:
            counts = export_tables(directory, log=self.stdout.write)
        except KeyboardInterrupt as exc:
            raise CommandError(f"Stopped by Ctrl-C. {_left_behind(directory)}") from exc
        except DataError as exc:
            command = f"export_tables {directory} --replace"
            raise CommandError(
                f"The export stopped: {failure(exc, command=command)} {_left_behind(directory)}"
            ) from exc
        except OSError as exc:
            where = exc.filename or directory
            raise CommandError(
                f"{where}: cannot be written ({exc.strerror or exc}). {_left_behind(directory)}"
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Exported {sum(counts.values()):,} items to {directory}.")
        )


def _left_behind(directory: Path) -> str:
    """What an export that stopped leaves in ``directory``. The manifest is written last, so
    import_tables refuses a folder an export stopped in."""
    if not directory.is_dir() or not any(directory.iterdir()):
        return "Nothing was exported."
    if (directory / MANIFEST).exists():  # removed just before the first table is written
        return f"Nothing was exported; the backup in {directory} is as it was."
    return (
        f"{directory} holds no complete backup (no {MANIFEST}, so import_tables refuses it): "
        "export again with --replace."
    )
