"""Field limits from the game's own model (GAME.md), applied to NEW text only.

Existing questions already break some limits (passages run to ~4,800 characters) and must
stay editable, so a value that is unchanged from the stored one is never rejected for its
length. Messages are plain English, ready to show next to the form field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from numbers import Number
from typing import Any

from .categories import GENERAL, normalise_categories

QUESTION_MIN, QUESTION_MAX = 10, 200
TITLE_MAX = 100
PASSAGE_MAX = 500
CATEGORIES_MIN, CATEGORIES_MAX = 1, 5  # counting `general`
DIFFICULTY_MIN, DIFFICULTY_MAX = 1, 5
# What a question or submission without one is given (the game's submissions default to 3).
DEFAULT_DIFFICULTY = 3
SLUG_MAX = 50
DISPLAY_NAME_MIN, DISPLAY_NAME_MAX = 1, 60

_SLUG = re.compile(r"[a-z0-9_]+")


def normalise_text(value: Any) -> str:
    """Browsers send textarea line breaks as CRLF; stored text uses LF. Compare, count and store
    on LF so an untouched passage isn't seen as changed or one character per line longer."""
    return "" if value is None else str(value).replace("\r\n", "\n")


def _length(value: Any) -> int:
    return len(normalise_text(value).strip())


def _control_characters(text: str, allowed: str = "\n\t") -> list[str]:
    """Control characters (Unicode Cc) other than `allowed`, as U+XXXX, first seen first."""
    found: list[str] = []
    for ch in text:
        if ch not in allowed and unicodedata.category(ch) == "Cc":
            code = f"U+{ord(ch):04X}"
            if code not in found:
                found.append(code)
    return found


def _control_error(text: str, allowed: str = "\n\t") -> str | None:
    found = _control_characters(text, allowed)
    if not found:
        return None
    return f"Remove the invisible control characters ({', '.join(found)})."


def _unchanged(field: str, value: Any, original: Mapping[str, Any] | None) -> bool:
    if not original or field not in original:
        return False
    return normalise_text(original[field]).strip() == normalise_text(value).strip()


def _category_list(categories: Iterable[str] | str | None) -> list[str]:
    """Accept a list, or a comma-separated string as a plain text input sends it."""
    if categories is None:
        return []
    if isinstance(categories, str):
        return categories.split(",")
    return [str(c) for c in categories]


def _as_difficulty(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Number):  # float, or a stored number read as a decimal
        try:
            return int(value) if value == int(value) else None
        except (TypeError, ValueError, OverflowError, ArithmeticError):  # NaN, infinity
            return None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _check_text(
    field: str,
    label: str,
    value: Any,
    original: Mapping[str, Any] | None,
    maximum: int,
    minimum: int = 0,
) -> str | None:
    # Unchanged existing text is exempt from every check here, so old data never blocks a save.
    if _unchanged(field, value, original):
        return None
    text = normalise_text(value)
    control = _control_error(text)
    if control:
        return control
    n = _length(text)
    if minimum and n < minimum:
        return f"{label} must be at least {minimum} characters (it has {n})."
    if n > maximum:
        return f"{label} must be at most {maximum} characters (it has {n})."
    return None


def validate_category_slug(slug: Any) -> str | None:
    """Error message for a category slug the game can't use, or None when it is valid."""
    if not isinstance(slug, str) or not slug:
        return "Enter a category slug."
    if len(slug) > SLUG_MAX:
        return f"Category slug must be at most {SLUG_MAX} characters (it has {len(slug)})."
    if not _SLUG.fullmatch(slug):
        return (
            f"Category slug '{slug}' may contain only lowercase letters a-z, digits and "
            "underscores."
        )
    return None


# Invisible characters that set the direction of the text around them (marks, embeddings,
# overrides, isolates). In a name they reorder whatever a page shows next to it: "Capitals"
# followed by U+202E and "evil" turned a heading into "Capitals slatipac live".
_DIRECTION_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _needed_format_character(ch: str) -> bool:
    """Invisible format characters real names need: the joiners of Persian and Indic scripts
    and of emoji sequences, and the tag characters of subdivision flags."""
    return ch in "\u200c\u200d" or "\U000e0020" <= ch <= "\U000e007f"


