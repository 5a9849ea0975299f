"""Read side of the question pages: the list (by category, or a bounded text search), one
question with its history, and the category options the editor suggests.

Every function here makes a bounded number of DynamoDB requests, whatever the table size:
a category page is ONE Query on the index plus ONE BatchGet; a search page is ONE Scan page.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from ..daily.selectors import question_change_impact
from ..data import audit, cache, cursors, tables
from ..data import categories as categories_repo
from ..data import questions as questions_repo
from ..data.errors import DataUnavailable, NotFound
from ..data.models import GENERAL, AuditEntry, Question, default_display_name
from ..domain.daily_set import EDITOR_WINDOW_DAYS, QuestionDays, question_days
from ..domain.similarity import most_similar
from ..moderation import duplicates as moderation

log = logging.getLogger(__name__)

PAGE_SIZE = 25
SEARCH_WINDOW = 200  # items READ per search page (a Scan's Limit counts items before the filter)
MAX_PAGE_SIZE = 100
HISTORY_LIMIT = 30

# --- category options (filter select, editor datalist) ------------------------------------------

_OPTIONS_SECONDS = 60


@dataclass(frozen=True)
class CategoryOption:
    slug: str
    display_name: str


def category_options() -> list[CategoryOption]:
    """Known categories (slug, display name), cached for a minute like the table schemas.

    One Scan of the small categories table when cold; the app's own writes to that table (a new
    category, a rename) start a fresh read. With no categories table there is nothing to suggest
    but `general`.
    """

    def read() -> list[CategoryOption]:
        options = [CategoryOption(c.slug, c.display_name) for c in categories_repo.list_all()]
        if GENERAL not in {o.slug for o in options}:
            options.append(CategoryOption(GENERAL, default_display_name(GENERAL)))
        return sorted(options, key=lambda o: o.slug)

    return cache.cached_read(
        "category-options", tables=[tables.CATEGORIES], read=read, ttl=_OPTIONS_SECONDS
    )


def known_category_slugs() -> set[str] | None:
    """Slugs in the categories table, or None when there is no table to check against."""
    if categories_repo.schema() is None:
        return None
    return {o.slug for o in category_options()}


# --- the list -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListQuery:
    """The list page's parameters, parsed once (bad values -> ValueError -> 400 page)."""

    category: str = GENERAL
    difficulty: int | None = None
    search: str = ""
    cursor: str | None = None
    page_size: int = PAGE_SIZE

    @property
    def searching(self) -> bool:
        return bool(self.search)

    @property
    def listing(self) -> str:
        """Cursor scope: a cursor only works for the listing (and filters) that produced it."""
        if self.searching:
            return f"questions:search:{self.search}"
        # The free-text category goes last, so no category can imitate another's scope.
        return f"questions:category:{self.difficulty or ''}:{self.category}"

    @classmethod
    def from_params(cls, params) -> ListQuery:
        # Categories are matched exactly (case-sensitive, as the game filters): legacy ones the
        # game wrote verbatim ("Science", "sci fi") must stay browsable.
        category = (params.get("category") or "").strip() or GENERAL
        problem = category_problem(category)
        if problem:
            raise ValueError(problem)
        difficulty = _whole_number(
            params.get("difficulty"), 1, 5, "Difficulty must be a whole number from 1 to 5."
        )
        search = (params.get("q") or "").strip()
        if len(search) > 200:
            raise ValueError("Search text must be at most 200 characters.")
        size = _whole_number(
            params.get("size"),
            1,
            MAX_PAGE_SIZE,
            f"Page size must be a whole number from 1 to {MAX_PAGE_SIZE}.",
        )
        return cls(
            category=category,
            difficulty=difficulty,
            search=search,
            cursor=params.get("cursor") or None,
            page_size=size or PAGE_SIZE,
        )


def category_problem(value: object) -> str | None:
    """Why ``value`` can't be a category to look up (legacy spellings allowed), or None."""
    return categories_repo.key_problem(value)


_DIGITS = re.compile(r"[0-9]{1,9}")


def _whole_number(raw: str | None, low: int, high: int, message: str) -> int | None:
    """An optional ASCII whole number in [low, high]; None when blank; ValueError(message)."""
    text = (raw or "").strip()
    if not text:
        return None
    if not _DIGITS.fullmatch(text) or not low <= int(text) <= high:
        raise ValueError(message)
    return int(text)


# Ids in real data: curated "q530", demo "dq00001", ours and the game's approvals "q_" + hex.
# Anything else is refused before it reaches DynamoDB (an empty or >2 KB key is a
# ValidationException there, and a "/" can't be part of the editor's URL).
QUESTION_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")


def is_question_id(value: object) -> bool:
    return isinstance(value, str) and QUESTION_ID.fullmatch(value) is not None


