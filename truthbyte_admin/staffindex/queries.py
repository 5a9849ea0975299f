"""Query objects for the index-served list pages: parsed from the request once (bad values ->
:class:`BadQuery` -> the 400 page), and able to build their own URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from django.urls import reverse

from ..core.errors import BadQuery
from ..core.params import page_number, text_param, whole_number
from ..domain.categories import STORED_KEY_MAX
from .text import MAX_TERMS, terms_left_out

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
SEARCH_MAX = 200


@dataclass(frozen=True)
class QuestionQuery:
    """The question list: ``q`` text search, ``category`` (slug or display name),
    ``difficulty`` 1–5, ``sort``, ``page``, ``size``."""

    q: str = ""
    category: str = ""
    difficulty: int | None = None
    sort: str = ""
    page: int = 1
    size: int = PAGE_SIZE

    SORTS = {
        "relevance": "Best match",
        "id": "Id (A–Z)",
        "-id": "Id (Z–A)",
        "difficulty": "Easiest first",
        "-difficulty": "Hardest first",
        "newest": "Newest first",
        "oldest": "Oldest first",
    }

    @classmethod
    def from_params(cls, params) -> QuestionQuery:
        q = text_param(params.get("q"), label="Search", limit=SEARCH_MAX)
        # As sent: the game's " space" is another category than "space" (resolve_category).
        category = text_param(
            params.get("category"), label="Category", limit=STORED_KEY_MAX, trimmed=False
        )
        difficulty = whole_number(params.get("difficulty"), label="Difficulty", low=1, high=5)
        sort = (params.get("sort") or "").strip()
        if sort and sort not in cls.SORTS:
            choices = ", ".join(f"“{label}”" for label in cls.SORTS.values())
            raise BadQuery(f"“Sort” must be one of the list's choices: {choices}.")
        if sort == "relevance" and not q:
            sort = ""
        page = page_number(params.get("page")) or 1
        size = whole_number(params.get("size"), label="Page size", low=1, high=MAX_PAGE_SIZE)
        return cls(
            q=q,
            category=category,
            difficulty=difficulty,
            sort=sort,
            page=page,
            size=size or PAGE_SIZE,
        )

    @property
    def custom_size(self) -> int | None:
        """The page size when it isn't the default (kept by the search form)."""
        return self.size if self.size != PAGE_SIZE else None

    @property
    def effective_sort(self) -> str:
        return self.sort or ("relevance" if self.q else "id")

    max_words = MAX_TERMS

    @property
    def words_left_out(self) -> list[str]:
        """Words of the search after the ones searched (see text.MAX_TERMS)."""
        return terms_left_out(self.q)

    @property
    def sort_options(self) -> dict[str, str]:
        """The explicit sorts offered beside the default (best match with words, else id)."""
        return {k: v for k, v in self.SORTS.items() if k != "relevance" or self.q}

    def params(self, **changes) -> dict[str, str]:
        query = replace(self, **changes)
        defaults = QuestionQuery()
        out = {}
        for f in fields(self):
            value = getattr(query, f.name)
            if value != getattr(defaults, f.name) and value is not None:
                out[f.name] = str(value)
        return out

    def url(self, **changes) -> str:
        params = self.params(**changes)
        base = reverse("questions:index")
        return f"{base}?{urlencode(params)}" if params else base

    def page_url(self, number: int) -> str:
        return self.url(page=number)


PLAYER_ID_PREFIX = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class PlayerQuery:
    """Players: recently active across the whole table, or those whose id starts with ``prefix``."""

    prefix: str = ""
    page: int = 1
    size: int = 50

    @classmethod
    def from_params(cls, params) -> PlayerQuery:
        page = page_number(params.get("page")) or 1
        return cls(prefix=cls.prefix_from(params.get("prefix")), page=page)

    @staticmethod
    def prefix_from(raw: str | None) -> str:
        """The typed start of a player id ("" for none), or BadQuery saying why it can't be."""
        prefix = text_param(raw, label="Id starts with", limit=64)
        if prefix and not PLAYER_ID_PREFIX.fullmatch(prefix):
            raise BadQuery("A player id prefix uses letters, digits, '-' and '_' only.")
        return prefix

    def url(self, **changes) -> str:
        query = replace(self, **changes)
        params = {
            k: v
            for k, v in (("prefix", query.prefix), ("page", query.page))
            if v and not (k == "page" and v == 1)
        }
        base = reverse("players:index")
        return f"{base}?{urlencode(params)}" if params else base

    def page_url(self, number: int) -> str:
        return self.url(page=number)
