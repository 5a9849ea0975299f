"""One cached-read helper for every cache of items read from DynamoDB, keyed by table and write
generation. (Table schemas are not items: data/tables.py keeps them a minute, and the last one
known while DynamoDB can't answer.)

Each table has a write generation in the cache, a counter that the data layer's own writes bump
(:func:`written`: transactions, batch writes, the import and the restore). An entry of
:func:`cached_read` is keyed by its name, the tables it was read from and their generations, so
this process's own writes invalidate every read of those tables at once, and no job has to know
which other job's cache to clear. The TTL bounds staleness from other processes and the game.

Two entries opt out on purpose (``follow_writes=False``), each a Scan that approve → next
review would otherwise repeat every time: the similarity corpus (O(table)) and the known
categories (every approval changes a count in their table). Each lives for its TTL from when it
was read, and our own creates, removals and renames are applied to it with
:func:`update_cached`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.cache import cache

from . import client

T = TypeVar("T")


def _generation_key(table_type: str) -> str:
    return f"generation:{client.table_name(table_type)}"


def generation(table_type: str) -> int:
    """The table's write generation in this cache (1 until the first write)."""
    key = _generation_key(table_type)
    value = cache.get(key)
    if value is None:
        cache.set(key, 1, None)
        return 1
    return int(value)


def written(*table_types: str) -> None:
    """Our own write reached these tables (logical types, e.g. ``tables.QUESTIONS``)."""
    for table_type in dict.fromkeys(table_types):
        key = _generation_key(table_type)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 2, None)


def written_full_names(table_names: Sequence[str]) -> None:
    """:func:`written` for full table names (as a request carries them)."""
    prefix = client.table_name("")
    written(*(name[len(prefix) :] for name in table_names if name.startswith(prefix)))


def key_for(name: str, table_types: Sequence[str], follow_writes: bool = True) -> str:
    """The cache key of an entry (its tables' generations included)."""
    parts = [name]
    for table_type in table_types:
        part = client.table_name(table_type)
        if follow_writes:
            part += f"@{generation(table_type)}"
        parts.append(part)
    return ":".join(parts)


def cached_read(
    name: str,
    *,
    tables: Sequence[str],
    read: Callable[[], T],
    ttl: float,
    follow_writes: bool = True,
    fresh: bool = False,
) -> T:
    """``read()``'s result, cached for ``ttl`` seconds under ``name`` and the tables it reads.

    With ``follow_writes`` (the default) our own writes to any of ``tables`` start a fresh
    entry; without, only the TTL (and :func:`update_cached`) changes it. ``fresh`` reads again
    whatever is cached (the caller saw the entry contradict the tables).
    """
    key = key_for(name, tables, follow_writes)
    cached = None if fresh else cache.get(key)
    if cached is not None:
        return cached[1]
    before = [generation(table) for table in tables]
    value = read()
    if follow_writes or before == [generation(table) for table in tables]:
        cache.set(key, (time.time(), value), ttl)
    # else: one of our own writes landed while reading. It found no entry to apply itself to,
    # and the read may predate it: kept, it would hide that write for the whole TTL.
    return value


def update_cached(
    name: str, *, tables: Sequence[str], change: Callable[[Any], Any], ttl: float
) -> None:
    """Apply our own write to a ``follow_writes=False`` entry, if one is cached, keeping its
    expiry at build time + ``ttl`` (steady writes never keep a stale entry alive). Two changes
    finishing at the same instant in one process may lose one until the TTL runs out."""
    key = key_for(name, tables, follow_writes=False)
    cached = cache.get(key)
    if cached is None:
        return
    built_at, value = cached
    remaining = ttl - (time.time() - built_at)
    if remaining < 1:
        cache.delete(key)
        return
    cache.set(key, (built_at, change(value)), remaining)


def cached_at(name: str, *, tables: Sequence[str], follow_writes: bool = True) -> float | None:
    """When the current entry was read (epoch seconds), None when nothing is cached."""
    cached = cache.get(key_for(name, tables, follow_writes))
    return None if cached is None else cached[0]
