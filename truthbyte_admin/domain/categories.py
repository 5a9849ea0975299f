"""Category tagging rules: `general` on every question, and the diff that keeps the index exact."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

GENERAL = "general"

_SLUG_SEPARATORS = re.compile(r"[\s-]+")

KEY_MAX = 100  # characters; legacy player-typed categories are short phrases
# What the game may have stored (it writes keys verbatim): DynamoDB's key limit, 2,048 bytes, so
# at most that many characters. The lists filter by any stored key; staff write KEY_MAX at most.
STORED_KEY_MAX = 2048
_NOT_TEXT = {"Cc", "Cs", "Zl", "Zp"}  # controls, lone surrogates, line/paragraph separators


def key_problem(value: object) -> str | None:
    """Why ``value`` can't be a category key we look up or write, or None.

    Broader than a new slug: categories the game's approval wrote verbatim ("sci fi", "Science",
    "sci/fi") are real keys. Text up to KEY_MAX characters (well under DynamoDB's 2,048-byte
    key limit), on one line, without control characters.
    """
    if not isinstance(value, str) or not value.strip():
        return "Enter a category."
    if len(value) > KEY_MAX:
        return f"A category is at most {KEY_MAX} characters (this one has {len(value)})."
    if any(unicodedata.category(ch) in _NOT_TEXT for ch in value):
        return "A category must be one line of text without control characters."
    return None


def slug_from_typed(typed: str) -> str:
    """The key a new category gets from a name someone typed (the editor's categories and
    display-names boxes, the audit log's "Category Science Fiction") or an imported file
    gave: trimmed, lower-cased, each run of spaces or hyphens one "_" ("Pop Culture" and
    "pop-culture" -> "pop_culture"). The result is validated, never changed further. The
    category picker's ``newSlug`` (static/js/questions.js) does the same as it suggests."""
    return _SLUG_SEPARATORS.sub("_", typed.strip().lower())


def normalise_categories(categories: Iterable[str]) -> list[str]:
    """Lower-cased, de-duplicated, order kept, with `general` always present (documented rule)."""
    out: list[str] = []
    for category in categories:
        slug = str(category).strip().lower()
        if slug and slug not in out:
            out.append(slug)
    if GENERAL not in out:
        out.append(GENERAL)
    return out


@dataclass(frozen=True)
class CategoryDiff:
    removed: tuple[str, ...]
    added: tuple[str, ...]
    kept: tuple[str, ...]


def diff_categories(before: Iterable[str], after: Iterable[str]) -> CategoryDiff:
    before_list, after_list = list(dict.fromkeys(before)), list(dict.fromkeys(after))
    return CategoryDiff(
        removed=tuple(c for c in before_list if c not in after_list),
        added=tuple(c for c in after_list if c not in before_list),
        kept=tuple(c for c in after_list if c in before_list),
    )


def with_general(categories: Iterable[str]) -> list[str]:
    """Categories exactly as given (legacy spelling and case kept), de-duplicated, order kept,
    empty entries dropped, with `general` always present. For lists whose NEW entries were
    already normalised (the question form); the game filters with a case-sensitive contains."""
    out: list[str] = []
    for category in categories:
        text = str(category)
        if text.strip() and text not in out:
            out.append(text)
    if GENERAL not in out:
        out.append(GENERAL)
    return out


class CountDrift(NamedTuple):
    """A category whose stored count is not its actual count (the questions in its list)."""

    slug: str
    stored: int | None
    actual: int


def count_drift(stored: dict[str, int | None], actual: dict[str, int]) -> list[CountDrift]:
    """Every category whose stored count is not its actual count, in slug order. A category
    with questions but no stored count drifts; one with neither (no count, no questions) does
    not."""
    return [
        CountDrift(slug, stored.get(slug), actual.get(slug, 0))
        for slug in sorted(set(stored) | set(actual))
        if (stored.get(slug) is not None or actual.get(slug, 0))
        and stored.get(slug) != actual.get(slug, 0)
    ]


def display_name_key(name: str) -> str:
    """What two display names are compared by: case and spacing aside, “World  history” reads
    as “world history” in a list, and “Café” typed as e + a combining accent as “Café”. Accents
    count: “Históry” is not “History”."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def named_like(name: str, names: Mapping[str, str | None], *, other_than: str) -> str | None:
    """The key of a category other than ``other_than`` whose display name (``names``: key ->
    name, None for one not known) reads as ``name``, or None: two categories with one name
    can't be told apart in the lists."""
    wanted = display_name_key(name)
    return next(
        (
            slug
            for slug, shown in names.items()
            if slug != other_than and shown and display_name_key(shown) == wanted
        ),
        None,
    )
