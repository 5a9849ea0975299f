"""What a bulk review's pages show, kept in the staff member's session between them.

The bulk form is sent, then the browser is redirected to a page of its own (Post/Redirect/Get):
the confirmation and the results are plain pages that can be reloaded, or gone back to, without
the browser offering to send a form again. The session is in the staff database, so any server
process can show them. Only the last few bulk reviews are kept (a results list is up to 100 rows).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from ..core.clock import utc_now
from .services import BulkItemResult, BulkResult

SESSION_KEY = "moderation:bulk-reviews"
KEPT = 5


@dataclass
class KeptBulkReview:
    token: str
    action: str  # "approve" or "reject"
    ids: list[str]
    reason_key: str = ""  # the reason chosen (a saved reason's key, or "other")
    reason_text: str = ""  # typed, for "other"
    reason: str = ""  # the reason as it will be stored
    next: str = "/queue/"
    result: BulkResult | None = None  # once confirmed
    undo_until: dt.datetime | None = None
    undone: list[str] = field(default_factory=list)  # undone from the results page since
    # Undos refused for good from the results page since: submission id -> why (shown again
    # in place of the Undo that would be refused the same way).
    undo_refused: dict[str, str] = field(default_factory=dict)

    @property
    def undo_open(self) -> bool:
        """Whether its reviews can still be undone (the results page offers Undo only then)."""
        return self.undo_until is not None and utc_now() < self.undo_until


def start(
    session,
    *,
    action: str,
    ids: list[str],
    reason_key: str,
    reason_text: str,
    reason: str,
    next: str,
) -> KeptBulkReview:
    """Keep a new bulk review (its selection); the oldest kept one goes beyond :data:`KEPT`."""
    review = KeptBulkReview(
        secrets.token_urlsafe(12), action, list(ids), reason_key, reason_text, reason, next
    )
    _save(session, review)
    return review


@dataclass(frozen=True)
class BulkStep:
    """What a sent bulk form comes to, against the kept review its token names."""

    review: KeptBulkReview
    send: bool = False  # confirmed, as its confirmation page showed it: review now
    sent_before: bool = False  # that confirmation already went through: show its results
    # Not what the page it came from showed (an edited or stale form): what that page asked
    # ("approve 2 submissions"); this one is kept as a new review and asked again.
    instead_of: str = ""


def step(
    session,
    token: str,
    *,
    action: str,
    ids: list[str],
    reason_key: str,
    reason_text: str,
    reason: str,
    next: str,
    confirmed: bool,
) -> BulkStep:
    """The bulk review a form sent from the queue's bar (no token: a new one, to confirm) or
    from a confirmation page asks for, kept in the session."""
    kept = get(session, token)
    mismatched = kept is not None and not matches(kept, action=action, ids=ids, reason=reason)
    if kept is not None and not mismatched and kept.result is not None:
        return BulkStep(kept, sent_before=True)  # sent twice: nothing is re-done
    instead_of = described(kept) if kept is not None and mismatched else ""
    if kept is None or mismatched:
        kept = start(
            session,
            action=action,
            ids=ids,
            reason_key=reason_key,
            reason_text=reason_text,
            reason=reason,
            next=next,
        )
    return BulkStep(kept, send=confirmed and not mismatched, instead_of=instead_of)


def get(session, token: str) -> KeptBulkReview | None:
    stored = session.get(SESSION_KEY, {}).get(token) if token else None
    return _loaded(token, stored) if isinstance(stored, dict) else None


def same_selection(review: KeptBulkReview, *, action: str, ids: list[str]) -> bool:
    """Whether a form sent with this review's token is for its action and selection (in any
    order)."""
    return review.action == action and set(review.ids) == set(ids)


def matches(review: KeptBulkReview, *, action: str, ids: list[str], reason: str) -> bool:
    """Whether a form sent with this review's token asks for what its confirmation page showed:
    the same action, selection and stored reason."""
    return same_selection(review, action=action, ids=ids) and review.reason == reason


def described(review: KeptBulkReview) -> str:
    """What the review's confirmation page asked: "approve 2 submissions"."""
    count = len(review.ids)
    return f"{review.action} {count} submission{'' if count == 1 else 's'}"


def keep_result(session, token: str, result: BulkResult) -> KeptBulkReview | None:
    review = get(session, token)
    if review is None:
        return None
    review.result = result
    review.undo_until = result.undoable_until()
    _save(session, review)
    return review


def mark_undo_refused(session, token: str, submission_id: str, why: str) -> None:
    """A row's Undo was refused for good (too late, the question edited since, undone
    elsewhere): the page no longer offers it when it is shown again, and says why."""
    review = get(session, token)
    if review is None or review.result is None:
        return
    if any(item.submission_id == submission_id for item in review.result.items):
        review.undo_refused[submission_id] = why[:500]
        _save(session, review)


def mark_undone(session, token: str, submission_id: str) -> None:
    """A row of the results was undone: the page says so when it is shown again."""
    review = get(session, token)
    if review is None or review.result is None or submission_id in review.undone:
        return
    if any(item.submission_id == submission_id for item in review.result.items):
        review.undone.append(submission_id)
        _save(session, review)


# --- as stored (the session is JSON) ------------------------------------------------------------


def _save(session, review: KeptBulkReview) -> None:
    reviews = {k: v for k, v in session.get(SESSION_KEY, {}).items() if k != review.token}
    reviews[review.token] = _stored(review)
    session[SESSION_KEY] = dict(list(reviews.items())[-KEPT:])


def _stored(review: KeptBulkReview) -> dict:
    result = review.result
    return {
        "action": review.action,
        "ids": review.ids,
        "reason_key": review.reason_key,
        "reason_text": review.reason_text,
        "reason": review.reason,
        "next": review.next,
        "items": None
        if result is None
        else [
            [
                i.submission_id,
                i.ok,
                i.message,
                i.question_id,
                i.already,
                i.reviewed_at,
                i.duplicate_of,
                i.as_asked,
            ]
            for i in result.items
        ],
        "undo_until": review.undo_until.timestamp() if review.undo_until else None,
        "undone": review.undone,
        "undo_refused": review.undo_refused,
    }


def _item(stored: list) -> BulkItemResult:
    if len(stored) == 7:  # kept before ``as_asked``: every likely duplicate was left as asked
        return BulkItemResult(*stored, as_asked=bool(stored[6]) and not stored[1])
    return BulkItemResult(*stored)


def _loaded(token: str, stored: dict) -> KeptBulkReview:
    items = stored.get("items")
    result = (
        None if items is None else BulkResult(stored["action"], [_item(item) for item in items])
    )
    until = stored.get("undo_until")
    return KeptBulkReview(
        token=token,
        action=stored["action"],
        ids=list(stored["ids"]),
        reason_key=stored.get("reason_key", ""),
        reason_text=stored.get("reason_text", ""),
        reason=stored.get("reason", ""),
        next=stored.get("next") or "/queue/",
        result=result,
        undo_until=dt.datetime.fromtimestamp(until, dt.UTC) if until else None,
        undone=list(stored.get("undone", [])),
        undo_refused=dict(stored.get("undo_refused") or {}),
    )
