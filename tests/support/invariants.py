"""The index/count invariants of GAME.md, checked by reading every table (tests only)."""

from __future__ import annotations

from collections import Counter

from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import questions as questions_repo


def index_and_count_problems() -> list[str]:
    """Every way the pool, the category index and the stored counts disagree (empty = exact)."""
    problems: list[str] = []
    questions = {q.id: q for q in questions_repo.scan_all()}
    index: dict[str, dict[str, int | None]] = {}
    for entry in questions_repo.scan_index():
        index.setdefault(entry.question_id, {})[entry.category] = entry.difficulty
    for qid, question in questions.items():
        if "general" not in question.categories:
            problems.append(f"{qid}: general missing from {question.categories}")
        indexed = index.get(qid, {})
        if set(indexed) != set(question.categories):
            problems.append(
                f"{qid}: index {sorted(indexed)} != categories {sorted(question.categories)}"
            )
        for category, difficulty in indexed.items():
            if difficulty != question.difficulty:
                problems.append(
                    f"{qid}/{category}: index difficulty {difficulty} != {question.difficulty}"
                )
    for qid in set(index) - set(questions):
        problems.append(f"orphan index items for missing question {qid}: {sorted(index[qid])}")
    actual = Counter(c for cats in index.values() for c in cats)
    if categories_repo.schema() is not None:
        stored = {c.slug: c.count for c in categories_repo.list_all()}
        for slug in set(actual) | set(stored):
            if (stored.get(slug) or 0) != actual.get(slug, 0):
                problems.append(
                    f"category {slug}: stored {stored.get(slug)} != index {actual.get(slug, 0)}"
                )
    return problems


def assert_index_and_counts_exact() -> None:
    problems = index_and_count_problems()
    assert not problems, "\n".join(problems[:20])
