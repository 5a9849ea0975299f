"""Moderation use cases: approve, reject or undo the review of one submission (each exactly one
DynamoDB transaction), review many (one transaction a submission), and the rules of an undo.

Safety comes from the transaction's conditions, never from what the page showed: the submission
must still be ``pending`` when the transaction lands (status-index is eventually consistent on
AWS, and two moderators may act at once), and the new question's id must be new. A cancelled or
throttled transaction applies nothing, so every failure here leaves the tables as they were.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from django.utils.text import capfirst

from ..core.errors import (
    CONFIRMATION_LOST,
    RESENT_FORM,
    category_created_meanwhile,
    category_name_taken,
    not_confirmed,
    not_saved_because,
)
from ..core.question_form import QuestionForm, names_left_unused
from ..core.undo import undo_deadline, undo_minutes
from ..data import audit, categories, category_index, questions, reviews, submissions
from ..data.errors import (
    CategoryCreatedMeanwhile,
    CategoryNameTaken,
    Conflict,
    DataUnavailable,
    NotFound,
    OutcomeUnknown,
    QuestionChanged,
    RelatedItemChanged,
    SentBefore,
    ServerError,
    Throttled,
    TransactionCancelled,
)
from ..data.models import APPROVED, GENERAL, PENDING, REJECTED, Question, Submission
from ..data.similar import SimilarQuestion, likely_duplicate
from ..data.transactions import Transaction, form_request_token
from ..staffindex.pending import refresh_submission

SOURCE_USER_SUBMISSION = "user_submission"


# --- outcomes -------------------------------------------------------------------------------


class ModerationError(Exception):
    """A review that did not happen; ``str(error)`` is a message ready to show staff.
    ``final``: the same request would be refused the same way again (a page stops offering it);
    ``pending``: the submission is pending now, in the queue."""

    final = False
    pending = False


class SubmissionGone(ModerationError):
    final = True


class AlreadyReviewed(ModerationError):
    """Someone (another moderator, or the game) reviewed it first. Nothing was changed."""

    def __init__(self, submission: Submission, *, actor: str = ""):
        self.submission = submission
        reviewed = submission.reviewed
        when = reviewed.strftime("%Y-%m-%d %H:%M UTC") if reviewed else "an unknown time"
        status = submission.status if submission.status in (APPROVED, REJECTED) else "reviewed"
        if actor and submission.reviewer_id == actor:
            # The person's own review, from another tab: not "someone else's".
            said = f"by you at {when} (in another tab, or an earlier page)"
        else:
            said = f"by {submission.reviewer_id or 'someone'} at {when}"
        super().__init__(f"Submission {submission.id} was already {status} {said}.")


class NotApplied(ModerationError):
    """DynamoDB cancelled or throttled the transaction: nothing at all was written."""


class ChangedMeanwhile(NotApplied):
    """Nothing was written because something the review needed changed at that moment (a
    category it creates was created, the new question's id was taken, another change to the
    same items): the page is out of date, not the database unavailable."""


class LikelyDuplicate(ModerationError):
    """At or above the duplicate threshold: approving needs an explicit "approve anyway"."""

    def __init__(self, submission: Submission, existing: SimilarQuestion):
        self.submission = submission
        self.existing = existing
        super().__init__(
            f"Submission {submission.id} looks like a duplicate of question {existing.id} "
            f"({existing.percent}% similar: “{existing.text[:120]}”). Nothing was changed: "
            f"approve it anyway, or reject it as a duplicate of {existing.id}."
        )


class UndoRefused(ModerationError):
    """The review can't be undone (too late, not yours, or changed since); nothing was changed.
    ``pending``: the submission is pending now (its review undone elsewhere): back in the queue."""

    final = True

    def __init__(self, message: str, *, pending: bool = False):
        super().__init__(message)
        self.pending = pending


class NeedsEditing(ModerationError):
    """The submission (or the edits) fail the question form's rules, the editor's own;
    ``form`` says why, beside each field."""

    def __init__(self, submission: Submission, form: QuestionForm):
        self.submission = submission
        self.form = form
        problems = "; ".join(
            _named_problem(form, name, " ".join(messages).rstrip("."))
            for name, messages in form.errors.items()
        )
        super().__init__(f"Submission {submission.id} needs editing before approval: {problems}.")


def _named_problem(form: QuestionForm, name: str, problem: str) -> str:
    """The field's problem, preceded by the field's name unless the problem already says it
    ("Question must be at most 200 characters …")."""
    field = form.fields.get(name)
    if field is None:  # the form as a whole
        return problem
    label = str(field.label or name.replace("_", " "))
    if problem.lower().startswith(label.lower()):
        return problem
    return f"{capfirst(label)}: {problem}"


@dataclass(frozen=True)
class ApprovalResult:
    submission_id: str
    question: Question
    confirmation_lost: bool = False  # DynamoDB didn't confirm; re-reading showed it applied
    created_categories: dict[str, str] = field(default_factory=dict)  # slug -> display name
    names_not_used: tuple[str, ...] = ()  # display names given that created nothing
    reviewed_at: int | None = None  # as stored (epoch seconds): its Undo runs from then


@dataclass(frozen=True)
class RejectionResult:
    submission_id: str
    reason: str
    confirmation_lost: bool = False
    question_text: str = ""  # what the player submitted, for saying which submission it was
    reviewed_at: int | None = None  # as stored (epoch seconds): its Undo runs from then


@dataclass
class BulkItemResult:
    submission_id: str
    ok: bool  # done: now, or already by this same request
    message: str
    question_id: str | None = None
    already: bool = False  # done by this same request before (the form was sent twice)
    reviewed_at: int | None = None  # when it was done, if before this request
    duplicate_of: str | None = None  # left pending as a likely duplicate of this question
    as_asked: bool = False  # and its confirmation page had said it would be (flagged there)


@dataclass
class BulkResult:
    action: str
    items: list[BulkItemResult] = field(default_factory=list)

    @property
    def succeeded(self) -> int:
        return sum(1 for i in self.items if i.ok)

    @property
    def done_now(self) -> int:
        return sum(1 for i in self.items if i.ok and not i.already)

    @property
    def done_before(self) -> int:
        return sum(1 for i in self.items if i.ok and i.already)

    @property
    def failed(self) -> int:
        return len(self.items) - self.succeeded

    @property
    def left_pending(self) -> int:
        """Likely duplicates left pending as the confirmation page said they would be (flagged
        there, its box unticked). One that became a duplicate since (of a question this very
        review made from an identical submission, say) is not what was asked: not counted."""
        return sum(1 for i in self.items if not i.ok and i.as_asked)

    @property
    def refused(self) -> int:
        """Not done for another reason than being a likely duplicate: what to look into."""
        return self.failed - self.left_pending

    def _not_done(self) -> str:
        n = self.left_pending
        parts = [f"{n} likely duplicate{'' if n == 1 else 's'} left pending, as asked"] if n else []
        if self.refused or not parts:
            parts.append(f"{self.refused} not changed")
        return "; ".join(parts)

    def undoable_until(self, now: float | None = None) -> dt.datetime:
        """Until when each of its reviews can be undone (reviews of an earlier send end first)."""
        now = time.time() if now is None else now
        earliest = min([i.reviewed_at for i in self.items if i.ok and i.reviewed_at] + [now])
        return undo_deadline(dt.datetime.fromtimestamp(earliest, dt.UTC))

    @property
    def summary(self) -> str:
        """What this request changed, in the same terms as its rows: a form sent twice changes
        nothing the second time, and says so."""
        verb = "approved" if self.action == "approve" else "rejected"
        if not self.done_before:
            return f"{self.done_now} of {len(self.items)} {verb}; {self._not_done()}."
        return (
            f"{self.done_now} of {len(self.items)} {verb} now; {self.done_before} had already "
            f"been {verb} by this same request (the form was sent twice), so nothing more was "
            f"changed for {'them' if self.done_before > 1 else 'it'}; {self._not_done()}."
        )


# --- approve ----------------------------------------------------------------------------------


def new_question_id(token: str = "") -> str:
    """The approved question's id; derived from the request token when there is one, so the
    same approval sent twice creates the same question, never a duplicate."""
    return questions.new_question_id(token)


def _token(form_nonce: str, action: str, submission_id: str) -> str:
    return form_request_token(form_nonce, action, submission_id)


def approve_submission(
    *,
    submission_id: str,
    reviewer: str,
    notes: str = "",
    edits: Mapping | None = None,
    now: int | None = None,
    approve_anyway: bool = False,
    form_nonce: str = "",
    deleted_categories: Callable[[], Mapping[str, str]] | None = None,
) -> ApprovalResult:
    """Turn a pending submission into a new question, in one transaction.

    ``edits`` is the question form's data (edit before approving); without it the submission's
    own fields are used. Either way they pass the question form's rules first, the editor's own
    (``domain.validation.validate_question_edit``). A text at or above the duplicate threshold
    raises :class:`LikelyDuplicate` unless ``approve_anyway``. ``deleted_categories``: reads
    the categories deleted lately, as the editor's form takes them, when a category needs a
    display name (one deleted lately is said to be, not only to need a name).
    """
    token = _token(form_nonce, "approve", submission_id)
    submission = _load_pending(submission_id, actor=reviewer, ours=lambda s: _approved_by(s, token))
    data = edits if edits is not None else QuestionForm.initial_from(submission)
    form = QuestionForm(data=data, known_categories=categories.known_names())
    if not form.is_valid() and "new_category_names" in form.errors:
        # The cached slugs call a category new: another worker or the game may have created it
        # within the last minute. Only the table itself may make the moderator name it.
        form = QuestionForm(
            data=data,
            known_categories=categories.known_names(fresh=True),
            deleted_categories=deleted_categories() if deleted_categories else None,
        )
    if not form.is_valid():
        raise NeedsEditing(submission, form)
    fields = form.cleaned_data
    if not approve_anyway:
        existing = likely_duplicate(fields["question"])
        if existing is not None:
            # Another moderator approving this very submission a moment ago makes its new
            # question the "duplicate": say what really happened.
            _load_pending(submission_id, actor=reviewer)
            raise LikelyDuplicate(submission, existing)
    reviewed_at = int(now if now is not None else time.time())
    question = questions.new_question(
        question_id=new_question_id(token),
        question=fields["question"],
        title=fields.get("title", ""),
        passage=fields.get("passage", ""),
        answer=fields["answer"],
        categories=fields["categories"],
        difficulty=fields["difficulty"],
        created_at=reviewed_at,
        source=SOURCE_USER_SUBMISSION,
        original_author=submission.author,
    )

    tx = Transaction()
    reviews.add_approval(
        tx,
        submission_id,
        reviewer=reviewer,
        reviewed_at=reviewed_at,
        question_id=question.id,
        notes=notes,
    )
    try:
        questions.add_question_change(
            tx,
            before=None,
            after=question,
            new_categories=categories.NewCategories(
                fields.get("new_category_names") or {},
                actor=reviewer,
                where=f"on approving submission {submission_id} as question {question.id}",
            ),
        )
    except CategoryNameTaken as exc:  # a new category's name, another's now: nothing written
        raise ChangedMeanwhile(category_name_taken(exc.items, not_done="Not approved")) from exc
    question_item = question.to_item()
    audit.add_to(
        tx,
        audit.new_entry(
            audit.submission_entity(submission_id),
            actor=reviewer,
            action="approve",
            before=submissions.audit_copy(submission),
            after={
                "status": APPROVED,
                "approved_question_id": question.id,
                "edited": _edited_fields(submission, question),
                "question": question_item,
            },
            note=notes,
        ),
    )
    audit.add_to(
        tx,
        audit.new_entry(
            audit.question_entity(question.id),
            actor=reviewer,
            action="create",
            after=question_item,
            note=f"Approved from submission {submission_id}",
        ),
    )
    found = _execute(
        tx, submission_id, actor=reviewer, token=token, applied=lambda s: _approved_by(s, token)
    )
    created = categories.created_by(tx)
    return ApprovalResult(
        submission_id,
        question,
        confirmation_lost=found is not None,
        created_categories=created,
        names_not_used=names_left_unused(fields.get("new_category_names"), created),
        reviewed_at=_review_time(found, reviewed_at),
    )


def _approved_by(submission: Submission, token: str) -> bool:
    """Is this stored submission approved by *this* request (its question id is ours)?"""
    return submission.status == APPROVED and submission.approved_question_id == new_question_id(
        token
    )


# --- reject -----------------------------------------------------------------------------------


def duplicate_reason(question_id: str) -> str:
    """The stored reason for "Reject as duplicate": names the existing question, so the game's
    ``reviewer_notes`` tells the player which one."""
    return f"Duplicate of existing question {question_id}"


def reject_as_duplicate(
    *,
    submission_id: str,
    reviewer: str,
    duplicate_of: str,
    notes: str = "",
    now: int | None = None,
    form_nonce: str = "",
) -> RejectionResult:
    """Reject with the existing question's id in the reason; the question must exist."""
    try:
        questions.get(duplicate_of)
    except NotFound as exc:
        raise ModerationError(f"There is no question {duplicate_of}; nothing was changed.") from exc
    return reject_submission(
        submission_id=submission_id,
        reviewer=reviewer,
        reason=duplicate_reason(duplicate_of),
        notes=notes,
        now=now,
        form_nonce=form_nonce,
    )


