"""Field limits from the game's own model (GAME.md), applied to NEW text only, and the question
form's whole set of rules as typed (``validate_question_edit``: the editor and moderation's
review both use it, through the shared form).

Existing questions already break some limits (passages run to ~4,800 characters) and must
stay editable, so a value that is unchanged from the stored one is never rejected for its
length. Messages are plain English, ready to show next to the form field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from numbers import Number
from typing import Any, NamedTuple

from .categories import (
    GENERAL,
    named_like,
    normalise_categories,
    slug_from_typed,
    with_general,
)

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


# Letters and marks that show nothing on their own: the Hangul fillers, the braille blank, the
# combining grapheme joiner and the variation selectors (a text of these alone reads as blank).
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f") | frozenset(
    chr(code) for code in (*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0))
)


def _shows(ch: str) -> bool:
    """Whether ``ch`` is seen: not white space, not an invisible format or control character,
    not one of the characters that show nothing on their own."""
    return (
        not ch.isspace()
        and unicodedata.category(ch) not in ("Cf", "Cc")
        and ch not in _BLANK_LOOKING
    )


def _seen_length(text: str) -> int:
    """The characters of ``text`` (trimmed) that count towards its length as staff see it: all
    but invisible ones (the joiners some scripts need, and spaces between words, count)."""
    return sum(
        1
        for ch in text.strip()
        if ch.isspace()
        or _needed_format_character(ch)
        or (unicodedata.category(ch) not in ("Cf", "Cc") and ch not in _BLANK_LOOKING)
    )


def has_visible_text(text: str) -> bool:
    """Whether ``text`` shows anything at all: a text of zero-width spaces alone (pasted, or
    sent by a crafted request) would reach players as a blank, like one of spaces."""
    return any(_shows(ch) for ch in text)


def only_invisible_problem(text: str, what: str, subject: str = "It") -> str | None:
    """Why a text that holds only invisible characters can't be stored, naming them; None when
    it shows something, or holds nothing at all (empty and white space are each form's own)."""
    if has_visible_text(text):
        return None
    hidden = [ch for ch in text if not ch.isspace()]
    if not hidden:
        return None
    return (
        f"{subject} has only invisible characters ({code_points(hidden)}): players would see "
        f"nothing. Type {what}."
    )


# The control characters (Unicode Cc) a question's texts may not hold: all but tab and line
# feed, on text whose CRLF is LF (normalise_text). A lone CR is refused. One compiled pattern:
# the import runs it over every passage of a file.
TEXT_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def first_control_character(value: Any) -> str | None:
    """The first control character a question's text may not hold, as U+XXXX, or None."""
    found = TEXT_CONTROL_CHARACTER.search(normalise_text(value))
    return None if found is None else f"U+{ord(found.group()):04X}"


def _control_characters(text: str, allowed: str = "\n\t") -> list[str]:
    """Control characters (Unicode Cc) other than `allowed`, as U+XXXX, first seen first."""
    found: list[str] = []
    for ch in text:
        if ch not in allowed and unicodedata.category(ch) == "Cc":
            code = f"U+{ord(ch):04X}"
            if code not in found:
                found.append(code)
    return found


def _control_error(text: str, allowed: str = "\n\t") -> list[str]:
    found = _control_characters(text, allowed)
    if not found:
        return []
    return [f"Remove the invisible control characters ({', '.join(found)})."]


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
) -> list[str]:
    # Unchanged existing text is exempt from every check here, so old data never blocks a save.
    if _unchanged(field, value, original):
        return []
    text = normalise_text(value)
    found = _control_error(text)
    n = _length(text)
    hidden = only_invisible_problem(
        text, f"the {label.lower()}" + ("" if minimum else ", or leave it empty"), label
    )
    if hidden:
        found.append(hidden)
    elif minimum and (seen := _seen_length(text)) < minimum:
        # Invisible characters don't make a short question long enough.
        invisible = " you can see" if seen < n else ""
        found.append(f"{label} must be at least {minimum} characters{invisible} (it has {seen}).")
    if n > maximum:
        found.append(f"{label} must be at most {maximum} characters (it has {n}).")
    return found


