"""What the admin reviewed before storing streaks, as the confirmation form sends it back: the
page (a selector) writes it, the service compares it with the record as it is at the write.
Also the audit actions of a store and its undo, which the service writes and the page reads."""

from __future__ import annotations

from ..data.players import PlayerRecord

STREAK_ATTRIBUTES = ("current_daily_streak", "best_daily_streak")
STORE_ACTION = "store_streaks"
UNDO_ACTION = "undo-store_streaks"


def stored_streaks_token(record: PlayerRecord) -> str:
    """The stored streaks as shown on the confirmation page: the write is refused when they
    differ by then (the choice to keep or lower the best streak was made against them)."""
    return " / ".join(record.stored[name].display[:60] for name in STREAK_ATTRIBUTES)
