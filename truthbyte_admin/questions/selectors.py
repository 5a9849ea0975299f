"""Read side of the question pages: one question with its history, and the category options
the editor suggests (the list itself is served from the staff index: staffindex/selectors.py).

Every function here makes a bounded number of DynamoDB requests, whatever the table size.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..auditlog import selectors as audit_log
from ..core import audit_labels, served_days
from ..core.links import audit_log_url
from ..data import audit
from ..data import categories as categories_repo
from ..data import questions as questions_repo
from ..data import similar as similar_repo
from ..data.categories import CategoryName
from ..data.errors import DataUnavailable
from ..data.models import GENERAL, AuditEntry, Question
from ..data.similar import SimilarQuestion
from ..domain.categories import key_problem, with_general
from ..domain.daily_impact import ChangeImpact
from ..domain.daily_set import QuestionDays
from ..retired import selectors as retired_selectors

log = logging.getLogger(__name__)

HISTORY_LIMIT = 30

# --- category options (editor datalist) and the known slugs -----------------------------------


def category_options() -> list[CategoryName]:
    """Known categories (slug, display name) the editor suggests: the data layer's cached read,
    the one the moderation review and the approval check use too."""
    return categories_repo.category_names()


def categories_deleted_lately() -> dict[str, str]:
    """Categories deleted within the undo time and not back since (slug -> "deleted by mona at
    16:53 UTC"): an editor who chose one before it went is told so."""
    return audit_log.how_categories_were_deleted_lately()


def known_category_names() -> dict[str, str | None] | None:
    """The categories table's slugs and display names, or None when there is no table to check
    against."""
    return categories_repo.known_names()


# --- one question -------------------------------------------------------------------------------


@dataclass
class QuestionDetail:
    question: Question
    history: list[AuditEntry]
    options: list[CategoryName]
    known_categories: dict[str, str | None] | None  # slug -> display name (None: not read yet)
    daily_days: QuestionDays | None = None
    retire_impact: ChangeImpact | None = None  # shown before retiring

    @property
    def history_rows(self) -> list[tuple[AuditEntry, list[tuple[str, str, str]]]]:
        """Each entry with its changed fields as display text (lists joined, booleans named,
        a time in epoch seconds as a UTC time beside the number stored)."""
        return [
            (
                entry,
                [
                    (name, _history_value(name, old), _history_value(name, new))
                    for name, old, new in entry.changed_fields()
                ],
            )
            for entry in self.history
        ]

    @property
    def listed_categories(self) -> list[str]:
        """The categories whose game lists hold the question (`general` included, and the
        `tags` of a question stored without `categories`): what retiring it takes out."""
        return with_general(self.question.categories)

    @property
    def spaced_categories(self) -> list[str]:
        """Categories stored with spaces at either end (" space"): another category than
        "space" to the game, which matches exactly, so the page shows them quoted (so do the
        picker's chips; the box without script shows names trimmed; a save keeps them)."""
        return [c for c in self.question.categories if c != c.strip()]

    @property
    def audit_url(self) -> str | None:
        """See :func:`audit_url`: beside ``history``, the list repairs filed under a category."""
        return audit_url(self.question.id)


def audit_url(question_id: str) -> str | None:
    """The audit log's entries concerning ``question_id``: its own, and the category list
    repairs that added or removed it. None for an id with spaces at either end, which the
    log's filter would trim."""
    return audit_log_url(audit.question_entity(question_id))


def _history_value(name: str, value) -> str:
    if (name in audit_labels.TIME_FIELDS or name == "source") and value is not None:
        return audit_labels.shown_field(name, value) or display_value(value)
    return display_value(value)


def display_value(value, *, missing: str = "—") -> str:
    """A question field's value in words: history, a conflict's two sides, a merge choice."""
    if value is None:
        return missing
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def question_detail(question_id: str) -> QuestionDetail:
    """The question (strongly consistent: it carries the version the editor will save against),
    its audit history and the daily-set panel. NotFound propagates."""
    question = questions_repo.get(question_id)
    history = audit.history(audit.question_entity(question_id), limit=HISTORY_LIMIT)
    return QuestionDetail(
        question=question,
        history=history,
        options=category_options(),
        known_categories=known_category_names(),
        daily_days=served_days.days_served(question_id),
        # Same cached pool read as the panel above: no extra request.
        retire_impact=retire_impact(question_id),
    )


def retire_impact(question_id: str) -> ChangeImpact:
    """The daily sets retiring the question would change (its dialog and confirmation page)."""
    return served_days.change_impact(question_id, difficulty_after=None)


def editor_context() -> tuple[list[CategoryName], dict[str, str | None] | None]:
    """What the create form needs: suggestions and the known categories' names."""
    return category_options(), known_category_names()


def stored_question(question_id: str) -> Question:
    """One question (consistent read) — the retire confirmation page."""
    return questions_repo.get(question_id)


def stored_question_or_none(question_id: str, *, consistent: bool = False) -> Question | None:
    return questions_repo.find(question_id, consistent=consistent)


def question_exists(question_id: str) -> bool:
    return stored_question_or_none(question_id) is not None


def question_to_open(question_id: str) -> str | None:
    """Where "open by id" goes: the id as typed when a question or a retired copy has it (the
    page says which), else its lower-case form when a question has that (ids are case-sensitive
    and the game's are lower-case), else None. At most three reads."""
    if question_exists(question_id) or retired_selectors.was_retired(question_id):
        return question_id
    lower = question_id.lower()
    if lower != question_id and question_exists(lower):
        return lower
    return None


# --- duplicates: the same check as moderation's, before a create or a text edit is saved --------


@dataclass(frozen=True)
class DuplicateCheck:
    """Existing questions at or above moderation's duplicate threshold, best first; or
    ``unavailable`` when DynamoDB could not be read to compare (then nothing is known)."""

    similar: list[SimilarQuestion]
    unavailable: bool = False
    corpus_minutes: int = 5

    @property
    def warns(self) -> bool:
        return self.unavailable or bool(self.similar)


def duplicates_before_saving(
    text: str, *, stored: Question | None, form_nonce: str, save_anyway: bool
) -> DuplicateCheck | None:
    """Moderation's duplicate check before a save of a new question (``stored`` None) or of a
    changed question text, unless the editor already chose "save anyway" for this very form.
    None: nothing to warn about."""
    if save_anyway:
        return None
    if stored is not None and text.strip() == (stored.question or "").strip():
        return None  # an edit that keeps the text: nothing new to compare
    excluding = stored.id if stored else None
    if stored is None and form_nonce:
        # A form sent again after it landed (back button, "Resend") names the question it
        # created: that one is this form's own, not a duplicate of it.
        excluding = questions_repo.id_for_create_form(form_nonce)
    check = duplicate_check(text, excluding=excluding)
    return check if check.warns else None


def duplicate_check(text: str, *, excluding: str | None = None) -> DuplicateCheck:
    """Compare ``text`` with every stored question but ``excluding`` (the one being edited),
    with moderation's check and threshold (data/similar: the cached similarity corpus, one
    projected Scan when cold, then cached for a few minutes)."""
    minutes = max(1, similar_repo.CORPUS_CACHE_SECONDS // 60)
    if not text.strip():
        return DuplicateCheck([], corpus_minutes=minutes)
    try:
        found = similar_repo.duplicates_of(text, excluding=excluding)
    except DataUnavailable:
        log.warning("duplicate check skipped: the questions could not be read")
        return DuplicateCheck([], unavailable=True, corpus_minutes=minutes)
    return DuplicateCheck(found, corpus_minutes=minutes)


def category_after_retire(question: Question) -> str:
    """The list to show once ``question`` is retired: its first category other than general
    that a link can name, else general."""
    return next((c for c in question.categories if c != GENERAL and not key_problem(c)), GENERAL)