def reject_submission(
    *,
    submission_id: str,
    reviewer: str,
    reason: str,
    notes: str = "",
    now: int | None = None,
    form_nonce: str = "",
) -> RejectionResult:
    """Mark a pending submission rejected with ``reason`` (also put in reviewer_notes)."""
    reason = reason.strip()
    if not reason:
        raise ModerationError("Choose or type a reason for the rejection.")
    token = _token(form_nonce, "reject", submission_id)
    submission = _load_pending(submission_id, actor=reviewer, ours=lambda s: _rejected_by(s, token))
    reviewer_notes = reason if not notes.strip() else f"{reason} — {notes.strip()}"
    reviewed_at = int(now if now is not None else time.time())
    tx = Transaction()
    reviews.add_rejection(
        tx,
        submission_id,
        reviewer=reviewer,
        reviewed_at=reviewed_at,
        reason=reason,
        notes=reviewer_notes,
        request_token=token,
    )
    audit.add_to(
        tx,
        audit.new_entry(
            audit.submission_entity(submission_id),
            actor=reviewer,
            action="reject",
            before=submissions.audit_copy(submission),
            after={
                "status": REJECTED,
                "rejection_reason": reason,
                "reviewer_notes": reviewer_notes,
            },
            note=reviewer_notes,
        ),
    )
    found = _execute(
        tx, submission_id, actor=reviewer, token=token, applied=lambda s: _rejected_by(s, token)
    )
    return RejectionResult(
        submission_id,
        reason,
        confirmation_lost=found is not None,
        question_text=submission.question,
        reviewed_at=_review_time(found, reviewed_at),
    )


