"""One normalisation for indexing and querying: casefolded, accents stripped, punctuation gone."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 12


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or "").casefold())
    # ASCII has no combining marks: skip the per-character pass (an import indexes thousands).
    stripped = (
        decomposed
        if decomposed.isascii()
        else "".join(c for c in decomposed if not unicodedata.combining(c))
    )
    return " ".join(_WORD.findall(stripped))


def terms(text: str) -> list[str]:
    """The query's distinct words, in order, at most MAX_TERMS."""
    return _distinct(text)[:MAX_TERMS]


def terms_left_out(text: str) -> list[str]:
    """The query's distinct words after the first MAX_TERMS: not searched (the page says so,
    rather than claim they matched)."""
    return _distinct(text)[MAX_TERMS:]


def _distinct(text: str) -> list[str]:
    return list(dict.fromkeys(normalise(text).split()))


def document(*parts: str) -> str:
    return normalise(" ".join(p for p in parts if p))
