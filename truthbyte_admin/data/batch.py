"""BatchGetItem / BatchWriteItem within DynamoDB's limits, retrying what it leaves unprocessed."""

from __future__ import annotations

import time
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from . import client, records, tables
from .errors import OutcomeUnknown, Throttled
from .events import Change
from .serialization import from_item, to_attr, to_item

BATCH_GET_LIMIT = 100
BATCH_WRITE_LIMIT = 25
MAX_ROUNDS = 8


def _backoff(round_number: int) -> None:
    time.sleep(min(0.05 * (2**round_number), 1.0))


def batch_get(table_name: str, keys: Iterable[dict], *, consistent: bool = False) -> list[dict]:
    """Fetch items by key (plain dicts in, deserialised items out), 100 keys a request.

    Keys are de-duplicated (DynamoDB rejects duplicates in one request); order is not preserved.
    """
    unique: list[dict] = []
    seen: set[tuple] = set()
    for key in keys:
        marker = tuple(sorted(key.items()))
        if marker not in seen:
            seen.add(marker)
            unique.append(key)
    found: list[dict] = []
    for start in range(0, len(unique), BATCH_GET_LIMIT):
        request = {
            table_name: {
                "Keys": [to_item(k) for k in unique[start : start + BATCH_GET_LIMIT]],
                "ConsistentRead": consistent,
            }
        }
        for round_number in range(MAX_ROUNDS):
            response = client.call("batch_get_item", RequestItems=request)
            found.extend(from_item(i) for i in response.get("Responses", {}).get(table_name, []))
            request = response.get("UnprocessedKeys") or {}
            if not request:
                break
            _backoff(round_number)
        else:
            raise Throttled("DynamoDB left keys unprocessed after repeated retries.")
    return found


def batch_write(
    table_name: str, puts: Iterable[dict] = (), deletes: Iterable[dict] = (), *, workers: int = 1
) -> int:
    """Put and delete items, 25 a request (``workers`` requests at a time), retrying
    UnprocessedItems. Not atomic and unconditional: import and seeding only. Puts and deletes
    are idempotent, so a request whose answer was lost is simply sent again."""
    puts, deletes = list(puts), list(deletes)
    requests = [{"PutRequest": {"Item": to_item(i)}} for i in puts]
    requests += [{"DeleteRequest": {"Key": to_item(k)}} for k in deletes]
    chunks = [
        requests[i : i + BATCH_WRITE_LIMIT] for i in range(0, len(requests), BATCH_WRITE_LIMIT)
    ]
    client.run_parallel(lambda chunk: _write_chunk(table_name, chunk), chunks, workers=workers)
    from . import cache, events

    cache.written_full_names([table_name])
    if events.wanted(table_name):
        events.committed(_changes(table_name, puts, deletes))
    return len(requests)


def _changes(table_name: str, puts: list[dict], deletes: list[dict]) -> list[Change]:
    # Built from the plain items we were given (what DynamoDB stores, read back: numbers as
    # Decimal, no None) rather than by deserialising each request again: thousands per import.
    return records.written(
        table_name,
        puts=({k: _as_stored(v) for k, v in item.items() if v is not None} for item in puts),
        deletes=({k: _as_stored(v) for k, v in key.items()} for key in deletes),
    )


def stored_changes(table_name: str, keys: Iterable[dict]) -> list[Change]:
    """What is stored now under each of ``keys`` (consistent reads, 100 keys a request), as
    changes: a put with the item's typed record, or a delete where there is no item. For
    following a write whose result the write itself doesn't tell (an update other than plain
    assignments, an outcome found applied)."""
    unique = list({tuple(sorted(key.items())): key for key in keys}.values())
    names = tables.key_names(table_name)
    found = {
        tuple(item.get(name) for name in names): item
        for item in batch_get(table_name, unique, consistent=True)
    }
    stored = [found.get(tuple(key.get(name) for name in names)) for key in unique]
    return records.written(
        table_name,
        puts=[item for item in stored if item is not None],
        deletes=[key for key, item in zip(unique, stored, strict=True) if item is None],
    )


def _as_stored(value: Any) -> Any:
    """``value`` as reading it back would give (``from_item(to_item(...))``), cheaply for the
    plain shapes bulk writes are made of."""
    if type(value) is str or type(value) is bool:
        return value
    if type(value) is int:
        return Decimal(value)
    if type(value) is list and all(type(v) is str for v in value):
        return list(value)
    return from_item({"v": to_attr(value)})["v"]


def _write_chunk(table_name: str, chunk: list[dict]) -> None:
    pending = {table_name: chunk}
    for round_number in range(MAX_ROUNDS):
        try:
            response = client.call("batch_write_item", RequestItems=pending)
        except OutcomeUnknown:
            # Unconditional puts and deletes: sending them again gives the same result.
            response = client.call("batch_write_item", RequestItems=pending)
        pending = response.get("UnprocessedItems") or {}
        if not pending:
            return
        _backoff(round_number)
    raise Throttled("DynamoDB left writes unprocessed after repeated retries.")
