"""What storing recomputed streaks said, as page messages."""

from __future__ import annotations

from django.contrib import messages

from ..core.undo import undo_tag
from .services import StoredStreaks, StreaksChanged, UndoneStreaks, UndoRefused
from .streak_text import streak_text


def tell_stored(request, result: StoredStreaks) -> None:
    update = result.update
    was_current = streak_text(result.before_current)
    was_best = streak_text(result.before_best)
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
    if result.undo_until:
        text += f" You can undo this until {result.undo_until:%H:%M} UTC."
    tags = undo_tag("streak_store", result.event) if result.event else ""
    (messages.warning if update.lowers_best else messages.success)(request, text, extra_tags=tags)


def tell_undone(request, result: UndoneStreaks) -> None:
    restored = result.restored
    current = streak_text(restored.get("current_daily_streak"))
    best = streak_text(restored.get("best_daily_streak"))
    messages.success(
        request,
        f"Undone: the player record holds current streak {current} and best streak {best} "
        f"again, as before {result.undone.actor}'s store; recorded in the audit log.",
    )


def tell_undo_refused(request, exc: UndoRefused) -> None:
    messages.error(request, f"Nothing was undone: {_sentence(str(exc))}")


def _sentence(text: str) -> str:
    """A message that follows a colon in another sentence: its first letter in lower case
    (unless it starts with a name or a number)."""
    return text[:1].lower() + text[1:] if text[:2].istitle() else text


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def tell_changed(request, exc: StreaksChanged) -> None:
    messages.error(
        request,
        f"Nothing was stored: {_sentence(str(exc))} Review the new values and confirm again.",
    )
