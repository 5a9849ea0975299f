"""Index-served reads for the list pages: zero DynamoDB requests (SQL only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F
from django.utils import timezone

from ..core.params import MAX_PAGE
from ..data.models import GENERAL, default_display_name
from . import apply, search
from .freshness import Freshness, current
from .listing import CountedPaginator, kept_for_state, ordered_ids, page_of, starts_with
from .models import (
    IndexedCategory,
    IndexedPlayer,
    IndexedQuestion,
    IndexState,
    QuestionCategory,
)
from .queries import PLAYER_ID_PREFIX, PlayerQuery, QuestionQuery

_ORDER = {
    "id": ("qid",),
    "-id": ("-qid",),
    "difficulty": ("difficulty", "qid"),
    "-difficulty": ("-difficulty", "qid"),
    "newest": ("-created_at", "qid"),
    "oldest": ("created_at", "qid"),
}


@dataclass
class CategoryChoice:
    slug: str
    display_name: str
    known: bool = True  # False: typed in a filter, but no category has this slug

    @property
    def name_says_slug(self) -> bool:
        """Whether the name alone says which category it is ("Space" for space): a heading
        then doesn't repeat the slug after it ("in Space space")."""
        return self.known and self.display_name.casefold() == self.slug == self.slug.strip()


@dataclass
class Pager:
    number: int
    num_pages: int
    total: int
    start: int
    end: int
    first_url: str | None
    prev_url: str | None
    next_url: str | None
    last_url: str | None
    past_the_end: int | None = None  # the page the address asked for, when there is none

    @property
    def asked_beyond_any(self) -> bool:
        """The address asked for a page past the highest number read (core.params.MAX_PAGE):
        its number is not quoted back as the capped one."""
        return self.past_the_end is not None and self.past_the_end >= MAX_PAGE


def pager(page: Page, query) -> Pager:
    """The list's page links; a page past the end (a stale link, a bookmark) shows the last
    page (:func:`.listing.page_of`) and says so."""
    n, last = page.number, page.paginator.num_pages
    return Pager(
        n,
        last,
        page.paginator.count,
        page.start_index(),
        page.end_index(),
        query.page_url(1) if n > 2 else None,
        query.page_url(n - 1) if n > 1 else None,
        query.page_url(n + 1) if n < last else None,
        query.page_url(last) if n < last - 1 else None,
        query.page if query.page > n else None,
    )


@dataclass
class QuestionListing:
    page: Page
    total: int
    category: CategoryChoice | None
    options: list[CategoryChoice]
    freshness: Freshness
    pager: Pager | None = None


def category_choices() -> list[CategoryChoice]:
    names = dict(IndexedCategory.objects.values_list("slug", "display_name"))
    slugs = (
        set(names)
        | set(QuestionCategory.objects.values_list("category", flat=True).distinct())
        | {GENERAL}
    )
    return sorted(
        (CategoryChoice(s, names.get(s) or default_display_name(s)) for s in slugs),
        key=lambda c: c.slug,
    )


def resolve_category(text: str, options: list[CategoryChoice]) -> CategoryChoice:
    """A category's name exactly as sent (the game's " space", spaces kept, is not "space"),
    then, trimmed, a slug (exact, then case-insensitive) or a display name (case-insensitive)."""
    typed = text.strip()
    for test in (
        lambda c: c.slug == text,
        lambda c: c.slug == typed,
        lambda c: c.slug.casefold() == typed.casefold(),
        lambda c: c.display_name.casefold() == typed.casefold(),
    ):
        for choice in options:
            if test(choice):
                return choice
    return CategoryChoice(typed, default_display_name(typed), known=False)


def questions_indexed(question_ids: set[str]) -> frozenset[str]:
    """Which of ``question_ids`` the pool has, as the staff index knows it (one SQL query)."""
    if not question_ids:
        return frozenset()
    return frozenset(
        IndexedQuestion.objects.filter(qid__in=question_ids).values_list("qid", flat=True)
    )


