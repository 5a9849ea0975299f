"""``staffindex.listing.starts_with`` on SQLite, the staff database ``make run`` serves from.

The suite's staff database is PostgreSQL, where it is plain ``LIKE 'prefix%'``; SQLite's LIKE
ignores ASCII case, so there it is a range. The range is evaluated here by SQLite itself: the
moderation queue's author filter had matched "C382…" to "c382…" under ``make run`` only."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest

from truthbyte_admin.staffindex import listing

STORED = ["c382ee27-0afe", "c382ee27-ffff", "C382EE27-0AFE", "c38", "d000", "c382\U0001f600", ""]


def _matching_on_sqlite(monkeypatch, prefix: str) -> list[str]:
    monkeypatch.setattr(listing, "connection", SimpleNamespace(vendor="sqlite"))
    bounds = dict(listing.starts_with("author", prefix).children)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (author TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", [(value,) for value in STORED])
    rows = db.execute(
        "SELECT author FROM t WHERE author >= ? AND author < ? ORDER BY author",
        (bounds["author__gte"], bounds["author__lt"]),
    )
    return [author for (author,) in rows]


@pytest.mark.parametrize(
    ("prefix", "found"),
    [
        ("c382", ["c382ee27-0afe", "c382ee27-ffff", "c382\U0001f600"]),
        ("C382", ["C382EE27-0AFE"]),
        ("c382ee27-0", ["c382ee27-0afe"]),
        ("c382\U0001f600", ["c382\U0001f600"]),
        ("e", []),
    ],
)
def test_on_sqlite_it_is_the_start_as_typed(monkeypatch, prefix, found):
    assert _matching_on_sqlite(monkeypatch, prefix) == found


def test_elsewhere_it_is_the_databases_own_starts_with(monkeypatch):
    monkeypatch.setattr(listing, "connection", SimpleNamespace(vendor="postgresql"))
    assert listing.starts_with("author", "C382").children == [("author__startswith", "C382")]
