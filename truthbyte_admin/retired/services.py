"""Restore a retired question: ONE transaction that puts back what the retirement removed.

The question item as it was stored, its category-index items and the counts it moved, plus an
audit entry on the question's own history (so retire and restore read as one story). Refused,
with nothing changed, when the id has been reused since, when the index already has an entry for
the id, when a category of the copy can no longer be written, or when the copy was already
restored.
"""

from __future__ import annotations

from ..core.clock import utc_now
from ..core.errors import RESENT_FORM, YOU_EARLIER, not_confirmed, not_saved_because
from ..data import audit
from ..data import questions as questions_repo
from ..data import retired as retired_repo
from ..data.errors import (
    IndexChanged,
    NotFound,
    OutcomeUnknown,
    QuestionChanged,
    RelatedItemChanged,
    RetiredCopyChanged,
    SentBefore,
    TransactionCancelled,
    TransactionTooLarge,
)
from ..data.retired import RetiredCopy
from ..data.transactions import DYNAMODB_MAX_ACTIONS, Transaction, form_request_token
from ..domain.categories import key_problem


class RestoreRefused(Exception):
    """The restore was not made; the message says why and that nothing was changed."""


class RestoreNotConfirmed(RestoreRefused):
    """DynamoDB did not confirm the restore, and re-reading shows it not applied (yet)."""


class AlreadyRestored(RestoreRefused):
    """Someone restored this copy first: ``copy`` as stored now says who and when."""

    def __init__(self, copy: RetiredCopy, *, actor: str = ""):
        self.copy = copy
        super().__init__(already_restored_message(copy, actor=actor))


def restore_question(
    *, question_id: str, retired_key: str, actor: str, form_nonce: str = ""
) -> RetiredCopy:
    """Put back the copy kept when ``question_id`` was retired at ``retired_key``."""
    try:
        copy = retired_repo.get(question_id, retired_key)
    except NotFound as exc:
        raise RestoreRefused(
            f"There is no retired copy of question {question_id} to restore. Nothing was changed."
        ) from exc
    if copy.restored:
        raise AlreadyRestored(copy, actor=actor)
    problem = _category_problem(copy)
    if problem:
        raise RestoreRefused(problem)
    tx = Transaction()
    retired_repo.add_restore(tx, copy, actor=actor, at=utc_now())
    question = copy.question
    audit.add_to(
        tx,
        audit.new_entry(
            audit.question_entity(question_id),
            actor=actor,
            action="restore",
            before=None,
            after=audit.question_fields(question),
            note=(
                f"retired {copy.retired_at:%Y-%m-%d %H:%M} UTC by {copy.retired_by or 'unknown'}; "
                "put back exactly as it was stored"
            ),
        ),
    )
    token = form_request_token(form_nonce, "restore", question_id, retired_key)
    _execute(tx, copy, token=token, actor=actor)
    return copy


def _execute(tx: Transaction, copy: RetiredCopy, *, token: str, actor: str) -> None:
    try:
        retired_repo.commit_restore(tx, token=token)
    except TransactionTooLarge as exc:
        raise RestoreRefused(
            f"Not restored: putting back question {copy.question_id} needs {len(tx.actions)} "
            "writes, more than one change to the game's database may hold "
            f"({DYNAMODB_MAX_ACTIONS}). Nothing was changed."
        ) from exc
    except OutcomeUnknown as exc:
        if not _restored_by_us(copy, actor):
            now = retired_repo.find(copy.question_id, copy.retired_key)
            if now is not None and now.restored:  # someone else's restore got there first
                raise AlreadyRestored(now, actor=actor) from exc
            if isinstance(exc, SentBefore):
                raise RestoreNotConfirmed(f"Nothing was restored. {RESENT_FORM}") from exc
            raise RestoreNotConfirmed(
                not_confirmed("restore", "The question is not restored as of now")
            ) from exc
        tx.found_applied()
    except (RelatedItemChanged, TransactionCancelled) as exc:
        if _restored_by_us(copy, actor):
            return  # this very restore, sent again (a browser retry): it is stored
        now = retired_repo.find(copy.question_id, copy.retired_key)
        if now is not None and now.restored:  # someone else's restore got there first
            raise AlreadyRestored(now, actor=actor) from exc
        raise RestoreRefused(_refusal(exc, copy, actor=actor)) from exc


def _restored_by_us(copy: RetiredCopy, actor: str) -> bool:
    """Is the copy marked restored by ``actor`` (this request, or an earlier send of its form)
    and the question stored exactly as the copy holds it?"""
    now = retired_repo.find(copy.question_id, copy.retired_key)
    return (
        now is not None
        and now.restored
        and now.restored_by == actor
        and retired_repo.question_stored_as_copied(copy)
    )


def _category_problem(copy: RetiredCopy) -> str | None:
    """A category of the copy that can't be written back under today's rules (the checks on
    keys have been tightened since some legacy items were written)."""
    for category in copy.index_categories:
        problem = key_problem(category)
        if problem:
            return (
                f"Not restored: question {copy.question_id} was listed in a category that can't "
                f"be written back (“{category[:40]}”: {problem}) Nothing was changed."
            )
    return None


def already_restored_message(copy: RetiredCopy, *, actor: str = "") -> str:
    """Who restored the copy and when, as its stored item records them; ``actor``, the person
    told, is "you (earlier from this page, or in another tab or window)" there: a resent form
    or another tab, as a save conflict says it."""
    when = f"at {copy.restored_at:%Y-%m-%d %H:%M} UTC" if copy.restored_at else "earlier"
    who = copy.restored_by or "someone"
    if actor and copy.restored_by == actor:
        who = YOU_EARLIER
    return (
        f"Question {copy.question_id} was already restored by {who} {when}; nothing more was "
        "changed."
    )


def _refusal(
    exc: RelatedItemChanged | TransactionCancelled, copy: RetiredCopy, *, actor: str
) -> str:
    qid = copy.question_id
    if isinstance(exc, RetiredCopyChanged):
        try:
            return already_restored_message(retired_repo.get(qid, copy.retired_key), actor=actor)
        except NotFound:
            return f"The retired copy of {qid} is gone. Nothing was changed."
    if isinstance(exc, QuestionChanged):
        return (
            f"Not restored: the id {qid} is used by another question now (created after this "
            "one was retired). Restoring would overwrite it, so nothing was changed. Open "
            f"question {qid} to compare."
        )
    if isinstance(exc, IndexChanged):
        return (
            f"Not restored: the category list for {', '.join(exc.items)} already has an "
            f"entry for id {qid} (written after the retirement). Nothing was changed; the "
            "category dashboard's Reconcile can repair leftover entries."
        )
    if isinstance(exc, TransactionCancelled):
        why = not_saved_because(exc, what="question")
        return f"Not restored: {why}. Nothing was changed; try again."
    return f"Not restored: {exc}"


def question_id_in_use(question_id: str) -> bool:
    """Whether some question has this id now (the restore page warns before trying)."""
    return questions_repo.find(question_id) is not None
