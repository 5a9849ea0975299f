"""Per-staff moderation preferences, stored with the account (staff database)."""

from __future__ import annotations

from .models import ModerationPreference


def shortcuts_enabled(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    preference = ModerationPreference.objects.filter(user=user).first()
    return True if preference is None else preference.shortcuts_enabled


def set_shortcuts(user, enabled: bool) -> None:
    ModerationPreference.objects.update_or_create(
        user=user, defaults={"shortcuts_enabled": enabled}
    )