def question_list(query: QuestionQuery) -> QuestionListing:
    token = apply.questions_token()
    options = kept_for_state(token, ("options",), category_choices)
    qs = IndexedQuestion.objects.all()
    category = resolve_category(query.category, options) if query.category else None
    if category:
        qs = qs.filter(category_rows__category=category.slug)
    if query.difficulty:
        qs = qs.filter(difficulty=query.difficulty)
    sort = query.effective_sort
    if query.q:
        qs = search.search(qs, query.q, ranked=sort == "relevance")
    if sort == "relevance":
        qs = search.order_by_rank(qs, "qid")
    else:
        qs = qs.order_by(*_ORDER[sort])
    qs = qs.defer("passage", "search_text")
    shape = (category.slug if category else None, query.difficulty, query.q, sort)
    ids = (
        kept_for_state(token, ("ids", *shape), lambda: ordered_ids(qs))
        if category or query.difficulty or query.q
        else False
    )
    if ids is not False:
        paginator = Paginator(ids, query.size)
    else:  # the whole table or a broad match: the database pages it, the total is kept
        paginator = CountedPaginator(
            qs, query.size, count=kept_for_state(token, ("count", *shape), qs.count)
        )
    total = paginator.count
    page = page_of(paginator, query.page)
    if ids is not False:
        rows = IndexedQuestion.objects.defer("passage", "search_text").in_bulk(page.object_list)
        page.object_list = [rows[i] for i in page.object_list if i in rows]
    return QuestionListing(page, total, category, options, current(), pager(page, query))


@dataclass
class CategoryFigures:
    """One category as the index holds it: its metadata item (if any) and its questions."""

    slug: str
    display_name: str | None  # None: no metadata item
    stored_count: int | None
    has_item: bool
    questions: int
    by_difficulty: dict[int, int]
    unreadable_count: object = None  # a stored count that isn't a number, as stored


def _category_figures() -> list[CategoryFigures]:
    items = {c.slug: c for c in IndexedCategory.objects.all()}
    mix: dict[str, dict[int, int]] = {}
    for category, difficulty, n in (
        QuestionCategory.objects.values_list("category", "difficulty")
        .annotate(n=Count("id"))
        .order_by()
    ):
        mix.setdefault(category, {})[difficulty] = n
    return [
        CategoryFigures(
            slug=slug,
            display_name=items[slug].display_name if slug in items else None,
            stored_count=items[slug].stored_count if slug in items else None,
            has_item=slug in items,
            questions=sum(mix.get(slug, {}).values()),
            by_difficulty=dict(mix.get(slug, {})),
            unreadable_count=items[slug].unreadable_count if slug in items else None,
        )
        for slug in sorted(set(items) | set(mix))
    ]


def category_figures() -> list[CategoryFigures]:
    """Every category: stored count and questions per difficulty (two SQL queries, kept per
    index state like the question list's totals)."""
    return kept_for_state(apply.questions_token(), ("category-figures",), _category_figures)


@dataclass(frozen=True)
class DriftCheck:
    """The sync's last comparison of stored counts with the index, and when it was made."""

    checked_at: dt.datetime | None
    categories: dict[str, dict]  # slug -> {"stored": n, "indexed": n}, drifting ones only

    @property
    def age_seconds(self) -> int | None:
        if self.checked_at is None:
            return None
        return max(0, int((timezone.now() - self.checked_at).total_seconds()))


def drift_check() -> DriftCheck:
    state = IndexState.objects.filter(name="drift").first()
    if state is None:
        return DriftCheck(None, {})
    return DriftCheck(state.updated_at, dict(state.data.get("categories") or {}))


@dataclass
class PlayerListing:
    page: Page
    total: int
    freshness: Freshness
    pager: Pager | None = None


def players_starting_with(prefix: str, *, limit: int) -> PlayerListing | None:
    """The first ``limit`` players whose id starts with ``prefix`` (None: it can't start an id),
    for a lookup of an id that is only part of one."""
    if not PLAYER_ID_PREFIX.fullmatch(prefix):
        return None
    return player_list(PlayerQuery(prefix=prefix, size=limit))


def player_list(query: PlayerQuery) -> PlayerListing:
    qs = IndexedPlayer.objects.all()
    if query.prefix:
        qs = qs.filter(starts_with("user_id", query.prefix))
    qs = qs.order_by(F("last_active").desc(nulls_last=True), "user_id")
    paginator = Paginator(qs, query.size)
    page = page_of(paginator, query.page)
    return PlayerListing(page, paginator.count, current(), pager(page, query))
