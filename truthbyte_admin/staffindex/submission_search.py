"""Text search over indexed submissions: the same words match as on the question list.

Case-, accent- and punctuation-insensitive (``text.normalise``), every word a word prefix, all
words required. Kept apart from :mod:`.search` (the ranked question search) because the queue
never ranks: it is always in submission-time order, so only the matching id set is needed.

- SQLite with FTS5: the ``staffindex_submission_fts`` table (id, title, question, passage);
- PostgreSQL: the GIN expression index on ``to_tsvector('simple', search_text)``;
- anything else: every word must occur in ``search_text``.
``search_text`` also holds the author, so the portable and PostgreSQL paths find a player id
too; the author has its own exact filter on every backend.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from . import search
from .text import terms

FTS_TABLE = "staffindex_submission_fts"


def matching(qs: QuerySet, text: str) -> QuerySet:
    """``qs`` (of IndexedSubmission) narrowed to rows matching every word of ``text``; text
    with no word in it (symbols, emoji) matches nothing."""
    words = terms(text)
    if not words:
        return qs if not text.strip() else qs.none()
    table = qs.model._meta.db_table
    kind = search.backend()
    if kind == "fts5":
        match = " AND ".join(f'"{w}"*' for w in words)
        return qs.filter(
            id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        )
    if kind == "tsvector":
        query = " & ".join(f"{w}:*" for w in words)
        return qs.filter(
            id__in=RawSQL(
                f"SELECT id FROM {table} "
                f"WHERE to_tsvector('simple', search_text) @@ to_tsquery('simple', %s)",
                [query],
            )
        )
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs
