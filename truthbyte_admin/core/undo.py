"""Undoing a recent staff change (a review, a streak store): how long it stays possible."""

from __future__ import annotations

from django.conf import settings


def undo_minutes() -> int:
    """How long a staff change can be undone: one setting for reviews and streak stores alike,
    so staff learn one limit."""
    return int(getattr(settings, "MODERATION_UNDO_MINUTES", 10))
