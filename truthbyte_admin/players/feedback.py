"""What storing recomputed streaks said, as page messages."""

from __future__ import annotations

from django.contrib import messages

from .services import StoredStreaks, StreaksChanged


def tell_stored(request, result: StoredStreaks) -> None:
    update = result.update
    was_current = "not stored" if result.before_current is None else result.before_current
    was_best = "not stored" if result.before_best is None else result.before_best
    if update.lowers_best:
        best = (
            f"best streak lowered from {was_best} to {update.best}, as you chose: the player "
            f"lost {_days(update.best_drop)} of best streak"
        )
    elif update.keeps_higher_best:
        best = (
            f"best streak kept at {update.best} (was {was_best}; the recomputed best, "
            f"{update.recomputed_best}, is lower)"
        )
    else:
        best = f"best streak {update.best} (was {was_best})"
    text = (
        f"Stored on the player record: current streak {update.current} (was {was_current}) and "
        f"{best}; recorded in the audit log. The game recounts the current streak with its own "
        "rule when this player next submits a daily."
    )
    (messages.warning if update.lowers_best else messages.success)(request, text)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def tell_changed(request, exc: StreaksChanged) -> None:
    messages.error(request, f"Nothing was stored: {exc} Review the new values and confirm again.")
