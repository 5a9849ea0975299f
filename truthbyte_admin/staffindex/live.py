"""The admin's own writes, applied to the index right after DynamoDB commits them.

Puts carry the whole item; plain ``SET`` updates are applied to the indexed copy; any other
update is re-read (one consistent BatchGetItem per table touched). Writes to tables the
index doesn't copy cost nothing. If the index can't be updated the write still stands
(logged); the sync repairs it.
"""

from __future__ import annotations

import logging

from django.conf import settings

from ..data.batch import batch_get
from ..data.events import Change
from . import apply
from .models import IndexState

log = logging.getLogger(__name__)


def on_committed(changes: list[Change]) -> None:
    if not getattr(settings, "STAFF_INDEX_LIVE_UPDATES", True):
        return
    relevant = [(apply.kind_of(c.table), c) for c in changes]
    relevant = [(k, c) for k, c in relevant if k]
    if not relevant:
        return
    to_read: dict[str, list[Change]] = {}
    for kind, change in relevant:
        if change.action == "put":
            apply.apply_item(kind, change.key, change.item)
        elif change.action == "delete":
            apply.apply_item(kind, change.key, None)
        elif not (change.assigned is not None and apply.apply_assignments(kind, change)):
            to_read.setdefault(change.table, []).append(change)
    if to_read and not IndexState.objects.filter(name="built").exists():
        return  # never built: nothing to keep fresh (rebuild_index reads everything anyway)
    for table, updates in to_read.items():
        kind = apply.kind_of(table)
        keys = list({tuple(sorted(c.key.items())): c.key for c in updates}.values())
        found = batch_get(table, keys, consistent=True)
        by_key = {tuple(sorted((k, i.get(k)) for k in keys[0])): i for i in found}
        for key in keys:
            apply.apply_item(kind, key, by_key.get(tuple(sorted(key.items()))))
