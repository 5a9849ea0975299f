"""Parsing question exports (JSONL) in both shapes of GAME.md; untrusted input, line by line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..domain.categories import normalise_categories, slug_from_typed
from ..domain.ids import question_id_problem
from ..domain.validation import (
    DEFAULT_DIFFICULTY,
    DIFFICULTY_MAX,
    DIFFICULTY_MIN,
    GENERAL,
    first_control_character,
    has_visible_text,
    validate_category_slug,
)
from .models import Question
from .serialization import as_str_list

MAX_LINE_BYTES = 64 * 1024
# The editor's limit (CATEGORIES_MAX) is for what staff type; an export's tags are the game's
# own, up to ten in its files. The bound is what one change can still undo: a retirement takes
# two actions per category (the list entry and the count) and a few more, in 100.
IMPORTED_CATEGORIES_MAX = 46  # general included


@dataclass
class RejectedLine:
    line_number: int
    reason: str


@dataclass
class ParsedFile:
    questions: list[Question] = field(default_factory=list)
    rejected: list[RejectedLine] = field(default_factory=list)
    # Set when no line was valid and the file reads as a JSON document rather than JSONL: one
    # sentence says why better than each line's parser error.
    format_hint: str | None = None
    # Category names in the file that are not keys as written -> the key each became ("Pop
    # Culture" -> "pop_culture"), for the command to say so.
    renamed: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """No line with anything on it."""
        return not self.questions and not self.rejected


JSON_ARRAY_HINT = (
    "the file is a JSON array, not JSONL: the import reads one JSON object per line "
    "(convert it with: jq -c '.[]' FILE.json > FILE.jsonl)"
)
# A byte-order mark of another Unicode encoding (UTF-32's first: its little-endian mark starts
# with UTF-16's) -> the encoding's name for iconv.
_OTHER_MARKS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def encoding_hint(encoding: str) -> str:
    return (
        f"the file is {encoding} text, not UTF-8: the import reads UTF-8 (convert it with: "
        f"iconv -f {encoding} -t UTF-8 FILE > FILE.utf8.jsonl)"
    )


PRETTY_JSON_HINT = (
    "the file is pretty-printed JSON (each object spread over several lines), not JSONL: the "
    "import reads one JSON object per line (convert it with: jq -c . FILE.json > FILE.jsonl)"
)


def parse_question_lines(lines: Iterable[bytes | str]) -> ParsedFile:
    parsed = ParsedFile()
    first_seen: dict[str, int] = {}  # id -> the line that imports it
    for number, raw in enumerate(lines, start=1):
        if number == 1:  # a byte-order mark, as Windows tools write them, is not content
            raw = raw.removeprefix(b"\xef\xbb\xbf" if isinstance(raw, bytes) else "\ufeff")
            if isinstance(raw, bytes):  # another encoding's mark: said once, not per line
                marked = next((name for mark, name in _OTHER_MARKS if raw.startswith(mark)), None)
                parsed.format_hint = encoding_hint(marked) if marked else None
        try:
            text = _decoded(raw)
            if not text.strip():
                continue
            if not parsed.questions and not parsed.rejected and not parsed.format_hint:
                parsed.format_hint = _format_hint(text.strip())  # the first line with content
            question = question_from_export(_json(text), renamed=parsed.renamed)
            if question.id in first_seen:
                raise ValueError(
                    f"id {question.id} already on line {first_seen[question.id]}; skipped"
                )
        except ValueError as exc:
            parsed.rejected.append(RejectedLine(number, str(exc)))
            continue
        first_seen[question.id] = number
        parsed.questions.append(question)
    if parsed.questions or not parsed.rejected:
        parsed.format_hint = None
    return parsed


def _decoded(raw: bytes | str) -> str:
    if isinstance(raw, str):
        return raw
    if len(raw) > MAX_LINE_BYTES:
        raise ValueError("line longer than 64 KiB")
    if b"\x00" in raw:  # valid UTF-8, but no text holds it: UTF-16 (without its mark) or binary
        raise ValueError("holds NUL bytes: not UTF-8 text (UTF-16, or not a text file at all)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not valid UTF-8") from None


def _json(line: str) -> object:
    """The line's JSON value; the parser's reason placed on the file's own line (the parser
    counts lines within the text it was given, so its "line 2 column 1" meant this line's end)."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        end = len(line.rstrip("\r\n"))
        where = "at the end of the line" if exc.pos >= end else f"at column {exc.pos + 1}"
        raise ValueError(f"not valid JSON ({exc.msg} {where})") from None
    except RecursionError:
        raise ValueError("not valid JSON (nested too deeply)") from None
    if "\\u" in line:  # only an escape can make a lone surrogate from valid UTF-8
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            # JSON allows "\ud800" alone, but it is half of a character, not text: no page,
            # staff database or backup could hold it.
            surrogate = exc.object[exc.start]
            raise ValueError(
                f"holds \\u{ord(surrogate):04x}, half of a character (a lone UTF-16 "
                "surrogate), which is not text"
            ) from None
    return value


def _format_hint(first_content: str) -> str | None:
    if first_content.startswith("["):
        return JSON_ARRAY_HINT
    if first_content == "{":
        return PRETTY_JSON_HINT
    return None


