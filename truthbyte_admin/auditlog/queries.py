"""The audit log page's one query object: parsed from the request once (bad values ->
:class:`BadQuery` -> the 400 page); it builds its own links (pages, CSV export)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property
from urllib.parse import urlencode

from django.urls import reverse

from ..core.concerning import Concerning, parse, without_invisible
from ..core.params import date_param, page_number, shown, text_param
from ..domain.validation import code_points

PAGE_SIZE = 50


# A DynamoDB key is at most 2,048 bytes, and a category's entity is "category#" and its key.
ITEM_LIMIT = 2100
# How much of what was typed in "Concerning" the page quotes back.
TYPED_SHOWN = 80


@dataclass(frozen=True)
class AuditQuery:
    """``actor`` (staff username), ``action``, ``item`` (what an entry is about, as typed: see
    :mod:`core.concerning`), ``since``/``until`` (UTC dates, both days included), ``page``.
    ``item_typed``: what was typed in "Concerning" when invisible characters were left out of it
    to make ``item`` ("" otherwise), and ``invisible_removed`` those characters, so the page can
    say what it searched for instead."""

    actor: str = ""
    action: str = ""
    item: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    page: int = 1
    item_typed: str = ""
    invisible_removed: tuple[str, ...] = ()

    @classmethod
    def from_params(cls, params) -> AuditQuery:
        since = date_param(params.get("since"), label="From")
        until = date_param(params.get("until"), label="To")
        page = page_number(params.get("page")) or 1
        typed = text_param(params.get("item"), label="Concerning", limit=ITEM_LIMIT)
        item, invisible = without_invisible(typed)
        query = cls(
            actor=text_param(params.get("actor"), label="Staff member", limit=150),
            action=text_param(params.get("action"), label="Action", limit=100),
            item=item,
            since=since,
            until=until,
            page=page,
            item_typed=typed if invisible else "",
            invisible_removed=tuple(invisible),
        )
        query.concerning  # noqa: B018 - parsed now, so that bad input is the 400 page
        return query

    @cached_property
    def concerning(self) -> Concerning | None:
        return parse(self.item)

    @property
    def item_typed_shown(self) -> str:
        """What was typed, its invisible characters written out (⟨U+200B⟩), shortened."""
        return shown(self.item_typed, limit=TYPED_SHOWN)

    @property
    def invisible_left_out(self) -> str:
        """The invisible characters left out of what was typed, named ("U+200B zero width
        space"); "" for none."""
        return code_points(list(self.invisible_removed))

    @property
    def dates_reversed(self) -> bool:
        """ "From" after "To": no entry can match. The page says so beside the dates, with
        the other filters kept, instead of the 400 page (an easy slip in two date boxes)."""
        return bool(self.since and self.until and self.since > self.until)

    @property
    def swapped_dates_url(self) -> str:
        return self.url(since=self.until, until=self.since, page=1)

    @property
    def filtered(self) -> bool:
        return bool(self.actor or self.action or self.item or self.since or self.until)

    @property
    def start(self) -> dt.datetime | None:
        return dt.datetime.combine(self.since, dt.time(), dt.UTC) if self.since else None

    @property
    def end(self) -> dt.datetime | None:
        """Exclusive: midnight UTC after ``until`` (None: no upper bound, also for the last
        day the calendar has, which has no day after it)."""
        if not self.until or self.until == dt.date.max:
            return None
        return dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time(), dt.UTC)

    def params(self, **changes) -> dict[str, str]:
        query = replace(self, **changes)
        values = {
            "actor": query.actor,
            "action": query.action,
            "item": query.item,
            "since": query.since.isoformat() if query.since else "",
            "until": query.until.isoformat() if query.until else "",
            "page": str(query.page) if query.page != 1 else "",
        }
        return {k: v for k, v in values.items() if v}

    def url(self, **changes) -> str:
        params = self.params(**changes)
        base = reverse("auditlog:index")
        return f"{base}?{urlencode(params)}" if params else base

    @property
    def without_action_url(self) -> str:
        """The same filters, any action."""
        return self.url(action="", page=1)

    def page_url(self, number: int) -> str:
        return self.url(page=number)

    def export_url(self) -> str:
        params = self.params(page=1)
        base = reverse("auditlog:export")
        return f"{base}?{urlencode(params)}" if params else base
