"""Request parameters every list shares: the page number, typed text, whole numbers and dates.

Each parser takes the raw value (None when the parameter is absent), ignores surrounding
whitespace, and answers a parameter it can't use with :class:`BadQuery` (the 400 page). The
message names the parameter by its label on the page, in quotes, and quotes what was typed with
any invisible character written out: “Page” must be a whole number from 1, not “⟨U+200B⟩-5”.

Dates and numbers are read without the invisible format characters a copy from a page or a chat
brings along (a zero-width space, a byte-order mark, a direction mark): none can be part of one,
so "2026-12-06" pasted with one is that day, as the audit log's "Concerning" box already reads
it. Typed text (a search, an id prefix) keeps them: an id with one is another id, so it is
refused with the character shown, never silently changed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

from ..domain.daily_set import GAME_FIRST_DAY
from ..domain.ids import question_id_problem
from ..domain.validation import is_invisible_format_character, quoted_as_typed
from .errors import BadQuery

# Far past any list's end: a larger number is read as this one (a list shows its last page for
# a page past its end), so no number of digits makes a bigger page than the database can count.
MAX_PAGE = 100_000
# ASCII digits only: str.isdigit() and \d also take "²" and "١٢", which are not typed numbers.
_DIGITS = re.compile(r"[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Control characters (C0 with NUL, DEL, C1) and lone surrogates: never part of typed text.
_REFUSED_CATEGORIES = ("Cc", "Cs")
_SHOWN_MAX = 40


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a control character (NUL, a line break, DEL, C1) or a lone
    surrogate. Every other character is text: accents, right-to-left scripts, emoji (with their
    joiners and variation selectors), the replacement character."""
    return any(unicodedata.category(ch) in _REFUSED_CATEGORIES for ch in text)


def shown(text: str, limit: int = _SHOWN_MAX) -> str:
    """What was typed, for quoting back in a message: at most ``limit`` characters of it, and
    every invisible character (a control, a format character, a lone surrogate) written out
    as ⟨U+XXXX⟩."""
    head = "".join(
        f"⟨U+{ord(ch):04X}⟩" if unicodedata.category(ch) == "Cs" else ch for ch in text[:limit]
    )
    # quoted_as_typed leaves lone surrogates as they are, and a page can't encode one.
    return quoted_as_typed(head, limit=len(head)) + ("…" if len(text) > limit else "")


def not_a_question_id(raw: str) -> str | None:
    """The one sentence every page says of a typed or linked id that can't be a question's
    (quoted as typed, with why), or None when it can be one."""
    problem = question_id_problem(raw)
    if problem is None:
        return None
    return f"“{shown(raw, limit=80)}” is not a question id (such as q530): {problem}."


def typed_value(raw: str | None) -> str:
    """The text of a date or a number as typed, without surrounding whitespace or the invisible
    format characters a copy brings along (which no date or number holds)."""
    return "".join(ch for ch in raw or "" if not is_invisible_format_character(ch)).strip()


def _whole(text: str) -> str | None:
    """``text`` as digits without leading zeros ("" for zero), or None when it isn't digits."""
    return text.lstrip("0") if _DIGITS.fullmatch(text) else None


def page_number(raw: str | None) -> int | None:
    """The ``page`` parameter: None when absent; a whole number from 1 (a page past the list's
    end, however far, is its last page); anything else is a BadQuery."""
    text = typed_value(raw)
    if not text:
        return None
    digits = _whole(text)
    if not digits:
        raise BadQuery(f"“Page” must be a whole number from 1, not “{shown(raw.strip())}”.")
    return MAX_PAGE if len(digits) > len(str(MAX_PAGE)) else min(int(digits), MAX_PAGE)


def whole_number(raw: str | None, *, label: str, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high`` (both included), or None when absent; anything
    else (a sign, a decimal point, other scripts' digits, a number out of range) is a BadQuery."""
    text = typed_value(raw)
    if not text:
        return None
    digits = _whole(text)
    # Measured before it is converted: thousands of digits are refused, not turned into an int.
    if digits is not None and len(digits) <= len(str(high)):
        number = int(digits or "0")
        if low <= number <= high:
            return number
    raise BadQuery(
        f"“{label}” must be a whole number from {low} to {high}, not “{shown(raw.strip())}”."
    )


def text_param(raw: str | None, *, label: str, limit: int, trimmed: bool = True) -> str:
    """Typed text of at most ``limit`` characters, surrounding whitespace removed ("" when
    absent); control characters or lone surrogates inside it are a BadQuery. ``trimmed=False``,
    for a name that may be stored with spaces at either end (" space"): plain spaces around it
    are kept, any other whitespace there (a line break) is removed with them."""
    text = (raw or "").strip()
    if text and not trimmed and raw.strip(" ") == text:
        text = raw
    if len(text) > limit:
        raise BadQuery(
            f"“{label}” must be at most {limit} characters (it has {len(text)}): “{shown(text)}”."
        )
    if has_control_characters(text):
        raise BadQuery(f"“{label}” can't contain invisible control characters: “{shown(text)}”.")
    return text


def date_param(raw: str | None, *, label: str, game_day: bool = False) -> dt.date | None:
    """A calendar date written YYYY-MM-DD (any the calendar has, 0001-01-01 to 9999-12-31), or
    None when absent; anything else is a BadQuery. ``game_day``: a day a page shows as the
    game's, so none before GAME_FIRST_DAY (a filter's bound may be any date)."""
    text = typed_value(raw)
    if not text:
        return None
    return _date(text, typed=raw.strip(), label=label, game_day=game_day)


def date_in_address(segment: str, *, label: str, game_day: bool = False) -> dt.date:
    """A date that is part of a page's address (/days/2025-01-31/): exactly YYYY-MM-DD. Nothing
    around it is dropped: an address is not typed, and one with a line break after the date
    ("…/days/2025-01-31%0A/") is another address, not that day's."""
    return _date(segment, typed=segment, label=label, game_day=game_day)


def before_the_game(label: str, typed: str) -> BadQuery:
    """What a day or month before GAME_FIRST_DAY gets, on every page about a day."""
    year = GAME_FIRST_DAY.year
    return BadQuery(f"“{label}”: {shown(typed)} is before {year}; the game did not exist then.")


def _date(text: str, *, typed: str, label: str, game_day: bool) -> dt.date:
    day = _calendar_date(text, typed=typed, label=label)
    if game_day and day < GAME_FIRST_DAY:
        raise before_the_game(label, typed)
    return day


def _calendar_date(text: str, *, typed: str, label: str) -> dt.date:
    if not _DATE.fullmatch(text):
        raise BadQuery(
            f"“{label}” must be a date written YYYY-MM-DD, such as 2025-01-31, "
            f"not “{shown(typed)}”."
        )
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        # Unquoted, as before: what gets here is digits and dashes, plus any invisible
        # character typed with them, written out.
        raise BadQuery(f"“{label}”: {shown(typed)} is not a real date{_why_not(text)}.") from None


def _why_not(text: str) -> str:
    """Why a YYYY-MM-DD that isn't a date isn't one, in a few words after "not a real date"."""
    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        return " (months run from 01 to 12)"
    if year == 0:
        return " (years start at 0001)"
    if month == 2 and day == 29:
        return f": {year:04d} is not a leap year, so February has 28 days"
    if day == 0:
        return " (days start at 01)"
    last = calendar.monthrange(year, month)[1]
    return f" ({calendar.month_name[month]} has {last} days)"
