"""Daily ranks and the streak threshold, exactly as GAME.md states them.

Kept in one place so the rank shown in the back office, the rank the documented day
shape stores, and the streak rule (rank B or better) can never drift apart.
"""

from __future__ import annotations

RANKS: tuple[str, ...] = ("S", "A", "B", "C", "D")
"""All ranks, best first."""

STREAK_THRESHOLD = 70
"""Score percent that keeps a documented streak (rank B or better); exactly 70 counts."""


def rank_for_score(score: float) -> str:
    """Rank of a day from its score percent: 100 → S, ≥ 80 → A, ≥ 70 → B, ≥ 60 → C, else D.

    Scores above 100 (never produced by the game) are treated as a perfect day rather than
    raising, so odd stored data still displays.
    """
    if score >= 100:
        return "S"
    if score >= 80:
        return "A"
    if score >= STREAK_THRESHOLD:
        return "B"
    if score >= 60:
        return "C"
    return "D"
