"""The admin's own audit log: who did what to which item, when, with before/after."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from typing import Any

from . import client, events, records, tables
from .models import AuditEntry, Question
from .scan import parallel_scan
from .serialization import from_item, to_item
from .transactions import SENT_FORM, Transaction


# Which item an entry is about: its kind, "#", and the item's key ("question#q_123"). The audit
# log page files and filters entries by these.
def question_entity(question_id: str) -> str:
    return f"question#{question_id}"


# The fields staff edit, and so what a question's entries record of it (an edit the ones it
# changed; a retirement or a restore all of them).
EDITABLE_FIELDS = ("question", "title", "passage", "answer", "categories", "difficulty")


def question_fields(question: Question) -> dict:
    """``question``'s editable fields, as its audit entries record them."""
    return {name: getattr(question, name) for name in EDITABLE_FIELDS}


def submission_entity(submission_id: str) -> str:
    return f"submission#{submission_id}"


def category_entity(slug: str) -> str:
    return f"category#{slug}"


def player_entity(user_id: str) -> str:
    return f"user#{user_id}"


def staff_entity(username: str) -> str:
    return f"staff#{username}"


def question_file_entity(file_name: str) -> str:
    """A file of questions imported from the command line (``manage.py load_questions``)."""
    return f"import#{file_name_as_text(file_name)}"


def backup_entity(folder_name: str) -> str:
    """A backup restored from the command line (``manage.py import_tables``), by its folder."""
    return f"restore#{file_name_as_text(folder_name)}"


