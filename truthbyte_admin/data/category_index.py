"""Counting the question-categories index (the truth every stored count is repaired to)."""

from __future__ import annotations

from . import client, tables
from .serialization import to_attr

__all__ = ["count_index", "without_questions"]


def count_index(category: str) -> int:
    """How many index items a category has (Select=COUNT, strongly consistent, paginated:
    O(category)); counts and repairs are computed from it."""
    total, start = 0, None
    while True:
        kwargs: dict = {
            "TableName": tables.name(tables.QUESTION_CATEGORIES),
            "KeyConditionExpression": "#c = :c",
            "ExpressionAttributeNames": {"#c": "category"},
            "ExpressionAttributeValues": {":c": to_attr(category)},
            "Select": "COUNT",
            "ConsistentRead": True,
        }
        if start:
            kwargs["ExclusiveStartKey"] = start
        response = client.call("query", **kwargs)
        total += int(response.get("Count", 0))
        start = response.get("LastEvaluatedKey")
        if not start:
            return total


def without_questions(categories: list[str]) -> list[str]:
    """Which of ``categories`` have no item in the index now (one strongly consistent Query of
    at most one item each): categories the game no longer lists for players, which count the
    index itself (GAME.md)."""
    empty = []
    for category in categories:
        response = client.call(
            "query",
            TableName=tables.name(tables.QUESTION_CATEGORIES),
            KeyConditionExpression="#c = :c",
            ExpressionAttributeNames={"#c": "category"},
            ExpressionAttributeValues={":c": to_attr(category)},
            Select="COUNT",
            Limit=1,
            ConsistentRead=True,
        )
        if not response.get("Count"):
            empty.append(category)
    return empty
