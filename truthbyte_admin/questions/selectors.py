"""Read side of the question pages: one question with its history, and the category options
the editor suggests (the list itself is served from the staff index: staffindex/selectors.py).

Every function here makes a bounded number of DynamoDB requests, whatever the table size.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.core.cache import cache

from ..daily.selectors import question_daily_days
from ..data import audit, client
from ..data import categories as categories_repo
from ..data import questions as questions_repo
from ..data.errors import NotFound
from ..data.models import GENERAL, AuditEntry, Question, default_display_name

log = logging.getLogger(__name__)

HISTORY_LIMIT = 30

# --- category options (filter select, editor datalist) ------------------------------------------

_OPTIONS_SECONDS = 60


def _options_key() -> str:
    return f"category-options:{client.table_name('')}"


@dataclass(frozen=True)
class CategoryOption:
    slug: str
    display_name: str


def category_options() -> list[CategoryOption]:
    """Known categories (slug, display name), cached for a minute like the table schemas.

    One Scan of the small categories table when cold; the app's own writes that can add or rename
    a category clear it. With no categories table there is nothing to suggest but `general`.
    """
    options = cache.get(_options_key())
    if options is None:
        options = [CategoryOption(c.slug, c.display_name) for c in categories_repo.list_all()]
        if GENERAL not in {o.slug for o in options}:
            options.append(CategoryOption(GENERAL, default_display_name(GENERAL)))
        options.sort(key=lambda o: o.slug)
        cache.set(_options_key(), options, _OPTIONS_SECONDS)
    return options


def forget_category_options() -> None:
    cache.delete(_options_key())


def known_category_slugs() -> set[str] | None:
    """Slugs in the categories table, or None when there is no table to check against."""
    if categories_repo.schema() is None:
        return None
    return {o.slug for o in category_options()}


# --- ids and category keys ---------------------------------------------------------------------


def category_problem(value: object) -> str | None:
    """Why ``value`` can't be a category to look up (legacy spellings allowed), or None."""
    return categories_repo.key_problem(value)


# Ids in real data: curated "q530", demo "dq00001", ours and the game's approvals "q_" + hex.
# Anything else is refused before it reaches DynamoDB (an empty or >2 KB key is a
# ValidationException there, and a "/" can't be part of the editor's URL).
QUESTION_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")


def is_question_id(value: object) -> bool:
    return isinstance(value, str) and QUESTION_ID.fullmatch(value) is not None


# --- one question -------------------------------------------------------------------------------


@dataclass
class QuestionDetail:
    question: Question
    history: list[AuditEntry]
    options: list[CategoryOption]
    known_categories: set[str] | None
    daily_days: object | None = None  # truthbyte_admin.daily.selectors.QuestionDays

    @property
    def history_rows(self) -> list[tuple[AuditEntry, list[tuple[str, str, str]]]]:
        """Each entry with its changed fields as display text (lists joined, booleans named)."""
        return [
            (
                entry,
                [
                    (name, display_value(old), display_value(new))
                    for name, old, new in entry.changed_fields()
                ],
            )
            for entry in self.history
        ]


def display_value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def question_detail(question_id: str) -> QuestionDetail:
    """The question (strongly consistent: it carries the version the editor will save against),
    its audit history and the daily-set panel. NotFound propagates."""
    question = questions_repo.get(question_id)
    history = audit.history(f"question#{question_id}", limit=HISTORY_LIMIT)
    return QuestionDetail(
        question=question,
        history=history,
        options=category_options(),
        known_categories=known_category_slugs(),
        daily_days=_daily_days(question_id),
    )


def _daily_days(question_id: str):
    return question_daily_days(question_id)


def editor_context() -> tuple[list[CategoryOption], set[str] | None]:
    """What the create form needs: suggestions and the known slugs."""
    return category_options(), known_category_slugs()


def stored_question(question_id: str) -> Question:
    """One question (consistent read) — the retire confirmation page."""
    return questions_repo.get(question_id)


def stored_question_or_none(question_id: str, *, consistent: bool = False) -> Question | None:
    try:
        return questions_repo.get(question_id, consistent=consistent)
    except NotFound:
        return None


def question_exists(question_id: str) -> bool:
    return stored_question_or_none(question_id) is not None


def original_fields(question: Question) -> dict:
    """The stored values the form exempts from the game's limits when unchanged."""
    return {
        "question": question.question,
        "title": question.title,
        "passage": question.passage,
        "categories": list(question.categories),
        "difficulty": question.difficulty,
    }