def file_name_as_text(file_name: str) -> str:
    """A file name as it can be stored: a name that is not UTF-8 reaches Python with its bytes
    as lone surrogates (``os.fsdecode``), which no page, staff database or backup can hold; they
    are read as U+FFFD, as a file manager shows them. The entry's SHA-256 still tells files
    apart."""
    return file_name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def new_entry(
    entity: str,
    *,
    actor: str,
    action: str,
    before: Any = None,
    after: Any = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> AuditEntry:
    return AuditEntry(
        entity=entity,
        at=at or dt.datetime.now(dt.UTC),
        actor=actor,
        action=action,
        before=before,
        after=after,
        note=note,
        event_id=uuid.uuid4().hex[:12],
    )


CATEGORY_DELETED = "delete_category"
CATEGORY_PUT_BACK = "undo-delete_category"  # an empty category's deletion, undone


def category_creation(
    slug: str, display_name: str, *, actor: str, question_id: str, where: str
) -> AuditEntry:
    """The entry for a category a staff write creates with the question it puts there (its id
    under "question": the log shows it under the category and finds it by that question).
    ``where``: which write named it ("on approving submission …")."""
    return new_entry(
        category_entity(slug),
        actor=actor,
        action="create_category",
        after={"display_name": display_name, "question": question_id},
        note=f"Named “{display_name}” {where}",
    )


def question_import(
    file_name: str,
    *,
    actor: str,
    counts: dict[str, int],
    recounted: list[str],
    sha256: str,
    brought_back: list[str],
    counts_set: dict[str, tuple[object, int]] | None = None,
) -> AuditEntry:
    """The entry for one file's import, once it has written something: how many questions it
    created, updated, left alone or skipped (counted: a file holds thousands of ids, more than
    one entry can list), what it did to the category index, the categories whose counts it
    recomputed (``general`` too), the file's SHA-256 to tell which copy it was, and the ids of
    any retired question it brought back."""
    said = [f"{label} {counts[name]:,}" for name, label in _SAID_COUNTS if counts.get(name)]
    note = f"Imported {file_name_as_text(file_name)}: {', '.join(said) or 'no question changed'}"
    if counts.get("index_written") or counts.get("index_deleted"):
        note += (
            f"; category index items written {counts.get('index_written', 0):,}, deleted "
            f"{counts.get('index_deleted', 0):,}"
        )
    if brought_back:
        note += f"; brought back {len(brought_back):,} retired"
    if recounted:
        names = sorted(recounted)
        more = f" and {len(names) - 10:,} more" if len(names) > 10 else ""
        note += f"; counts checked: {', '.join(names[:10])}{more}"
    if counts_set:
        note += f"; counts set: {counts_set_text(counts_set)}"
    return new_entry(
        question_file_entity(file_name),
        actor=actor,
        action="import_questions",
        after={
            **counts,
            "recounted": sorted(recounted)[:LISTED_MAX],
            "sha256": sha256,
            # Listed up to a bound: an item holds 400 KB, and an entry that can't be written
            # would leave the whole import unrecorded. The note has the count.
            "brought_back": brought_back[:LISTED_MAX],
            "counts_set": {
                slug: [before, after]
                for slug, (before, after) in sorted((counts_set or {}).items())[:LISTED_MAX]
            },
        },
        note=note,
    )


def _stored_count(before: object) -> str:
    """A count as it was stored: "none", "2,998", or whatever else the item held, as it was."""
    if before is None:
        return "none"
    if isinstance(before, int) and not isinstance(before, bool):
        return f"{before:,}"
    return str(before)


def counts_set_text(counts_set: dict[str, tuple[object, int]]) -> str:
    """ "science 11 → 12, general none → 3, and 4 more": the counts a recount set, as stored
    before and as set, at most ten named."""
    said = [
        f"{slug} {_stored_count(before)} → {after:,}"
        for slug, (before, after) in sorted(counts_set.items())
    ]
    more = f" and {len(said) - 10:,} more" if len(said) > 10 else ""
    return ", ".join(said[:10]) + more


def backup_restore(
    folder_name: str, *, actor: str, written: dict[str, int], created_tables: list[str]
) -> AuditEntry:
    """The entry for a restore of a backup (``import_tables``) that wrote every item: how many
    per table (each overwrote any item with its key) and the tables it created."""
    return new_entry(
        backup_entity(folder_name),
        actor=actor,
        action="restore_backup",
        after={
            "items": {kind: n for kind, n in written.items() if n},
            "tables_created": sorted(created_tables),
        },
        note=(
            f"Restored {_items_said(written)} from {file_name_as_text(folder_name)}"
            + (
                f"; created the tables {', '.join(sorted(created_tables))}"
                if created_tables
                else ""
            )
            + "."
        ),
    )


def stopped_restore(
    folder_name: str, *, actor: str, written: dict[str, int], unconfirmed: int, why: str
) -> AuditEntry:
    """The entry for a restore that stopped after writing, or while sending ``unconfirmed``
    items DynamoDB may have stored: what it wrote stays; the run that finishes it records its
    own entry."""
    maybe = (
        f", and {unconfirmed:,} more were being sent: they may or may not be stored"
        if unconfirmed
        else ""
    )
    return new_entry(
        backup_entity(folder_name),
        actor=actor,
        action="restore_backup_stopped",
        after={"items": dict(written), "unconfirmed": unconfirmed},
        note=(
            f"Restore of {file_name_as_text(folder_name)} stopped partway ({why.rstrip('.')}) "
            f"after {_items_said(written)}{maybe}. What it wrote stays; running import_tables "
            "again finishes it."
        )[:2000],
    )


def _items_said(written: dict[str, int]) -> str:
    total = sum(written.values())
    tables = ", ".join(f"{kind} {n:,}" for kind, n in written.items() if n)
    return f"{total:,} item{'' if total == 1 else 's'}" + (f" ({tables})" if tables else "")


def stopped_import(file_name: str, *, actor: str, sha256: str, why: str) -> AuditEntry:
    """The entry for a file whose import stopped after it may have written something: what it
    wrote stays, and the run that finishes it records its own entry (with what that run did)."""
    return new_entry(
        question_file_entity(file_name),
        actor=actor,
        action="import_questions_stopped",
        after={"sha256": sha256},
        note=(
            f"Import of {file_name_as_text(file_name)} stopped partway ({why.rstrip('.')}). "
            "What it wrote before stopping stays; running the same command again finishes it."
        )[:2000],
    )


LISTED_MAX = 1000  # ids or names an import's entry lists (about 20 KB)


# The counts an import's note says, in this order, where not 0 (the names are the entry's).
_SAID_COUNTS = (
    ("created", "created"),
    ("updated", "updated"),
    ("unchanged", "unchanged"),
    ("skipped_retired", "skipped as retired"),
)


def add_to(tx: Transaction, entry: AuditEntry) -> Transaction:
    """Record the entry in the same transaction as the change it describes."""
    return tx.put(
        "audit",
        tables.name(tables.AUDIT),
        entry.to_item(),
        condition="attribute_not_exists(entity)",
    )


def is_stored(entry: AuditEntry) -> bool:
    """Whether this very entry is stored (one strongly consistent GetItem): after an unknown
    outcome, whether the transaction that carried it was applied, whatever else changed the
    item it is about meanwhile."""
    key = {"entity": entry.entity, "event": entry.sort_key()}
    response = client.call(
        "get_item", TableName=tables.name(tables.AUDIT), Key=to_item(key), ConsistentRead=True
    )
    return "Item" in response


def record(entry: AuditEntry) -> None:
    """Record an entry on its own (for single-item changes already applied atomically)."""
    table = tables.name(tables.AUDIT)
    item = entry.to_item()
    client.call("put_item", TableName=table, Item=to_item(item))
    events.committed(records.written(table, puts=[item]))


log = logging.getLogger(__name__)

HistoryReader = Callable[[list[AuditEntry]], None]
_history_readers: list[HistoryReader] = []


def on_history_read(callback: HistoryReader) -> None:
    """``callback`` gets the entries each :func:`history` read finds (the staff copy of the log
    adds those it lacks: a change that landed after its page said "not confirmed")."""
    _history_readers.append(callback)


def history(entity: str, *, limit: int = 50) -> list[AuditEntry]:
    """Newest first, at most ``limit`` entries (one Query). Strongly consistent: a page shown
    right after a change (a conflict naming who saved last, an undo) must include it."""
    response = client.call(
        "query",
        TableName=tables.name(tables.AUDIT),
        KeyConditionExpression="#e = :e",
        ExpressionAttributeNames={"#e": "entity"},
        ExpressionAttributeValues={":e": {"S": entity}},
        ScanIndexForward=False,
        Limit=limit,
        ConsistentRead=True,
    )
    entries = [AuditEntry.from_item(from_item(i)) for i in response.get("Items", [])]
    for callback in _history_readers:
        try:
            callback(entries)
        except Exception:  # noqa: BLE001 - the history is read; the copy catches up later
            log.exception("history reader %r failed", callback)
    return entries


def is_audit_table(table_name: str) -> bool:
    return table_name == tables.name(tables.AUDIT)


def scan_all(*, segments: int = 4) -> list[AuditEntry]:
    """Every entry of the audit log (parallel Scan segments; for rebuilding the staff copy).
    The sent-form marks kept in the same table are not entries: left out."""
    result = parallel_scan(tables.name(tables.AUDIT), segments=segments)
    return [
        AuditEntry.from_item(item)
        for item in result.items
        if not str(item.get("entity", "")).startswith(SENT_FORM)
    ]