def _rejected_by(submission: Submission, token: str) -> bool:
    return submission.status == REJECTED and submission.review_request == token


# --- bulk -------------------------------------------------------------------------------------


def bulk_review(
    *,
    submission_ids: list[str],
    action: str,
    reviewer: str,
    reason: str = "",
    notes: str = "",
    approve_anyway: bool = False,
    form_nonce: str = "",
    flagged: Collection[str] = (),
) -> BulkResult:
    """Approve or reject each submission in its own transaction; one failure stops nothing.
    Likely duplicates are left pending (and listed) unless ``approve_anyway``; ``flagged``: those
    the confirmation page said would be (left pending "as asked")."""
    result = BulkResult(action)
    for submission_id in dict.fromkeys(submission_ids):
        try:
            if action == "approve":
                approved = approve_submission(
                    submission_id=submission_id,
                    reviewer=reviewer,
                    notes=notes,
                    approve_anyway=approve_anyway,
                    form_nonce=form_nonce,
                )
                lost = CONFIRMATION_LOST if approved.confirmation_lost else ""
                result.items.append(
                    BulkItemResult(
                        submission_id,
                        True,
                        f"Approved as question {approved.question.id}.{lost}",
                        approved.question.id,
                    )
                )
            else:
                rejected = reject_submission(
                    submission_id=submission_id,
                    reviewer=reviewer,
                    reason=reason,
                    notes=notes,
                    form_nonce=form_nonce,
                )
                lost = CONFIRMATION_LOST if rejected.confirmation_lost else ""
                result.items.append(
                    BulkItemResult(submission_id, True, f"Rejected: {reason}.{lost}")
                )
        except AlreadyDone as exc:  # this same confirmation, sent twice: done, once
            question_id = exc.submission.approved_question_id if action == "approve" else None
            result.items.append(
                BulkItemResult(
                    submission_id,
                    True,
                    str(exc),
                    question_id,
                    already=True,
                    reviewed_at=exc.submission.reviewed_at,
                )
            )
        except LikelyDuplicate as exc:  # its review page offers "approve anyway" and "reject"
            result.items.append(
                BulkItemResult(
                    submission_id,
                    False,
                    str(exc),
                    duplicate_of=exc.existing.id,
                    as_asked=submission_id in flagged,
                )
            )
        except ModerationError as exc:
            result.items.append(BulkItemResult(submission_id, False, str(exc)))
    return result


