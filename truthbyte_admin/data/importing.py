"""Parsing question exports (JSONL) in both shapes of GAME.md; untrusted input, line by line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..domain.categories import normalise_categories
from ..domain.validation import validate_category_slug
from .models import Question
from .serialization import as_bool, as_int, as_str_list

MAX_LINE_BYTES = 64 * 1024
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")


@dataclass
class RejectedLine:
    line_number: int
    reason: str


@dataclass
class ParsedFile:
    questions: list[Question] = field(default_factory=list)
    rejected: list[RejectedLine] = field(default_factory=list)


def parse_question_lines(lines: Iterable[bytes | str]) -> ParsedFile:
    parsed = ParsedFile()
    for number, raw in enumerate(lines, start=1):
        if number == 1:  # a byte-order mark, as Windows tools write them, is not content
            raw = raw.removeprefix(b"\xef\xbb\xbf" if isinstance(raw, bytes) else "\ufeff")
        if isinstance(raw, bytes):
            if len(raw) > MAX_LINE_BYTES:
                parsed.rejected.append(RejectedLine(number, "line longer than 64 KiB"))
                continue
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                parsed.rejected.append(RejectedLine(number, "not valid UTF-8"))
                continue
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError as exc:
            parsed.rejected.append(RejectedLine(number, f"not valid JSON ({exc})"))
            continue
        try:
            question = question_from_export(record)
        except ValueError as exc:
            parsed.rejected.append(RejectedLine(number, str(exc)))
            continue
        parsed.questions.append(question)
    return parsed


def question_from_export(record: object) -> Question:
    """One export object → Question. Raises ValueError with a reason a person can act on.

    Curated shape: {id, question, answer, category, difficulty, tags, title, passage} — categories
    from `category` (as the game's upload does). Other exports: {id, question, title, passage,
    answer, tags} — no difficulty (3), `tags` as categories.
    """
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    qid = record.get("id")
    if not isinstance(qid, str) or not ID_PATTERN.match(qid):
        raise ValueError("missing or invalid id")
    text = record.get("question")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("missing question text")
    answer = as_bool(record.get("answer"))
    if answer is None:
        raise ValueError("answer must be true or false")
    if "category" in record:
        category = record.get("category")
        if not isinstance(category, str) or not category.strip():
            raise ValueError("category must be a non-empty string")
        categories = [category]
    else:
        categories = as_str_list(record.get("categories")) or as_str_list(record.get("tags"))
    categories = [c.strip().lower().replace(" ", "_").replace("-", "_") for c in categories]
    for slug in categories:
        problem = validate_category_slug(slug)
        if problem:
            raise ValueError(f"category {slug!r}: {problem}")
    difficulty = _difficulty(record.get("difficulty"))
    for name in ("title", "passage"):
        if record.get(name) is not None and not isinstance(record.get(name), str):
            raise ValueError(f"{name} must be a string")
    return Question(
        id=qid,
        question=text.strip(),
        title=(record.get("title") or "").strip(),
        passage=record.get("passage") or "",
        answer=answer,
        categories=normalise_categories(categories),
        difficulty=difficulty,
    )


def _difficulty(value: object) -> int:
    """3 when absent (the other export shape has none); else a whole number from 1 to 5, given
    as a number or as text. 2.5 is refused, not rounded: the file would not say what is stored."""
    if value is None:
        return 3
    number = as_int(value)
    if number is None or not 1 <= number <= 5 or Decimal(str(value).strip()) != number:
        raise ValueError("difficulty must be a whole number from 1 to 5")
    return number
