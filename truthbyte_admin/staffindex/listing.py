"""What the index-served lists (questions, the moderation queue, players, the audit log) share:
results kept per index state, exact totals without a second count, ordered id lists, and
"starts with" as typed.

A list page computes its category options, its exact total and (for searches and filtered lists
up to MAX_CACHED_IDS matches) its whole ordered id list once per index state and reuses them, so
later pages and repeated searches fetch 25 rows by id. Entries are keyed on the token that
``apply`` renews after every change to the rows behind the list: an entry is never read after a
change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q

LIST_CACHE_SECONDS = 600
MAX_CACHED_IDS = 20_000

T = TypeVar("T")


def kept_for_state(token: str | None, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, kept for the index state ``token`` under ``parts``."""
    if token is None:  # the index was never written: nothing to key on
        return compute()
    key = "staffindex:lists:" + hashlib.sha1(repr((token, *parts)).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, LIST_CACHE_SECONDS)
    return value


class CountedPaginator(Paginator):
    """A paginator told its total (kept for the index state) instead of counting it again."""

    def __init__(self, object_list: Any, per_page: int, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # a cached_property on Paginator: given, not counted


def ordered_ids(qs) -> list[int] | bool:
    """Every matching row id in the list's order, or False when there are too many to keep."""
    ids = list(qs.values_list("id", flat=True)[: MAX_CACHED_IDS + 1])
    return ids if len(ids) <= MAX_CACHED_IDS else False


def page_of(paginator: Paginator, number: int) -> Page:
    """Page ``number``, or the last page when the list has shrunk below it (a stale link, a
    bookmark): every list shows where it ends rather than refusing."""
    return paginator.page(min(max(1, number), max(1, paginator.num_pages)))


def starts_with(field_name: str, prefix: str) -> Q:
    """Rows whose ``field_name`` (an indexed text column: an id, an author) starts with
    ``prefix``, case as typed, read through its index on either staff database.
    PostgreSQL serves ``LIKE 'prefix%'`` from the pattern index Django adds beside it. SQLite's
    LIKE ignores case and can't use a plain index, so there it is the range from ``prefix`` to
    ``prefix`` + the last code point: SQLite orders text by its UTF-8 bytes, i.e. by code point,
    so the range holds exactly the values starting with ``prefix`` (bar one with U+10FFFF, a
    noncharacter, right after it)."""
    if connection.vendor == "sqlite":
        return Q(**{f"{field_name}__gte": prefix, f"{field_name}__lt": prefix + "\U0010ffff"})
    return Q(**{f"{field_name}__startswith": prefix})
