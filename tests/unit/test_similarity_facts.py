"""A true/false question and its variant that states a different fact (another number, another
name) are alike as text but are not duplicates: they must score under the duplicate threshold,
while rewordings, typos and reorderings of one question still score over it.

The pairs marked "curated" are from the game's own questions
(/work/shared/truthbyte/data/curated_questions.jsonl), where they all scored ≥ 0.9 before.
"""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from truthbyte_admin.domain import similarity as module
from truthbyte_admin.domain.similarity import (
    DIFFERENT_FACT_PENALTY,
    MAX_DIFFERING_WORDS,
    SHORTLIST,
    TYPO_MAX_LENGTH,
    is_typo_of,
    most_similar,
    normalise,
    similarity,
    states_different_fact,
)

DUPLICATE_THRESHOLD = 0.9
"""settings.MODERATION_DUPLICATE_THRESHOLD's default: at or above it, "Likely duplicate"."""

DIFFERENT_QUESTIONS = [
    # reported: flagged 95%, 92% and 92% similar
    ("Is 12 × 9 equal to 118?", "Is 2 × 9 equal to 18?"),
    ("Is 82 times 19 equal to 1548?", "Is 2 times 9 equal to 18?"),
    ("is deimos a moon of jupiter?", "Is Io a moon of Jupiter?"),
    # curated
    ("Can you buy alcohol on sunday in mo?", "Can you buy alcohol on sunday in wi?"),
    ("Can you buy alcohol in maine on sundays?", "Can you buy alcohol in pa on sunday?"),
    ("Has an nhl team ever come back from 3-0?", "Has a team ever come back from 3-1?"),
    (
        "Has australia ever been in a world cup final?",
        "Has croatia ever been in a world cup final?",
    ),
    ("Is a father in law considered a relative?", "Is a brother in law considered a relative?"),
    ("Is greece not in the world cup 2018?", "Is greece still in the world cup 2018?"),
    ("Is it possible to be alergic to water?", "Is it possible to be allergic to meat?"),
    ("Is the liver part of the excretory system?", "Is the bladder part of the excretory system?"),
    (
        "Is saigon cinnamon the same as ceylon cinnamon?",
        "Is saigon cinnamon the same as regular cinnamon?",
    ),
    # one letter is a whole word here, not a typo
    ("Is B the chemical symbol for boron?", "Is C the chemical symbol for boron?"),
    ("Did World War 2 end in 1945?", "Did World War 2 end in 1946?"),
    # "i" and "us" are words here, not pronouns (review)
    ("Was Elizabeth I the daughter of Henry VIII?", "Was Elizabeth II the daughter of Henry VIII?"),
    ("Did World War I end in 1918?", "Did World War II end in 1918?"),
    ("Is the US the largest economy?", "Is the UK the largest economy?"),
]

SAME_QUESTIONS = [
    ("Is the sky blue?", "is the SKY   blue"),  # case, punctuation, spacing
    ("Is Paris the capital of France?", "Is the capital of France Paris?"),  # word order
    ("Is B the chemical symbol of boron?", "Is B the chemical symbol for boron?"),  # stopword
    (
        "Is the Great Wall of China visible from space?",
        "Is the Grate Wal of China visable from space?",
    ),
    # curated
    ("Is heat index the same as real feel?", "Is real feel the same as heat index?"),
    ("Did the titanic sink on its maiden voyage?", "Did the titanic sank on its maiden voyage?"),
    (
        "Can i Have multiple foreign keys in a table?",
        "Can we Have multiple foreign keys in a table?",
    ),
    ("Is ace 2 3 4 5 a straight?", "Is an ace 2 3 4 5 a straight?"),  # same numbers
    ("Will there be a 6 pirates of the caribbean?", "Will there be a pirates of the carribean 6?"),
    (
        "Is there a sequel to the avengers infinity war?",
        "Is there a sequal to avengers infinity war?",
    ),
    ("Has there ever been a tie in baseball?", "Has there ever been a tie game in baseball?"),
    ("Do you need a tv license in uk?", "Do you need a tv licence in the uk?"),
    ("Are a cougar and mountain lion the same?", "Is a cougar and a mountain lion the same?"),
    ("Can you score off a throw in in soccer?", "Can you score from a throw in in soccer?"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT_QUESTIONS)
def test_a_different_number_or_name_is_not_a_likely_duplicate(a: str, b: str) -> None:
    assert states_different_fact(frozenset(normalise(a).split()), frozenset(normalise(b).split()))
    score = similarity(a, b)
    assert score < DUPLICATE_THRESHOLD
    assert score == pytest.approx(similarity(b, a))


def test_the_reported_pairs_are_still_listed_as_alike() -> None:
    """Penalised, not zeroed: the moderator still sees them among the similar questions."""
    for a, b in DIFFERENT_QUESTIONS[:3]:
        assert 0.7 <= similarity(a, b) <= 0.99 - DIFFERENT_FACT_PENALTY


@pytest.mark.parametrize(("a", "b"), SAME_QUESTIONS)
def test_rewordings_typos_and_reorderings_are_still_likely_duplicates(a: str, b: str) -> None:
    assert not states_different_fact(
        frozenset(normalise(a).split()), frozenset(normalise(b).split())
    )
    assert similarity(a, b) >= DUPLICATE_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b", "differs"),
    [
        ("is 2 9 18", "is 9 2 18", False),  # the same numbers, in another order
        ("is 2 9 18", "is 2 9", True),  # a number only one side has
        ("did ww2 end", "did ww1 end", True),  # words with digits are numbers too
        ("is io a moon", "is deimos a moon", True),
        ("is io a moon", "is io a small moon", False),  # a word added, none replaced
        ("is io a moon", "is io moon", False),  # only stopwords differ
        ("can i go", "can we go", False),  # "we" is a stopword, "i" only added
        ("was elizabeth i queen", "was elizabeth ii queen", True),
        ("is it visible", "is it visable", False),  # a typo
        ("is grate wal visable", "is great wall visible", False),  # three typos
        ("is it not red", "is it still red", True),  # a negation is a word like any other
        ("is rain water wet", "is it wet", False),  # words only removed
        ("is allergic rain water", "is alergic water", False),  # a typo, and a word added
    ],
)
def test_states_different_fact(a: str, b: str, differs: bool) -> None:
    words_a, words_b = frozenset(a.split()), frozenset(b.split())
    assert states_different_fact(words_a, words_b) is differs
    assert states_different_fact(words_b, words_a) is differs