def question_from_export(record: object, *, renamed: dict[str, str] | None = None) -> Question:
    """One export object → Question. Raises ValueError with a reason a person can act on.

    Curated shape: {id, question, answer, category, difficulty, tags, title, passage} — categories
    from `category` (as the game's upload does). Other exports: {id, question, title, passage,
    answer, tags} — no difficulty (3), `tags` as categories.
    """
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    qid = record.get("id")
    if not isinstance(qid, str):
        raise ValueError("missing id" if qid is None else "id must be a string")
    # The one id rule of the app: an id the editor can't open must not be stored.
    if problem := question_id_problem(qid):
        raise ValueError(f"id {_shown(qid)} can't be used: {problem}")
    text, title, passage = _texts(record)
    answer = _answer(record)
    categories = _categories(record, renamed)
    difficulty = _difficulty(record.get("difficulty"))
    return Question(
        id=qid,
        question=text.strip(),
        title=title.strip(),
        passage=passage,
        answer=answer,
        categories=normalise_categories(categories),
        difficulty=difficulty,
    )


def _texts(record: dict) -> tuple[str, str, str]:
    """The question, title and passage: strings, the question showing something, and none
    holding a character the editor refuses."""
    text = record.get("question")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("missing question text")
    for name in ("title", "passage"):
        if record.get(name) is not None and not isinstance(record.get(name), str):
            raise ValueError(f"{name} must be a string")
    texts = (text, record.get("title") or "", record.get("passage") or "")
    for name, value in zip(("question", "title", "passage"), texts, strict=True):
        if found := first_control_character(value):
            raise ValueError(
                f"{name} holds the control character {found}, which the editor refuses too "
                "(NUL, escape, a lone carriage return and the like; tabs and line breaks are fine)"
            )
        if value.strip() and not has_visible_text(value):
            raise ValueError(f"the {name} has only invisible characters: players would see nothing")
    return texts


def _categories(record: dict, renamed: dict[str, str] | None) -> list[str]:
    """The record's categories as slugs (``renamed``, when given, learns each one typed other
    than its slug), at most as many as the editor allows."""
    if "category" in record:
        category = record.get("category")
        if not isinstance(category, str) or not category.strip():
            raise ValueError("category must be a non-empty string")
        categories = [category]
    else:
        categories = _category_list(record)
    # Slugs, as every category the admin creates: a file's " Space" imports as "space". The
    # game's uploader would write it as is; this import makes slugs as the editor does (and
    # then validates), while names already stored are read verbatim (serialization.as_str_list).
    typed_names, categories = categories, [slug_from_typed(c) for c in categories]
    count = len(normalise_categories(categories))
    if count > IMPORTED_CATEGORIES_MAX:
        raise ValueError(
            f"{count} categories including {GENERAL}; an imported question may have at most "
            f"{IMPORTED_CATEGORIES_MAX - 1} besides {GENERAL}, so that one change can still "
            "edit or retire it"
        )
    for typed, slug in zip(typed_names, categories, strict=True):
        problem = validate_category_slug(slug, typed=typed)
        if problem:
            # A problem that quotes the name as typed says which one it is already.
            quotes_it = "“" in problem
            raise ValueError(
                problem[0].lower() + problem[1:]
                if quotes_it
                else f"category {_shown(typed)}: {problem[0].lower()}{problem[1:]}"
            )
    if renamed is not None:
        renamed.update({t: s for t, s in zip(typed_names, categories, strict=True) if t != s})
    return categories


def _answer(record: dict) -> bool:
    """A JSON true or false, as every export of the game writes it: "yes", "true" or 1 are
    refused, not guessed (a guess would decide what players are told is right)."""
    if "answer" not in record:
        if "suggested_answer" in record:
            raise ValueError(
                "answer must be true or false (missing; suggested_answer is the design "
                "document's field for a player's submission, not a question export's)"
            )
        raise ValueError("answer must be true or false (missing)")
    answer = record["answer"]
    if not isinstance(answer, bool):
        raise ValueError(f"answer must be true or false (a JSON boolean), not {_shown(answer)}")
    return answer


def _category_list(record: dict) -> list[str]:
    """The other export shape's categories: `categories`, else `tags`, a list of strings."""
    name = "categories" if record.get("categories") else "tags"
    value = record.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{name} must be a list of strings, not {_shown(value)}")
    return as_str_list(value)


def _difficulty(value: object) -> int:
    """3 when absent (the other export shape has none); else a whole number from 1 to 5, as a
    JSON number like every export writes it. 2.5 is refused, not rounded (the file would not
    say what is stored), and so are "3" and 3.0."""
    if value is None:
        return DEFAULT_DIFFICULTY
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not DIFFICULTY_MIN <= value <= DIFFICULTY_MAX
    ):
        raise ValueError(
            f"difficulty must be a whole number from {DIFFICULTY_MIN} to {DIFFICULTY_MAX}, "
            f"not {_shown(value)}"
        )
    return value


def _shown(value: object) -> str:
    """A value as the file has it, cut short."""
    if isinstance(value, str) and len(value) > 38:
        value = value[:37] + "…"  # cut inside its quotes, which still close it
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"
