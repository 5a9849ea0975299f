"""Is this text a duplicate? Similarity against every stored question's text: advice shown to
the moderator (the review page, checked again by approval) and to the editor (create, re-word).
Shared by both jobs; the corpus is data/questions' cached one."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from ..domain.similarity import most_similar
from . import questions

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


def similar_questions(text: str, *, excluding: str | None = None) -> list[SimilarQuestion]:
    """The stored questions most like ``text`` (but ``excluding``, the one being edited)."""
    if not text.strip():
        return []
    corpus = questions.similarity_corpus()
    if excluding is not None:
        corpus = [(qid, qtext) for qid, qtext in corpus if qid != excluding]
    return [
        SimilarQuestion(qid, qtext, score)
        for qid, qtext, score in most_similar(text, corpus, top=SIMILAR_SHOWN)
    ]


def duplicate_threshold() -> float:
    return float(getattr(settings, "MODERATION_DUPLICATE_THRESHOLD", 0.9))


def duplicates_of(text: str, *, excluding: str | None = None) -> list[SimilarQuestion]:
    """The stored questions ``text`` likely duplicates (≥ the threshold), most alike first."""
    threshold = duplicate_threshold()
    return [q for q in similar_questions(text, excluding=excluding) if q.score >= threshold]


def likely_duplicate(text: str) -> SimilarQuestion | None:
    """The existing question ``text`` most likely duplicates, or None."""
    return next(iter(duplicates_of(text)), None)
