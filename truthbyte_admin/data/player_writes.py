"""The one write player support makes: store recomputed streaks on a `users` item.

One TransactWriteItems: the guarded UpdateItem on the user plus the audit entry, so the change
and its record are applied together or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import Binary

from . import audit, tables
from .errors import Conflict, TransactionCancelled
from .models import AuditEntry
from .players import PROGRESS, STREAK_GUARDED, StreakGuard, player_record
from .transactions import Transaction

GUARDED = STREAK_GUARDED
# PROGRESS is guarded too, by shape: the number of days stored and whether today's key is there.

_SIZED_TYPES = {str: "S", bytes: "B", list: "L"}


def _progress_conditions(
    loaded: Mapping[str, Any], today: dt.date, values: dict[str, Any]
) -> list[str]:
    """Conditions saying daily_progress still has the days the streaks were computed from.

    The game's stored streaks are usually 0 before and after it writes a day, and the
    last_active we read need not change with it, so the days themselves are guarded: the
    number of days as read (``size``) and whether today's key was there. A missing attribute
    must still be missing; a value that is not a map (the game can't add a day to it) must
    keep its type and size, or its value for numbers and booleans.
    """
    if PROGRESS not in loaded:
        return ["attribute_not_exists(#dp)"]
    progress = loaded[PROGRESS]
    if progress is None:
        values[":dp_type"] = "NULL"
        return ["attribute_type(#dp, :dp_type)"]
    if isinstance(progress, dict):
        values[":dp_n"] = len(progress)
        values[":dp_type"] = "M"
        today_present = today.isoformat() in progress
        return [
            "attribute_type(#dp, :dp_type)",
            "size(#dp) = :dp_n",
            f"attribute_{'exists' if today_present else 'not_exists'}(#dp.#today)",
        ]
    if isinstance(progress, bool | Decimal | int | float):
        values[":dp_old"] = progress
        return ["#dp = :dp_old"]
    if isinstance(progress, Binary):
        progress = progress.value
    if isinstance(progress, set | frozenset):
        sample = next(iter(progress), "")
        kind = (
            "NS"
            if isinstance(sample, Decimal | int)
            else "BS"
            if isinstance(sample, bytes | Binary)
            else "SS"
        )
    else:
        kind = next((t for cls, t in _SIZED_TYPES.items() if isinstance(progress, cls)), None)
    if kind is None:  # an unexpected type: only that it is still there
        return ["attribute_exists(#dp)"]
    values[":dp_type"] = kind
    values[":dp_n"] = len(progress)
    return ["attribute_type(#dp, :dp_type)", "size(#dp) = :dp_n"]


def store_streaks(
    user_id: str,
    *,
    current: int,
    best: int,
    guard: StreakGuard,
    today: dt.date,
    entry: AuditEntry,
) -> None:
    """Set both streak attributes, only if the record still holds the values in ``guard``.

    ``guard.loaded`` has, for each of :data:`GUARDED` and :data:`PROGRESS`, the value as read
    (verbatim, any type) or no key when the attribute was absent; ``today`` is the UTC date
    the streaks were computed for. The streaks are written as numbers (N). Raises
    :class:`Conflict` (with the record as stored now, None when gone) when the player record
    changed or vanished since it was read.
    """
    names = {
        "#uid": "user_id",
        "#cur": "current_daily_streak",
        "#best": "best_daily_streak",
        "#la": "last_active",
        "#dp": PROGRESS,
    }
    loaded = guard.loaded
    values: dict[str, Any] = {":cur": int(current), ":best": int(best)}
    conditions = ["attribute_exists(#uid)"]
    for attr, alias, placeholder in (
        ("current_daily_streak", "#cur", ":old_cur"),
        ("best_daily_streak", "#best", ":old_best"),
        ("last_active", "#la", ":old_la"),
    ):
        if attr in loaded and loaded[attr] is not None:
            conditions.append(f"{alias} = {placeholder}")
            values[placeholder] = loaded[attr]
        elif attr in loaded:  # stored as DynamoDB NULL
            conditions.append(f"attribute_type({alias}, :null_type)")
            values[":null_type"] = "NULL"
        else:
            conditions.append(f"attribute_not_exists({alias})")
    conditions.extend(_progress_conditions(loaded, today, values))
    if PROGRESS in loaded and isinstance(loaded[PROGRESS], dict):
        names["#today"] = today.isoformat()
    tx = Transaction().update(
        "user",
        tables.name(tables.USERS),
        {"user_id": user_id},
        "SET #cur = :cur, #best = :best",
        condition=" AND ".join(conditions),
        names=names,
        values=values,
    )
    _commit_with_audit(tx, entry)


def restore_streaks(
    user_id: str,
    *,
    expected: Mapping[str, Any],
    restore: Mapping[str, Any],
    entry: AuditEntry,
) -> None:
    """Put back the streak attributes a staff store replaced (undo), only if the record still
    holds what that store wrote.

    ``expected`` and ``restore`` map each streak attribute to a plain value (None: absent); an
    absent value in ``restore`` is removed again. One TransactWriteItems with the audit entry;
    :class:`Conflict` (with the record as stored now, None when gone) when the streaks changed
    since.
    """
    names = {"#uid": "user_id"}
    values: dict[str, Any] = {}
    conditions = ["attribute_exists(#uid)"]
    sets, removes = [], []
    for n, attr in enumerate(("current_daily_streak", "best_daily_streak")):
        names[f"#s{n}"] = attr
        if expected.get(attr) is None:
            conditions.append(f"attribute_not_exists(#s{n})")
        else:
            conditions.append(f"#s{n} = :was{n}")
            values[f":was{n}"] = expected[attr]
        if restore.get(attr) is None:
            removes.append(f"#s{n}")
        else:
            sets.append(f"#s{n} = :put{n}")
            values[f":put{n}"] = restore[attr]
    expression = " ".join(
        part
        for part in (
            f"SET {', '.join(sets)}" if sets else "",
            f"REMOVE {', '.join(removes)}" if removes else "",
        )
        if part
    )
    tx = Transaction().update(
        "user",
        tables.name(tables.USERS),
        {"user_id": user_id},
        expression,
        condition=" AND ".join(conditions),
        names=names,
        values=values or None,
    )
    _commit_with_audit(tx, entry)


def _commit_with_audit(tx: Transaction, entry: AuditEntry) -> None:
    """Commit the user update ``tx`` with its audit entry; :class:`Conflict` (with the record
    as stored now, a PlayerRecord, None when the player is gone) when the user's condition
    failed."""
    audit.add_to(tx, entry)
    try:
        tx.execute()
    except TransactionCancelled as exc:
        reason = exc.condition_failed_on("user")
        if reason is not None:
            current = None if reason.item is None else player_record(reason.item)
            raise Conflict(current) from exc
        raise
