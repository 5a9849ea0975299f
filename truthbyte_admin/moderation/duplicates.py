"""Is a submission a duplicate? Similarity against every stored question's text (advice to the
moderator, shown on the review page and checked again by approval)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from ..data import questions
from ..domain.similarity import most_similar

CORPUS_CACHE_SECONDS = questions.SIMILARITY_CORPUS_SECONDS
SIMILAR_SHOWN = 3


@dataclass(frozen=True)
class SimilarQuestion:
    id: str
    text: str
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def similar_questions(text: str) -> list[SimilarQuestion]:
    if not text.strip():
        return []
    return [
        SimilarQuestion(qid, qtext, score)
        for qid, qtext, score in most_similar(
            text, questions.similarity_corpus(), top=SIMILAR_SHOWN
        )
    ]


def duplicate_threshold() -> float:
    return float(getattr(settings, "MODERATION_DUPLICATE_THRESHOLD", 0.9))


def likely_duplicate(text: str) -> SimilarQuestion | None:
    """The existing question ``text`` most likely duplicates (≥ the threshold), or None."""
    best = similar_questions(text)[:1]
    return best[0] if best and best[0].score >= duplicate_threshold() else None
