"""Text similarity for spotting duplicate or near-duplicate questions.

Submissions and edits should be checked against the ~thousands of existing questions before
they reach players, and the check runs inside a request, so it has to be quick: candidates
are first narrowed by shared words, and only the best of those go through difflib.
"""

from __future__ import annotations

import heapq
import string
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

SHORTLIST = 100
"""How many word-overlap leaders get the (slower) character comparison in `most_similar`."""
COMPARED_CHARS = 500
"""The character comparison (difflib, quadratic in the worst case) reads only this many
normalised characters of each side: submissions are untrusted player text, and a question is
far shorter. The word-set Jaccard and the "identical" check still use the whole text."""

_APOSTROPHES = "'\u2018\u2019\u02bc"
_ASCII_TABLE = str.maketrans({**dict.fromkeys(string.punctuation, " "), "'": ""})
_STOPWORDS = frozenset(
    "a an and are as at be been by can could did do does for from had has have how if in is it "
    "its of on or that the their there these this to was were what when where which who will "
    "with would".split()
)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Casefolded, accents stripped (NFKD), punctuation dropped, whitespace collapsed.

    Apostrophes vanish ("don't" → "dont"); other punctuation and symbols become spaces so
    "well-known" and "well known" match. Cached because the same question texts are compared
    against every new submission.
    """
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_TABLE).split())
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    out: list[str] = []
    for ch in folded:
        if ch.isascii():
            out.append(ch.translate(_ASCII_TABLE))
            continue
        category = unicodedata.category(ch)
        if category in ("Mn", "Cf") or ch in _APOSTROPHES:
            continue  # accents, zero-width and other invisible format characters
        out.append(" " if category[0] in "PSZC" else ch)
    return " ".join("".join(out).split())


def _tokens(normalised: str) -> frozenset[str]:
    return frozenset(normalised.split())


def _score(nq: str, tq: frozenset[str], nc: str, tc: frozenset[str]) -> float:
    if nq == nc:
        return 1.0
    if not nq or not nc:
        return 0.0
    union = len(tq | tc)
    # Same words in another order is close but not identical; 1.0 means "same text".
    jaccard = min(len(tq & tc) / union, 0.99) if union else 0.0
    # Bounded: a 20,000-character submission must not make this quadratic. Texts that differ
    # only after the first COMPARED_CHARS are "very close", never 1.0 (which means identical).
    ratio = min(
        SequenceMatcher(None, nq[:COMPARED_CHARS], nc[:COMPARED_CHARS], autojunk=False).ratio(),
        0.99,
    )
    return max(jaccard, ratio)


def similarity(a: str, b: str) -> float:
    """0..1: the larger of word-set Jaccard and difflib's ratio on the normalised texts
    (the ratio on their first :data:`COMPARED_CHARS` characters).

    Exactly 1.0 only when the texts are identical after normalisation (both empty included).
    """
    na, nb = normalise(a), normalise(b)
    return _score(na, _tokens(na), nb, _tokens(nb))


def most_similar(
    text: str, candidates: Iterable[tuple[str, str]], top: int = 3
) -> list[tuple[str, str, float]]:
    """The `top` candidates most like `text`, as (id, text, score), best first.

    Only candidates sharing a meaningful word with `text` (any word, if `text` has only
    stopwords) are considered, and only the SHORTLIST best by word overlap are scored with
    difflib, which keeps 10,000 candidates well under a second. Ties keep input order.
    """
    if top <= 0:
        return []
    nq = normalise(text)
    tq = _tokens(nq)
    if not tq:
        return []
    needles = (tq - _STOPWORDS) or tq
    overlap: list[tuple[float, int, str, str, str, frozenset[str]]] = []
    for index, (cid, ctext) in enumerate(candidates):
        nc = normalise(ctext)
        tc = _tokens(nc)
        if needles.isdisjoint(tc):
            continue
        jaccard = 1.0 if nc == nq else len(tq & tc) / len(tq | tc)
        overlap.append((jaccard, -index, cid, ctext, nc, tc))
    shortlist = heapq.nlargest(max(SHORTLIST, top), overlap)
    scored = [
        (_score(nq, tq, nc, tc), neg_index, cid, ctext)
        for _, neg_index, cid, ctext, nc, tc in shortlist
    ]
    best = heapq.nlargest(top, scored)
    return [(cid, ctext, score) for score, _, cid, ctext in best]
