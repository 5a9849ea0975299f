"""The game's question tables exactly as stored (wire format), to compare before and after."""

from __future__ import annotations

import json

from truthbyte_admin.data import client, tables

GAME_QUESTION_TABLES = (tables.QUESTIONS, tables.QUESTION_CATEGORIES, tables.CATEGORIES)


def game_question_tables() -> dict[str, list[str]]:
    """Every item of questions, question-categories and categories, in wire format, sorted."""
    snapshot: dict[str, list[str]] = {}
    for kind in GAME_QUESTION_TABLES:
        items, start = [], None
        while True:
            kwargs: dict = {"TableName": tables.name(kind), "ConsistentRead": True}
            if start:
                kwargs["ExclusiveStartKey"] = start
            response = client.call("scan", **kwargs)
            items += [json.dumps(i, sort_keys=True) for i in response.get("Items", [])]
            start = response.get("LastEvaluatedKey")
            if not start:
                break
        snapshot[kind] = sorted(items)
    return snapshot