# --- undo -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UndoResult:
    submission_id: str
    undone: str  # "approve" or "reject"
    question_id: str | None = None  # the question an undone approval removed
    # Its categories that have no question left (slug -> display name): they stay, unlisted.
    emptied_categories: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class UndoOffer:
    """What the review page offers about undoing the review: ``ends`` (UTC) when the person may
    undo it now, else None; ``blocked``, why an undo in time would still be refused (its
    question changed since)."""

    ends: dt.datetime | None
    blocked: str | None

    @property
    def offered(self) -> bool:
        return self.ends is not None and self.blocked is None


def undo_offer(submission: Submission, *, actor: str, may_undo_others: bool) -> UndoOffer:
    """The review page's undo offer: the rules :func:`undo_review` applies, read without acting
    (one GetItem, only for an approval still in its undo time)."""
    if why_not_undoable(submission, actor=actor, may_undo_others=may_undo_others):
        return UndoOffer(ends=None, blocked=None)
    return UndoOffer(ends=undo_ends(submission), blocked=question_blocks_undo(submission))


def undo_ends(submission: Submission | ApprovalResult | RejectionResult) -> dt.datetime | None:
    """When undoing a review stops being possible (None: it has no time), from its stored
    review time: the one deadline of the pages that offer Undo and of :func:`undo_review`."""
    if submission.reviewed_at is None:
        return None
    return undo_deadline(dt.datetime.fromtimestamp(submission.reviewed_at, dt.UTC))


