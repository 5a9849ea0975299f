"""Full-text search over the index behind one interface, chosen by database vendor.

- SQLite: an FTS5 external-content table over id/title/question/passage (``unicode61
  remove_diacritics 2``: case-, accent- and punctuation-insensitive), ranked by bm25 with the
  title weighted above the question above the passage; kept in step by triggers.
- PostgreSQL: ``to_tsvector('simple', search_text)`` (a GIN expression index) over the
  normalised text, ranked by ts_rank.
- Anything else (or SQLite without FTS5): every term must occur in ``search_text``; rank 0.
Every term matches as a word prefix ("par" finds "Paris"); all terms must match (AND).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL

from .text import terms

FTS = {
    "staffindex_indexedquestion": "staffindex_question_fts",
    "staffindex_indexedsubmission": "staffindex_submission_fts",
}


def backend() -> str:
    if connection.vendor == "sqlite":
        return "fts5" if _has_fts5() else "portable"
    if connection.vendor == "postgresql":
        return "tsvector"
    return "portable"


def reads_search_text() -> bool:
    """Whether searches here read the ``search_text`` columns. SQLite's FTS5 tables index the
    raw columns themselves, so there the column stays empty: normalising every question's text
    was a quarter of an import's staff-index work, for nothing."""
    return backend() != "fts5"


_fts5: bool | None = None


def _has_fts5() -> bool:
    global _fts5
    if _fts5 is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = %s", ["staffindex_question_fts"]
            )
            _fts5 = bool(cursor.fetchone()[0])
    return _fts5


def search(qs: QuerySet, text: str, *, ranked: bool = True) -> QuerySet:
    """``qs`` narrowed to rows matching every term of ``text``, annotated with ``rank``
    (higher is better; 0 unless ``ranked``). Blank text: ``qs`` unchanged, rank 0; text with
    nothing to search for (symbols, emoji): nothing matches, not everything."""
    words = terms(text)
    if not words:
        rows = qs if not text.strip() else qs.none()
        return rows.annotate(rank=Value(0.0, output_field=FloatField()))
    table = qs.model._meta.db_table
    kind = backend()
    if kind == "fts5":
        fts = FTS[table]
        match = " AND ".join(f'"{w}"*' for w in words)
        if not ranked:  # sorted by a column: let the full-text index produce the id set first
            return qs.filter(
                id__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match])
            ).annotate(rank=Value(0.0, output_field=FloatField()))
        # bm25 is lower-is-better; negate so every backend sorts rank descending.
        return qs.extra(
            tables=[fts],
            where=[f"{fts}.rowid = {table}.id", f"{fts} MATCH %s"],
            params=[match],
            select={"rank": f"-bm25({fts}, 1.0, 8.0, 4.0, 1.0)"},
        )
    if kind == "tsvector":
        query = " & ".join(f"{w}:*" for w in words)
        vector = f"to_tsvector('simple', {table}.search_text)"
        return qs.filter(
            id__in=RawSQL(
                f"SELECT id FROM {table} WHERE {vector} @@ to_tsquery('simple', %s)", [query]
            )
        ).annotate(
            rank=RawSQL(
                f"ts_rank({vector}, to_tsquery('simple', %s))", [query], output_field=FloatField()
            )
        )
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs.annotate(rank=Value(0.0, output_field=FloatField()))


def order_by_rank(qs: QuerySet, *then: str) -> QuerySet:
    return (
        qs.order_by(F("rank").desc(), *then) if backend() != "fts5" else qs.order_by("-rank", *then)
    )
