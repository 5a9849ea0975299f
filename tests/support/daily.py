"""The daily set as the game serves it, reproduced independently from GAME.md (its own boto3
client, Scan loop, seed and sample: no import of the app's data layer or domain), game-shaped
questions, and readers of the daily pages' HTML. Shared by the daily tests of every level."""

from __future__ import annotations

import hashlib
import random
import re
from datetime import date

import boto3
from django.conf import settings

from truthbyte_admin.data import tables
from truthbyte_admin.data.batch import batch_write


def game_question(n: int, difficulty: int | None) -> dict:
    item = {
        "id": f"q{n}",
        "question": f"Is statement number {n} true?",
        "title": f"Statement {n}",
        "passage": f"Passage {n}.",
        "answer": n % 3 != 0,
        "categories": ["general", ["science", "history", "geography"][n % 3]],
    }
    if difficulty is not None:
        item["difficulty"] = difficulty
    return item


def reference_client():
    return boto3.client(
        "dynamodb",
        endpoint_url=settings.DYNAMODB_ENDPOINT_URL,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def reference_pool(raw) -> list[str]:
    """GAME.md step 1: Scan Limit=500, difficulty 1..4, go on while LastEvaluatedKey and < 1000."""
    table = f"{settings.TRUTHBYTE_ENV}-truthbyte-questions"
    kwargs = {
        "TableName": table,
        "Limit": 500,
        "FilterExpression": "#d BETWEEN :lo AND :hi",
        "ExpressionAttributeNames": {"#d": "difficulty"},
        "ExpressionAttributeValues": {":lo": {"N": "1"}, ":hi": {"N": "4"}},
    }
    response = raw.scan(**kwargs)
    items = list(response["Items"])
    while "LastEvaluatedKey" in response and len(items) < 1000:
        response = raw.scan(**kwargs, ExclusiveStartKey=response["LastEvaluatedKey"])
        items.extend(response["Items"])
    return [item["id"]["S"] for item in items]


def reference_set(pool_ids: list[str], day: date) -> list[str] | None:
    """GAME.md steps 2–4; None when the game answers 404."""
    if len(pool_ids) < 10:
        return None
    key = "truthbyte-daily-" + day.strftime("%Y-%m-%d")
    seed = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    return random.Random(seed).sample(pool_ids, min(10, len(pool_ids)))


def ids_on_page(html: str) -> list[str]:
    return re.findall(r'<tr data-question-id="([^"]+)"', html)


def range_rows(html: str) -> dict[str, list[str]]:
    rows = {}
    for day, body in re.findall(r'<tr data-day="([0-9-]+)"[^>]*>(.*?)</tr>', html, re.S):
        rows[day] = re.findall(r'class="daily-qid"[^>]*data-question-id="([^"]+)"', body)
    return rows


def seed_questions(count: int, *, every_hard: int = 4, start: int = 0) -> list[dict]:
    """``count`` game-shaped questions; every ``every_hard``-th one has difficulty 5."""
    items = [
        game_question(n, 5 if every_hard and n % every_hard == 0 else 1 + n % 4)
        for n in range(start, start + count)
    ]
    batch_write(tables.name(tables.QUESTIONS), puts=items)
    return items
