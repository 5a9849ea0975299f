"""A submission's review, as transaction actions: record one, or undo one.

:func:`add_approval` and :func:`add_rejection` write the review outcome the game's own approve
function writes (status, accepted, reviewed_at, reviewer_id, and reviewer_notes when there is a
note: the field is optional, and the game shows it to the player), only while the submission is
still pending.

Undoing puts the submission back to ``pending`` exactly as the game wrote it. Only the shapes the
game reads: ``status: "pending"`` and ``accepted: false`` (as its submit
function writes them), and the review attributes removed. The condition pins the review being
undone (status, reviewed_at, and for an approval the question it created), so an undo never
reverts a later review by someone else, and two undos never both apply.
"""

from __future__ import annotations

from . import questions, tables
from .errors import Conflict, NotFound, QuestionChanged, TransactionCancelled
from .models import APPROVED, PENDING, REJECTED, Submission
from .transactions import Transaction

# What an approve or reject by this app (or the game's approve function) adds to a submission.
REVIEW_ATTRIBUTES = (
    "reviewed_at",
    "reviewer_id",
    "reviewer_notes",
    "approved_question_id",
    "rejection_reason",
    "review_request",  # the request token a rejection carries (its outcome can be re-read)
)


def commit(tx: Transaction, *, token: str) -> None:
    """Execute a review (or an undo) built with this module's actions, its failures typed.

    Raises :class:`Conflict` with the submission as stored now (a Submission) when it is no
    longer as the review requires (someone reviewed or undid it first), NotFound when it is
    gone, :class:`QuestionChanged`, or (``questions.related_change``) the question's index items
    changed or a category it was to create created first; any other
    cancellation (a transaction conflict, throttling) stays :class:`TransactionCancelled`.
    """
    try:
        tx.execute(token=token)
    except TransactionCancelled as exc:
        reason = exc.condition_failed_on("submission")
        if reason is not None:
            if not reason.item:
                raise NotFound("The submission no longer exists.") from exc
            raise Conflict(current=Submission.from_item(reason.item)) from exc
        if exc.condition_failed_on("question") is not None:
            raise QuestionChanged() from exc
        if (related := questions.related_change(exc)) is not None:
            raise related from exc
        raise


def add_approval(
    tx: Transaction,
    submission_id: str,
    *,
    reviewer: str,
    reviewed_at: int,
    question_id: str,
    notes: str = "",
) -> None:
    """Add to ``tx``: the submission approved as ``question_id``, if it is still pending."""
    fields = {
        "status": APPROVED,
        "accepted": True,
        "reviewed_at": reviewed_at,
        "reviewer_id": reviewer,
        "approved_question_id": question_id,
    }
    if notes.strip():
        fields["reviewer_notes"] = notes
    # Without a note, none is left from before (a submission reopened by hand or by the game).
    _add_review(tx, submission_id, fields, remove=() if notes.strip() else ("reviewer_notes",))


def add_rejection(
    tx: Transaction,
    submission_id: str,
    *,
    reviewer: str,
    reviewed_at: int,
    reason: str,
    notes: str,
    request_token: str,
) -> None:
    """Add to ``tx``: the submission rejected, if it is still pending. ``notes`` is what the
    player reads (the reason, and the moderator's note); ``request_token`` is kept with it so a
    lost answer can be told from someone else's rejection."""
    _add_review(
        tx,
        submission_id,
        {
            "status": REJECTED,
            "accepted": False,
            "reviewed_at": reviewed_at,
            "reviewer_id": reviewer,
            "reviewer_notes": notes,
            "rejection_reason": reason,
            "review_request": request_token,
        },
    )


def _add_review(
    tx: Transaction, submission_id: str, fields: dict, *, remove: tuple[str, ...] = ()
) -> None:
    """Add to ``tx``: set ``fields`` (and remove ``remove``) on the submission if it exists and
    is still pending.

    Labelled ``submission``: a cancellation's returned item says who reviewed it first.
    """
    names = {f"#{name}": name for name in (*fields, *remove)}
    values = {f":{name}": value for name, value in fields.items()}
    values[":pending"] = PENDING
    expression = "SET " + ", ".join(f"#{name} = :{name}" for name in fields)
    if remove:
        expression += " REMOVE " + ", ".join(f"#{name}" for name in remove)
    tx.update(
        "submission",
        tables.name(tables.SUBMISSIONS),
        {"id": submission_id},
        expression,
        condition="attribute_exists(#id) AND #status = :pending",
        names={**names, "#id": "id", "#status": "status"},
        values=values,
    )


def add_reopen_submission(
    tx: Transaction,
    submission_id: str,
    *,
    status: str,
    reviewed_at: int | None,
    reviewer_id: str | None = None,
    approved_question_id: str | None = None,
    accepted_before: bool | None = False,
) -> None:
    """Add to ``tx``: set the submission back to pending if it is still in the review being undone.

    ``accepted_before`` is the ``accepted`` value it had while pending (the game writes false;
    None: it had none, so it is removed). Labelled ``submission`` for cancellation reasons.
    """
    assert status in (APPROVED, REJECTED)
    names = {"#id": "id", "#status": "status", "#accepted": "accepted"}
    names.update({f"#{name}": name for name in REVIEW_ATTRIBUTES})
    values: dict = {":pending": PENDING, ":reviewed": status}
    removed = [f"#{name}" for name in REVIEW_ATTRIBUTES]
    conditions = ["attribute_exists(#id)", "#status = :reviewed"]
    if reviewed_at is None:
        conditions.append("attribute_not_exists(#reviewed_at)")
    else:
        values[":reviewed_at"] = int(reviewed_at)
        conditions.append("#reviewed_at = :reviewed_at")
    if reviewer_id:
        # reviewed_at is whole seconds: the reviewer too tells this review from a new one
        # made in the same second after another undo.
        values[":reviewer_id"] = reviewer_id
        conditions.append("#reviewer_id = :reviewer_id")
    if approved_question_id is not None:
        values[":question_id"] = approved_question_id
        conditions.append("#approved_question_id = :question_id")
    expression = "SET #status = :pending"
    if accepted_before is None:
        removed.append("#accepted")
    else:
        values[":accepted"] = bool(accepted_before)
        expression += ", #accepted = :accepted"
    expression += " REMOVE " + ", ".join(removed)
    tx.update(
        "submission",
        tables.name(tables.SUBMISSIONS),
        {"id": submission_id},
        expression,
        condition=" AND ".join(conditions),
        names=names,
        values=values,
    )