def why_not_undoable(
    submission: Submission, *, actor: str, may_undo_others: bool, now: int | None = None
) -> str | None:
    """None when ``actor`` may undo the submission's review now; else the reason, to show."""
    if submission.status not in (APPROVED, REJECTED):
        if submission.status == PENDING:
            # The page offered Undo after a review: one that is gone was undone meanwhile.
            return (
                f"Submission {submission.id} is pending: no review of it is stored now (a "
                "review you made was undone since, in another tab or by someone else), so "
                "there is nothing to undo. Nothing was changed; it is in the queue."
            )
        return f"Submission {submission.id} is {submission.status}: there is no review to undo."
    if submission.reviewer_id != actor and not may_undo_others:
        who = f" ({submission.reviewer_id})" if submission.reviewer_id else ""
        return f"Only the staff member who reviewed it{who} or an admin can undo this review."
    ends = undo_ends(submission)
    now = int(now if now is not None else time.time())
    if ends is None or now > ends.timestamp():
        return (
            f"Reviews can be undone for {undo_minutes()} minutes; this one is older. "
            "Nothing was changed."
        )
    if submission.status == APPROVED and not submission.approved_question_id:
        return "This approval names no question (it was done by the game), so it can't be undone."
    return None


def question_blocks_undo(submission: Submission) -> str | None:
    """For the review page: why an approval that is still in its undo time can't be undone,
    because its question is no longer as the approval wrote it (edited, or retired), or None
    (one GetItem; :func:`undo_review` applies the same rule, version 1, when it acts). The page
    had offered "You can still undo" above the refusal of such an undo."""
    question_id = submission.approved_question_id
    if submission.status != APPROVED or not question_id:
        return None
    try:
        question = questions.get(question_id)
    except NotFound:
        return f"It can't be undone: question {question_id} was retired since."
    if question.version != 1:
        return (
            f"It can't be undone: question {question_id} was edited since, and undoing would "
            "lose that edit. Retire it from the editor if it must go."
        )
    return None


