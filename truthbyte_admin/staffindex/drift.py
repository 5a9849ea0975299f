"""Category drift in the staff index: stored counts vs the questions the index holds, computed
by every sync pass and by a rebuild, kept with its time for the dashboard."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from ..domain.categories import count_drift
from . import apply
from .models import IndexedCategory, IndexState, QuestionCategory

__all__ = ["compute_drift", "forget_drift", "forget_settled", "tagged_pairs"]


def compute_drift(*, categories_table: bool = True) -> dict:
    """Stored category counts vs the questions the index holds per category (SQL only), kept
    with the time it was computed (IndexState ``drift``) for the dashboard.

    The same rule as the dashboard's repair (categories/services.reconcile_counts): a category
    drifts when its stored count differs from its questions, a category with questions but no
    stored count included. Without a categories table there is nothing stored to drift.
    """
    drift = {
        slug: {"stored": count, "indexed": n}
        for slug, count, n in (count_drift(*_counts()) if categories_table else [])
    }
    apply.mark("drift", {"categories": drift, "table": categories_table})
    return drift


def forget_drift(slugs: Iterable[str]) -> None:
    """Drop ``slugs`` from the last drift check (their counts were just repaired), keeping its
    time: the next pass checks them again against what the index holds then."""
    state = IndexState.objects.filter(name="drift").first()
    if state is None:
        return
    remaining = {k: v for k, v in state.data.get("categories", {}).items() if k not in set(slugs)}
    IndexState.objects.filter(name="drift").update(data=state.data | {"categories": remaining})


def forget_settled(slugs: Iterable[str]) -> None:
    """Drop from the last drift check those of ``slugs`` whose stored count now agrees with the
    index (an import's recount, a count written by the game): the dashboard never shows as
    drifting a category whose two numbers it prints are equal. Never adds one: that is the
    next pass's job."""
    slugs = set(slugs)
    state = IndexState.objects.filter(name="drift").first()
    listed = slugs & set((state.data.get("categories") or {}) if state else ())
    if not listed:
        return
    still = {slug for slug, _, _ in count_drift(*_counts(listed))}
    forget_drift(listed - still)


def _counts(slugs: set[str] | None = None) -> tuple[dict[str, int | None], dict[str, int]]:
    """(stored count, questions in the index) per category: all of them, or ``slugs``."""
    rows = QuestionCategory.objects.all()
    categories = IndexedCategory.objects.all()
    if slugs is not None:
        rows, categories = rows.filter(category__in=slugs), categories.filter(slug__in=slugs)
    indexed = dict(rows.values_list("category").annotate(n=Count("id")).order_by())
    return dict(categories.values_list("slug", "stored_count")), indexed


def tagged_pairs() -> set[tuple[str, str]]:
    """(category, question id) for every category of every question the index holds, ``general``
    included: what the game's category lists should hold. One SQL query; "Verify now" and the
    repair compare it with the lists as stored and re-read every difference from DynamoDB."""
    return set(QuestionCategory.objects.values_list("category", "question__qid"))
