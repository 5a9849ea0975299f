"""After-commit notifications of the admin's own writes (the staff index subscribes).

The data layer's write functions call :func:`committed` once DynamoDB has accepted a write,
with one :class:`Change` per item written. Subscribers run in the same request; a failing
subscriber is logged and never turns a committed write into an error.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    table: str  # full table name
    action: str  # "put", "update" or "delete"
    key: dict  # deserialised key (for a put: the whole item)
    item: dict | None = None  # deserialised item for a put, else None
    # For an update made only of plain "SET a = :v" assignments: attribute -> new value.
    assigned: dict | None = None


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


def from_transact_items(actions: list[dict]) -> list[Change]:
    """Changes from TransactWriteItems actions (serialised bodies)."""
    from .serialization import from_item

    changes = []
    for action in actions:
        ((verb, body),) = action.items()
        if verb == "Put":
            item = from_item(body["Item"])
            changes.append(Change(body["TableName"], "put", item, item))
        elif verb == "Update":
            changes.append(
                Change(
                    body["TableName"],
                    "update",
                    from_item(body["Key"]),
                    assigned=_plain_assignments(body),
                )
            )
        elif verb == "Delete":
            changes.append(Change(body["TableName"], "delete", from_item(body["Key"])))
    return changes


def written_keys(
    actions: list[dict], key_names: Callable[[str], tuple[str, ...]]
) -> list[tuple[str, dict]]:
    """(table, key) of each item TransactWriteItems ``actions`` write (condition checks left
    out), for reading what is stored after an outcome that a re-read found applied."""
    from .serialization import from_item

    written = []
    for action in actions:
        ((verb, body),) = action.items()
        if verb == "ConditionCheck":
            continue
        table = body["TableName"]
        if verb == "Put":
            item = from_item(body["Item"])
            key = {name: item[name] for name in key_names(table) if name in item}
        else:
            key = from_item(body["Key"])
        written.append((table, key))
    return written


_ASSIGNMENT = re.compile(r"\s*([#\w]+)\s*=\s*(:\w+)\s*")


def _plain_assignments(body: dict) -> dict | None:
    """``SET #a = :v, b = :w`` as {attribute: value}; None for anything else (ADD, REMOVE,
    functions): subscribers then re-read the item."""
    from .serialization import from_item

    expression = body.get("UpdateExpression", "").strip()
    if not expression[:4].upper() == "SET ":
        return None
    names = body.get("ExpressionAttributeNames", {})
    values = from_item(body.get("ExpressionAttributeValues", {}))
    assigned = {}
    for part in expression[4:].split(","):
        match = _ASSIGNMENT.fullmatch(part)
        if not match or match.group(2) not in values:
            return None
        assigned[names.get(match.group(1), match.group(1))] = values[match.group(2)]
    return assigned
