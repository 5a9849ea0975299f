"""The retired list's parameters, parsed and validated once (bad ones → a 400 page)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from ..core.params import page_number, text_param

PAGE_SIZE = 25
SEARCH_WINDOW = 200  # copies READ per search page; only the matching ones are shown
SEARCH_MAX = 200


@dataclass(frozen=True)
class RetiredQuery:
    search: str = ""
    cursor: str | None = None

    @classmethod
    def from_params(cls, params) -> RetiredQuery:
        search = text_param(params.get("q"), label="Search", limit=SEARCH_MAX)
        # Read like every list's page number, so a bad one is the same 400 page. The list moves
        # on by cursor ("Next page" links carry one, never a number), so a good number, which
        # only a hand-made address holds, shows the list from its start.
        page_number(params.get("page"))
        cursor = params.get("cursor") or None
        return cls(search=search, cursor=cursor)

    @property
    def listing(self) -> str:
        """Cursor scope: a page link only works for the search that produced it."""
        return f"retired:{self.search}"

    @property
    def limit(self) -> int:
        return SEARCH_WINDOW if self.search else PAGE_SIZE

    def link(self, cursor: str | None = None) -> str:
        params = {}
        if self.search:
            params["q"] = self.search
        if cursor:
            params["cursor"] = cursor
        return "?" + urlencode(params) if params else "?"
