"""Read side of moderation: the queue page, the pending count, and one submission's review.

Bounded by design (docs/perf/moderation.md): the queue page is one Query (or one filtered Scan
page when status-index is missing) plus the small categories table, whatever the backlog. The
pending COUNT is O(pending), so it is never part of the page: a separate fragment loads it, and
it is cached for ``COUNT_CACHE_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import quote

from ..data import audit, cache, categories, cursors, players, submissions, tables
from ..data.errors import NotFound
from ..data.models import APPROVED, PENDING, REJECTED, Category, Submission, User
from .duplicates import (
    CORPUS_CACHE_SECONDS,
    SimilarQuestion,
    duplicate_threshold,
    likely_duplicate,
    similar_questions,
)
from .forms import QueueQuery

COUNT_CACHE_SECONDS = 60
AUTHOR_HISTORY_LIMIT = 100
RECENT_SHOWN = 5


# --- the queue ----------------------------------------------------------------------------------


@dataclass
class QueuePage:
    query: QueueQuery
    items: list[Submission]
    next_cursor: str | None
    used_index: bool
    categories: list[Category]

    @property
    def page_ids(self) -> list[str]:
        return [s.id for s in self.items]

    @property
    def page_ids_value(self) -> str:
        """The page's ids for one hidden field: comma-separated, each percent-encoded (ids come
        from the table and may hold commas); ``BulkForm`` decodes them."""
        return ",".join(quote(i, safe="") for i in self.page_ids)

    @property
    def category_known(self) -> bool:
        return any(c.slug == self.query.category for c in self.categories)

    @property
    def misses_unindexed(self) -> bool:
        """Rows came from a GSI, so pending submissions without its key attributes are not here."""
        return not self.query.unindexed and self.used_index


def queue_listing(query: QueueQuery) -> str:
    """What a cursor is bound to: source, access path (index or Scan), order and filters."""
    if query.unindexed:
        return f"queue:{query.source}:scan:{query.category or ''}:{query.author or ''}"
    path = "idx" if tables.has_index(tables.SUBMISSIONS, submissions.STATUS_INDEX) else "scan"
    if query.author:
        path += "+a" if tables.has_index(tables.SUBMISSIONS, submissions.AUTHOR_INDEX) else "+s"
    return f"queue:{query.source}:{path}:{query.order}:{query.category or ''}:{query.author or ''}"


def queue_page(query: QueueQuery) -> QueuePage:
    """One page of the queue: one Query or one filtered Scan page, plus the categories table."""
    listing = queue_listing(query)
    start_key = cursors.decode(query.cursor, listing=listing)  # InvalidCursor -> 400
    if query.unindexed:
        page = submissions.unindexed_pending_page(
            limit=query.page_size,
            start_key=start_key,
            category=query.category,
            author=query.author,
        )
    else:
        page = submissions.pending_page(
            limit=query.page_size,
            start_key=start_key,
            newest_first=query.newest_first,
            category=query.category,
            author=query.author,
        )
    # A GSI can lag behind the table on AWS: anything not pending is dropped here, and an
    # action on a row that is already reviewed says so rather than failing.
    items = [s for s in page.items if s.status == PENDING]
    return QueuePage(
        query=query,
        items=items,
        next_cursor=cursors.encode(page.last_key, listing=listing),
        used_index=page.used_index,
        categories=categories.list_all(),
    )


@dataclass(frozen=True)
class PendingCount:
    count: int
    complete: bool  # False: stopped after max pages, so "at least count"
    counted_at: dt.datetime
    # True: counted over status-index, which misses design-document-shape submissions.
    indexed: bool = True


def pending_count(*, fresh: bool = False) -> PendingCount:
    """How many submissions are pending, cached ~60 s per table (O(pending) to compute); our own
    reviews and undos change the table's write generation, so the next count is fresh."""

    def count() -> PendingCount:
        count, complete = submissions.count_pending()
        indexed = tables.has_index(tables.SUBMISSIONS, submissions.STATUS_INDEX)
        return PendingCount(count, complete, dt.datetime.now(dt.UTC), indexed)

    return cache.cached_read(
        "moderation:pending-count",
        tables=[tables.SUBMISSIONS],
        read=count,
        ttl=COUNT_CACHE_SECONDS,
        fresh=fresh,
    )


# --- the review ---------------------------------------------------------------------------------


@dataclass
class AuthorContext:
    author: str
    user: User | None
    pending: int = 0
    approved: int = 0
    rejected: int = 0
    recent: list[Submission] = field(default_factory=list)
    truncated: bool = False  # more than AUTHOR_HISTORY_LIMIT submissions: counts are of the latest
    # Where the counts come from: "index" (author-index: only submissions having both `author`
    # and `submitted_at`, i.e. the game's shape) or "scan" (no author-index: one Scan page,
    # AUTHOR_HISTORY_LIMIT items of the table read). Either way the context can be partial.
    source: str = "index"
    # This submission was not among the results (not in author-index, or outside the Scan page)
    # and is counted from its own item.
    counted_separately: bool = False
    # Their other pending submissions (of those reached), shown inline on the review.
    other_pending: list[Submission] = field(default_factory=list)

    @property
    def reviewed(self) -> int:
        return self.approved + self.rejected

    @property
    def history_limit(self) -> int:
        return AUTHOR_HISTORY_LIMIT

    @property
    def acceptance_rate(self) -> int | None:
        return round(self.approved * 100 / self.reviewed) if self.reviewed else None


@dataclass(frozen=True)
class HistoryEvent:
    at: dt.datetime | None
    actor: str
    action: str
    note: str = ""
    source: str = "admin"  # "admin" (our audit log), "game" (its approve function), "player"


