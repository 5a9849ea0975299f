"""Bulk upsert of questions (import, demo seeding): idempotent and safe to retry.

Not a transaction (thousands of items), so it is built to converge instead: new questions are
batch-written, existing ones are updated in place under a version condition (other attributes
kept, concurrent edits never lost silently), their index items are diffed against what is
stored, and each touched category's stored count is then *recomputed* from the index rather than
moved by a delta. Re-running the same import, or resuming one that died half-way, ends in the
same state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..domain.categories import diff_categories, normalise_categories
from . import categories as categories_repo
from . import client, tables
from . import questions as questions_repo
from .batch import batch_get, batch_write
from .cache import bump_questions_generation
from .errors import ConditionFailed
from .models import CategoryIndexEntry, Question
from .serialization import to_attr

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
        stored = _read_consistently([q.id for q in chunk])
        creates, index_puts, index_deletes = [], [], []
        for new in chunk:
            old = stored.get(new.id)
            if old is not None and _same(old, new) and not old.categories_from_tags:
                report.unchanged += 1
                continue
            if old is None:
                new.version = 1
                creates.append(new.to_item())
                report.created += 1
            else:
                old = _update_in_place(old, new)  # the version actually replaced
                report.updated += 1
            diff = diff_categories(old.categories if old else [], new.categories)
            index_deletes += [{"category": c, "question_id": new.id} for c in diff.removed]
            # Every current category is (re)written so each index item carries the difficulty.
            index_puts += [
                CategoryIndexEntry(c, new.id, new.difficulty).to_item() for c in new.categories
            ]
            touched.update(diff.removed)
            touched.update(new.categories)
        batch_write(tables.name(tables.QUESTIONS), puts=creates)
        batch_write(index_table, puts=index_puts, deletes=index_deletes)
        progress(min(start + CHUNK, len(ids)))
    report.categories = recount_categories(touched)
    bump_questions_generation()
    return report


def _read_consistently(question_ids: list[str]) -> dict[str, Question]:
    items = batch_get(
        tables.name(tables.QUESTIONS), ({"id": i} for i in question_ids), consistent=True
    )
    return {q.id: q for q in (Question.from_item(i) for i in items)}


UPDATE_ATTEMPTS = 4


def _update_in_place(old: Question, new: Question) -> Question:
    """Overwrite the modelled fields of an existing question, keeping every other attribute
    (`tags`, the game's own additions), and only if nobody changed it since it was read: an
    editor's save that lands mid-import is re-read and overwritten knowingly, never lost
    silently, and the version still moves on so the editor's stale form conflicts.

    Returns the stored question that was replaced (its categories drive the index diff).
    """
    for _ in range(UPDATE_ATTEMPTS):
        try:
            update = questions_repo.versioned_field_update(new, loaded_version=old.version)
            client.call(
                "update_item",
                TableName=tables.name(tables.QUESTIONS),
                Key={"id": to_attr(new.id)},
                UpdateExpression=update.expression,
                ConditionExpression=update.condition,
                ExpressionAttributeNames=update.names,
                ExpressionAttributeValues={k: to_attr(v) for k, v in update.values.items()},
            )
            new.version = old.version + 1
            return old
        except ConditionFailed:
            old = questions_repo.get(new.id, consistent=True)
    raise ConditionFailed(f"Question {new.id} kept changing during the import; run it again.")


def recount_categories(slugs: Iterable[str]) -> dict[str, int]:
    """Set each category's stored count to its number of index items (idempotent)."""
    counts = {slug: questions_repo.count_index(slug) for slug in sorted(set(slugs))}
    categories_repo.put_counts(counts)
    return counts


@dataclass
class BackfillReport:
    checked: int = 0
    rewritten: int = 0
    orphaned: int = 0


def backfill_index_difficulty(
    *, progress: Callable[[str], None] = lambda line: None
) -> BackfillReport:
    """Give every index item its question's difficulty (O(index); an ops command, not a page).

    A plain put of the same key is idempotent; an edit racing it rewrites the item again in its
    own transaction, and both write the question's current difficulty.
    """
    report = BackfillReport()
    entries = list(questions_repo.scan_index())
    for start in range(0, len(entries), CHUNK):
        chunk = entries[start : start + CHUNK]
        stored = _read_consistently(list(dict.fromkeys(e.question_id for e in chunk)))
        puts = []
        for entry in chunk:
            report.checked += 1
            question = stored.get(entry.question_id)
            if question is None:
                report.orphaned += 1
            elif entry.difficulty != question.difficulty:
                puts.append(
                    CategoryIndexEntry(
                        entry.category, entry.question_id, question.difficulty
                    ).to_item()
                )
        batch_write(tables.name(tables.QUESTION_CATEGORIES), puts=puts)
        report.rewritten += len(puts)
        progress(f"  {min(start + CHUNK, len(entries))}/{len(entries)} index items checked")
    return report
