"""Writes as the live game makes them (raw shapes of GAME.md, straight to DynamoDB): the admin's
after-commit hook never sees these, so only the index's sync can pick them up."""

from __future__ import annotations

from truthbyte_admin.data import client, tables
from truthbyte_admin.data.serialization import to_attr, to_item


def put(kind: str, item: dict) -> None:
    client.call("put_item", TableName=tables.name(kind), Item=to_item(item))


def delete(kind: str, key: dict) -> None:
    client.call("delete_item", TableName=tables.name(kind), Key=to_item(key))


def question(
    qid: str,
    text: str,
    *,
    title: str = "",
    passage: str = "",
    categories=("general",),
    difficulty: int = 3,
    answer: bool = True,
) -> dict:
    item = {
        "id": qid,
        "question": text,
        "title": title,
        "passage": passage,
        "answer": answer,
        "categories": list(categories),
        "difficulty": difficulty,
    }
    put(tables.QUESTIONS, item)
    for c in categories:
        put(tables.QUESTION_CATEGORIES, {"category": c, "question_id": qid})
    return item


def game_submission(sid: str, text: str, *, author: str, at: int, categories=("general",)) -> dict:
    item = {
        "id": sid,
        "question": text,
        "title": "",
        "passage": "",
        "answer": True,
        "categories": list(categories),
        "difficulty": 3,
        "status": "pending",
        "submitted_at": at,
        "author": author,
        "accepted": False,
    }
    put(tables.SUBMISSIONS, item)
    return item


def documented_submission(sid: str, text: str, *, author: str, at: int, tags=("general",)) -> dict:
    item = {
        "id": sid,
        "question": text,
        "title": "",
        "passage": "",
        "suggested_answer": False,
        "tags": list(tags),
        "difficulty": 2,
        "status": "pending",
        "created_at": at,
        "submitter_id": author,
    }
    put(tables.SUBMISSIONS, item)
    return item


def review(sid: str, status: str, *, at: int) -> None:
    client.call(
        "update_item",
        TableName=tables.name(tables.SUBMISSIONS),
        Key=to_item({"id": sid}),
        UpdateExpression="SET #s = :s, accepted = :a, reviewed_at = :t, reviewer_id = :r",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={
            ":s": to_attr(status),
            ":a": to_attr(status == "approved"),
            ":t": to_attr(at),
            ":r": to_attr("game-reviewer"),
        },
    )