def undo_review(
    *,
    submission_id: str,
    actor: str,
    may_undo_others: bool = False,
    now: int | None = None,
    form_nonce: str = "",
) -> UndoResult:
    """Put an approved or rejected submission back to pending, in one transaction.

    An approval is undone only if the question it created is untouched since (version 1, as the
    approval wrote it): the question, its index items and the count changes go with it.
    """
    try:
        submission = submissions.get(submission_id)
    except NotFound as exc:
        raise SubmissionGone(_not_stored(submission_id)) from exc
    problem = why_not_undoable(submission, actor=actor, may_undo_others=may_undo_others, now=now)
    if problem:
        raise UndoRefused(problem, pending=submission.status == PENDING)
    tx = Transaction()
    question = None
    if submission.status == APPROVED:
        question = _untouched_question(submission)
        questions.add_question_change(tx, before=question, after=None)
        audit.add_to(
            tx,
            audit.new_entry(
                audit.question_entity(question.id),
                actor=actor,
                action="undo-create",
                before=question.to_item(),
                note=f"Approval of submission {submission_id} undone",
            ),
        )
    reviews.add_reopen_submission(
        tx,
        submission_id,
        status=submission.status,
        reviewed_at=submission.reviewed_at,
        reviewer_id=submission.reviewer_id,
        approved_question_id=question.id if question else None,
        accepted_before=False if submission.shape == "game" else None,
    )
    action = "undo-approve" if question else "undo-reject"
    audit.add_to(
        tx,
        audit.new_entry(
            audit.submission_entity(submission_id),
            actor=actor,
            action=action,
            before=submissions.audit_copy(submission),
            after={"status": PENDING},
            note=f"Undone: {submission.status} by {submission.reviewer_id}",
        ),
    )
    _execute_undo(tx, submission_id, question, token=_token(form_nonce, "undo", submission_id))
    if question is None:
        return UndoResult(submission_id, "reject")
    return UndoResult(
        submission_id, "approve", question.id, emptied_categories=_emptied(question.categories)
    )


def _emptied(slugs: list[str]) -> dict[str, str]:
    """Those of an undone approval's categories that no question has now, with their names: a
    category the approval created is not deleted with it (another question may take it up), and
    the undo says so."""
    try:
        empty = category_index.without_questions([s for s in slugs if s != GENERAL])
        if not empty:
            return {}
        names = {c.slug: c.display_name for c in categories.category_names()}
    except DataUnavailable:
        return {}  # the undo is stored: only this note is left unsaid, never an error page
    return {slug: names.get(slug) or slug for slug in empty}


def _untouched_question(submission: Submission) -> Question:
    question_id = submission.approved_question_id or ""
    try:
        question = questions.get(question_id)
    except NotFound as exc:
        if _status_now(submission.id) == PENDING:
            raise UndoRefused(
                f"This approval was undone a moment ago by another request: submission "
                f"{submission.id} is pending again and question {question_id} is gone. "
                "Nothing more was changed."
            ) from exc
        raise UndoRefused(
            f"Question {question_id} no longer exists (retired since), so the "
            "approval can't be undone. Nothing was changed."
        ) from exc
    if question.version != 1:
        raise UndoRefused(
            f"Question {question_id} was edited after the approval, so undoing "
            "would lose that edit. Nothing was changed; retire it from the editor "
            "if it must go."
        )
    return question


