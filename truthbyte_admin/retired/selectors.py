"""Read side of the retired questions: the list (one Query a page) and one retired question."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..core import served_days
from ..data import audit
from ..data import questions as questions_repo
from ..data import retired as retired_repo
from ..data.errors import NotFound
from ..data.models import AuditEntry
from ..data.retired import RetiredCopy
from ..domain.daily_impact import ChangeImpact
from ..staffindex import selectors as index_selectors
from .queries import RetiredQuery

RETIRED_HISTORY = 30  # entries on a retired question's page


@dataclass
class RetiredList:
    query: RetiredQuery
    copies: list[RetiredCopy]
    next_cursor: str | None
    items_read: int
    # Ids of this page another question has now, as the staff index knows them: their restore
    # would be refused (the confirmation page re-reads the game's table before saying so).
    in_use_again: frozenset[str] = frozenset()

    @property
    def next_link(self) -> str | None:
        return self.query.link(self.next_cursor) if self.next_cursor else None


def retired_list(query: RetiredQuery) -> RetiredList:
    """Restorable copies, newest first: ONE Query on the admin's table per page (InvalidCursor
    for a foreign or tampered page link)."""
    page = retired_repo.list_page(
        limit=query.limit, cursor=query.cursor, listing=query.listing, search=query.search
    )
    return RetiredList(
        query=query, copies=page.copies, next_cursor=page.next_cursor, items_read=page.items_read
    )


def retired_page(query: RetiredQuery) -> RetiredList:
    """The list page: :func:`retired_list`, and the ids on it another question has now, from ONE
    SQL query on the staff index (a DynamoDB read per row would grow with the page)."""
    listing = retired_list(query)
    ids = {copy.question_id for copy in listing.copies}
    return replace(listing, in_use_again=index_selectors.questions_indexed(ids))


def retired_copy(question_id: str) -> RetiredCopy | None:
    """The newest copy of a retired question not yet restored, or None (one Query)."""
    return retired_repo.latest_unrestored(question_id)


def copy_at(question_id: str, retired_key: str) -> RetiredCopy | None:
    """That very copy (a reused id can have two), restored or not, or None when there is none."""
    try:
        return retired_repo.get(question_id, retired_key)
    except NotFound:
        return None


@dataclass(frozen=True)
class RestoreTarget:
    """What a restore link or form names, as stored now: the copy to restore (restored already
    when a colleague was first), or none waiting; or, for a ``retired_key`` that names no kept
    copy while one is waiting, ``names_another``: never restore another copy than the one the
    link named."""

    copy: RetiredCopy | None
    names_another: bool = False


def restore_target(question_id: str, retired_key: str) -> RestoreTarget:
    """The copy ``retired_key`` names (or, with none given, the newest one waiting): one read,
    or two for a key that names none."""
    if not retired_key:
        return RestoreTarget(retired_copy(question_id))
    copy = copy_at(question_id, retired_key)
    if copy is None and retired_copy(question_id) is not None:
        return RestoreTarget(None, names_another=True)
    return RestoreTarget(copy)


@dataclass(frozen=True)
class SinceRestored:
    """What became of a copy a colleague restored first, as stored now: the question is live,
    or it was retired again (``retired_again``, the newer copy), or neither (its id is free)."""

    copy: RetiredCopy
    live: bool
    retired_again: RetiredCopy | None


def since_restored(copy: RetiredCopy) -> SinceRestored:
    """At most two reads: the question (consistent), then its newest unrestored copy."""
    if questions_repo.find(copy.question_id) is not None:
        return SinceRestored(copy, live=True, retired_again=None)
    again = retired_copy(copy.question_id)
    newer = again if again is not None and again.retired_key > copy.retired_key else None
    return SinceRestored(copy, live=False, retired_again=newer)


def was_retired(question_id: str) -> bool:
    """Whether the id has a restorable copy (the "open by id" box then opens its page)."""
    return retired_copy(question_id) is not None


def restore_impact(copy: RetiredCopy) -> ChangeImpact:
    """The daily sets restoring the copy would change: it rejoins the pool (if its difficulty
    allows) at a place in the game's scan order known only once it is stored."""
    return served_days.change_impact(copy.question_id, difficulty_after=copy.question.difficulty)


@dataclass(frozen=True)
class RetiredQuestion:
    """What /questions/<id>/ shows for an id whose question staff retired: the newest kept copy,
    its recent history, and what restoring it would do to the daily sets."""

    copy: RetiredCopy
    history: list[AuditEntry]
    change: ChangeImpact


def retired_question(question_id: str) -> RetiredQuestion | None:
    """The retired question's page, or None when no copy of the id is kept (never retired
    here): one Query for the copy, one for its history, the pool for the impact."""
    copy = retired_copy(question_id)
    if copy is None:
        return None
    history = audit.history(audit.question_entity(question_id), limit=RETIRED_HISTORY)
    return RetiredQuestion(copy=copy, history=history, change=restore_impact(copy))
