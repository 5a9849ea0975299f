"""The moderation queue's duplicate guard ("Likely duplicate" → "Approve anyway") on the texts
it was reported to flag wrongly, and on a duplicate it must keep catching."""

from __future__ import annotations

import pytest

from truthbyte_admin.data import questions, similar

STORED = [
    ("q_times", "Is 2 × 9 equal to 18?"),
    ("q_times_word", "Is 2 times 9 equal to 18?"),
    ("q_io", "Is Io a moon of Jupiter?"),
]


@pytest.fixture
def corpus(monkeypatch, settings):
    settings.MODERATION_DUPLICATE_THRESHOLD = 0.9
    monkeypatch.setattr(questions, "similarity_corpus", lambda: list(STORED))


@pytest.mark.parametrize(
    "submitted",
    ["Is 12 × 9 equal to 118?", "Is 82 times 19 equal to 1548?", "is deimos a moon of jupiter?"],
)
def test_a_variant_with_another_number_or_name_is_not_a_likely_duplicate(corpus, submitted):
    assert similar.likely_duplicate(submitted) is None
    # Still listed for the moderator to look at, as similar.
    assert similar.similar_questions(submitted)


def test_a_reworded_copy_is_still_a_likely_duplicate(corpus):
    found = similar.likely_duplicate("is io a moon of JUPITER")
    assert found is not None
    assert (found.id, found.percent) == ("q_io", 100)
    typo = similar.likely_duplicate("Is Io a mooon of Jupiter?")
    assert typo is not None
    assert typo.id == "q_io"
