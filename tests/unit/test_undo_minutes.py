"""One undo limit for every staff change: a review and a streak store alike."""

from __future__ import annotations

from truthbyte_admin.core.undo import undo_minutes
from truthbyte_admin.moderation import services as moderation_services
from truthbyte_admin.players import selectors as players_selectors
from truthbyte_admin.players import services as players_services


def test_reviews_and_streak_stores_read_the_one_setting(settings):
    settings.MODERATION_UNDO_MINUTES = 7
    assert undo_minutes() == 7
    assert moderation_services.undo_minutes is undo_minutes
    assert players_services.undo_minutes is undo_minutes
    assert players_selectors.undo_minutes is undo_minutes