def _status_now(submission_id: str) -> str | None:
    now = submissions.find(submission_id)
    return now.status if now else None


def _execute_undo(
    tx: Transaction, submission_id: str, question: Question | None, *, token: str
) -> None:
    try:
        reviews.commit(tx, token=token)
    except OutcomeUnknown as exc:
        # The answer was lost: what is stored says whether the undo went through.
        try:
            stored = submissions.get(submission_id)
        except NotFound as lost:
            raise SubmissionGone(f"Submission {submission_id} no longer exists.") from lost
        refresh_submission(submission_id, stored)
        if stored.status == PENDING:
            tx.found_applied()
            return
        if isinstance(exc, SentBefore):
            raise NotApplied(f"Not undone. {RESENT_FORM}") from exc
        raise NotApplied(
            not_confirmed("undo", f"The submission is still {stored.status} as of now")
        ) from exc
    except (Conflict, NotFound) as exc:
        raise UndoRefused(
            f"Submission {submission_id} changed since (undone or reviewed again, in another "
            "tab or by someone else); nothing was changed."
        ) from exc
    except RelatedItemChanged as exc:
        if isinstance(exc, QuestionChanged) and question is not None:
            raise UndoRefused(
                f"Question {question.id} was edited or removed a moment ago, so "
                "the approval can't be undone. Nothing was changed."
            ) from exc
        raise UndoRefused(
            "The question's category index changed since the approval; nothing was changed."
        ) from exc
    except TransactionCancelled as exc:
        why = not_saved_because(exc, what=REVIEWED)
        raise NotApplied(
            f"The undo was not applied: {why}. Nothing was changed; please try again."
        ) from exc
    except (Throttled, ServerError) as exc:
        raise _not_taken(exc, not_done="Not undone", change="undo") from exc


# --- shared steps -----------------------------------------------------------------------------


class AlreadyDone(ModerationError):
    """This very review was already applied (the same form sent again): a success."""

    def __init__(self, submission: Submission):
        self.submission = submission
        super().__init__(
            f"Submission {submission.id} was already {submission.status} by this "
            "same request (the form was sent twice); nothing more was changed."
        )


def _not_stored(submission_id: str) -> str:
    """Before acting: the id may have been deleted since the page was loaded, or never have been
    a submission (a typed or altered address); one read can't tell which."""
    return (
        f"There is no submission {submission_id} in the game's database (deleted since, or "
        "never there); nothing was changed."
    )


def _load_pending(
    submission_id: str,
    *,
    actor: str,
    ours: Callable[[Submission], bool] = lambda submission: False,
) -> Submission:
    try:
        submission = submissions.get(submission_id)  # strongly consistent, unlike the GSI
    except NotFound as exc:
        refresh_submission(submission_id, None)
        raise SubmissionGone(_not_stored(submission_id)) from exc
    if submission.status != PENDING:
        refresh_submission(submission_id, submission)  # reviewed elsewhere: off the queue now
        if ours(submission):
            raise AlreadyDone(submission)
        raise AlreadyReviewed(submission, actor=actor)
    return submission


def _review_time(found: Submission | None, sent: int) -> int:
    """The review time its Undo runs from: the stored one when the confirmation was lost (an
    earlier send of the same form may have set it), else the one this request sent."""
    return (found.reviewed_at if found is not None else None) or sent


