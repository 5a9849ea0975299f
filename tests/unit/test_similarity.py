"""Near-duplicate detection: normalisation, the score, and speed over 10,000 candidates."""

import difflib
import random

import pytest

from truthbyte_admin.domain.similarity import (
    COMPARED_CHARS,
    DIFFERENT_FACT_PENALTY,
    SHORTLIST,
    most_similar,
    normalise,
    similarity,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Is the SKY blue?", "is the sky blue"),
        ("  many   spaces\tand\nlines  ", "many spaces and lines"),
        ("Café — naïve façade!", "cafe naive facade"),
        ("Don't stop", "dont stop"),
        ("Don\u2019t stop", "dont stop"),
        ("well-known (c.f. e.g.)", "well known c f e g"),
        ("Straße", "strasse"),
        ("ＡＢＣ ﬁsh", "abc fish"),  # compatibility forms (NFKD)
        ("zero\u200bwidth", "zerowidth"),
        ("İstanbul’s “best”", "istanbuls best"),
        ("", ""),
        ("?!...", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_identical_after_normalisation_is_one() -> None:
    assert similarity("Is the sky blue?", "is the SKY   blue") == 1.0
    assert similarity("Café?", "cafe") == 1.0
    assert similarity("", "") == 1.0


def test_scores_are_in_range_and_symmetric() -> None:
    pairs = [
        ("Is the sky blue?", "Is the sea blue?"),
        ("Is water wet?", "Can penguins fly?"),
        ("abc", ""),
        ("Is Paris the capital of France?", "Is the capital of France Paris?"),
    ]
    for a, b in pairs:
        score = similarity(a, b)
        assert 0.0 <= score <= 1.0
        assert score == pytest.approx(similarity(b, a))


def test_empty_against_text_is_zero() -> None:
    assert similarity("abc", "") == 0.0
    assert similarity("?", "Is it?") == 0.0


def test_reordered_words_are_close_but_not_identical() -> None:
    score = similarity("Is Paris the capital of France?", "Is the capital of France Paris?")
    assert 0.9 <= score < 1.0


def test_ordering_of_scores_is_sensible() -> None:
    q = "Is the Great Wall of China visible from space?"
    near = similarity(q, "Is the great wall of china visible from outer space?")
    typo = similarity(q, "Is the Grate Wal of China visable from space?")
    other = similarity(q, "Do penguins live at the North Pole?")
    assert near > 0.85
    assert typo > 0.85
    assert other < 0.5


def test_most_similar_best_first_with_scores() -> None:
    candidates = [
        ("q1", "Do penguins live at the North Pole?"),
        ("q2", "Is the great wall of china visible from outer space?"),
        ("q3", "Is the Great Wall of China visible from space?"),
        ("q4", "Is the Great Wall of China longer than 20,000 km?"),
        ("q5", "Is a tomato a fruit?"),
    ]
    result = most_similar("is the great wall of china visible from space", candidates)
    assert [r[0] for r in result] == ["q3", "q2", "q4"]
    assert result[0] == ("q3", "Is the Great Wall of China visible from space?", 1.0)
    scores = [r[2] for r in result]
    assert scores == sorted(scores, reverse=True)
    for cid, text, score in result:
        assert score == pytest.approx(
            similarity("is the great wall of china visible from space", text)
        )
        assert dict(candidates)[cid] == text


def test_most_similar_top_and_empty_cases() -> None:
    candidates = [("a", "Is a tomato a fruit?"), ("b", "Is a cucumber a fruit?")]
    assert len(most_similar("tomato fruit", candidates, top=1)) == 1
    assert most_similar("tomato fruit", candidates, top=0) == []
    assert most_similar("tomato fruit", [], top=3) == []
    assert most_similar("?!", candidates) == []
    assert most_similar("volcano", candidates) == []  # no shared word: not a near duplicate


def test_most_similar_accepts_a_generator_and_keeps_input_order_on_ties() -> None:
    gen = ((f"id{i}", "Is a tomato a fruit?") for i in range(5))
    assert [r[0] for r in most_similar("Is a tomato a fruit", gen, top=3)] == ["id0", "id1", "id2"]


def test_most_similar_only_stopwords_in_query() -> None:
    candidates = [("a", "Is it?"), ("b", "What is it")]
    assert most_similar("is it", candidates, top=1)[0][:2] == ("a", "Is it?")


class CountingMatcher:
    """Stands in for difflib.SequenceMatcher: counts the character comparisons and their sizes."""

    calls: list[tuple[int, int]] = []

    def __init__(self, junk, a, b, autojunk=True):
        CountingMatcher.calls.append((len(a), len(b)))
        self._matcher = difflib.SequenceMatcher(junk, a, b, autojunk=autojunk)

    def ratio(self) -> float:
        return self._matcher.ratio()


@pytest.fixture
def matcher(monkeypatch):
    from truthbyte_admin.domain import similarity as module

    CountingMatcher.calls = []
    monkeypatch.setattr(module, "SequenceMatcher", CountingMatcher)
    return CountingMatcher


def test_ten_thousand_candidates_get_a_bounded_number_of_character_comparisons(matcher) -> None:
    rng = random.Random(42)
    words = [f"word{n}" for n in range(3000)] + ["the", "is", "a", "of", "in", "can", "does"]
    candidates = [
        (f"q{i:05d}", "Is " + " ".join(rng.choice(words) for _ in range(rng.randint(5, 15))) + "?")
        for i in range(10_000)
    ]
    target_id, target_text = candidates[7777]
    query = target_text.upper().replace("?", "!")
    normalise.cache_clear()
    result = most_similar(query, candidates, top=5)
    # The word-overlap pass is linear; only the shortlist reaches difflib (the slow part).
    assert len(matcher.calls) <= SHORTLIST
    assert result[0] == (target_id, target_text, 1.0)
    assert len(result) == 5


def test_character_comparison_reads_only_the_first_compared_chars(matcher) -> None:
    """A huge untrusted submission can't make difflib quadratic: it sees 500 chars per side."""
    from truthbyte_admin.domain.similarity import COMPARED_CHARS

    assert COMPARED_CHARS == 500
    head = "x" * COMPARED_CHARS
    # One giant word each (no Jaccard overlap): the score is difflib's ratio alone, less the
    # penalty for a replaced word (one token each side, too long to be a typo of the other).
    # Over the whole 20,000 chars the ratio would be ~0.03; on the first 500 the texts are
    # equal, so "very close" but not identical.
    a, b = head + "y" * 19_500, head + "z" * 19_500
    assert similarity(a, b) == pytest.approx(0.99 - DIFFERENT_FACT_PENALTY)
    assert similarity(a, a) == 1.0
    half = COMPARED_CHARS // 2
    assert similarity("q" * half + head[half:] + "y" * 19_500, b) == pytest.approx(
        0.5 - DIFFERENT_FACT_PENALTY
    )
    assert matcher.calls
    assert all(max(sizes) <= COMPARED_CHARS for sizes in matcher.calls)


def test_a_huge_adversarial_submission_is_scored_in_bounded_work(matcher) -> None:
    rng = random.Random(7)
    words = ["sky", "blue", "ocean", "deep", "true", "false", "moon", "sun"]
    huge = " ".join(rng.choice(words) for _ in range(5_000))[:20_000]
    assert len(huge) == 20_000
    corpus = [(f"q{i}", " ".join(rng.choice(words) for _ in range(8))) for i in range(200)]
    # earlier huge submissions that made it into the corpus: huge against huge
    corpus += [(f"big{i}", " ".join(rng.choice(words) for _ in range(5_000))) for i in range(5)]
    best = most_similar(huge, corpus, top=3)
    assert len(best) == 3
    assert all(0 <= score < 1 for _, _, score in best)
    # At most the shortlist is compared by characters, each side cut to COMPARED_CHARS.
    assert len(matcher.calls) <= SHORTLIST
    assert all(max(sizes) <= COMPARED_CHARS for sizes in matcher.calls)
