"""What storing recomputed streaks said, as page messages."""

from __future__ import annotations

from django.contrib import messages

from .services import StoredStreaks, StreaksChanged


def tell_stored(request, result: StoredStreaks) -> None:
    was_current = "not stored" if result.before_current is None else result.before_current
    was_best = "not stored" if result.before_best is None else result.before_best
    messages.success(
        request,
        f"Stored on the player record: current streak {result.current} "
        f"(was {was_current}) and best streak {result.best} (was {was_best}); "
        "recorded in the audit log. The game recounts the current streak with its own rule "
        "when this player next submits a daily.",
    )


def tell_changed(request, exc: StreaksChanged) -> None:
    messages.error(request, f"Nothing was stored: {exc} Review the new values and confirm again.")
