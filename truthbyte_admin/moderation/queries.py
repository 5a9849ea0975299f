"""The moderation queue's one query object: parsed from the request once (bad values ->
:class:`BadQuery` -> the 400 page); it builds its own links."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from ..core.concerning import unshortened
from ..core.errors import BadQuery
from ..core.params import page_number, text_param, whole_number
from ..domain.categories import STORED_KEY_MAX
from ..staffindex.text import MAX_TERMS, terms_left_out

PAGE_SIZE = 25

# How long a submission has waited: the age filter's choices (key -> label, seconds range).
AGES = {
    "lt1d": ("Less than a day", None, 86_400),
    "1d": ("A day or more", 86_400, None),
    "7d": ("A week or more", 7 * 86_400, None),
    "30d": ("30 days or more", 30 * 86_400, None),
}
ORDERS = {"oldest": "Oldest first", "newest": "Newest first"}
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class QueueQuery:
    """The queue's filters, parsed once from the request (bad values -> BadQuery -> 400).

    ``category`` is a slug or a display name; ``author`` a player id (either shape's field);
    ``q`` words from the question, title, passage or id; ``age`` a key of :data:`AGES`.
    """

    order: str = "oldest"  # "oldest" (default: fairness to waiting players) or "newest"
    category: str = ""
    author: str = ""
    q: str = ""
    age: str = ""
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def newest_first(self) -> bool:
        return self.order == "newest"

    @property
    def filtered(self) -> bool:
        return bool(self.category or self.author or self.q or self.age)

    max_words = MAX_TERMS

    @property
    def words_left_out(self) -> list[str]:
        """Words of the search after the ones searched: named on the page, not matched."""
        return terms_left_out(self.q)

    @property
    def custom_size(self) -> int | None:
        """The page size when it isn't the default (kept by the filter form, as by paging)."""
        return self.page_size if self.page_size != PAGE_SIZE else None

    @property
    def author_start(self) -> str:
        """``author`` without the "…" of an id the queue shows shortened ("c382ee27-0afe…"): a
        whole player id, or the first characters of one (see moderation.selectors)."""
        return unshortened(self.author)[0]

    @property
    def author_shortened(self) -> bool:
        """Typed or copied with "…": only ever the start of an id."""
        return unshortened(self.author)[1]

    @property
    def age_label(self) -> str:
        return AGES[self.age][0] if self.age else ""

    @property
    def ages(self) -> dict[str, str]:
        return {key: label for key, (label, _low, _high) in AGES.items()}

    @property
    def orders(self) -> dict[str, str]:
        return ORDERS

    @classmethod
    def from_params(cls, params: QueryDict) -> QueueQuery:
        order = params.get("order", "oldest") or "oldest"
        if order not in ORDERS:
            raise BadQuery("“Order” must be “Oldest first” or “Newest first” (the list's choices).")
        category = text_param(params.get("category"), label="Category", limit=STORED_KEY_MAX)
        author = text_param(params.get("author"), label="Author", limit=100)
        q = text_param(params.get("q"), label="Search", limit=200)
        age = (params.get("age") or "").strip()
        if age and age not in AGES:
            choices = ", ".join(f"“{label}”" for label, _low, _high in AGES.values())
            raise BadQuery(f"“Waiting” must be one of the list's choices: {choices}.")
        page = page_number(params.get("page"))
        size = whole_number(params.get("size"), label="Page size", low=1, high=MAX_PAGE_SIZE)
        return cls(
            order=order,
            category=category,
            author=author,
            q=q,
            age=age,
            page=page or 1,
            page_size=size or PAGE_SIZE,
        )

    def params(self, **changes) -> dict[str, str]:
        """Query parameters of a link to this list with ``changes`` (defaults left out)."""
        query = replace(self, **changes)
        defaults = QueueQuery()
        return {
            name: str(getattr(query, attr))
            for name, attr in (
                ("order", "order"),
                ("category", "category"),
                ("author", "author"),
                ("q", "q"),
                ("age", "age"),
                ("page", "page"),
                ("size", "page_size"),
            )
            if getattr(query, attr) != getattr(defaults, attr)
        }

    def url(self, **changes) -> str:
        params = self.params(**changes)
        base = reverse("moderation:index")
        return f"{base}?{urlencode(params)}" if params else base

    def page_url(self, number: int) -> str:
        return self.url(page=number)
