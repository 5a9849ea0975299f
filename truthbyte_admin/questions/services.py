"""Editor use cases: create, edit and retire a question — each ONE transaction.

Every write goes through ``data.questions.add_question_change``, which keeps the category index
and the stored counts exact, plus an audit entry in the same transaction. An edit or retire is
guarded by the version the editor loaded: when someone else saved first, nothing is written and
:class:`EditConflict` carries the question as it is stored now.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..core.clock import utc_now
from ..core.errors import (
    RESENT_FORM,
    YOU_EARLIER,
    category_created_meanwhile,
    category_name_taken,
    not_confirmed,
    not_saved_because,
    unavailable_reason,
)
from ..core.question_form import names_left_unused
from ..data import audit
from ..data import categories as categories_repo
from ..data import questions as questions_repo
from ..data import retired as retired_repo
from ..data.categories import NewCategories, created_by
from ..data.errors import (
    CategoryCreatedMeanwhile,
    CategoryNameTaken,
    Conflict,
    NotFound,
    OutcomeUnknown,
    RelatedItemChanged,
    SentBefore,
    ServerError,
    Throttled,
    TransactionCancelled,
    TransactionTooLarge,
)
from ..data.models import Question
from ..data.retired import RetiredCopy
from ..data.transactions import (
    DYNAMODB_MAX_ACTIONS,
    Transaction,
    form_request_token,
    was_sent,
)
from ..domain.categories import with_general
from ..domain.validation import normalise_text

EDITABLE_FIELDS = audit.EDITABLE_FIELDS


class QuestionServiceError(Exception):
    """A write that could not be made; the message is ready to show to the editor."""


@dataclass
class EditConflict(QuestionServiceError):
    """Someone else changed (or retired) the question since it was loaded. Nothing was written."""

    current: Question | None  # None: the question no longer exists

    def __str__(self) -> str:
        if self.current is None:
            return (
                "Someone else removed this question (retired it, or undid the approval that "
                "created it) while you were editing it. Nothing was saved."
            )
        # Not "someone else": the other save may be this editor's own, in another tab.
        return (
            "This question was saved again after you loaded this form. Nothing was "
            "overwritten: compare the two versions below."
        )


class NoSuchQuestion(QuestionServiceError):
    """No question has the id and no retired copy names it: nothing here was ever retired."""

    def __init__(self, question_id: str):
        super().__init__(f"There is no question with id “{question_id}”.")
        self.question_id = question_id


class AlreadyRetired(QuestionServiceError):
    """The question was gone before this retirement could apply: another request retired it
    (``copy``, the newest retired copy), or removed it (an approval undone: no copy)."""

    def __init__(self, question_id: str, copy: RetiredCopy | None, *, actor: str = ""):
        self.copy = copy
        if copy is None:
            message = (
                f"Question {question_id} was removed a moment ago (its approval was undone); "
                "nothing was retired."
            )
        else:
            # The same person in another tab is "you", as a save conflict and moderation say.
            who = YOU_EARLIER if copy.retired_by == actor else copy.retired_by
            message = (
                f"Question {question_id} was already retired by {who} at "
                f"{copy.retired_at:%Y-%m-%d %H:%M} UTC; nothing more was changed. Its copy is "
                "in Retired questions."
            )
        super().__init__(message)

    @classmethod
    def of(cls, question_id: str, *, actor: str = "") -> AlreadyRetired:
        """Named by the newest retired copy as stored (one Query); ``actor``: who is told."""
        return cls(question_id, retired_repo.latest_unrestored(question_id), actor=actor)


@dataclass
class QuestionEdits:
    """The editable fields as the form cleaned them."""

    question: str
    title: str
    passage: str
    answer: bool
    categories: list[str]
    difficulty: int

    @classmethod
    def from_cleaned(cls, data: dict) -> QuestionEdits:
        return cls(
            question=data["question"],
            title=data.get("title") or "",
            passage=normalise_text(data.get("passage") or ""),
            answer=bool(data["answer"]),
            categories=with_general(data.get("categories") or []),
            difficulty=int(data["difficulty"]),
        )

    @classmethod
    def of(cls, question: Question) -> QuestionEdits:
        """What saving ``question`` untouched through the form would send: the baseline a
        conflict merge compares both sides with (the form strips question and title, reads
        passages with LF line ends and always adds `general`)."""
        return cls(
            question=(question.question or "").strip(),
            title=(question.title or "").strip(),
            passage=normalise_text(question.passage or ""),
            answer=bool(question.answer),
            categories=with_general(question.categories),
            difficulty=int(question.difficulty),
        )

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in EDITABLE_FIELDS}


@dataclass(frozen=True)
class SavedQuestion:
    """A question as a create or an edit stored it, and the categories that write created
    (slug -> display name): the editor is told what was stored, names included. Also the
    categories the form gave a display name that the write did not use (the question isn't
    in them, or they existed already): the editor typed those lines, and is told they stored
    nothing. ``confirmation_lost``: DynamoDB didn't confirm the write; a re-read found it
    stored."""

    question: Question
    created_categories: dict[str, str] = field(default_factory=dict)
    names_not_used: tuple[str, ...] = ()
    confirmation_lost: bool = False

    @classmethod
    def of(
        cls, question: Question, tx: Transaction, display_names: dict[str, str] | None
    ) -> SavedQuestion:
        created = created_by(tx)
        return cls(
            question,
            created,
            names_left_unused(display_names, created),
            confirmation_lost=tx.confirmation_lost,
        )


def changed_fields(before: Question, after: Question) -> tuple[dict, dict]:
    """Only the fields that differ, as (before, after) dicts for the audit log."""
    old, new = audit.question_fields(before), audit.question_fields(after)
    names = [n for n in EDITABLE_FIELDS if old[n] != new[n]]
    return {n: old[n] for n in names}, {n: new[n] for n in names}


class NotSentNow(QuestionServiceError):
    """DynamoDB refused the write before taking it (throttling) or could not be reached: nothing
    was applied. The page keeps what was typed (an error page would lose it)."""

    def __init__(self, exc: Throttled | ServerError, *, retire: bool = False):
        done = "retired" if retire else "saved"
        reason = unavailable_reason(exc)
        kept = "" if retire else " What you typed is kept below."
        super().__init__(
            f"Nothing was {done}: {reason[0].lower()}{reason[1:]}{kept} Try again in a moment."
        )


class NotConfirmed(QuestionServiceError):
    """DynamoDB did not confirm the write, and re-reading shows it not applied (yet)."""


def _not_confirmed(exc: OutcomeUnknown, *, retire: bool = False, create: bool = False) -> str:
    if isinstance(exc, SentBefore):
        return f"Nothing was {'retired' if retire else 'saved'}. {RESENT_FORM}"
    if retire:
        return not_confirmed("retirement", "The question is not retired as of now")
    if create:
        return not_confirmed("new question", "The new question is not stored as of now")
    return not_confirmed("change", "Your change is not in the stored question as of now")


def _same_fields(a: Question, b: Question) -> bool:
    return audit.question_fields(a) == audit.question_fields(b)


INDEX_CHANGED = (
    "The category index changed while this was being saved (another edit, an approval or an "
    "import touched this question's entries). Nothing was saved: reload the question and try "
    "again."
)


def _too_large(tx: Transaction, question: Question) -> QuestionServiceError:
    return QuestionServiceError(
        f"Nothing was saved: this change needs {len(tx.actions)} writes, more than one change "
        f"to the game's database may hold ({DYNAMODB_MAX_ACTIONS}). Question {question.id} has "
        f"{len(question.categories)} categories, and each one added, removed or re-rated is an "
        "index entry plus a count. "
        "Make the change in smaller steps: remove some categories and save (up to 45 per save), "
        "then continue."
    )


def _fail(exc: TransactionCancelled) -> QuestionServiceError:
    why = not_saved_because(exc, what="question")
    return QuestionServiceError(f"Not saved: {why}. Nothing changed; try again.")


def create_question(
    *,
    edits: QuestionEdits,
    actor: str,
    display_names: dict[str, str] | None = None,
    question_id: str | None = None,
    form_nonce: str = "",
) -> SavedQuestion:
    """Add a new question to the pool with its index items, counts +1 and an audit entry.

    Idempotent per form submission: the id and the request token come from ``form_nonce``, and
    when the id is already taken by exactly this question, the earlier submission is reported
    as the success it was.
    """
    question = questions_repo.new_question(
        question_id=question_id or questions_repo.id_for_create_form(form_nonce),
        question=edits.question,
        title=edits.title,
        passage=edits.passage,
        answer=edits.answer,
        categories=edits.categories,
        difficulty=edits.difficulty,
    )
    tx = Transaction()
    _add_change(
        tx,
        before=None,
        after=question,
        new_categories=_new_categories(display_names, actor, question.id, "creating"),
    )
    audit.add_to(
        tx,
        audit.new_entry(
            audit.question_entity(question.id),
            actor=actor,
            action="create",
            before=None,
            after=audit.question_fields(question),
        ),
    )
    token = form_request_token(form_nonce, "create", question.id)
    try:
        questions_repo.commit_question_change(tx, token=token)
    except OutcomeUnknown as exc:
        if not _stored_is(question):
            if isinstance(exc, SentBefore) and questions_repo.find(question.id) is not None:
                raise _created_before(question.id) from exc
            raise NotConfirmed(_not_confirmed(exc, create=True)) from exc
        tx.found_applied(resent=isinstance(exc, SentBefore))
    except Conflict as exc:
        if _stored_is(question):
            return SavedQuestion(question)  # this form was already sent and created it
        if form_nonce:
            raise _created_before(question.id) from exc
        raise QuestionServiceError(f"A question with id {question.id} already exists.") from exc
    except RelatedItemChanged as exc:
        raise QuestionServiceError(_related_changed(exc)) from exc
    except TransactionCancelled as exc:
        raise _fail(exc) from exc
    except TransactionTooLarge as exc:
        raise _too_large(tx, question) from exc
    except (Throttled, ServerError) as exc:
        raise NotSentNow(exc) from exc
    return SavedQuestion.of(question, tx, display_names)


def _new_categories(
    display_names: dict[str, str] | None, actor: str, question_id: str, doing: str
) -> NewCategories:
    """The categories the editor names as new, created by ``actor`` (``doing``: creating,
    editing)."""
    where = f"in the question editor, {doing} question {question_id}"
    return NewCategories(display_names or {}, actor=actor, where=where)


def _add_change(
    tx: Transaction,
    *,
    before: Question | None,
    after: Question,
    new_categories: NewCategories,
) -> None:
    """``data.questions.add_question_change``, its refusal before anything is written (a new
    category's name another category has now) said as a commit's would be."""
    try:
        questions_repo.add_question_change(
            tx, before=before, after=after, new_categories=new_categories
        )
    except RelatedItemChanged as exc:
        raise QuestionServiceError(_related_changed(exc)) from exc


def _related_changed(exc: RelatedItemChanged) -> str:
    if isinstance(exc, CategoryCreatedMeanwhile):
        return category_created_meanwhile(
            list(exc.items),
            not_done="Not saved",
            again="Save again",
            names=categories_repo.known_names(fresh=True),
        )
    if isinstance(exc, CategoryNameTaken):
        return category_name_taken(exc.items, not_done="Not saved")
    return INDEX_CHANGED


def _created_before(question_id: str) -> QuestionServiceError:
    # The id comes from the form's nonce: this form (back button, changed, sent again) made it.
    return QuestionServiceError(
        f"This form already created question {question_id}, with the text it had then; "
        "nothing more was saved. Open that question to change it, or start a new one."
    )


def _stored_is(question: Question) -> bool:
    try:
        return _same_fields(questions_repo.get(question.id, consistent=True), question)
    except NotFound:
        return False


def _loaded(
    question_id: str, loaded_version: int, loaded_fields: dict | None = None
) -> tuple[Question, int]:
    """The stored question, carrying the version the editor loaded (the one we guard on), and
    the version stored.

    ``loaded_fields`` (what the form was loaded with, :meth:`QuestionEdits.as_dict`): stored
    fields that differ from them on the same version were changed by a writer that keeps no
    version (the game's own writes carry none), and saving the form would undo that change
    unseen: EditConflict, so the editor merges as after any other save.

    Categories for the index diff always come from the stored item, never from the form; if the
    stored version differs from the loaded one the transaction's condition fails, so that diff
    is never applied.
    """
    try:
        current = questions_repo.get(question_id)
    except NotFound as exc:
        raise EditConflict(current=None) from exc
    if (
        loaded_fields is not None
        and current.version == loaded_version
        and QuestionEdits.of(current).as_dict() != loaded_fields
    ):
        raise EditConflict(current=current)
    # Guard on what the editor saw. A stale version fails the transaction's condition, and
    # DynamoDB hands back the stored item: one path for "changed before" and "changed during".
    # Categories stay exactly as stored (even a legacy list without `general`): the index diff
    # must start from what is really there, so a missing `general` item gets written.
    stored_version = current.version
    current.version = loaded_version
    return current, stored_version


def update_question(
    *,
    question_id: str,
    loaded_version: int,
    edits: QuestionEdits,
    actor: str,
    display_names: dict[str, str] | None = None,
    form_nonce: str = "",
    loaded_fields: dict | None = None,
) -> SavedQuestion:
    """Save an edit made on ``loaded_version`` (and, when the form carries them, on
    ``loaded_fields``); raises EditConflict if the question moved on."""
    before, stored_version = _loaded(question_id, loaded_version, loaded_fields)
    after = replace(
        before,
        question=edits.question,
        title=edits.title,
        passage=edits.passage,
        answer=edits.answer,
        categories=with_general(edits.categories),
        difficulty=edits.difficulty,
        version=before.version + 1,
        categories_from_tags=False,
    )
    old, new = changed_fields(before, after)
    token = form_request_token(form_nonce, "edit", question_id, loaded_version)
    if not new and not before.categories_from_tags:
        # nothing changed: no write, no audit noise
        if stored_version == loaded_version + 1 and was_sent(token):
            # This very form saved them (a double click, a resend): the save it made stands.
            return SavedQuestion(replace(before, version=stored_version))
        if stored_version != loaded_version:
            # The form's values are stored, but by a save made since it was loaded.
            raise QuestionServiceError(
                f"Nothing to save: question {question_id} already has what you sent, saved "
                f"since you loaded this page (version {stored_version}, in another tab or by "
                "someone else)."
            )
        return SavedQuestion(before, names_not_used=tuple(display_names or {}))
    tx = Transaction()
    _add_change(
        tx,
        before=before,
        after=after,
        new_categories=_new_categories(display_names, actor, question_id, "editing"),
    )
    audit.add_to(
        tx,
        audit.new_entry(
            audit.question_entity(question_id),
            actor=actor,
            action="edit",
            before=old,
            after=new,
            note=f"version {before.version} → {after.version}",
        ),
    )
    _execute_guarded(tx, before, after=after, token=token, actor=actor)
    return SavedQuestion.of(after, tx, display_names)


def retire_question(
    *, question_id: str, loaded_version: int | None, actor: str, form_nonce: str = ""
) -> RetiredCopy:
    """Delete a question, its index items and its share of the counts, and keep a full copy of
    them in the admin's own table in the SAME transaction (so it can be restored); audited.
    Returns the copy (its index items: the listings the retirement removed).

    ``loaded_version``: the version the editor confirmed; None retires the version read here
    (a confirmation sent without one). Gone already: AlreadyRetired, or NoSuchQuestion when no
    retired copy says it ever was one."""
    tx = Transaction()
    try:
        copy = retired_repo.add_retirement(
            tx,
            question_id=question_id,
            loaded_version=loaded_version,
            actor=actor,
            at=utc_now(),
        )
    except NotFound as exc:
        gone = AlreadyRetired.of(question_id, actor=actor)
        raise (NoSuchQuestion(question_id) if gone.copy is None else gone) from exc
    before = copy.question
    if loaded_version is not None:
        before.version = loaded_version
    audit.add_to(
        tx,
        audit.new_entry(
            audit.question_entity(question_id),
            actor=actor,
            action="retire",
            before=audit.question_fields(before),
            after=None,
            note="a full copy is kept: it can be restored from Retired questions",
        ),
    )
    token = form_request_token(form_nonce, "retire", question_id, before.version)
    _execute_guarded(tx, before, after=None, token=token, actor=actor)
    return copy


def _execute_guarded(
    tx: Transaction, question: Question, *, after: Question | None, token: str, actor: str
) -> None:
    """Run an edit (``after``) or retire (None) guarded by the loaded version. A condition
    failure or an unknown outcome is checked against the stored item before anything is said:
    our own write, applied by an earlier attempt, is a success, not someone else's change; a
    question another request retired first is said to be, by whom."""
    try:
        questions_repo.commit_question_change(tx, token=token)
    except TransactionTooLarge as exc:
        raise _too_large(tx, question) from exc
    except OutcomeUnknown as exc:
        _settle_unknown(exc, question, after=after, actor=actor)
        tx.found_applied(resent=isinstance(exc, SentBefore))
    except Conflict as exc:
        if after is None and exc.current is None:
            # The question was gone at commit. An attempt of this very request would have
            # been answered as applied (same token): another request got there first.
            raise AlreadyRetired.of(question.id, actor=actor) from exc
        if _is_ours(exc.current, question, after):
            # Not this change sent again (a resend is DynamoDB's to answer, or the sent mark's:
            # SentBefore, above), but the same change saved by another request first.
            raise QuestionServiceError(
                f"Nothing more was saved: the same change was saved a moment ago (version "
                f"{exc.current.version}, in another tab or by someone else)."
            ) from exc
        raise EditConflict(current=exc.current) from exc
    except RelatedItemChanged as exc:
        if after is None and questions_repo.find(question.id) is None:
            # Another retirement (or an undone approval) took the index items first.
            raise AlreadyRetired.of(question.id, actor=actor) from exc
        raise QuestionServiceError(_related_changed(exc)) from exc
    except TransactionCancelled as exc:
        raise _fail(exc) from exc
    except (Throttled, ServerError) as exc:
        raise NotSentNow(exc, retire=after is None) from exc


def _settle_unknown(
    exc: OutcomeUnknown, question: Question, *, after: Question | None, actor: str
) -> None:
    """Re-read after an unconfirmed edit or retire: return when what is stored is this change
    applied, else raise what to say."""
    stored = questions_repo.find(question.id)
    if after is None and stored is None:
        _retired_by(actor, question.id)
    elif not _is_ours(stored, question, after):
        if isinstance(exc, SentBefore) and after is not None and stored is not None:
            # This form, sent before with other contents (Back, edited, Save again): its first
            # save is what is stored. Compared side by side, as any later save is.
            raise EditConflict(current=stored) from exc
        raise NotConfirmed(_not_confirmed(exc, retire=after is None)) from exc


def _retired_by(actor: str, question_id: str) -> None:
    """After a lost answer, the question is gone: retired by this request (an earlier attempt
    of it, or an earlier send of the same form) unless the newest copy names someone else."""
    gone = AlreadyRetired.of(question_id, actor=actor)
    if gone.copy is None or gone.copy.retired_by != actor:
        raise gone


def _is_ours(current: Question | None, before: Question, after: Question | None) -> bool:
    """Is ``current`` (stored now) exactly what this edit or retire leaves behind?"""
    if after is None:
        return current is None  # retired (by this request, or one just like it)
    return (
        current is not None
        and current.version == before.version + 1
        and _same_fields(current, after)
    )
