"""One undo limit for every staff change: a review and a streak store alike."""

from __future__ import annotations

from truthbyte_admin.core.undo import undo_minutes


def test_reviews_and_streak_stores_read_the_one_setting(settings):
    settings.MODERATION_UNDO_MINUTES = 7
    assert undo_minutes() == 7
