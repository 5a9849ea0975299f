"""manage.py import_tables DIR — restore a backup made by export_tables.

The whole backup is checked before anything is written: a bad line, a missing table file or a
count that differs from the manifest is named and changes nothing. A restore that stops while
writing (Ctrl-C, DynamoDB failing) says what is stored; running it again is safe."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ....data import audit, tables
from ....data.backup import (
    BackupChanged,
    BackupRefused,
    ItemRefused,
    RestoreProgress,
    check_backup,
    restore_backup,
    tables_holding_items,
)
from ....data.client import patient_retries
from ....data.errors import DataError, OutcomeUnknown
from ...audit_labels import COMMAND_LINE
from ...commands import failure, unexpected
from ...errors import why_not_written

AGAIN = (
    "Running import_tables again is safe: it overwrites items with the same key and changes "
    "nothing else."
)
# What a restore over items does not undo, and what puts the rest right afterwards.
OVER_ITEMS = (
    "A restore puts back every item of the backup, overwriting items with the same key, and "
    "leaves every other item as it is: what was created since the backup stays, and can "
    "disagree with what comes back (a submission pending again while the question its approval "
    "made stays; counts and category lists apart)."
)
AFTERWARDS = (
    "Then put the game's data right and the staff copies up to date: the category dashboard's "
    "Verify now and Repair, `manage.py rebuild_index` and `manage.py rebuild_audit_log`."
)


class Command(BaseCommand):
    help = (
        "Restore every table from DIR (made by export_tables); creates missing tables. The "
        "whole backup is checked first: if any of it can't be restored, nothing is written. "
        "Tables that hold items already are restored into only with --overwrite."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Restore over tables that hold items already (see what that leaves as it is).",
        )

    def handle(self, *args, directory: Path, overwrite: bool = False, **options):
        command = f"import_tables {directory}"
        try:
            backup = check_backup(directory, log=self.stdout.write)
        except BackupRefused as exc:
            raise CommandError(str(exc)) from exc
        except KeyboardInterrupt as exc:
            raise CommandError(
                "Stopped by Ctrl-C while checking the backup; nothing was written."
            ) from exc
        except DataError as exc:
            raise CommandError(f"Nothing was imported: {failure(exc, command=command)}") from exc
        except Exception as exc:  # noqa: BLE001 - a message and exit 1, never a traceback
            raise CommandError(f"Nothing was imported: {unexpected(exc)}") from exc
        holding = _tables_to_restore_over(backup, overwrite=overwrite, command=command)
        progress = RestoreProgress()
        try:
            with patient_retries():
                counts = restore_backup(backup, log=self.stdout.write, progress=progress)
        except KeyboardInterrupt as exc:
            said = self._record_stop(directory, progress, "stopped by Ctrl-C")
            raise CommandError(f"Stopped by Ctrl-C {_how_far(progress)}{said}") from exc
        except Exception as exc:  # noqa: BLE001 - said with what is stored, never a traceback
            why = _why(exc, command)
            said = self._record_stop(directory, progress, why)
            raise CommandError(
                f"The restore stopped {_how_far(progress)} Why: {why}{said}"
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Imported {sum(counts.values()):,} items from {directory}.")
        )
        if progress.created:
            self.stdout.write(f"  created the missing tables: {', '.join(progress.created)}")
        if holding:
            self.stdout.write(f"  {OVER_ITEMS} {AFTERWARDS}")
        if counts.get(tables.AUDIT):
            # Written as items, not through the audit log's own path that keeps the copy.
            self.stdout.write(
                "  The audit log page reads a copy of the audit table: run "
                "`manage.py rebuild_audit_log` to show the restored entries there."
            )
        if not sum(counts.values()) and not progress.created:
            return  # nothing written, no table created: nothing to record
        entry = audit.backup_restore(
            _folder_name(directory),
            actor=COMMAND_LINE,
            written=counts,
            created_tables=progress.created,
        )
        try:
            audit.record(entry)
        except Exception as exc:  # noqa: BLE001 - the restore is done; said, with exit 1
            raise CommandError(
                f"Restored as said above, but not recorded in the audit log: "
                f"{why_not_written(exc)}. Running import_tables again would record it (it "
                "writes the same items again)."
            ) from exc
        self.stdout.write(f"  recorded in the audit log (“Backup {_folder_name(directory)}”)")

    def _record_stop(self, directory: Path, progress: RestoreProgress, why: str) -> str:
        """Record a restore that stopped after writing (best effort: the stop is what the
        person must hear about); what to add to the message when it could not be recorded."""
        written = {kind: n for kind, n in progress.written.items() if n}
        if not written and not progress.sending:
            return ""
        entry = audit.stopped_restore(
            _folder_name(directory),
            actor=COMMAND_LINE,
            written=written,
            unconfirmed=progress.sending,
            why=why,
        )
        try:
            audit.record(entry)
        except Exception as exc:  # noqa: BLE001 - the stop itself is reported either way
            return f" (Not recorded in the audit log: {why_not_written(exc)}.)"
        return ""


def _tables_to_restore_over(backup, *, overwrite: bool, command: str) -> list[str]:
    """The backup's tables that hold items here already; CommandError (nothing written) unless
    the operator said --overwrite, knowing what a restore over items leaves as it is."""
    try:
        holding = tables_holding_items(backup)
    except DataError as exc:
        raise CommandError(f"Nothing was imported: {failure(exc, command=command)}") from exc
    if holding and not overwrite:
        raise CommandError(
            f"Nothing was imported: these tables hold items already: {', '.join(holding)}. "
            f"{OVER_ITEMS} To restore into them anyway, run it again with --overwrite. "
            f"{AFTERWARDS}"
        )
    return holding


def _folder_name(directory: Path) -> str:
    """The backup's name in the audit log: its folder's, as the person typed the path."""
    return directory.resolve().name or str(directory)


def _how_far(progress: RestoreProgress) -> str:
    """What a restore that stopped had written, and that running it again is safe."""
    if not progress.expected:  # stopped while creating the missing tables
        return f"before writing any item (missing tables may have been created, empty). {AGAIN}"
    current = progress.current
    done = [k for k, n in progress.written.items() if n and k != current]
    before = ", and before it every item of " + _tables(progress, done) if done else ""
    if current is None:
        said = f"after writing every item of {_tables(progress, done)}"
    elif progress.written.get(current):
        written, expected = progress.written[current], progress.expected[current]
        said = f"after writing {written:,} of {expected:,} items of table {current}{before}"
    elif progress.sending:  # the table's first request went unanswered: maybe stored
        said = f"while sending the first items of table {current}"
        if done:
            said += f", after every item of {_tables(progress, done)}"
    elif done:
        said = f"before writing table {current}, after every item of {_tables(progress, done)}"
    else:
        said = "before any item was written"
        if progress.created:
            said += f" (tables created, empty: {', '.join(progress.created)})"
    not_started = [
        k for k, n in progress.expected.items() if n and k not in progress.written and k != current
    ]
    if not_started:
        said += f"; not started: {_tables(progress, not_started, progress.expected)}"
    unsure = ""
    if progress.sending:
        unsure = (
            f" The {progress.sending} item{'s' if progress.sending != 1 else ''} being sent "
            "when it stopped may or may not be stored."
        )
    return f"{said}.{unsure} {AGAIN}"


def _tables(progress: RestoreProgress, kinds: list[str], counts: dict | None = None) -> str:
    """ "categories (2), users (506)": tables and their items."""
    counts = progress.written if counts is None else counts
    return ", ".join(f"{kind} ({counts[kind]:,})" for kind in kinds)


def _why(exc: BaseException, command: str) -> str:
    if isinstance(exc, ItemRefused):
        return f"{exc}. Correct or remove that line (or export again), then import again."
    if isinstance(exc, BackupChanged):
        return f"{exc}."
    if isinstance(exc, OutcomeUnknown):
        return "DynamoDB did not confirm the last write (a server error or a lost answer)."
    if isinstance(exc, DataError):
        return failure(exc, command=command)
    if isinstance(exc, OSError):
        return f"{exc.filename}: cannot be read ({exc.strerror or exc})."
    return unexpected(exc)
