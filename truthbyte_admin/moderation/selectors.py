"""Read side of moderation: the queue page, the pending count, and one submission's review.

The queue, its count and the navigation badge come from the staff index (``staffindex.pending``:
SQL only, zero DynamoDB requests, both submission shapes in one list, exact totals); the review
re-reads the submission from DynamoDB, and what it finds is written back to the index, so an
item reviewed elsewhere leaves the queue as soon as it is opened.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from urllib.parse import quote

from django.template.defaultfilters import pluralize

from ..auditlog import selectors as audit_log
from ..core.links import audit_log_url
from ..data import audit, categories, players, submissions
from ..data.categories import CategoryName
from ..data.errors import NotFound
from ..data.models import APPROVED, PENDING, REJECTED, Submission, User
from ..data.serialization import as_datetime
from ..data.similar import (
    CORPUS_CACHE_SECONDS,
    SimilarQuestion,
    duplicate_threshold,
    likely_duplicate,
    similar_questions,
)
from ..staffindex import pending as indexed
from ..staffindex.freshness import Freshness
from ..staffindex.freshness import current as index_freshness
from ..staffindex.selectors import CategoryChoice, Pager, pager
from .queries import AGES, QueueQuery

RECENT_SHOWN = 5


def waited_text(
    submitted: dt.datetime | None, now: dt.datetime | None = None, *, short: bool = False
) -> str | None:
    """How long a submission has waited: "42 min", "5 hours", "3 days", or with ``short`` (the
    navigation badge) "42 min", "5 h", "3 d". None: the time is unknown. The queue and the home
    page say it the same way."""
    if submitted is None:
        return None
    now = now or dt.datetime.now(dt.UTC)
    seconds = max(0, (now - submitted).total_seconds())
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 86400 * 2:
        hours = int(seconds // 3600)
        return f"{hours} h" if short else f"{hours} hour{pluralize(hours)}"
    days = int(seconds // 86400)
    return f"{days} d" if short else f"{days} days"


# --- the queue ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingCount:
    count: int
    oldest: Submission | None
    freshness: Freshness

    @property
    def oldest_age(self) -> str | None:
        return waited_text(self.oldest.submitted) if self.oldest else None

    @property
    def oldest_age_short(self) -> str | None:
        return waited_text(self.oldest.submitted, short=True) if self.oldest else None


@dataclass
class QueuePage:
    query: QueueQuery
    author_exact: bool  # the author filter named one whole player id (else the start of ids)
    items: list[Submission]
    total: int  # matching the filters
    counted: PendingCount  # every pending submission, filters aside, and the oldest
    category: CategoryChoice | None
    options: list[CategoryChoice]
    freshness: Freshness
    pager: Pager

    @property
    def page_ids(self) -> list[str]:
        return [s.id for s in self.items]

    @property
    def page_ids_value(self) -> str:
        """The page's ids for one hidden field: comma-separated, each percent-encoded (ids come
        from the table and may hold commas); ``BulkForm`` decodes them."""
        return ",".join(quote(i, safe="") for i in self.page_ids)


def queue_page(query: QueueQuery) -> QueuePage:
    """One page of the queue from the index (a handful of SQL queries, no DynamoDB request)."""
    _label, at_least, less_than = AGES.get(query.age, ("", None, None))
    # A whole id with submissions pending means that player (ids vary in length: "p1" is not
    # "p10"); anything else is the first characters of ids, as the field's label says (they
    # had been taken for a whole id, and "0 pending" told the moderator the player had none).
    start = query.author_start
    exact = bool(start) and not query.author_shortened and indexed.has_pending_by(start)
    found = indexed.pending_page(
        newest_first=query.newest_first,
        category=query.category,
        author=start if exact else "",
        author_start="" if exact else start,
        text=query.q,
        waited_at_least=at_least,
        waited_less_than=less_than,
        page=query.page,
        size=query.page_size,
    )
    freshness = index_freshness()
    return QueuePage(
        query=query,
        author_exact=exact,
        items=found.items,
        total=found.total,
        counted=pending_count(freshness),
        category=found.category,
        options=found.options,
        freshness=freshness,
        pager=pager(found.page, query),
    )


def pending_count(freshness: Freshness | None = None) -> PendingCount:
    """The exact pending count and the oldest pending submission, from the index."""
    summary = indexed.pending_summary()
    return PendingCount(summary.count, summary.oldest, freshness or index_freshness())


@dataclass(frozen=True)
class QueueRow:
    submission: Submission
    duplicate: SimilarQuestion | None  # the existing question it likely duplicates


def queue_row(submission_id: str) -> QueueRow | None:
    """One submission as its queue row shows it on a fresh page (after an undo puts it back):
    as stored now, with the likely-duplicate warning the page's duplicate fragment would add.
    None when it no longer exists."""
    try:
        submission = submissions.get(submission_id)  # strongly consistent
    except NotFound:
        return None
    return QueueRow(submission, likely_duplicate(submission.question))


# --- the review ---------------------------------------------------------------------------------


@dataclass
class AuthorContext:
    """The submitter's record over all their submissions (both shapes), from the index; the one
    under review is counted from its stored item, so its own status is always current."""

    author: str
    user: User | None
    pending: int = 0
    approved: int = 0
    rejected: int = 0
    recent: list[Submission] = field(default_factory=list)
    other_pending: list[Submission] = field(default_factory=list)
    freshness: Freshness | None = None

    @property
    def reviewed(self) -> int:
        return self.approved + self.rejected

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
    categories: list[CategoryName]  # the category suggestions (the data layer's cached read)

    @property
    def is_pending(self) -> bool:
        return self.submission.status == PENDING

    @property
    def reviewed_by_game(self) -> bool:
        """Reviewed, and not by us: the game's own approve function (no audit entry of ours)."""
        return not self.is_pending and any(e.source == "game" for e in self.history)

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
    def stored_fields(self) -> list[SavedField]:
        """Every attribute as stored, whichever shape the submission has; times (``*_at``) that
        are epoch numbers also as a UTC date and time."""
        return [
            SavedField(name, value, as_datetime(value) if _is_epoch_time(name, value) else None)
            for name, value in self.submission.stored_fields
        ]


