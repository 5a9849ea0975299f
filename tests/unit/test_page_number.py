"""The ``page`` parameter every list shares: a page past the end, however far, is the last."""

from __future__ import annotations

import pytest

from truthbyte_admin.core.errors import BadQuery
from truthbyte_admin.core.params import MAX_PAGE, page_number


@pytest.mark.parametrize(
    ("raw", "page"),
    [
        (None, None),
        ("", None),
        (" 3 ", 3),
        ("007", 7),
        ("\u200b3", 3),  # a zero-width space pasted with it: no number holds one
        ("3\ufeff ", 3),
        ("100000", MAX_PAGE),
        ("999999", MAX_PAGE),
        ("9" * 5000, MAX_PAGE),  # more digits than Python turns into an int
    ],
)
def test_pages_that_can_be_shown(raw, page):
    assert page_number(raw) == page


@pytest.mark.parametrize("raw", ["0", "000", "-1", "1.5", "two", "1e3", "١٢", "1\x00"])
def test_pages_that_cannot(raw):
    with pytest.raises(BadQuery) as refused:
        page_number(raw)
    shown = raw.replace("\x00", "⟨U+0000⟩")
    assert str(refused.value) == f"“Page” must be a whole number from 1, not “{shown}”."