@dataclass
class Review:
    submission: Submission
    author: AuthorContext | None
    similar: list[SimilarQuestion]
    history: list[HistoryEvent]
    categories: list[Category]

    @property
    def is_pending(self) -> bool:
        return self.submission.status == PENDING

    @property
    def duplicate(self) -> SimilarQuestion | None:
        """The existing question this likely duplicates (≥ the threshold): approving needs
        "approve anyway"."""
        best = self.similar[0] if self.similar else None
        return best if best is not None and best.score >= duplicate_threshold() else None

    @property
    def corpus_minutes(self) -> int:
        """How stale the similarity comparison can be (edits and retirements elsewhere)."""
        return max(1, CORPUS_CACHE_SECONDS // 60)

    @property
    def stored_fields(self) -> list[tuple[str, object]]:
        """Every attribute as stored, whichever shape the submission has."""
        return list(self.submission.stored_fields)


def review(submission_id: str) -> Review:
    submission = submissions.get(submission_id)  # NotFound -> 404; strongly consistent
    return Review(
        submission=submission,
        author=author_context(submission),
        similar=similar_questions(submission.question),
        history=history(submission),
        categories=categories.list_all(),
    )


def author_context(submission: Submission) -> AuthorContext | None:
    """The submitter's record: counts over their submissions that author-index (or one Scan
    page without it) can reach. Design-document-shape submissions (``submitter_id``,
    ``created_at``) are not in author-index, so the template says the counts are partial."""
    if not submission.author:
        return None
    theirs = submissions.by_author(submission.author, limit=AUTHOR_HISTORY_LIMIT)
    indexed = tables.has_index(tables.SUBMISSIONS, submissions.AUTHOR_INDEX)
    try:
        user = players.get_user(submission.author)
    except NotFound:
        user = None
    truncated = len(theirs) >= AUTHOR_HISTORY_LIMIT
    context = AuthorContext(
        submission.author, user, truncated=truncated, source="index" if indexed else "scan"
    )
    # Only an older item of an over-long history is legitimately absent from the results.
    in_results = any(other.id == submission.id for other in theirs)
    if not in_results and not (indexed and truncated and has_author_index_keys(submission)):
        theirs = [submission, *theirs]
        context.counted_separately = True
    for other in theirs:
        if other.status == APPROVED:
            context.approved += 1
        elif other.status == REJECTED:
            context.rejected += 1
        else:
            context.pending += 1
    context.recent = [s for s in theirs if s.id != submission.id][:RECENT_SHOWN]
    context.other_pending = [s for s in theirs if s.id != submission.id and s.status == PENDING]
    return context


def has_author_index_keys(submission: Submission) -> bool:
    """Whether author-index can hold the item: a GSI only has items with both key attributes."""
    return submission.in_author_index


def history(submission: Submission) -> list[HistoryEvent]:
    """Submitted → reviewed, oldest first: our audit log plus the review fields on the item.

    A review done by the game's own approve function leaves reviewer fields on the submission
    but no audit entry of ours; it is shown from those fields.
    """
    events: list[HistoryEvent] = []
    if submission.submitted:
        events.append(
            HistoryEvent(
                submission.submitted,
                submission.author or "unknown player",
                "submitted",
                source="player",
            )
        )
    entries = audit.history(f"submission#{submission.id}")
    for entry in entries:
        events.append(HistoryEvent(entry.at, entry.actor, entry.action, entry.note))
    ours = any(e.action in ("approve", "reject") for e in entries)
    if submission.status != PENDING and not ours:
        action = {APPROVED: "approve", REJECTED: "reject"}.get(submission.status, submission.status)
        events.append(
            HistoryEvent(
                submission.reviewed,
                submission.reviewer_id or "unknown",
                action,
                submission.reviewer_notes or "",
                source="game",
            )
        )
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(events, key=lambda e: e.at or epoch)


@dataclass
class BulkSelection:
    ids: list[str]
    found: dict[str, Submission]

    @property
    def rows(self) -> list[tuple[str, Submission | None]]:
        return [(i, self.found.get(i)) for i in self.ids]


def bulk_selection(ids: list[str]) -> BulkSelection:
    """The selected submissions as they are now (one BatchGetItem for up to 100)."""
    return BulkSelection(ids, submissions.get_many(ids))


# --- duplicates, the pending badge ----------------------------------------------------------


def likely_duplicates(items: list[Submission]) -> dict[str, SimilarQuestion]:
    """Submission id → the question it likely duplicates, for those that have one."""
    found = {}
    for submission in items:
        match = likely_duplicate(submission.question)
        if match is not None:
            found[submission.id] = match
    return found


@dataclass(frozen=True)
class PendingBadge:
    pending: PendingCount
    oldest: Submission | None

    @property
    def oldest_age(self) -> str | None:
        """How long the oldest pending submission has waited: "42 min", "5 h", "3 d"."""
        if self.oldest is None or self.oldest.submitted is None:
            return None
        seconds = max(0, (dt.datetime.now(dt.UTC) - self.oldest.submitted).total_seconds())
        if seconds < 3600:
            return f"{int(seconds // 60)} min"
        if seconds < 86400 * 2:
            return f"{int(seconds // 3600)} h"
        return f"{int(seconds // 86400)} d"


def pending_badge() -> PendingBadge:
    """The navigation's badge: the (cached) count plus one Limit-1 Query for the oldest; a
    cached count that contradicts the oldest (0 pending, yet one is waiting) is recounted."""
    oldest = submissions.oldest_pending()
    pending = pending_count()
    indexed = tables.has_index(tables.SUBMISSIONS, submissions.STATUS_INDEX)
    if indexed and (oldest is None) != (pending.count == 0):  # visibly stale: recount
        pending = pending_count(fresh=True)
    return PendingBadge(pending, oldest)