def _execute(
    tx: Transaction,
    submission_id: str,
    *,
    actor: str,
    token: str,
    applied: Callable[[Submission], bool],
) -> Submission | None:
    """Commit the review under ``token``. None once DynamoDB confirmed it; the submission as
    stored when the confirmation was lost but it shows the review applied (its Undo runs from
    the review time stored, which an earlier send of the same form may have set). Every
    failure message says what is stored."""
    try:
        reviews.commit(tx, token=token)
        return None
    except OutcomeUnknown as exc:
        return _settle_unknown_outcome(exc, tx, submission_id, applied, actor=actor)
    except Conflict as exc:
        refresh_submission(submission_id, exc.current)  # the index learns what is stored
        if applied(exc.current):
            # The same form, sent at the same moment, got there first; this one changed
            # nothing. Followed through from what is stored, in case that send could not be.
            tx.found_applied()
            raise AlreadyDone(exc.current) from exc
        raise AlreadyReviewed(exc.current, actor=actor) from exc
    except NotFound as exc:
        raise SubmissionGone(f"Submission {submission_id} no longer exists.") from exc
    except RelatedItemChanged as exc:
        if isinstance(exc, CategoryCreatedMeanwhile):
            raise ChangedMeanwhile(
                category_created_meanwhile(
                    list(exc.items),
                    not_done="Not applied",
                    again="Send the form again",
                    names=categories.known_names(fresh=True),
                )
            ) from exc
        if isinstance(exc, CategoryNameTaken):
            raise ChangedMeanwhile(category_name_taken(exc.items, not_done="Not approved")) from exc
        raise ChangedMeanwhile(
            "The new question id was already taken; nothing was changed. Please try again."
        ) from exc
    except TransactionCancelled as exc:
        refusal = ChangedMeanwhile if exc.is_conflict else NotApplied
        raise refusal(_cancelled_message(exc)) from exc
    except (Throttled, ServerError) as exc:
        raise _not_taken(exc, not_done="Not applied", change="review") from exc


def _not_taken(exc: Throttled | ServerError, *, not_done: str, change: str) -> NotApplied:
    """A review or its Undo that DynamoDB refused before taking it (throttling), or that could
    not be sent: nothing was changed, whatever was tried."""
    if isinstance(exc, Throttled):
        return NotApplied(
            f"{not_done}: the game's database is throttling requests right now; nothing was "
            "changed. Please try again in a moment."
        )
    return NotApplied(
        f"{not_done}: the game's database could not be reached or answered with an error of "
        f"its own before taking the {change}; nothing was changed. Please try again."
    )


def _settle_unknown_outcome(
    exc: OutcomeUnknown,
    tx: Transaction,
    submission_id: str,
    applied: Callable[[Submission], bool],
    *,
    actor: str,
) -> Submission:
    """DynamoDB's answer was lost: re-read and say what is stored (returned: it did go
    through)."""
    try:
        stored = submissions.get(submission_id)
    except NotFound:
        refresh_submission(submission_id, None)
        raise SubmissionGone(f"Submission {submission_id} no longer exists.") from exc
    # Index the submission as stored, whichever way it went (applied: the rest follows below).
    refresh_submission(submission_id, stored)
    if applied(stored):
        tx.found_applied()  # what is stored, whichever send applied it
        if isinstance(exc, SentBefore):
            raise AlreadyDone(stored) from exc  # an earlier send of this form did it
        return stored
    if stored.status != PENDING:
        raise AlreadyReviewed(stored, actor=actor) from exc
    if isinstance(exc, SentBefore):
        # What this form did was undone since (still pending): the page is out of date, not
        # the database unavailable.
        raise ChangedMeanwhile(f"Not applied. {RESENT_FORM}") from exc
    raise NotApplied(not_confirmed("review", "The submission is still pending as of now")) from exc


# What a review's transaction changes, for "another change to the same … at that moment".
REVIEWED = "submission or question"


def _cancelled_message(exc: TransactionCancelled) -> str:
    why = not_saved_because(exc, what=REVIEWED)
    return f"Not applied: {why}; nothing was changed. Please try again."


def _edited_fields(submission: Submission, question: Question) -> list[str]:
    edited = []
    for name in ("question", "title", "passage", "answer", "difficulty"):
        if getattr(submission, name) != getattr(question, name):
            edited.append(name)
    submitted = [c for c in submission.categories if c != "general"]
    if submitted != [c for c in question.categories if c != "general"]:
        edited.append("categories")
    return edited
