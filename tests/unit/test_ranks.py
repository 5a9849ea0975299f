"""Rank boundaries and the streak threshold from GAME.md."""

import pytest

from truthbyte_admin.domain.ranks import RANKS, STREAK_THRESHOLD, rank_for_score


@pytest.mark.parametrize(
    ("score", "rank"),
    [
        (100, "S"),
        (100.0, "S"),
        (99.9, "A"),
        (99, "A"),
        (80, "A"),
        (79.99, "B"),
        (70, "B"),
        (69, "C"),
        (60, "C"),
        (59.5, "D"),
        (0, "D"),
        (-5, "D"),
        (120, "S"),
    ],
)
def test_rank_for_score_boundaries(score: float, rank: str) -> None:
    assert rank_for_score(score) == rank


def test_ranks_are_best_first_and_cover_every_result() -> None:
    assert RANKS == ("S", "A", "B", "C", "D")
    assert {rank_for_score(s) for s in range(0, 101)} == set(RANKS)
    assert [rank_for_score(s) for s in (100, 90, 75, 65, 10)] == list(RANKS)


def test_streak_threshold_is_rank_b() -> None:
    assert STREAK_THRESHOLD == 70
    assert rank_for_score(STREAK_THRESHOLD) == "B"
    assert rank_for_score(STREAK_THRESHOLD - 1) == "C"