@pytest.mark.parametrize(
    ("a", "b", "typo"),
    [
        ("visible", "visable", True),
        ("great", "grate", True),  # two edits, five letters
        ("caribbean", "carribean", True),
        ("sink", "sank", True),  # one edit, four letters
        ("wall", "wal", True),
        ("mo", "wi", False),
        ("b", "c", False),  # one or two letters: exact only
        ("to", "too", False),
        ("io", "deimos", False),
        ("liver", "bladder", False),
        ("father", "brother", False),  # three edits
        ("moon", "noon", True),  # the price of tolerating typos in short words
        ("x" * TYPO_MAX_LENGTH, "x" * (TYPO_MAX_LENGTH - 1) + "y", True),
        ("x" * (TYPO_MAX_LENGTH + 1), "x" * TYPO_MAX_LENGTH + "y", False),  # not a word
    ],
)
def test_is_typo_of(a: str, b: str, typo: bool) -> None:
    assert is_typo_of(a, b) is typo
    assert is_typo_of(b, a) is typo


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@given(
    st.text(alphabet="abc", max_size=8),
    st.text(alphabet="abc", max_size=8),
    st.integers(min_value=0, max_value=3),
)
def test_the_banded_edit_distance_agrees_with_the_full_one(a: str, b: str, limit: int) -> None:
    assert module._within_edits(a, b, limit) is (_levenshtein(a, b) <= limit)


def test_most_similar_ranks_a_rewording_above_a_variant_with_another_number() -> None:
    candidates = [
        ("false_variant", "Is 12 × 9 equal to 118?"),
        ("reworded", "Does 2 × 9 equal 18?"),
    ]
    result = most_similar("Is 2 × 9 equal to 18?", candidates, top=2)
    assert [cid for cid, _, _ in result] == ["reworded", "false_variant"]
    assert result[1][2] < DUPLICATE_THRESHOLD


def test_many_differing_words_skip_the_typo_pairing(monkeypatch) -> None:
    def no_pairing(a: str, b: str) -> bool:
        raise AssertionError("paired words past MAX_DIFFERING_WORDS")

    monkeypatch.setattr(module, "is_typo_of", no_pairing)
    many = frozenset(f"word{n}" for n in range(MAX_DIFFERING_WORDS + 1))
    assert states_different_fact(many, frozenset({"other"}))
    assert states_different_fact(frozenset({"other"}), many)


def test_typo_pairing_is_bounded_for_adversarial_candidates(monkeypatch) -> None:
    """Long look-alike words (a shared prefix keeps every row of the edit distance alive) on
    both sides: at most SHORTLIST candidates × MAX_DIFFERING_WORDS² pairs are compared, each
    over at most TYPO_MAX_LENGTH characters."""
    calls: list[tuple[int, int]] = []
    within_edits = module._within_edits

    def counting(a: str, b: str, limit: int) -> bool:
        calls.append((len(a), len(b)))
        return within_edits(a, b, limit)

    monkeypatch.setattr(module, "_within_edits", counting)
    rng = random.Random(3)
    prefix = "k" * (TYPO_MAX_LENGTH - 3)

    def words() -> str:
        return " ".join(
            prefix + "".join(rng.choice("xyz") for _ in range(3))
            for _ in range(MAX_DIFFERING_WORDS)
        )

    corpus = [(f"c{n}", f"shared {words()}") for n in range(3 * SHORTLIST)]
    normalise.cache_clear()
    most_similar(f"shared {words()}", corpus, top=3)
    assert len(calls) <= SHORTLIST * MAX_DIFFERING_WORDS**2
    assert all(max(sizes) <= TYPO_MAX_LENGTH for sizes in calls)