@dataclass(frozen=True)
class SavedField:
    name: str
    value: object
    time: dt.datetime | None  # the value read as a UTC time, where it is one

    @property
    def shown(self) -> str:
        """The value as staff read it: a list of words as "a, b", anything nested as JSON (not
        Python's repr), text as it is."""
        if isinstance(self.value, list) and all(isinstance(v, str) for v in self.value):
            return ", ".join(self.value) if self.value else "(empty list)"
        if isinstance(self.value, list | dict):
            return json.dumps(self.value, ensure_ascii=False, default=str)
        return str(self.value)


def _is_epoch_time(name: str, value: object) -> bool:
    # 0 is a placeholder some writers leave, not 1 January 1970.
    return (
        name.endswith("_at")
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and value > 0
    )


def review(submission_id: str) -> Review:
    try:
        submission = submissions.get(submission_id)  # strongly consistent
    except NotFound:
        indexed.refresh_submission(submission_id, None)
        raise  # -> 404
    indexed.refresh_submission(submission_id, submission)
    return Review(
        submission=submission,
        author=author_context(submission),
        similar=similar_questions(submission.question),
        history=history(submission),
        categories=categories.category_names(),
    )


def author_context(submission: Submission) -> AuthorContext | None:
    """The submitter's record: their other submissions from the index, this one as stored."""
    if not submission.author:
        return None
    try:
        user = players.get_user(submission.author)
    except NotFound:
        user = None
    record = indexed.submitter_record(
        submission.author, excluding=submission.id, recent=RECENT_SHOWN
    )
    context = AuthorContext(
        submission.author,
        user,
        pending=record.pending,
        approved=record.approved,
        rejected=record.rejected,
        recent=record.recent,
        other_pending=record.other_pending,
        freshness=index_freshness(),
    )
    if submission.status == APPROVED:
        context.approved += 1
    elif submission.status == REJECTED:
        context.rejected += 1
    else:
        context.pending += 1
    return context


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
    entries = audit.history(audit.submission_entity(submission.id))
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
    flagged: dict[str, SimilarQuestion] = field(default_factory=dict)  # likely duplicates

    @property
    def rows(self) -> list[tuple[str, Submission | None]]:
        return [(i, self.found.get(i)) for i in self.ids]

    @property
    def pending(self) -> int:
        """How many are still pending: what a confirmation acts on (the others were reviewed
        elsewhere since, or are gone, and are left as they are)."""
        return sum(1 for s in self.found.values() if s.status == PENDING)

    @property
    def approved_by_default(self) -> int:
        """What a bulk approval approves unless "approve anyway" is ticked."""
        return self.pending - len(self.flagged)


def bulk_selection(ids: list[str], *, with_duplicates: bool = False) -> BulkSelection:
    """The selected submissions as they are now (one BatchGetItem for up to 100), and, for an
    approval, those still pending that are likely duplicates (one approved elsewhere since
    would only match the question it became)."""
    found = submissions.get_many(ids)
    pending = [s for s in found.values() if s.status == PENDING]
    flagged = likely_duplicates(pending) if with_duplicates else {}
    return BulkSelection(ids, found, flagged)


# --- duplicates, the pending badge ----------------------------------------------------------


def likely_duplicates(items: list[Submission]) -> dict[str, SimilarQuestion]:
    """Submission id → the question it likely duplicates, for those that have one."""
    found = {}
    for submission in items:
        match = likely_duplicate(submission.question)
        if match is not None:
            found[submission.id] = match
    return found


def submission_questions(submission_ids: list[str]) -> dict[str, str]:
    """Each submission's question, shown beside its id on a bulk review's results page: from
    the staff index, so the page still makes no DynamoDB request."""
    return indexed.questions_of(submission_ids)


def history_url(submission_id: str) -> str | None:
    """The audit log's entries about the submission (its reviews, and anything undone)."""
    return audit_log_url(audit.submission_entity(submission_id))


def categories_deleted_lately() -> dict[str, str]:
    """Categories deleted within the undo time and not back since (slug -> "deleted by mona at
    16:53 UTC"): a moderator whose edits name one is told so, as the editor is."""
    return audit_log.how_categories_were_deleted_lately()
