"""What the players' pages are asked for, parsed once (bad values raise BadQuery: the 400 page):
player ids, the profile's calendar window and facts page, a day, the answers history's filter."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from ..core.errors import BadQuery
from ..data.models import Answer
from ..domain.ids import USER_ID_PATTERN
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


USER_ID_HELP = (
    "A player id is a UUID-like token: letters, digits, '-' and '_', at most 64 characters."
)

MIN_YEAR = 2000


def clean_user_id(raw: str | None) -> str:
    """The trimmed player id, or :class:`BadQuery` when it can't be one."""
    user_id = (raw or "").strip()
    if not user_id:
        raise BadQuery("Enter a player id.")
    if not USER_ID_PATTERN.match(user_id):
        raise BadQuery(f"{user_id[:80]!r} is not a player id. {USER_ID_HELP}")
    return user_id


def _month(text: str, name: str) -> dt.date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match:
        raise BadQuery(f"'{name}' must be a month written YYYY-MM (got {text[:20]!r}).")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise BadQuery(f"'{name}' has no month {month:02d}.")
    if year < MIN_YEAR:
        raise BadQuery(f"'{name}' is before {MIN_YEAR}; the game did not exist then.")
    return dt.date(year, month, 1)


def _positive_int(text: str, name: str, maximum: int = 10_000) -> int:
    if not re.fullmatch(r"\d{1,6}", text.strip()):
        raise BadQuery(f"'{name}' must be a page number (got {text[:20]!r}).")
    number = int(text)
    if not 1 <= number <= maximum:
        raise BadQuery(f"'{name}' must be between 1 and {maximum}.")
    return number


@dataclass(frozen=True)
class ProfileQuery:
    """The profile's view state: which 12 months the calendar shows and which facts page."""

    user_id: str
    end_month: dt.date  # first day of the last month shown
    facts_page: int = 1

    @classmethod
    def parse(cls, user_id: str, params, *, today: dt.date) -> ProfileQuery:
        this_month = today.replace(day=1)
        end_month = this_month
        if params.get("end"):
            # A month after this one shows nothing new: show up to this month instead.
            end_month = min(_month(params["end"], "end"), this_month)
        facts_page = _positive_int(params["facts"], "facts") if params.get("facts") else 1
        return cls(user_id=clean_user_id(user_id), end_month=end_month, facts_page=facts_page)


def parse_day(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or ""):
        raise BadQuery(f"A day is written YYYY-MM-DD (got {text[:20]!r}).")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise BadQuery(f"{text!r} is not a real date.") from exc


MODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{0,32}$")


def _optional_day(text: str | None, name: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise BadQuery(f"'{name}' must be a day written YYYY-MM-DD (got {text[:20]!r}).")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise BadQuery(f"'{name}': {text!r} is not a real date.") from exc


def parse_answers_filter(params):
    """The answers history's filter from the query string; BadQuery with the reason."""
    date_from = _optional_day(params.get("from"), "from")
    date_to = _optional_day(params.get("to"), "to")
    if date_from and date_to and date_from > date_to:
        raise BadQuery(f"'from' ({date_from}) is after 'to' ({date_to}).")
    mode = (params.get("mode") or "").strip()
    if not MODE_PATTERN.match(mode):
        raise BadQuery(f"{mode[:40]!r} is not a mode (letters, digits, '-' and '_').")
    page = _positive_int(params["page"], "page") if params.get("page") else 1
    return AnswersFilter(date_from=date_from, date_to=date_to, mode=mode, page=page)


def player_list_query(params) -> tuple[PlayerQuery, str | None]:
    """The player list's query, and why the typed id prefix can't start a player id (None when
    it can). A bad prefix is answered beside its box, like the lookup's errors, with what was
    typed kept in it; the list shows the recently active players meanwhile. A bad page number
    is BadQuery: the 400 page."""
    try:
        PlayerQuery.prefix_from(params.get("prefix"))
    except BadQuery as exc:
        return PlayerQuery.from_params({"page": params.get("page")}), str(exc)
    return PlayerQuery.from_params(params), None
