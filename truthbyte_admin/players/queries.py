"""What the players' pages are asked for, parsed once (bad values raise BadQuery: the 400 page):
player ids, the profile's calendar window and facts page, a day, the answers history's filter."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from ..core.errors import BadQuery
from ..core.params import (
    before_the_game,
    date_in_address,
    date_param,
    page_number,
    shown,
    typed_value,
)
from ..data.models import Answer
from ..domain.daily_set import GAME_FIRST_DAY
from ..domain.ids import USER_ID_PATTERN
from ..domain.validation import quoted_as_typed
from ..staffindex.queries import PlayerQuery


@dataclass(frozen=True)
class AnswersFilter:
    """Which answers the history shows: a UTC date range (inclusive) and a mode."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    mode: str = ""
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.date_from or self.date_to or self.mode)

    @property
    def dates_reversed(self) -> bool:
        """ "From" after "To": no answer can match. Said beside the dates, the filter kept,
        instead of the 400 page (an easy slip in two date boxes)."""
        return bool(self.date_from and self.date_to and self.date_from > self.date_to)

    @property
    def swapped_dates_query(self) -> str:
        return replace(self, date_from=self.date_to, date_to=self.date_from).query_string(1)

    def matches(self, answer: Answer) -> bool:
        if self.mode and (answer.mode or "") != self.mode:
            return False
        if self.date_from or self.date_to:
            if answer.timestamp is None:
                return False
            day = answer.timestamp.astimezone(dt.UTC).date()
            if self.date_from and day < self.date_from:
                return False
            if self.date_to and day > self.date_to:
                return False
        return True

    def query_string(self, page: int) -> str:
        params = {
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "mode": self.mode,
            "page": page,
        }
        return urlencode({k: v for k, v in params.items() if v})


USER_ID_MAX = 64
USER_ID_HELP = (
    "A player id looks like 3f2b9c1e-7a4d-4e8b-9c2f-1d5e6a7b8c9d: letters, digits, “-” and “_”, "
    f"at most {USER_ID_MAX} characters."
)


def clean_user_id(raw: str | None) -> str:
    """The player id, or :class:`BadQuery` when it can't be one. Not trimmed: the lookup box's
    form field trims what was typed, and an address with a space or line break after the id
    (/players/<id>%0A/) is not that player's page, as a day's address with one is not that day."""
    user_id = raw or ""
    if not user_id:
        raise BadQuery("Enter a player id.")
    if len(user_id) > USER_ID_MAX:
        raise BadQuery(
            f"That is {len(user_id)} characters long, not a player id: a player id has at most "
            f"{USER_ID_MAX} characters (letters, digits, “-” and “_”)."
        )
    # fullmatch: the pattern's "$" also matches before a final line break.
    if not USER_ID_PATTERN.fullmatch(user_id):
        # Quoted with any invisible character written out, so staff see why it doesn't match.
        raise BadQuery(f"“{quoted_as_typed(user_id, 80)}” is not a player id. {USER_ID_HELP}")
    return user_id


def _month(raw: str, label: str) -> dt.date:
    """A month written YYYY-MM, read like a typed date (core.params.typed_value)."""
    text, typed = typed_value(raw), shown(raw.strip())
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", text)
    if not match:
        raise BadQuery(
            f"“{label}” must be a month written YYYY-MM, such as 2025-01, not “{typed}”."
        )
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise BadQuery(f"“{label}”: {typed} has no month {month:02d}.")
    if year < GAME_FIRST_DAY.year:
        raise before_the_game(label, raw.strip())
    return dt.date(year, month, 1)


@dataclass(frozen=True)
class ProfileQuery:
    """The profile's view state: which 12 months the calendar shows and which facts page."""

    user_id: str
    end_month: dt.date  # first day of the last month shown
    facts_page: int = 1
    # A later month than this one asked for (the calendar shows up to this month, and says so).
    asked_end: dt.date | None = None

    @classmethod
    def parse(cls, user_id: str, params, *, today: dt.date) -> ProfileQuery:
        this_month = today.replace(day=1)
        end_month, asked_end = this_month, None
        if (params.get("end") or "").strip():
            asked = _month(params["end"], "Calendar month")
            # A month after this one shows nothing new: show up to this month instead.
            end_month = min(asked, this_month)
            asked_end = asked if asked > this_month else None
        facts_page = page_number(params.get("facts")) or 1
        return cls(
            user_id=clean_user_id(user_id),
            end_month=end_month,
            facts_page=facts_page,
            asked_end=asked_end,
        )


def parse_day(segment: str) -> dt.date:
    """The day of a day page's address: exactly YYYY-MM-DD, any date the calendar has (a line
    break or space after it is refused, not read as that day)."""
    return date_in_address(segment, label="Day", game_day=True)


MODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{0,32}")


def parse_answers_filter(params) -> AnswersFilter:
    """The answers history's filter from the query string; BadQuery with the reason."""
    date_from = date_param(params.get("from"), label="From")
    date_to = date_param(params.get("to"), label="To")
    mode = (params.get("mode") or "").strip()
    if not MODE_PATTERN.fullmatch(mode):
        raise BadQuery(
            f"“Mode” must be at most 32 letters, digits, '-' and '_', not “{shown(mode)}”."
        )
    page = page_number(params.get("page")) or 1
    return AnswersFilter(date_from=date_from, date_to=date_to, mode=mode, page=page)


def player_list_query(params) -> tuple[PlayerQuery, str | None]:
    """The player list's query, and why the typed id prefix can't start a player id (None when
    it can). A bad prefix is answered beside its box, like the lookup's errors, with what was
    typed kept in it; the list shows the recently active players meanwhile. A bad page number
    is BadQuery: the 400 page.

    The prefix is an id's start, so an invisible character in it is not dropped (it would find
    other players) but shown, written out: “⟨U+200B⟩5eed” is what was typed."""
    try:
        PlayerQuery.prefix_from(params.get("prefix"))
    except BadQuery as exc:
        return PlayerQuery.from_params({"page": params.get("page")}), _with_typed(
            str(exc), params.get("prefix") or ""
        )
    return PlayerQuery.from_params(params), None


def _with_typed(reason: str, raw: str) -> str:
    """``reason`` for the prefix box, quoting what was typed unless it already does (the shape
    rule's words, in staffindex.queries.PlayerQuery.prefix_from, don't)."""
    typed = f"“{shown(raw.strip())}”"
    return reason if typed in reason else f"{reason.removesuffix('.')}, not {typed}."
