"""Write side of player support: only "store the recomputed streaks" (admins)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.clock import utc_today
from ..data import audit, player_writes
from ..data import players as players_repo
from ..data.errors import ConditionFailed
from ..domain.streaks import compare_player_streaks


class StreaksChanged(Exception):
    """The record (or what the streaks recompute to) changed since the admin reviewed it."""


@dataclass(frozen=True)
class StoredStreaks:
    user_id: str
    before_current: object
    before_best: object
    current: int
    best: int


def store_recomputed_streaks(
    user_id: str,
    *,
    confirmed_current: int,
    confirmed_best: int,
    seen_last_active: str,
    actor: str,
    today: dt.date | None = None,
) -> StoredStreaks:
    """Store the documented current/best streak on the player record, as the admin confirmed.

    Two requests: 1 GetItem (recompute from the record as it is now) + 1 TransactWriteItems
    (UpdateItem conditioned on the streak attributes and last_active being exactly as read and on
    daily_progress still holding as many days as read, with today's day present or absent as
    read, plus the audit entry). Raises :class:`StreaksChanged` when the record differs from
    what was reviewed or changes before the write lands; nothing is written then.
    """
    today = today or utc_today()
    record = players_repo.get_player(user_id)
    user = record.user
    comparison = compare_player_streaks(user, today)
    current, best = comparison.documented.current, comparison.documented.best
    if record.last_active_token != seen_last_active:
        raise StreaksChanged(
            "The player has played since you reviewed the streaks (their last active time changed)."
        )
    if (current, best) != (confirmed_current, confirmed_best):
        raise StreaksChanged(
            f"The streaks now recompute to current {current}, best {best}, not the "
            f"{confirmed_current}/{confirmed_best} you confirmed."
        )
    # The guard covers the days too: the game can add one without changing the streaks or the
    # last_active we read.
    before = record.stored_streaks()
    entry = audit.new_entry(
        f"user#{user_id}",
        actor=actor,
        action="store_streaks",
        before=before,
        after={"current_daily_streak": current, "best_daily_streak": best},
        note=f"Recomputed with the documented rule on {today.isoformat()} (UTC).",
    )
    try:
        player_writes.store_streaks(
            user_id, current=current, best=best, guard=record.guard, today=today, entry=entry
        )
    except ConditionFailed as exc:
        raise StreaksChanged(
            "The player record changed while saving (the game probably wrote to it)."
        ) from exc
    return StoredStreaks(
        user_id, before["current_daily_streak"], before["best_daily_streak"], current, best
    )
