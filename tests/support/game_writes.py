"""Writes as the live game makes them (raw shapes of GAME.md, straight to DynamoDB): the admin's
after-commit hook never sees these, so only the index's sync can pick them up."""

from __future__ import annotations

from truthbyte_admin.data import client, tables
from truthbyte_admin.data.models import Session, Submission
from truthbyte_admin.data.serialization import from_item, to_attr, to_item


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


def approve(sid: str, qid: str, *, at: int, reviewer: str = "game-reviewer") -> dict:
    """The game's own approve function (GAME.md): a new question (its own id, ``created_at``,
    ``source``, ``original_author``), one category-index item per category, then the review
    outcome on the submission. Straight to DynamoDB, so only the sync can see it."""
    raw = client.call(
        "get_item",
        TableName=tables.name(tables.SUBMISSIONS),
        Key=to_item({"id": sid}),
        ConsistentRead=True,
    )["Item"]
    submission = Submission.from_item(from_item(raw))
    item = {
        "id": qid,
        "question": submission.question,
        "title": submission.title,
        "passage": submission.passage,
        "answer": submission.answer,
        "categories": list(submission.categories),
        "difficulty": submission.difficulty,
        "created_at": at,
        "source": "user_submission",
        "original_author": submission.author,
    }
    put(tables.QUESTIONS, item)
    for c in submission.categories:
        put(tables.QUESTION_CATEGORIES, {"category": c, "question_id": qid})
    client.call(
        "update_item",
        TableName=tables.name(tables.SUBMISSIONS),
        Key=to_item({"id": sid}),
        UpdateExpression="SET #s = :s, accepted = :a, reviewed_at = :t, reviewer_id = :r",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={
            ":s": to_attr("approved"),
            ":a": to_attr(True),
            ":t": to_attr(at),
            ":r": to_attr(reviewer),
        },
    )
    return item


def sessions_for_ip_hash(ip_hash: str, *, limit: int = 20) -> list[Session]:
    """The game's sessions from one address (its ip-hash-index), as the game reads them."""
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