@dataclass
class QuestionRow:
    id: str
    question: Question | None  # None: the index points at a question that no longer exists

    @property
    def openable(self) -> bool:
        """False for an id the editor's URL can't carry (odd legacy data): shown, not linked."""
        return is_question_id(self.id)


@dataclass
class QuestionList:
    query: ListQuery
    rows: list[QuestionRow]
    next_cursor: str | None
    items_read: int | None  # index entries read for a category page; None for a search
    window_number: int = 1  # search: which window of SEARCH_WINDOW items this is
    window_size: int = SEARCH_WINDOW
    options: list[CategoryOption] = field(default_factory=list)

    @property
    def window_first(self) -> int:
        return (self.window_number - 1) * self.window_size + 1

    @property
    def window_last(self) -> int:
        return self.window_number * self.window_size

    @property
    def category_name(self) -> str:
        for option in self.options:
            if option.slug == self.query.category:
                return option.display_name
        return default_display_name(self.query.category)

    @property
    def dangling(self) -> list[str]:
        return [r.id for r in self.rows if r.question is None]


def question_list(query: ListQuery) -> QuestionList:
    start_key = cursors.decode(query.cursor, listing=query.listing)
    options = category_options()
    if query.searching:
        return _search_page(query, start_key, options)
    page = questions_repo.index_page(
        query.category, limit=query.page_size, start_key=start_key, difficulty=query.difficulty
    )
    ids = [entry.question_id for entry in page.items]
    found = questions_repo.get_many(ids)
    return QuestionList(
        query=query,
        rows=[QuestionRow(i, found.get(i)) for i in ids],
        next_cursor=cursors.encode(page.last_key, listing=query.listing),
        items_read=len(page.items),
        options=options,
    )


def _search_page(query: ListQuery, position: dict | None, options) -> QuestionList:
    # A search cursor signs {start key, window number}; the number only labels "window N".
    position = position or {}
    window = int(position.get("window", 1))
    page = questions_repo.scan_page(
        limit=SEARCH_WINDOW, start_key=position.get("start") or None, filter_text=query.search
    )
    next_position = {"start": page.last_key, "window": window + 1} if page.last_key else None
    return QuestionList(
        query=query,
        rows=[QuestionRow(q.id, q) for q in page.items],
        next_cursor=cursors.encode(next_position, listing=query.listing),
        items_read=None,
        window_number=window,
        window_size=SEARCH_WINDOW,
        options=options,
    )


# --- one question -------------------------------------------------------------------------------


@dataclass
class QuestionDetail:
    question: Question
    history: list[AuditEntry]
    options: list[CategoryOption]
    known_categories: set[str] | None
    daily_days: QuestionDays | None = None
    retire_impact: object | None = None  # daily.selectors.ChangeImpact: shown before retiring

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
        # Same cached pool read as the panel above: no extra request.
        retire_impact=question_change_impact(question_id, in_pool_after=False),
    )


def _daily_days(question_id: str) -> QuestionDays:
    pool_ids, read_at = questions_repo.cached_daily_pool_ids()
    return question_days(
        pool_ids,
        question_id,
        start=dt.datetime.now(dt.UTC).date(),
        days=EDITOR_WINDOW_DAYS,
        read_at=read_at,
    )


def retire_impact(question_id: str):
    """The daily sets retiring the question would change (the confirmation page)."""
    return question_change_impact(question_id, in_pool_after=False)


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


# --- duplicates: the same check as moderation's, before a create or a text edit is saved --------


@dataclass(frozen=True)
class DuplicateCheck:
    """Existing questions at or above moderation's duplicate threshold, best first; or
    ``unavailable`` when DynamoDB could not be read to compare (then nothing is known)."""

    similar: list  # moderation.duplicates.SimilarQuestion
    unavailable: bool = False
    corpus_minutes: int = 5

    @property
    def warns(self) -> bool:
        return self.unavailable or bool(self.similar)


def duplicate_check(text: str, *, excluding: str | None = None) -> DuplicateCheck:
    """Compare ``text`` with every stored question but ``excluding`` (the one being edited),
    through moderation's cached similarity corpus and threshold (``similarity_corpus``: one
    projected Scan when cold, then cached for a few minutes)."""
    minutes = max(1, moderation.CORPUS_CACHE_SECONDS // 60)
    if not text.strip():
        return DuplicateCheck([], corpus_minutes=minutes)
    try:
        corpus = questions_repo.similarity_corpus()
    except DataUnavailable:
        log.warning("duplicate check skipped: the questions could not be read")
        return DuplicateCheck([], unavailable=True, corpus_minutes=minutes)
    others = ((qid, qtext) for qid, qtext in corpus if qid != excluding)
    threshold = moderation.duplicate_threshold()
    similar = [
        moderation.SimilarQuestion(qid, qtext, score)
        for qid, qtext, score in most_similar(text, others, top=moderation.SIMILAR_SHOWN)
        if score >= threshold
    ]
    return DuplicateCheck(similar, corpus_minutes=minutes)
