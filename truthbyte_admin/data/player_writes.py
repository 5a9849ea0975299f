"""The one write player support makes: store recomputed streaks on a `users` item.

One TransactWriteItems: the guarded UpdateItem on the user plus the audit entry, so the change
and its record are applied together or not at all.
"""

from __future__ import annotations

from typing import Any

from . import audit, tables
from .errors import ConditionFailed, TransactionCancelled
from .models import AuditEntry
from .transactions import Transaction

GUARDED = ("current_daily_streak", "best_daily_streak", "last_active")


def store_streaks(
    user_id: str, *, current: int, best: int, loaded: dict[str, Any], entry: AuditEntry
) -> None:
    """Set both streak attributes, only if the record still holds the values in ``loaded``.

    ``loaded`` has, for each of :data:`GUARDED`, the value as read (verbatim, any type) or no
    key when the attribute was absent. Raises :class:`ConditionFailed` (with the current item)
    when the player record changed or vanished since it was read.
    """
    names = {
        "#uid": "user_id",
        "#cur": "current_daily_streak",
        "#best": "best_daily_streak",
        "#la": "last_active",
    }
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
    tx = Transaction().update(
        "user",
        tables.name(tables.USERS),
        {"user_id": user_id},
        "SET #cur = :cur, #best = :best",
        condition=" AND ".join(conditions),
        names=names,
        values=values,
    )
    audit.add_to(tx, entry)
    try:
        tx.execute()
    except TransactionCancelled as exc:
        reason = exc.condition_failed_on("user")
        if reason is not None:
            raise ConditionFailed(current=reason.item) from exc
        raise
