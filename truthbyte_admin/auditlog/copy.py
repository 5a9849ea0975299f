"""Keeps the staff copy of the audit log (:class:`AuditRecord`) in step with the audit table."""

from __future__ import annotations

import logging

from django.db import transaction

from ..data import audit
from ..data.events import Change
from ..data.models import AuditEntry
from ..staffindex.live import index_exists
from .models import AuditRecord

log = logging.getLogger(__name__)


# Entries about a category that concern one question, naming it under "question" (its id): a
# list repair adds or removes it; a category is created with the question first put in it.
QUESTION_NAMING_ACTIONS = frozenset({"repair_list", "create_category"})


def question_concerned(entity_type: str, entity_id: str, action: str, before, after) -> str | None:
    """The id of the question an entry concerns: its own for an entry about a question, the one
    a category's list repair added or removed or its creation came with; None for anything
    else."""
    if entity_type == "question":
        return entity_id
    if entity_type != "category" or action not in QUESTION_NAMING_ACTIONS:
        return None
    for side in (after, before):
        question_id = side.get("question") if isinstance(side, dict) else None
        if isinstance(question_id, str) and question_id:
            return question_id
    return None


def _fields(entry: AuditEntry) -> dict:
    return {
        "entity_type": entry.entity_type[:40],
        "entity_id": entry.entity_id,
        "question_id": question_concerned(
            entry.entity_type, entry.entity_id, entry.action, entry.before, entry.after
        )
        or "",
        "at": entry.at,
        "actor": entry.actor[:255],
        "action": entry.action[:100],
        "before": entry.before,
        "after": entry.after,
        "note": entry.note,
    }


def put(entry: AuditEntry) -> None:
    AuditRecord.objects.update_or_create(
        entity=entry.entity, event=entry.sort_key(), defaults=_fields(entry)
    )


def on_committed(changes: list[Change]) -> None:
    """After-commit subscriber: audit entries are only ever put (never updated)."""
    entries = [
        c.record
        for c in changes
        if c.action == "put" and c.record and audit.is_audit_table(c.table)
    ]
    if entries and index_exists():
        for entry in entries:
            put(entry)


def keep_missing(entries: list[AuditEntry]) -> None:
    """Entries an item's history read from the audit table that the copy lacks are added. The
    copy follows the app's confirmed commits: a change whose answer was lost, that landed after
    its page said "not confirmed", was never copied. It reaches the log once anyone opens the
    item it changed (as that page advised). One SELECT; an INSERT only for what is missing."""
    if not entries or not index_exists():
        return
    have = set(
        AuditRecord.objects.filter(
            entity__in={e.entity for e in entries}, event__in=[e.sort_key() for e in entries]
        ).values_list("entity", "event")
    )
    missing = [e for e in entries if (e.entity, e.sort_key()) not in have]
    if missing:
        AuditRecord.objects.bulk_create(
            [AuditRecord(entity=e.entity, event=e.sort_key(), **_fields(e)) for e in missing],
            ignore_conflicts=True,
        )


def rebuild(*, segments: int = 4) -> int:
    """Replace the copy with every entry of the audit table; returns how many."""
    entries = audit.scan_all(segments=segments)
    with transaction.atomic():
        AuditRecord.objects.all().delete()
        AuditRecord.objects.bulk_create(
            [AuditRecord(entity=e.entity, event=e.sort_key(), **_fields(e)) for e in entries],
            batch_size=1000,
        )
    return len(entries)
