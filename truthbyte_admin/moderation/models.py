"""Staff-side moderation settings, in the staff database (never in the game's tables).

The game never reads these: the reasons are only what a moderator picks from; what reaches the
game is the chosen reason's text, stored on the submission (``reviewer_notes``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SavedReason(models.Model):
    """A rejection reason moderators pick from; admins edit the list (``/queue/reasons/``)."""

    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class ModerationPreference(models.Model):
    """Per staff member: whether the single-key shortcuts are on (WCAG 2.1.4)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_preference"
    )
    shortcuts_enabled = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.user}: shortcuts {'on' if self.shortcuts_enabled else 'off'}"