def validate_category_slug(slug: Any, *, typed: str | None = None) -> str | None:
    """Error message for a category slug the game can't use, or None when it is valid.
    ``typed``: what the person typed, when ``slug`` was made from it (lower-cased, …): the
    message quotes that, not a spelling they never wrote."""
    if not isinstance(slug, str) or not slug:
        return "Enter a category slug."
    if len(slug) > SLUG_MAX:
        return f"Category slug must be at most {SLUG_MAX} characters (it has {len(slug)})."
    if not _SLUG.fullmatch(slug):
        shown = quoted_as_typed(slug if typed is None else typed)
        return (
            f"Category slug “{shown}” may contain only lowercase letters a-z, digits and "
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


def invisible_characters_note(text: Any) -> str | None:
    """A note for a text that contains invisible format characters (zero-width spaces,
    text-direction controls, …), naming them; None when it has none. Not a refusal: players
    paste such text, and some scripts need some of these (the joiners are not named)."""
    text = "" if text is None else str(text)
    direction = _invisible_characters(text, direction=True)
    found = direction + _invisible_characters(text, direction=False)
    if not found:
        return None
    one = len(found) == 1
    it, they_change = ("it", "it changes") if one else ("them", "they change")
    what = "an invisible character" if one else "invisible characters"
    hidden = len(found) - len(direction)  # the others: zero-width spaces and the like
    effects = []
    if direction:
        # Not "players don't see it": they see the words after a direction control reordered.
        effects.append(
            "players read the words after a direction control reordered (as the preview shows)"
        )
    if hidden:
        effects.append(
            f"players don't see {it}, but {they_change} how the text is searched"
            if not direction
            else f"the other{'s change' if hidden > 1 else ' changes'} how the text is searched"
        )
    effect = "; ".join(effects)
    return (
        f"Contains {what} ({', '.join(found)}), kept as typed: {effect}. Remove {it} unless "
        f"the text needs {it}."
    )


def stored_type_name(value: Any) -> str:
    """How a stored value's type reads to staff ("text", "a number", "a map"…): said where a
    value the game wrote is not of the type it reads (a streak stored as text, a count as a map)."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list | set | tuple):
        return "a list"
    if isinstance(value, Number):  # however the data layer reads them
        return "a number"
    return type(value).__name__


def quoted_as_typed(text: str, limit: int = 60) -> str:
    """``text`` for quoting back in a message: at most ``limit`` characters, and any invisible
    format or control character written out as ⟨U+XXXX⟩, so a text-direction control can't
    reorder the message around it and a control character (a bell, a NUL) isn't quoted as
    nothing."""
    return "".join(
        f"⟨U+{ord(ch):04X}⟩"
        if unicodedata.category(ch) == "Cc"
        or (unicodedata.category(ch) == "Cf" and not _needed_format_character(ch))
        else ch
        for ch in text[:limit]
    )


def _invisible_error(kind: str, found: list[str], *, reorders: bool = False) -> str:
    it = "it" if len(found) == 1 else "them"
    what = f"an invisible {kind} character" if len(found) == 1 else f"invisible {kind} characters"
    why = f", which would reorder the text shown around {it}" if reorders else ""
    return f"It contains {what} ({', '.join(found)}){why}; remove {it}."


# Text-direction controls that reorder the text after them (embeddings, overrides, isolates).
# The game shows a reason and note in one field, in no isolate of its own, so one of these would
# reorder what the player reads after it; a moderator writing in any script never needs them
# (the marks U+200E, U+200F and U+061C, which only settle the direction of neutral characters
# next to them, are kept).
REORDERING_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def code_points(found: list[str]) -> str:
    """Characters named for staff: "U+202E right-to-left override", each once."""
    described = []
    for ch in dict.fromkeys(found):
        name = unicodedata.name(ch, "").lower()
        described.append(f"U+{ord(ch):04X} {name}" if name else f"U+{ord(ch):04X}")
    return ", ".join(described)


def player_text_problem(text: str, *, multiline: bool) -> str | None:
    """Why staff's text for a player (a reason, a note) can't be stored, or None. Line breaks
    and tabs only in a multi-line field; no other control character (NUL, escape, DEL, C1);
    no text-direction control that reorders the text after it."""
    allowed = "\n\t" if multiline else ""
    controls = [ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in allowed]
    if controls:
        what = "character" if len(set(controls)) == 1 else "characters"
        return f"Remove the invisible control {what} ({code_points(controls)})."
    reordering = [ch for ch in text if ch in REORDERING_CONTROLS]
    if reordering:
        it = "it" if len(set(reordering)) == 1 else "them"
        what = "character" if it == "it" else "characters"
        return (
            f"Remove the invisible text-direction {what} ({code_points(reordering)}): "
            f"players would see the text after {it} reordered."
        )
    return only_invisible_problem(text, "what they should read")


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


def _check_categories(
    categories: Any, original: Mapping[str, Any] | None, existing: Collection[str]
) -> list[str]:
    chosen = normalise_categories(_category_list(categories))
    before: list[str] = []
    if original and "categories" in original:
        before = normalise_categories(_category_list(original["categories"]))
    # Only slugs the editor is adding must be valid; odd legacy slugs may stay, and a category
    # that exists (the game's "sci-fi") may be chosen as it is.
    exempt = set(before) | set(normalise_categories(existing))
    found = [
        error
        for error in (validate_category_slug(slug) for slug in chosen if slug not in exempt)
        if error
    ]
    if original and "categories" in original and set(chosen) == set(before):
        return found
    if not CATEGORIES_MIN <= len(chosen) <= CATEGORIES_MAX:
        found.append(_too_many_categories(len(chosen)))
    return found


def _too_many_categories(count: int) -> str:
    return (
        f"Choose at most {CATEGORIES_MAX - 1} categories besides {GENERAL} "
        f"({CATEGORIES_MAX} including {GENERAL}); there are {count} including it."
    )


def _check_difficulty(difficulty: Any, original: Mapping[str, Any] | None) -> list[str]:
    value = _as_difficulty(difficulty)
    if original and "difficulty" in original:
        if value is not None and value == _as_difficulty(original["difficulty"]):
            return []
    if value is None or not DIFFICULTY_MIN <= value <= DIFFICULTY_MAX:
        return [f"Difficulty must be a whole number from {DIFFICULTY_MIN} to {DIFFICULTY_MAX}."]
    return []


def validate_question_fields(
    *,
    question: Any,
    title: Any,
    passage: Any,
    categories: Any,
    difficulty: Any,
    original: Mapping[str, Any] | None = None,
    existing_categories: Collection[str] = (),
) -> dict[str, list[str]]:
    """Field name -> its error messages (all of them) for a new or edited question; empty when
    all is well. ``existing_categories``: keys of categories that exist, which may be chosen
    whatever their spelling.

    `original` is the stored question when editing: a field equal to its stored value
    (ignoring surrounding whitespace and CRLF vs LF) is exempt from its limits, so legacy
    over-long passages, extra categories or odd slugs never block an unrelated edit.
    Text lengths count characters after trimming surrounding whitespace. `categories` count
    includes `general`, which every question carries (added here when missing).
    """
    checks = {
        "question": _check_text(
            "question", "Question", question, original, QUESTION_MAX, QUESTION_MIN
        ),
        "title": _check_text("title", "Title", title, original, TITLE_MAX),
        "passage": _check_text("passage", "Passage", passage, original, PASSAGE_MAX),
        "categories": _check_categories(categories, original, existing_categories),
        "difficulty": _check_difficulty(difficulty, original),
    }
    return {field: found for field, found in checks.items() if found}


# --- the question form as typed: the one set of rules of the editor and moderation's review ---

QUESTION_EDIT_FIELDS = (
    "question",
    "title",
    "passage",
    "answer",
    "categories",
    "new_category_names",
    "difficulty",
)
QUESTION_REQUIRED = "Type the question the player answers True or False."
ANSWER_REQUIRED = "Choose the answer: True or False."
DIFFICULTY_REQUIRED = f"Choose a difficulty from {DIFFICULTY_MIN} to {DIFFICULTY_MAX}."
# Two checks Django's form fields made before these rules moved here, kept in its words.
NULL_CHARACTERS = "Null characters are not allowed."
TEXT_TOO_LONG = "Ensure this value has at most {maximum} characters (it has {length})."
CATEGORIES_TEXT_MAX = 5000  # a legacy question may carry dozens of categories
ANSWERS = {"true": True, "false": False}
DIFFICULTIES = {str(n): n for n in range(DIFFICULTY_MIN, DIFFICULTY_MAX + 1)}

_NOTHING = (None, "", [], (), {})  # what a form field treats as "nothing typed"


class QuestionEditCheck(NamedTuple):
    """What ``validate_question_edit`` found: the cleaned value of every field without a
    problem, and each refused field's messages (all of them, in the order to show them)."""

    values: dict[str, Any]
    problems: dict[str, list[str]]


def validate_question_edit(
    typed: Mapping[str, Any],
    *,
    original: Mapping[str, Any] | None = None,
    known_categories: Mapping[str, str | None] | Collection[str] | None = None,
    deleted_categories: Mapping[str, str] | None = None,
) -> QuestionEditCheck:
    """The question form's fields as typed (``typed``: field name -> text, e.g. a POST) ->
    cleaned values and problems by field, every problem at once: an editor who fixes one must
    not meet the next only on the following save.

    Cleaned values: question and title trimmed, the passage as typed, the answer a bool, the
    categories a list (entries equal to a stored one kept verbatim, new ones turned into slugs,
    `general` added), the new categories' display names a dict (slug -> name), the difficulty
    an int. ``original`` is the stored question when editing (see ``validate_question_fields``:
    unchanged over-limit values stay; a legacy list over the category limit may shrink).
    ``known_categories``: slugs that have a display name already; None checks none. As a
    mapping (slug -> display name), a new category named as one of them is refused too.
    ``deleted_categories``: slug -> how it was deleted lately ("deleted by mona at 16:53 UTC"),
    said of one chosen without a name, which is new again: not "needs a display name" alone.
    """
    stored = stored_categories(original)
    existing = known_categories or ()
    values, problems = _read_typed_fields(typed, stored, existing)
    limits = validate_question_fields(
        # A refused field's stand-in: its limit problem is dropped below.
        question=values.get("question", ""),
        title=values.get("title", ""),
        passage=values.get("passage", ""),
        categories=values.get("categories", []),
        difficulty=values.get("difficulty", DEFAULT_DIFFICULTY),
        original=original,
        existing_categories=existing,
    )
    if "categories" in limits and _only_removes(values.get("categories", []), stored):
        # A legacy question over the category limit may shrink step by step (one save of
        # dozens of removals can exceed a DynamoDB transaction).
        del limits["categories"]
    for field, found in limits.items():
        problems.setdefault(field, found)  # a field refused as typed isn't measured too
    if known_categories is not None and "categories" not in problems:
        unnamed = _unnamed_new_categories(
            values, stored, known_categories, _as_typed(typed.get("new_category_names"))
        )
        deleted = deleted_categories or {}
        new = [c for c in unnamed if c not in deleted]
        if new:
            problems.setdefault("new_category_names", []).append(
                "New categor"
                + ("ies need" if len(new) > 1 else "y needs")
                + " a display name: "
                + ", ".join(new)
            )
        for slug in (c for c in unnamed if c in deleted):
            problems.setdefault("new_category_names", []).append(
                f"{slug} was {deleted[slug]}: to use it again, give it a display name here "
                "(it is created again), or take it out of Categories."
            )
    return QuestionEditCheck(
        {name: value for name, value in values.items() if name not in problems}, problems
    )


def stored_categories(original: Mapping[str, Any] | None) -> list[str]:
    """The question's stored categories, verbatim (legacy case and spaces included)."""
    if not original:
        return []
    return [str(c) for c in original.get("categories") or [] if str(c).strip()]


def split_category_entries(raw: str, stored: Collection[str] = ()) -> list[str]:
    """Entries of a comma-separated categories text, trimmed, empty ones dropped.

    A stored category that itself contains a comma (player-typed legacy data) stays one entry
    when it appears whole: the longest run of pieces that re-joins to a stored entry wins.
    """
    pieces = raw.split(",")
    widest = 1 + max((entry.count(",") for entry in stored), default=0)
    entries: list[str] = []
    i = 0
    while i < len(pieces):
        taken = 1
        for j in range(min(len(pieces), i + widest), i + 1, -1):
            if ",".join(pieces[i:j]).strip() in stored:
                taken = j - i
                break
        entry = ",".join(pieces[i : i + taken]).strip()
        if entry:
            entries.append(entry)
        i += taken
    return entries


def _as_typed(value: Any, *, strip: bool = True) -> str:
    """A field's text as typed: "" for nothing, surrounding whitespace trimmed unless not."""
    if value in _NOTHING:
        return ""
    return str(value).strip() if strip else str(value)


def _text_problems(text: str, maximum: int | None = None) -> list[str]:
    found = []
    if maximum is not None and len(text) > maximum:
        found.append(TEXT_TOO_LONG.format(maximum=maximum, length=len(text)))
    if "\x00" in text:
        found.append(NULL_CHARACTERS)
    return found


def _read_typed_fields(
    typed: Mapping[str, Any], stored: list[str], existing: Collection[str]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Each field on its own, in the form's order: present, readable, a known choice."""
    values: dict[str, Any] = {}
    problems: dict[str, list[str]] = {}

    def take(name: str, value: Any, found: list[str]) -> None:
        if found:
            problems[name] = found
        else:
            values[name] = value

    question = _as_typed(typed.get("question"))
    take("question", question, [QUESTION_REQUIRED] if not question else _text_problems(question))
    title = _as_typed(typed.get("title"))
    take("title", title, _text_problems(title))
    passage = _as_typed(typed.get("passage"), strip=False)
    take("passage", passage, _text_problems(passage))
    answer = ANSWERS.get(_as_typed(typed.get("answer"), strip=False))
    take("answer", answer, [ANSWER_REQUIRED] if answer is None else [])
    categories_text = _as_typed(typed.get("categories"))
    found = _text_problems(categories_text, CATEGORIES_TEXT_MAX)
    if not found:
        categories, found = _categories_from(categories_text, stored, existing)
    else:
        categories = []
    take("categories", categories, found)
    names_text = _as_typed(typed.get("new_category_names"))
    found = _text_problems(names_text)
    names, found = (
        ({}, found) if found else _display_names_from(names_text, existing, chosen=categories)
    )
    take("new_category_names", names, found)
    difficulty = DIFFICULTIES.get(_as_typed(typed.get("difficulty"), strip=False))
    take("difficulty", difficulty, [DIFFICULTY_REQUIRED] if difficulty is None else [])
    return values, problems


def _categories_from(
    text: str, stored: list[str], existing: Collection[str]
) -> tuple[list[str], list[str]]:
    """Comma-separated entries -> the categories and the problems of every entry that can't
    be one. An entry equal to one of the question's stored categories is kept exactly as
    stored (the game's approval writes player-typed categories verbatim and filters
    case-sensitively, so rewriting one would move the question out of it), and so is one
    equal to the key of a category that exists (``existing``: the game's "sci-fi" is not a
    new "sci_fi"). Only a NEW entry is
    made a slug (``slug_from_typed``) and must be a valid one; its problem quotes it as typed.
    With a bad entry the list is counted here too (a new entry is never exempt from the limit),
    so the editor meets the limit now, not on the save after fixing the entry."""
    # Trimmed -> its stored spellings, in order: "space" and " space" are two of the game's
    # categories, and the box shows both as "space"; each entry takes the next one not chosen.
    by_trimmed: dict[str, list[str]] = {}
    for category in stored:
        by_trimmed.setdefault(category.strip(), []).append(category)
    chosen: list[str] = []
    found: list[str] = []
    refused: list[str] = []
    for entry in split_category_entries(text, by_trimmed):
        if entry in by_trimmed:
            spellings = by_trimmed[entry]
            value = next((c for c in spellings if c not in chosen), spellings[0])
        elif entry in existing:
            value = entry
        else:
            value = slug_from_typed(entry)
            problem = validate_category_slug(value, typed=entry)
            if problem:
                if problem not in found:
                    found.append(problem)
                if value not in refused:
                    refused.append(value)
                continue
        if value not in chosen:
            chosen.append(value)
    count = len(with_general(chosen)) + len(refused)
    if refused and count > CATEGORIES_MAX:
        found.append(_too_many_categories(count))
    return with_general(chosen), found


def _display_names_from(
    text: str, existing: Collection[str] = (), *, chosen: Collection[str] = ()
) -> tuple[dict[str, str], list[str]]:
    """One “slug: Display name” a line, for categories that don't exist yet -> the names and
    every line's problems (a line may have two: its slug and its name), each quoting the line
    as typed. ``existing`` as a mapping (slug -> display name) also refuses a category created
    with it (one of ``chosen``, not in ``existing``) named as an existing one, or as another
    created with it: two categories with one name can't be told apart in the lists. A line for
    a category not chosen is ignored when saved, and so is its name here."""
    names: dict[str, str] = {}
    created_names: dict[str, str] = {}  # of the categories this form creates
    found: list[str] = []
    known = existing if isinstance(existing, Mapping) else {}
    for line in text.splitlines():
        if not line.strip():
            continue
        typed_slug, sep, display = line.partition(":")
        shown = quoted_as_typed(line.strip())
        if not sep:
            found.append(f"“{shown}” should look like “slug: Display name”.")
            continue
        slug, display = slug_from_typed(typed_slug), display.strip()
        created = slug in chosen and slug not in existing
        problems = [
            problem
            for problem in (
                validate_category_slug(slug, typed=typed_slug.strip()),
                validate_display_name(display)
                or _run_together(slug, display)
                or (_named_as_another(slug, display, known, created_names) if created else None),
            )
            if problem
        ]
        found.extend(f"“{shown}”: {problem}" for problem in problems)
        if not problems:
            names[slug] = display
            if created:
                created_names[slug] = display
    return names, found


def _named_as_another(
    slug: str, display: str, known: Mapping[str, str | None], created: Mapping[str, str]
) -> str | None:
    """Why the new category ``slug`` can't be called ``display``: a category that exists
    (``known``) or another new one of the same form (``created``) has that name. None if none."""
    other = named_like(display, known, other_than=slug)
    if other is not None:
        return (
            f"{other} is already called “{known[other]}”, and two categories with one name "
            f"can't be told apart in the lists: choose {other} in the Categories box, or give "
            "this one another name."
        )
    other = named_like(display, created, other_than=slug)
    if other is not None:
        return (
            f"{other}, also new here, is to be called “{created[other]}” too: give each new "
            "category its own name."
        )
    return None


def _run_together(slug: str, display: str) -> str | None:
    """A name that holds its own “slug:” again is two lines typed as one (the box's last line
    had no line break, and the editor typed on after it): stored, it would be the category's
    name as the game shows it."""
    if slug and f"{slug}:" in display.casefold():
        return (
            f"The name holds “{slug}:” again, as if two lines ran together: put each "
            "“slug: Display name” on a line of its own."
        )
    return None


def _only_removes(chosen: list[str], stored: list[str]) -> bool:
    return bool(stored) and all(c in stored or c == GENERAL for c in chosen)


def _unnamed_new_categories(
    values: Mapping[str, Any], stored: list[str], known: Collection[str], names_text: str
) -> list[str]:
    """New categories (not known, not on the stored question) without a display name. One with
    a line of its own is named, even when that line is refused: the line's problem is said, and
    "needs a display name" would tell the editor to add a line that is there."""
    names = {
        slug_from_typed(typed_slug)
        for typed_slug, sep, _ in (line.partition(":") for line in names_text.splitlines())
        if sep
    }
    return [
        c
        for c in values.get("categories", [])
        if c not in known and c != GENERAL and c not in stored and c not in names
    ]


def is_invisible_format_character(ch: str) -> bool:
    """Whether ``ch`` is an invisible format character a copy from a page or a chat brings along:
    a zero-width space, a byte-order mark, a text-direction mark or control (Unicode Cf), but not
    the joiners and tag characters some names need. ``quoted_as_typed`` writes these out, and
    control characters (Cc) besides; no date or number holds one (core.params drops them)."""
    return unicodedata.category(ch) == "Cf" and not _needed_format_character(ch)
