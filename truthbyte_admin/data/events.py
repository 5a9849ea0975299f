"""After-commit notifications of the admin's own writes (the staff index subscribes).

The data layer's write functions call :func:`committed` once DynamoDB has accepted a write,
with one :class:`Change` per item written (built by :mod:`.records`: typed, never the raw item).
Subscribers run in the same request; a failing subscriber is logged and never turns a committed
write into an error.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """One item a committed write put, updated or deleted."""

    table: str  # full table name
    kind: str | None  # the table's kind (tables.QUESTIONS, …); None: not this environment's
    action: str  # "put", "update" or "delete"
    key: dict  # the item's key attributes, partition key first (plain values)
    # A put: the item written, as its table's typed record (Question, Submission, User,
    # Category, CategoryIndexEntry, AuditEntry, …); None for other actions.
    record: Any = None
    # An update made only of plain "SET a = :v" assignments of fields of the record: field ->
    # new value, typed as the record holds it. None for any other update: a subscriber that
    # needs the record reads it again (batch.stored_changes).
    fields: dict | None = None

    @property
    def item_id(self) -> str:
        """The item's partition key value as text: a question's or submission's id, a
        player's user_id, a category's slug."""
        return str(next(iter(self.key.values()), ""))


Subscriber = Callable[[list[Change]], None]
TableFilter = Callable[[str], bool]  # full table name -> whether the subscriber wants its writes

# Replaced, never changed in place: worker threads read it while a command may (un)subscribe.
_subscribers: dict[Subscriber, TableFilter | None] = {}


def subscribe(callback: Subscriber, *, tables: TableFilter | None = None) -> None:
    """``callback`` gets the changes of every committed write (only of the tables ``tables``
    accepts, when given)."""
    global _subscribers
    _subscribers = {**_subscribers, callback: tables}


def unsubscribe(callback: Subscriber) -> None:
    global _subscribers
    _subscribers = {c: t for c, t in _subscribers.items() if c != callback}


def wanted(table_name: str) -> bool:
    """Whether any subscriber wants changes of ``table_name``: bulk writes of other tables (an
    import's thousands of category index items) skip building them."""
    return any(tables is None or tables(table_name) for tables in _subscribers.values())


# Writes made on worker threads (client.run_parallel) are handed back to the thread that started
# them: subscribers then run on the request's own thread and database connection, never on a
# worker's second connection waiting on locks that the request's transaction holds.
_worker = threading.local()


@contextlib.contextmanager
def collected_for_caller(buffer: list[Change], lock: threading.Lock) -> Iterator[None]:
    """Inside this block (on a worker thread), :func:`committed` appends to ``buffer``."""
    _worker.sink = (buffer, lock)
    try:
        yield
    finally:
        _worker.sink = None


def committed(changes: list[Change]) -> None:
    if not changes:
        return
    sink = getattr(_worker, "sink", None)
    if sink is not None:
        buffer, lock = sink
        with lock:
            buffer.extend(changes)
        return
    written = {c.table for c in changes}
    for callback, tables in _subscribers.items():
        try:
            wanted_here = written if tables is None else {t for t in written if tables(t)}
            if not wanted_here:
                continue
            relevant = changes
            if wanted_here != written:
                relevant = [c for c in changes if c.table in wanted_here]
            callback(relevant)
        except Exception:  # noqa: BLE001 - the write is committed; the index catches up later
            log.exception("after-commit subscriber %r failed", callback)
