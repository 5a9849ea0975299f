"""Players: `users` (with daily progress), their `answers` and `sessions`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..domain.validation import quoted_as_typed, stored_type_name
from . import client, tables
from .errors import NotFound
from .models import Answer, User
from .serialization import from_item, plain, to_attr

STREAK_GUARDED = ("current_daily_streak", "best_daily_streak", "last_active")
PROGRESS = "daily_progress"
STORED_ATTRIBUTES = (
    ("current_daily_streak", "number"),
    ("best_daily_streak", "number"),
    ("trust_score", "number"),
    ("created_at", "text"),
    ("last_active", "text"),
)


def get_user(user_id: str) -> User:
    return User.from_item(get_user_raw(user_id))


def player_exists(user_id: str) -> bool:
    """Whether the game stored a record for this player id (one GetItem)."""
    return tables.get_item(tables.USERS, {"user_id": user_id}) is not None


def get_user_raw(user_id: str) -> dict:
    """The stored item as plain values (inside the data layer and in tests only)."""
    item = tables.get_item(tables.USERS, {"user_id": user_id})
    if item is None:
        raise NotFound(f"No player {user_id!r}.")
    return item


# --- one player record, typed and as stored ---------------------------------------------------


@dataclass(frozen=True)
class StoredValue:
    """One attribute exactly as stored: present or not, and a note when its type is odd."""

    name: str
    present: bool
    value: Any = None
    note: str = ""

    @property
    def display(self) -> str:
        if not self.present:
            return "not stored"
        if isinstance(self.value, str):
            return f"“{quoted_as_typed(self.value)}”"
        return str(self.value)

    @classmethod
    def of(cls, item: Mapping[str, Any], name: str, *, expect: str) -> StoredValue:
        if name not in item:
            return cls(name, False)  # "not stored" says it all
        value = item[name]
        note = ""
        if expect == "number" and not isinstance(value, Decimal | int | float):
            note = f"stored as {stored_type_name(value)}, not a number"
        if expect == "text" and not isinstance(value, str):
            note = f"stored as {stored_type_name(value)}"
        return cls(name, True, plain(value), note)


@dataclass(frozen=True)
class StreakGuard:
    """What the streak write is conditioned on: the guarded attributes and daily_progress as
    they were read (opaque outside the data layer; no key = the attribute was absent)."""

    loaded: Mapping[str, Any]


@dataclass(frozen=True)
class PlayerRecord:
    """A `users` item read once: its typed reading plus what the support pages say about the
    stored values themselves (their types, the raw day records, the write guard)."""

    user: User
    stored: dict[str, StoredValue]
    # What daily_progress is stored as when it is not a list of days ("text", "a number"…);
    # None when it is one, or is missing (a player who has not played yet).
    unreadable_progress: str | None
    days_stored: int  # entries of daily_progress, readable or not
    last_active_token: str  # the stored last_active as text, "" when absent
    guard: StreakGuard
    _progress: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def stored_day_json(self, day: dt.date) -> str | None:
        """The day's record exactly as stored, as indented JSON (None: no such day)."""
        stored = self._progress.get(day.isoformat())
        if stored is None:
            return None
        return json.dumps(plain(stored), indent=2, sort_keys=True, default=str)

    def stored_streaks(self) -> dict[str, Any]:
        """The stored streak attributes as plain values (None when absent), for the audit."""
        return {
            name: plain(self.guard.loaded.get(name))
            for name in ("current_daily_streak", "best_daily_streak")
        }


def player_record(item: Mapping[str, Any]) -> PlayerRecord:
    progress = item.get(PROGRESS)
    last_active = item.get("last_active")
    return PlayerRecord(
        user=User.from_item(dict(item)),
        stored={
            name: StoredValue.of(item, name, expect=expect) for name, expect in STORED_ATTRIBUTES
        },
        unreadable_progress=(
            None if progress is None or isinstance(progress, dict) else stored_type_name(progress)
        ),
        days_stored=len(progress) if isinstance(progress, dict) else 0,
        last_active_token="" if last_active is None else str(plain(last_active)),
        guard=StreakGuard(
            {name: item[name] for name in (*STREAK_GUARDED, PROGRESS) if name in item}
        ),
        _progress=progress if isinstance(progress, dict) else {},
    )


def get_player(user_id: str) -> PlayerRecord:
    """One player record (1 GetItem); NotFound when there is none."""
    return player_record(get_user_raw(user_id))


@dataclass
class AnswerPage:
    items: list[Answer]
    last_key: dict | None


def read_answers(user_id: str, *, cap: int, pages: int) -> tuple[list[Answer], bool]:
    """Up to ``cap`` of the player's answers, in at most ``pages`` Query requests, and whether
    more are stored than were read."""
    items: list[Answer] = []
    start_key = None
    for _ in range(pages):
        page = answers_page(user_id, limit=cap - len(items), start_key=start_key)
        items.extend(page.items)
        start_key = page.last_key
        if not start_key or len(items) >= cap:
            break
    return items, bool(start_key)


def answers_page(user_id: str, *, limit: int = 50, start_key: dict | None = None) -> AnswerPage:
    kwargs: dict = {
        "TableName": tables.name(tables.ANSWERS),
        "KeyConditionExpression": "#u = :u",
        "ExpressionAttributeNames": {"#u": "user_id"},
        "ExpressionAttributeValues": {":u": to_attr(user_id)},
        "Limit": limit,
    }
    if start_key:
        kwargs["ExclusiveStartKey"] = start_key
    response = client.call("query", **kwargs)
    return AnswerPage(
        [Answer.from_item(from_item(i)) for i in response.get("Items", [])],
        response.get("LastEvaluatedKey"),
    )
