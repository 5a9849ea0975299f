"""Write side of player support (admins): store the recomputed streaks, and undo that store
while it is the player's latest staff change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.clock import utc_now, utc_today
from ..core.undo import undo_deadline, undo_minutes
from ..data import audit, player_writes
from ..data import players as players_repo
from ..data.errors import Conflict, NotFound
from ..data.models import AuditEntry
from ..domain.streaks import StreakUpdate, compare_player_streaks, streaks_to_store
from .reviewed import STORE_ACTION, STREAK_ATTRIBUTES, UNDO_ACTION, stored_streaks_token
from .streak_text import streak_text

# Who else writes a player record: a colleague storing or undoing, or the game itself.
CONCURRENT_WRITERS = "the game or another member of staff"


class StreaksChanged(Exception):
    """The record (or what the streaks recompute to) changed since the admin reviewed it."""


class AlreadyStored(StreaksChanged):
    """The record changed since the review because this admin already stored these streaks:
    the same confirmation sent again (a double click, a resend, a second tab)."""


@dataclass(frozen=True)
class StoredStreaks:
    user_id: str
    before_current: object  # as stored before (None: not stored)
    before_best: object
    update: StreakUpdate  # what was written, and whether the best was kept or lowered
    event: str = ""  # the audit entry's event id: what an undo names
    undo_until: dt.datetime | None = None


def _audit_note(update: StreakUpdate, today: dt.date) -> str:
    note = f"Recomputed with the documented rule on {today.isoformat()} (UTC)."
    if update.lowers_best:
        return (
            f"{note} Best streak lowered on purpose from {update.stored_best} to the recomputed "
            f"{update.best} ({update.best_drop} day{'s' if update.best_drop != 1 else ''} less)."
        )
    if update.keeps_higher_best:
        return (
            f"{note} Kept the stored best streak {update.best}: the recomputed best "
            f"({update.recomputed_best}) is lower."
        )
    return note


def store_recomputed_streaks(
    user_id: str,
    *,
    confirmed_current: int,
    confirmed_best: int,
    seen_last_active: str,
    seen_stored: str,
    actor: str,
    lower_best: bool = False,
    today: dt.date | None = None,
) -> StoredStreaks:
    """Store the documented current streak and a best streak on the player record, as the admin
    confirmed: the higher of the stored and recomputed best, or the recomputed best when the
    admin chose `lower_best` (the game never lowers a best streak itself).

    `confirmed_current`/`confirmed_best` are the recomputed streaks the admin reviewed,
    `seen_last_active` and `seen_stored` (:func:`.reviewed.stored_streaks_token`) the record as
    they reviewed it. Two requests: 1 GetItem (recompute from the record as it is now) +
    1 TransactWriteItems (UpdateItem conditioned on the streak attributes and last_active being
    exactly as read and on daily_progress still holding as many days as read, with today's day
    present or absent as read, plus the audit entry). Raises :class:`StreaksChanged` when the
    record differs from what was reviewed or changes before the write lands; nothing is written
    then.
    """
    today = today or utc_today()
    record = players_repo.get_player(user_id)
    comparison = compare_player_streaks(record.user, today)
    update = streaks_to_store(comparison, lower_best=lower_best)
    current, best = comparison.documented.current, comparison.documented.best
    if record.last_active_token != seen_last_active:
        raise StreaksChanged(
            "The player has played since you reviewed the streaks (their last active time changed)."
        )
    if stored_streaks_token(record) != seen_stored:
        stored_by = _raise_if_stored_by(actor, user_id, record.stored_streaks(), wanted=update)
        current_now = record.stored["current_daily_streak"].display
        best_now = record.stored["best_daily_streak"].display
        raise StreaksChanged(
            "The streaks stored on the record changed since you reviewed them (now current "
            f"{current_now}, best {best_now}{stored_by})."
        )
    if (current, best) != (confirmed_current, confirmed_best):
        raise StreaksChanged(
            f"The streaks now recompute to current {current}, best {best}, not the "
            f"{confirmed_current}/{confirmed_best} you confirmed."
        )
    if not update.changes_anything:  # e.g. "keep" posted where only lowering was offered
        raise StreaksChanged(
            f"The record already holds current streak {update.current} and best streak "
            f"{update.best}: there is nothing to store unless you lower the best streak."
        )
    # The guard covers the days too: the game can add one without changing the streaks or the
    # last_active we read.
    before = record.stored_streaks()
    entry = audit.new_entry(
        audit.player_entity(user_id),
        actor=actor,
        action=STORE_ACTION,
        before=before,
        after={"current_daily_streak": update.current, "best_daily_streak": update.best},
        note=_audit_note(update, today),
    )
    try:
        player_writes.store_streaks(
            user_id,
            current=update.current,
            best=update.best,
            guard=record.guard,
            today=today,
            entry=entry,
        )
    except Conflict as exc:
        raise StreaksChanged(
            f"The player record changed while saving ({CONCURRENT_WRITERS} wrote to it)."
        ) from exc
    return StoredStreaks(
        user_id,
        before["current_daily_streak"],
        before["best_daily_streak"],
        update,
        event=entry.event_id,
        undo_until=undo_deadline(entry.at),
    )


def _raise_if_stored_by(actor: str, user_id: str, stored: dict, *, wanted: StreakUpdate) -> str:
    """AlreadyStored when the player's latest change is a store of exactly what the record
    holds now, and that is what this store was to write: ``actor``'s own (the confirmation sent
    again) or a colleague's (they confirmed it first). Otherwise who stored what is there now,
    to follow the refusal (", stored by ada at 04:40 UTC"), or "" (one Query, only when the
    record changed since the review)."""
    latest = audit.history(audit.player_entity(user_id), limit=1)
    if not latest or latest[0].action != STORE_ACTION or latest[0].after != stored:
        return ""
    entry = latest[0]
    values = (
        f"current streak {stored['current_daily_streak']} and best streak "
        f"{stored['best_daily_streak']}"
    )
    if entry.actor == actor:
        raise AlreadyStored(
            f"Already stored: you stored {values} at {entry.at:%H:%M} UTC (this confirmation "
            "was sent again, or from another tab); nothing more was changed."
        )
    if (stored["current_daily_streak"], stored["best_daily_streak"]) == (
        wanted.current,
        wanted.best,
    ):
        raise AlreadyStored(
            f"Already stored: {entry.actor} stored {values} at {entry.at:%H:%M} UTC, the values "
            "you confirmed; nothing more was changed."
        )
    return f", stored by {entry.actor} at {entry.at:%H:%M} UTC"


# --- undo ---------------------------------------------------------------------------------


class UndoRefused(Exception):
    """The streak store can't be undone (too late, not the latest change, or the streaks changed
    since); nothing was changed."""


@dataclass(frozen=True)
class UndoneStreaks:
    user_id: str
    restored: dict  # the streaks put back (None: not stored, so removed again)
    undone: AuditEntry  # the store undone


def _store_to_undo(user_id: str, event: str, now: dt.datetime) -> AuditEntry:
    """The staff store named by ``event``, if it is the player's latest staff change and recent
    enough to undo (the audit table itself, strongly consistent: 1 Query)."""
    history = audit.history(audit.player_entity(user_id), limit=20)
    index = next((n for n, e in enumerate(history) if e.event_id == event), None)
    if index is None or history[index].action != STORE_ACTION:
        raise UndoRefused("There is no such streak store for this player to undo.")
    entry, later = history[index], history[:index]  # newest first
    if later and later[-1].action == UNDO_ACTION:
        undo = later[-1]
        raise UndoRefused(
            f"This store was already undone by {undo.actor} ({undo.at:%Y-%m-%d %H:%M} UTC)."
        )
    if later:
        newest = later[0]
        raise UndoRefused(
            f"The streaks were changed again after that store, by {newest.actor} "
            f"({newest.at:%Y-%m-%d %H:%M} UTC); only the latest staff change can be undone."
        )
    minutes = undo_minutes()
    if now > undo_deadline(entry.at):
        raise UndoRefused(
            f"A streak store can be undone for {minutes} minutes; this one is older "
            f"({entry.at:%Y-%m-%d %H:%M} UTC)."
        )
    return entry


def undo_streak_store(
    user_id: str, *, event: str, actor: str, now: dt.datetime | None = None
) -> UndoneStreaks:
    """Put back the streaks a staff store replaced, if the record still holds the values that
    store wrote (the game or staff may have changed them since: then nothing is changed).

    Two requests: 1 Query (the player's audit history) and 1 TransactWriteItems (the update,
    conditioned on the record holding what the store wrote, plus its audit entry): the
    condition is the check, so the record is not read first. Raises :class:`UndoRefused`, or
    NotFound when the player is gone.
    """
    now = now or utc_now()
    store = _store_to_undo(user_id, event, now)
    wrote = store.after if isinstance(store.after, dict) else {}
    replaced = store.before if isinstance(store.before, dict) else {}
    expected = {name: wrote.get(name) for name in STREAK_ATTRIBUTES}
    restore = {name: replaced.get(name) for name in STREAK_ATTRIBUTES}
    entry = audit.new_entry(
        audit.player_entity(user_id),
        actor=actor,
        action=UNDO_ACTION,
        before=expected,
        after=restore,
        note=f"Undid the streak store by {store.actor} at {store.at:%Y-%m-%d %H:%M:%S} UTC.",
    )
    try:
        player_writes.restore_streaks(user_id, expected=expected, restore=restore, entry=entry)
    except Conflict as exc:
        raise _not_restored(user_id, exc.current, expected) from exc
    return UndoneStreaks(user_id, restore, store)


def _not_restored(
    user_id: str, record: players_repo.PlayerRecord | None, expected: dict
) -> Exception:
    """Why the restore's condition failed, from the record as the condition found it (DynamoDB
    returns it with the failure): the player is gone, or the streaks are not stored as the store
    wrote them. A Conflict is never our own earlier attempt (the data layer says "outcome
    unknown" then)."""
    if record is None:
        return NotFound(f"No player {user_id!r}.")
    # As stored: text is quoted, so "3" stored as text does not read as the number 3 written.
    holds = record.stored
    return UndoRefused(
        "The streaks changed since they were stored (the record now holds current "
        f"{holds['current_daily_streak'].display}, best {holds['best_daily_streak'].display}; "
        f"the store wrote {streak_text(expected['current_daily_streak'])} and "
        f"{streak_text(expected['best_daily_streak'])}), so putting back the old values would "
        "overwrite that change."
    )
