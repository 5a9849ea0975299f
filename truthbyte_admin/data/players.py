"""Players: `users` (with daily progress), their `answers` and `sessions`."""

from __future__ import annotations

from dataclasses import dataclass

from . import client, tables
from .errors import NotFound
from .models import Answer, Session, User
from .serialization import from_item, to_attr


def get_user(user_id: str) -> User:
    return User.from_item(get_user_raw(user_id))


def get_user_raw(user_id: str) -> dict:
    """The stored item as plain values (for the "as stored" panel and guarded writes)."""
    item = tables.get_item(tables.USERS, {"user_id": user_id})
    if item is None:
        raise NotFound(f"No player {user_id!r}.")
    return item


def get_users(user_ids: list[str]) -> dict[str, User]:
    from .batch import batch_get

    items = batch_get(
        tables.name(tables.USERS), ({"user_id": u} for u in dict.fromkeys(user_ids) if u)
    )
    return {u.user_id: u for u in (User.from_item(i) for i in items)}


def recent_users(*, read_limit: int = 200, show: int = 50) -> list[User]:
    """A bounded sample for browsing: one Scan page of ``read_limit`` players, most recent first.

    DynamoDB has no "recently active" index, so this is the most recent among the first
    ``read_limit`` scanned, not across the whole table; the page says so.
    """
    response = client.call(
        "scan",
        TableName=tables.name(tables.USERS),
        Limit=read_limit,
        ProjectionExpression="user_id, last_active, created_at, trust_score, "
        "current_daily_streak, best_daily_streak",
    )
    users = [User.from_item(from_item(i)) for i in response.get("Items", [])]
    users.sort(key=lambda u: (u.last_active is not None, u.last_active), reverse=True)
    return users[:show]


@dataclass
class AnswerPage:
    items: list[Answer]
    last_key: dict | None


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


def sessions_for_ip_hash(ip_hash: str, *, limit: int = 20) -> list[Session]:
    response = client.call(
        "query",
        TableName=tables.name(tables.SESSIONS),
        IndexName="ip-hash-index",
        KeyConditionExpression="#h = :h",
        ExpressionAttributeNames={"#h": "ip_hash"},
        ExpressionAttributeValues={":h": to_attr(ip_hash)},
        Limit=limit,
    )
    return [Session.from_item(from_item(i)) for i in response.get("Items", [])]
