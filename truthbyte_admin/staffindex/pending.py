"""The moderation queue's reads from the index: pending submissions of both shapes (already
normalised by :mod:`.apply`), the pending total with the oldest one, a submitter's record.

SQL only, zero DynamoDB requests. Rows come back as :class:`~..data.models.Submission` values
built from the indexed columns, so the queue's templates treat them like any submission; every
action still re-reads the stored item.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, F

from ..core.clock import epoch_seconds
from ..data.models import APPROVED, GENERAL, PENDING, REJECTED, Submission, default_display_name
from ..domain.categories import slug_from_typed
from . import apply, submission_search
from .listing import CountedPaginator, kept_for_state, ordered_ids, page_of, starts_with
from .models import IndexedCategory, IndexedSubmission
from .selectors import CategoryChoice, resolve_category

log = logging.getLogger(__name__)

LISTED = (
    "sid",
    "question",
    "title",
    "answer",
    "categories",
    "difficulty",
    "status",
    "submitted_at",
    "author",
    "reviewed_at",
)


def as_submission(row: IndexedSubmission) -> Submission:
    """An indexed row as a Submission (passage and review fields are not listed)."""
    return Submission(
        id=row.sid,
        question=row.question,
        title=row.title,
        answer=row.answer,
        categories=list(row.categories or []),
        difficulty=row.difficulty,
        status=row.status or PENDING,
        submitted_at=row.submitted_at,
        author=row.author,
        reviewed_at=row.reviewed_at,
    )


def category_choices() -> list[CategoryChoice]:
    """The categories the filter offers: those of the categories table (one small query; the
    question list's choices also read every question's categories, O(questions))."""
    names = dict(IndexedCategory.objects.values_list("slug", "display_name"))
    names.setdefault(GENERAL, "")
    return sorted(
        (CategoryChoice(s, n or default_display_name(s)) for s, n in names.items()),
        key=lambda c: c.slug,
    )


def resolve(text: str, options: list[CategoryChoice]) -> CategoryChoice:
    """A slug or display name (any case); else the key a new category typed so would get."""
    chosen = resolve_category(text, options)
    if chosen in options:
        return chosen
    slug = slug_from_typed(text)
    return CategoryChoice(slug, default_display_name(slug), known=False)


@dataclass
class PendingPage:
    page: Page  # of IndexedSubmission rows
    items: list[Submission]
    total: int  # matching the filters
    category: CategoryChoice | None
    options: list[CategoryChoice]


def pending_page(
    *,
    newest_first: bool = False,
    category: str = "",
    author: str = "",
    author_start: str = "",
    text: str = "",
    waited_at_least: int | None = None,
    waited_less_than: int | None = None,
    page: int = 1,
    size: int = 25,
    now: float | None = None,
) -> PendingPage:
    """One page of pending submissions in submission-time order (ties by id; unknown times
    last), filtered. A page past the end gives the last page: after reviewing the last rows of
    the last page, going back to it must not be an error."""
    token = apply.submissions_token()
    options = category_choices()
    chosen = resolve(category, options) if category else None
    qs = IndexedSubmission.objects.filter(status=PENDING)
    if chosen:
        qs = qs.filter(category_rows__category=chosen.slug)
    if author:
        qs = qs.filter(author=author)
    if author_start:
        qs = qs.filter(starts_with("author", author_start))
    now = epoch_seconds() if now is None else now
    at_or_before = int(now - waited_at_least) if waited_at_least is not None else None
    after = int(now - waited_less_than) if waited_less_than is not None else None
    if at_or_before is not None:
        qs = qs.filter(submitted_at__lte=at_or_before)
    if after is not None:
        qs = qs.filter(submitted_at__gt=after)
    if text:
        qs = submission_search.matching(qs, text)
    when = (
        F("submitted_at").desc(nulls_last=True)
        if newest_first
        else F("submitted_at").asc(nulls_last=True)
    )
    qs = qs.order_by(when, "-sid" if newest_first else "sid")
    # Filtered lists keep their ordered ids (and so their exact total) per index state, as the
    # question list does; the whole queue keeps its total and the database pages it. A waiting
    # time moves its cutoff every second, so those lists are counted on each view (the
    # (status, submitted_at) index bounds both queries).
    timed = at_or_before is not None or after is not None
    filters = (chosen.slug if chosen else None, author, author_start, text)
    ids: list[int] | bool = False
    if any(filters) and not timed:
        ids = kept_for_state(token, ("queue-ids", newest_first, *filters), lambda: ordered_ids(qs))
    if ids is not False:
        paginator = Paginator(ids, size)
    elif timed:
        paginator = Paginator(qs.only(*LISTED), size)
    else:  # the whole queue, or a filter matching too many ids to keep: the database pages it
        count = kept_for_state(token, ("queue-count", *filters), qs.count)
        paginator = CountedPaginator(qs.only(*LISTED), size, count=count)
    current = page_of(paginator, page)
    if ids is not False:
        rows = IndexedSubmission.objects.only(*LISTED).in_bulk(current.object_list)
        current.object_list = [rows[i] for i in current.object_list if i in rows]
    return PendingPage(
        current,
        [as_submission(r) for r in current.object_list],
        paginator.count,
        chosen,
        options,
    )


@dataclass(frozen=True)
class PendingSummary:
    count: int
    oldest: Submission | None


def has_pending_by(author: str) -> bool:
    """Whether ``author`` (a whole player id, exactly) has a submission pending: the queue's
    author filter then means that player, not every id that starts with the same characters."""
    return IndexedSubmission.objects.filter(status=PENDING, author=author).exists()


def pending_summary() -> PendingSummary:
    """The exact number pending, and the one waiting longest (the index-state token, then two
    SQL queries when nothing is kept for that state)."""
    return kept_for_state(apply.submissions_token(), ("queue", "summary"), _pending_summary)


def _pending_summary() -> PendingSummary:
    pending = IndexedSubmission.objects.filter(status=PENDING)
    oldest = (
        pending.filter(submitted_at__isnull=False).order_by("submitted_at", "sid").only(*LISTED)
    ).first()
    return PendingSummary(pending.count(), as_submission(oldest) if oldest else None)


@dataclass
class SubmitterRecord:
    pending: int = 0
    approved: int = 0
    rejected: int = 0
    recent: list[Submission] = field(default_factory=list)
    other_pending: list[Submission] = field(default_factory=list)


def submitter_record(
    author: str, *, excluding: str, recent: int = 5, pending_shown: int = 20
) -> SubmitterRecord:
    """Counts by status over every submission of ``author`` (both shapes), excluding
    ``excluding`` (the one under review, counted by the caller from its stored item)."""
    theirs = IndexedSubmission.objects.filter(author=author).exclude(sid=excluding)
    record = SubmitterRecord()
    for row in theirs.values("status").annotate(n=Count("id")):
        if row["status"] == APPROVED:
            record.approved += row["n"]
        elif row["status"] == REJECTED:
            record.rejected += row["n"]
        else:
            record.pending += row["n"]
    newest = F("submitted_at").desc(nulls_last=True)
    record.recent = [
        as_submission(r) for r in theirs.order_by(newest, "sid").only(*LISTED)[:recent]
    ]
    record.other_pending = [
        as_submission(r)
        for r in theirs.filter(status=PENDING)
        .order_by(F("submitted_at").asc(nulls_last=True), "sid")
        .only(*LISTED)[:pending_shown]
    ]
    return record


def questions_of(submission_ids: list[str]) -> dict[str, str]:
    """Submission id -> its question, as the index holds it (one SQL query; ids the index does
    not hold are left out)."""
    rows = IndexedSubmission.objects.filter(sid__in=submission_ids).values_list("sid", "question")
    return dict(rows)


def refresh_submission(submission_id: str, stored: Submission | None) -> None:
    """Index what a consistent read just found (None: the item is gone), so a submission the
    game or a colleague reviewed leaves the queue as soon as anyone opens or acts on it."""
    if not getattr(settings, "STAFF_INDEX_LIVE_UPDATES", True):
        return
    try:
        if stored is None:
            apply.remove_submission(submission_id)
            return
        row = IndexedSubmission.objects.filter(sid=submission_id).only("status").first()
        if row is None or row.status != stored.status:
            apply.put_submission(stored)
    except Exception:  # noqa: BLE001 - the index is a copy: the sync repairs it; the page goes on
        log.exception("could not refresh the indexed submission %r", submission_id)
