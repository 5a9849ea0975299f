"""Bulk upsert of questions (import, demo seeding): idempotent and safe to retry.

Not a transaction (thousands of items), so it is built to converge instead: questions are written
with their index items diffed against what is stored, and each touched category's stored count is
then *recomputed* from the index rather than moved by a delta. Re-running the same import, or
resuming one that died half-way, ends in the same state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..domain.categories import diff_categories, normalise_categories
from . import categories as categories_repo
from . import questions as questions_repo
from . import tables
from .batch import batch_write
from .cache import bump_questions_generation
from .models import CategoryIndexEntry, Question

CHUNK = 100


@dataclass
class UpsertReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    categories: dict[str, int] = field(default_factory=dict)  # recomputed counts


def _same(a: Question, b: Question) -> bool:
    fields = ("question", "title", "passage", "answer", "categories", "difficulty")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def upsert_questions(
    incoming: Iterable[Question], *, progress: Callable[[int], None] = lambda done: None
) -> UpsertReport:
    by_id: dict[str, Question] = {}
    for question in incoming:  # a later line with the same id wins, as a re-import would
        question.categories = normalise_categories(question.categories)
        by_id[question.id] = question
    report = UpsertReport()
    touched: set[str] = set()
    ids = list(by_id)
    index_table = tables.name(tables.QUESTION_CATEGORIES)
    for start in range(0, len(ids), CHUNK):
        chunk = [by_id[i] for i in ids[start : start + CHUNK]]
        stored = questions_repo.get_many(q.id for q in chunk)
        puts, index_puts, index_deletes = [], [], []
        for new in chunk:
            old = stored.get(new.id)
            if old is not None and _same(old, new) and not old.categories_from_tags:
                report.unchanged += 1
                continue
            if old is not None:
                new.version = old.version + 1  # editors holding the old version get a conflict
                new.created_at = new.created_at or old.created_at
                new.source = new.source or old.source
                new.original_author = new.original_author or old.original_author
                report.updated += 1
            else:
                new.version = 1
                report.created += 1
            diff = diff_categories(old.categories if old else [], new.categories)
            index_deletes += [{"category": c, "question_id": new.id} for c in diff.removed]
            # Every current category is (re)written so each index item carries the difficulty.
            index_puts += [
                CategoryIndexEntry(c, new.id, new.difficulty).to_item() for c in new.categories
            ]
            touched.update(diff.removed)
            touched.update(new.categories)
            puts.append(new.to_item())
        batch_write(tables.name(tables.QUESTIONS), puts=puts)
        batch_write(index_table, puts=index_puts, deletes=index_deletes)
        progress(min(start + CHUNK, len(ids)))
    report.categories = recount_categories(touched)
    bump_questions_generation()
    return report


def recount_categories(slugs: Iterable[str]) -> dict[str, int]:
    """Set each category's stored count to its number of index items (idempotent)."""
    counts = {slug: questions_repo.count_index(slug) for slug in sorted(set(slugs))}
    categories_repo.put_counts(counts)
    return counts