def _invisible_characters(text: str, *, direction: bool) -> list[str]:
    """Format characters (Unicode Cf) that are (``direction``) or aren't text-direction
    controls, as "U+XXXX name", first seen first; the ones names need are left out."""
    found: list[str] = []
    for ch in text:
        if unicodedata.category(ch) != "Cf" or _needed_format_character(ch):
            continue
        if (ch in _DIRECTION_CONTROLS) is direction:
            described = f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed').lower()}"
            if described not in found:
                found.append(described)
    return found


def quoted_as_typed(text: str, limit: int = 60) -> str:
    """``text`` for quoting back in a message: at most ``limit`` characters, and any invisible
    format character written out as ⟨U+XXXX⟩, so a text-direction control can't reorder the
    message around it."""
    return "".join(
        f"⟨U+{ord(ch):04X}⟩"
        if unicodedata.category(ch) == "Cf" and not _needed_format_character(ch)
        else ch
        for ch in text[:limit]
    )


def _invisible_error(kind: str, found: list[str], *, reorders: bool = False) -> str:
    it = "it" if len(found) == 1 else "them"
    what = f"an invisible {kind} character" if len(found) == 1 else f"invisible {kind} characters"
    why = f", which would reorder the text shown around {it}" if reorders else ""
    return f"It contains {what} ({', '.join(found)}){why}; remove {it}."


def validate_display_name(name: Any) -> str | None:
    """Error message for a category display name, or None: 1-60 characters on a single line,
    without invisible characters that would change how it, or the text around it, is shown.

    Messages are sentences that also read after a label ("Display name of “x”: " + the message
    with a lower-case first letter)."""
    text = "" if name is None else str(name)
    control = ", ".join(_control_characters(text, allowed=""))
    if control:
        return f"Use a single line without invisible control characters (it has {control})."
    direction = _invisible_characters(text, direction=True)
    if direction:
        return _invisible_error("text-direction", direction, reorders=True)
    formatting = _invisible_characters(text, direction=False)
    if formatting:
        return _invisible_error("formatting", formatting)
    n = len(text.strip())
    if n < DISPLAY_NAME_MIN:
        return "Enter a display name."
    if n > DISPLAY_NAME_MAX:
        return f"Use at most {DISPLAY_NAME_MAX} characters (it has {n})."
    return None


def _check_categories(categories: Any, original: Mapping[str, Any] | None) -> str | None:
    chosen = normalise_categories(_category_list(categories))
    before: list[str] = []
    if original and "categories" in original:
        before = normalise_categories(_category_list(original["categories"]))
    # Only slugs the editor is adding must be valid; odd legacy slugs may stay.
    for slug in chosen:
        if slug not in before:
            error = validate_category_slug(slug)
            if error:
                return error
    if original and "categories" in original and set(chosen) == set(before):
        return None
    if not CATEGORIES_MIN <= len(chosen) <= CATEGORIES_MAX:
        return (
            f"Choose at most {CATEGORIES_MAX - 1} categories besides {GENERAL} "
            f"({CATEGORIES_MAX} including {GENERAL}); there are {len(chosen)} including it."
        )
    return None


def _check_difficulty(difficulty: Any, original: Mapping[str, Any] | None) -> str | None:
    value = _as_difficulty(difficulty)
    if original and "difficulty" in original:
        if value is not None and value == _as_difficulty(original["difficulty"]):
            return None
    if value is None or not DIFFICULTY_MIN <= value <= DIFFICULTY_MAX:
        return f"Difficulty must be a whole number from {DIFFICULTY_MIN} to {DIFFICULTY_MAX}."
    return None


def validate_question_fields(
    *,
    question: Any,
    title: Any,
    passage: Any,
    categories: Any,
    difficulty: Any,
    original: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """Field name -> error message for a new or edited question; empty when all is well.

    `original` is the stored question when editing: a field equal to its stored value
    (ignoring surrounding whitespace and CRLF vs LF) is exempt from its limits, so legacy
    over-long passages, extra categories or odd slugs never block an unrelated edit.
    Text lengths count characters after trimming surrounding whitespace. `categories` count
    includes `general`, which every question carries (added here when missing).
    """
    errors: dict[str, str] = {}
    checks = {
        "question": _check_text(
            "question", "Question", question, original, QUESTION_MAX, QUESTION_MIN
        ),
        "title": _check_text("title", "Title", title, original, TITLE_MAX),
        "passage": _check_text("passage", "Passage", passage, original, PASSAGE_MAX),
        "categories": _check_categories(categories, original),
        "difficulty": _check_difficulty(difficulty, original),
    }
    for field, error in checks.items():
        if error:
            errors[field] = error
    return errors
