"""Request parameters every list shares: the page number, typed text, whole numbers and dates.

Each parser takes the raw value (None when the parameter is absent), ignores surrounding
whitespace, and answers a parameter it can't use with :class:`BadQuery` (the 400 page). The
message names the parameter by its label on the page, in quotes: “Search” must be …
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

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


def _shown(text: str) -> str:
    """What was typed, safe to quote back in a message: short, without controls."""
    head = text[: _SHOWN_MAX + 1]
    clean = "".join("\ufffd" if has_control_characters(ch) else ch for ch in head)
    return clean if len(clean) <= _SHOWN_MAX else clean[:_SHOWN_MAX] + "…"


def _whole(text: str) -> str | None:
    """``text`` as digits without leading zeros ("" for zero), or None when it isn't digits."""
    return text.lstrip("0") if _DIGITS.fullmatch(text) else None


def page_number(raw: str | None) -> int | None:
    """The ``page`` parameter: None when absent; a whole number from 1 (a page past the list's
    end, however far, is its last page); anything else is a BadQuery."""
    text = (raw or "").strip()
    if not text:
        return None
    digits = _whole(text)
    if not digits:
        raise BadQuery("“Page” must be a whole number from 1.")
    return MAX_PAGE if len(digits) > len(str(MAX_PAGE)) else min(int(digits), MAX_PAGE)


def whole_number(raw: str | None, *, label: str, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high`` (both included), or None when absent; anything
    else (a sign, a decimal point, other scripts' digits, a number out of range) is a BadQuery."""
    text = (raw or "").strip()
    if not text:
        return None
    digits = _whole(text)
    # Measured before it is converted: thousands of digits are refused, not turned into an int.
    if digits is not None and len(digits) <= len(str(high)):
        number = int(digits or "0")
        if low <= number <= high:
            return number
    raise BadQuery(f"“{label}” must be a whole number from {low} to {high}.")


def text_param(raw: str | None, *, label: str, limit: int) -> str:
    """Typed text of at most ``limit`` characters, surrounding whitespace removed ("" when
    absent); control characters or lone surrogates inside it are a BadQuery."""
    text = (raw or "").strip()
    if len(text) > limit:
        raise BadQuery(f"“{label}” must be at most {limit} characters (it has {len(text)}).")
    if has_control_characters(text):
        raise BadQuery(f"“{label}” can't contain invisible control characters.")
    return text


def date_param(raw: str | None, *, label: str) -> dt.date | None:
    """A calendar date written YYYY-MM-DD (any the calendar has, 0001-01-01 to 9999-12-31), or
    None when absent; anything else is a BadQuery."""
    text = (raw or "").strip()
    if not text:
        return None
    if not _DATE.fullmatch(text):
        raise BadQuery(
            f"“{label}” must be a date written YYYY-MM-DD, such as 2025-01-31, "
            f"not “{_shown(text)}”."
        )
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadQuery(f"“{label}”: {text} is not a real date.") from None
