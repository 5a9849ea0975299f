"""The request parameters every list shares: typed text, whole numbers and dates. Whatever the
address holds, the answer is the value or BadQuery with a reason naming the parameter as the
page labels it, never another exception (which would be a 500)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from truthbyte_admin.core.errors import BadQuery
from truthbyte_admin.core.params import (
    date_param,
    has_control_characters,
    text_param,
    whole_number,
)

# --- text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("\t capital cities \n", "capital cities"),  # a pasted line break around it: whitespace
        ("Café au lait", "Café au lait"),
        ("עברית ועוד", "עברית ועוד"),  # right-to-left
        (
            "\u200fمرحبا\u200f",
            "\u200fمرحبا\u200f",
        ),  # with right-to-left marks (format, not control)
        ("🧪 science", "🧪 science"),
        ("👩‍🔬", "👩‍🔬"),  # an emoji sequence: zero-width joiners are part of it
        ("sci-fi & «fantasy»", "sci-fi & «fantasy»"),
        ("a\u00a0b", "a\u00a0b"),  # no-break space
        ("x" * 200, "x" * 200),
    ],
)
def test_text_that_can_be_searched(raw, text):
    assert text_param(raw, label="Search", limit=200) == text


@pytest.mark.parametrize(
    "raw",
    [
        "a\x00b",  # NUL
        "sci\nfi",  # a line break inside
        "a\tb",
        "a\x1bb",  # ESC
        "a\x7fb",  # DEL
        "a\x85b",  # C1: next line
        "a\x9bb",  # C1: control sequence introducer
        "a\ud800b",  # a lone surrogate
        "\udfff",
    ],
)
def test_text_with_control_characters_or_lone_surrogates_is_refused(raw):
    with pytest.raises(BadQuery) as refused:
        text_param(raw, label="Search", limit=200)
    message = str(refused.value)
    assert message.startswith("“Search” can't contain invisible control characters: “")
    assert "⟨U+" in message  # the character is shown, written out
    message.encode("utf-8")  # the page can show it


def test_text_over_the_limit_says_the_limit_and_the_length():
    with pytest.raises(BadQuery) as refused:
        text_param("x" * 2101, label="Concerning (id)", limit=2100)
    assert str(refused.value) == (
        f"“Concerning (id)” must be at most 2100 characters (it has 2101): “{'x' * 40}…”."
    )


def test_huge_text_is_refused_by_its_length():
    with pytest.raises(BadQuery, match="at most 200 characters"):
        text_param("\x00" * 1_000_000, label="Search", limit=200)


def test_the_limit_counts_after_surrounding_whitespace_is_removed():
    assert text_param("  " + "x" * 64 + "  ", label="Id starts with", limit=64) == "x" * 64


def test_bytes_that_are_not_utf8_arrive_as_replacement_characters_and_are_kept():
    # "%FF" is not UTF-8: Django decodes it to U+FFFD. That is text (it matches nothing), not a
    # control character, so the page answers "nothing found" rather than refusing.
    raw = QueryDict("q=caf%FF%FE").get("q")
    assert raw == "caf\ufffd\ufffd"
    assert text_param(raw, label="Search", limit=200) == "caf\ufffd\ufffd"


def test_the_control_character_rule():
    assert not has_control_characters("")
    assert not has_control_characters("plain, עברית, 🧪, \u200d, \ufeff, \ufffd")
    assert has_control_characters("\x00")
    assert has_control_characters("\x9f")
    assert has_control_characters("\ud83e")  # half of an emoji


# --- whole numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "number"),
    [(None, None), ("", None), ("  ", None), ("1", 1), (" 5 ", 5), ("005", 5), ("100", 100)],
)
def test_whole_numbers_in_range(raw, number):
    assert whole_number(raw, label="Page size", low=1, high=100) == number


@pytest.mark.parametrize(
    "raw",
    [
        "0",
        "000",
        "101",
        "-1",
        "+5",
        "1.0",
        "1e2",
        "ten",
        "1 0",
        "0x10",
        "²",  # str.isdigit() says yes; int() says no
        "５",  # fullwidth
        "١٢",  # Arabic-Indic
        "9" * 5000,  # more digits than int() converts
        "1" + "0" * 20,  # far past any range
        "1\x00",
    ],
)
def test_anything_else_is_refused_with_the_range(raw):
    with pytest.raises(BadQuery, match="^“Page size” must be a whole number from 1 to 100, not “"):
        whole_number(raw, label="Page size", low=1, high=100)


def test_a_range_from_zero():
    assert whole_number("0", label="Streak", low=0, high=10) == 0
    assert whole_number("000", label="Streak", low=0, high=10) == 0


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("2025-01-31", dt.date(2025, 1, 31)),
        (" 2024-02-29 ", dt.date(2024, 2, 29)),  # a leap day
        ("0001-01-01", dt.date.min),  # every date the calendar has: pages decide what they show
        ("1999-12-31", dt.date(1999, 12, 31)),
        ("9999-12-31", dt.date.max),
        # Pasted with invisible format characters, which no date holds: dropped.
        ("\u200b2025-01-31", dt.date(2025, 1, 31)),
        ("\ufeff2025-01-31\u200e ", dt.date(2025, 1, 31)),
        ("2025-01\u200b-31", dt.date(2025, 1, 31)),
    ],
)
def test_dates(raw, day):
    assert date_param(raw, label="From") == day


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("2026-02-30", " (February has 28 days)"),
        ("2024-02-30", " (February has 29 days)"),
        ("2025-02-29", ": 2025 is not a leap year, so February has 28 days"),
        ("2025-04-31", " (April has 30 days)"),
        ("2025-13-01", " (months run from 01 to 12)"),
        ("2025-00-10", " (months run from 01 to 12)"),
        ("2025-01-00", " (days start at 01)"),
        ("0000-01-01", " (years start at 0001)"),
    ],
)
def test_dates_the_calendar_does_not_have_say_why(raw, why):
    with pytest.raises(BadQuery) as refused:
        date_param(raw, label="From")
    assert str(refused.value) == f"“From”: {raw} is not a real date{why}."


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("99999-01-01", "99999-01-01"),
        ("2025-1-1", "2025-1-1"),
        ("2025/01/31", "2025/01/31"),
        ("20250131", "20250131"),
        ("yesterday", "yesterday"),
        ("2025-01-01T00:00", "2025-01-01T00:00"),
        ("٢٠٢٥-٠١-٣١", "٢٠٢٥-٠١-٣١"),  # other scripts' digits
        ("2025-01-3\x00", "2025-01-3⟨U+0000⟩"),  # a control character is written out
        ("2025-01-3\ud800", "2025-01-3⟨U+D800⟩"),
        ("2025-1\u200b-31", "2025-1⟨U+200B⟩-31"),  # still no date without it: shown
        ("1" * 100, "1" * 40 + "…"),
    ],
)
def test_anything_else_is_refused_with_the_format_and_what_was_typed(raw, shown):
    message = f"“From” must be a date written YYYY-MM-DD, such as 2025-01-31, not “{shown}”."
    with pytest.raises(BadQuery) as refused:
        date_param(raw, label="From")
    assert str(refused.value) == message
    str(refused.value).encode("utf-8")  # the page can show it


def test_a_name_that_may_be_stored_with_spaces_keeps_them_but_blank_is_nothing():
    assert text_param(" space", label="Category", limit=50, trimmed=False) == " space"
    assert text_param("   ", label="Category", limit=50, trimmed=False) == ""
    with pytest.raises(BadQuery):
        text_param(" \x07space", label="Category", limit=50, trimmed=False)
    # Anything else around it (a line break pasted along) goes, with the spaces.
    assert text_param(" space\n", label="Category", limit=50, trimmed=False) == "space"
