"""Text similarity for spotting duplicate or near-duplicate questions.

Submissions and edits should be checked against the ~thousands of existing questions before
they reach players, and the check runs inside a request, so it has to be quick: candidates
are first narrowed by shared words, and only the best of those go through difflib.

Text likeness alone is not enough for a true/false game: "Is 2 × 9 equal to 18?" and
"Is 12 × 9 equal to 118?", or "Is Io a moon of Jupiter?" and "Is Deimos a moon of Jupiter?",
are near-identical strings but different questions (often one is the false variant of the
other). So a pair that states a different fact (see `states_different_fact`) loses
`DIFFERENT_FACT_PENALTY`, which keeps it listed as similar but below the duplicate threshold.
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
DIFFERENT_FACT_PENALTY = 0.2
"""Taken off the score of a pair that states a different fact. Any non-identical pair scores at
most 0.99, so such a pair scores at most 0.79: still shown as similar, never at or above the
default duplicate threshold (0.9). A subtraction rather than a cap keeps such pairs ranked."""
MAX_DIFFERING_WORDS = 5
"""Past this many differing words on either side, the words count as replaced without looking
for typos: such texts are different questions anyway, and the pairing (an edit distance per
pair of words) must stay small for an untrusted 20,000-character submission."""
TYPO_MAX_LENGTH = 30
"""Longer tokens (pasted links, keyboard mashing) are never taken for a typo of another."""

_APOSTROPHES = "'\u2018\u2019\u02bc"
_ASCII_TABLE = str.maketrans({**dict.fromkeys(string.punctuation, " "), "'": ""})
# Pronouns are here too: "Can I have…" and "Can we have…" ask the same question. Negations
# ("not", "no", "never") and number words are deliberately not: they change the fact. Nor are
# "i" and "us": Elizabeth I / II, World War I / II, the US / the UK are different facts.
_STOPWORDS = frozenset(
    "a an and are as at be been by can could did do does for from had has have how if in is it "
    "its of on or that the their there these this to was were what when where which who will "
    "with would we you he she they me him her them my our your his".split()
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


def _has_digit(token: str) -> bool:
    return any(ch.isdigit() for ch in token)


def _within_edits(a: str, b: str, limit: int) -> bool:
    """Whether the Levenshtein distance between a and b is at most `limit`.

    Only the cells within `limit` of the diagonal are computed: a cell further out is already
    more than `limit` edits, and the limit here is 1 or 2.
    """
    if abs(len(a) - len(b)) > limit:
        return False
    over = limit + 1  # stands for any distance beyond the limit
    previous = [j if j <= limit else over for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [i if i <= limit else over] + [over] * len(b)
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]), over
            )
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def is_typo_of(a: str, b: str) -> bool:
    """Whether two different words are plausibly one word misspelt ("visable"/"visible",
    "grate"/"great", "sank"/"sink") rather than two words ("io"/"deimos", "mo"/"wi").

    Words of one or two letters must match exactly (a typo there changes half the word, and
    "B"/"C" are different elements); up to four letters one edit is allowed, longer words two.
    Near-spelt names ("Iran"/"Iraq") pass as typos: spelling alone can't tell them apart.
    Tokens longer than :data:`TYPO_MAX_LENGTH` are not words anyone misspells (and would make
    the comparison costly), so they must match exactly too.
    """
    shorter = min(len(a), len(b))
    if shorter < 3 or max(len(a), len(b)) > TYPO_MAX_LENGTH:
        return False
    return _within_edits(a, b, 1 if shorter <= 4 else 2)


def states_different_fact(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two questions' word sets (normalised words) say different things, however alike
    the texts: a true/false question and its false variant differ in just one number or name.

    - Numbers (any word with a digit: "18", "3", "ww2", "1990s") must be the same on both sides;
      a number that only one side has also differs. Numbers get no typo allowance: 18 and 118
      are one edit apart.
    - Other words, stopwords aside: a word one side has and the other lacks is fine if it was
      merely added ("outer space", "a tie game") or is a typo of a word the other side has
      instead (`is_typo_of`). It is a different fact when *both* sides keep a word the other
      lacks: one word replaced by another ("io" → "deimos", "liver" → "bladder").
    """
    only_a, only_b = a - b, b - a
    if any(_has_digit(w) for w in only_a) or any(_has_digit(w) for w in only_b):
        return True
    words_a, words_b = only_a - _STOPWORDS, only_b - _STOPWORDS
    if not words_a or not words_b:
        return False  # words only added (or only removed): the same question, said at length
    if len(words_a) > MAX_DIFFERING_WORDS or len(words_b) > MAX_DIFFERING_WORDS:
        return True
    typos = {(w, v) for w in words_a for v in words_b if is_typo_of(w, v)}
    typo_in_a = {w for w, _ in typos}
    typo_in_b = {v for _, v in typos}
    return bool(words_a - typo_in_a) and bool(words_b - typo_in_b)


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
    score = max(jaccard, ratio)
    if states_different_fact(tq, tc):
        score = max(score - DIFFERENT_FACT_PENALTY, 0.0)
    return score


def similarity(a: str, b: str) -> float:
    """0..1: the larger of word-set Jaccard and difflib's ratio on the normalised texts
    (the ratio on their first :data:`COMPARED_CHARS` characters), less
    :data:`DIFFERENT_FACT_PENALTY` when they state a different fact (`states_different_fact`).

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
