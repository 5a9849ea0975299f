"""The admin's own writes, applied to the index right after DynamoDB commits them.

The data layer hands over typed records (:class:`~truthbyte_admin.data.events.Change`): a put
carries the record written; an update of plain field values is applied to the indexed copy;
any other update is re-read (one consistent BatchGetItem per table touched). Writes to tables
the index doesn't copy cost nothing. If the index can't be updated the write still stands
(logged); the sync repairs it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection, transaction

from ..data import tables
from ..data.batch import stored_changes
from ..data.events import Change
from . import apply
from .drift import forget_settled
from .models import IndexState

log = logging.getLogger(__name__)


def wants(table_name: str) -> bool:
    """The tables whose changes the index copies (its subscription's filter)."""
    return tables.kind_of(table_name) in apply.COPIED


def on_committed(changes: list[Change]) -> None:
    if not getattr(settings, "STAFF_INDEX_LIVE_UPDATES", True) or not index_exists():
        return
    relevant = [c for c in changes if c.kind in apply.COPIED]
    if not relevant:
        return
    to_read: dict[str, list[Change]] = {}
    # One database transaction for the whole write: an import hands over thousands of changes
    # at once, and a commit per item (an fsync each on SQLite) took ten times the import itself.
    with transaction.atomic():
        relevant = _questions_in_bulk(relevant, to_read)
        for change in relevant:
            if change.action == "put":
                apply.apply_record(change.kind, change.item_id, change.record)
            elif change.action == "delete":
                apply.apply_record(change.kind, change.item_id, None)
            elif not (
                change.fields is not None
                and apply.apply_fields(change.kind, change.item_id, change.fields)
            ):
                to_read.setdefault(change.table, []).append(change)
    if to_read and not IndexState.objects.filter(name="built").exists():
        return  # never built: nothing to keep fresh (rebuild_index reads everything anyway)
    recounted = [c.item_id for c in relevant if c.kind == tables.CATEGORIES]
    for table, updates in to_read.items():
        for stored in stored_changes(table, [c.key for c in updates]):
            apply.apply_record(stored.kind, stored.item_id, stored.record)
    if recounted:
        forget_settled(recounted)


_present: set[str] = set()  # databases whose index tables exist (checked once each)
_warned: set[str] = set()


def index_exists() -> bool:
    """Whether this staff database has the index's tables (and the audit log's copy, made by
    the same ``migrate``). A command run before the database was set up (``manage.py
    migrate``) still writes DynamoDB; there is nothing to keep fresh then, and
    ``rebuild_index`` and ``rebuild_audit_log`` build both from DynamoDB later."""
    name = str(connection.settings_dict.get("NAME"))
    if name in _present:
        return True
    if IndexState._meta.db_table not in connection.introspection.table_names():
        if name not in _warned:
            _warned.add(name)
            log.warning(
                "The staff index is not set up in this database (run `manage.py migrate`, "
                "then `manage.py rebuild_index` and `manage.py rebuild_audit_log`); DynamoDB was "
                "written, the index and the audit log's copy were not."
            )
        return False
    _present.add(name)
    return True


BULK_FROM = 20  # question changes in one write from which they are applied in bulk


def _questions_in_bulk(relevant: list[Change], to_read: dict) -> list[Change]:
    """Apply many question puts and plain updates together (an import's thousands); returns
    the changes left for one-by-one handling. Only when each question appears once and none is
    deleted, so applying them out of order can't matter."""
    questions = [c for c in relevant if c.kind == tables.QUESTIONS]
    qids = [c.item_id for c in questions]
    if (
        len(questions) < BULK_FROM
        or len(set(qids)) != len(qids)
        or any(c.action == "delete" for c in questions)
    ):
        return relevant
    updates = [c for c in questions if c.action != "put"]
    indexed = apply.indexed_questions([c.item_id for c in updates])
    written = [c.record for c in questions if c.action == "put"]
    for change in updates:
        current = indexed.get(change.item_id)
        if change.fields is not None and current is not None:
            written.append(apply.updated_question(current, change.fields))
        else:
            to_read.setdefault(change.table, []).append(change)
    apply.put_questions(written)
    return [c for c in relevant if c.kind != tables.QUESTIONS]
