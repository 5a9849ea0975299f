"""Request parameters every list shares."""

from __future__ import annotations

import re

from .errors import BadQuery

# Far past any list's end: a larger number is read as this one (a list shows its last page for
# a page past its end), so no number of digits makes a bigger page than the database can count.
MAX_PAGE = 100_000
_DIGITS = re.compile(r"[0-9]+")


def page_number(raw: str | None) -> int | None:
    """The ``page`` parameter: None when absent; a whole number from 1 (a page past the list's
    end, however far, is its last page); anything else is a BadQuery."""
    text = (raw or "").strip()
    if not text:
        return None
    digits = text.lstrip("0") if _DIGITS.fullmatch(text) else ""
    if not digits:
        raise BadQuery("Page must be a whole number from 1.")
    return MAX_PAGE if len(digits) > len(str(MAX_PAGE)) else min(int(digits), MAX_PAGE)
