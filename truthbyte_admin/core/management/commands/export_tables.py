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
        earlier = _manifest_stamp(directory)
        try:
            counts = export_tables(directory, log=self.stdout.write)
        except KeyboardInterrupt as exc:
            said = _left_behind(directory, earlier)
            raise CommandError(f"Stopped by Ctrl-C. {said}") from exc
        except DataError as exc:
            command = f"export_tables {directory} --replace"
            said = _left_behind(directory, earlier)
            raise CommandError(
                f"The export stopped: {failure(exc, command=command)} {said}"
            ) from exc
        except OSError as exc:
            where = exc.filename or directory
            said = _left_behind(directory, earlier)
            raise CommandError(
                f"{where}: cannot be written ({exc.strerror or exc}). {said}"
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Exported {sum(counts.values()):,} items to {directory}.")
        )


def _manifest_stamp(directory: Path) -> tuple[int, int] | None:
    """Which manifest ``directory`` holds (inode and modification time), if any."""
    try:
        stat = (directory / MANIFEST).stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def _left_behind(directory: Path, earlier: tuple[int, int] | None) -> str:
    """What an export that stopped leaves in ``directory`` (``earlier``: the manifest there
    before it started). The manifest is written last, so import_tables refuses a folder an
    export stopped in."""
    if not directory.is_dir() or not any(directory.iterdir()):
        return "Nothing was exported."
    now = _manifest_stamp(directory)
    if now is not None and now != earlier:  # stopped after its very last step
        return f"The export had finished: {directory} holds a complete backup."
    if now is not None:  # removed just before the first table is written
        return f"Nothing was exported; the backup in {directory} is as it was."
    return (
        f"{directory} holds no complete backup (no {MANIFEST}, so import_tables refuses it): "
        "export again with --replace."
    )
