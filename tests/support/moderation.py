"""Moderation test data written as the game writes it (submissions in both shapes, categories),
and raw reads to check what is stored. Shared by the moderation tests of every level."""

from __future__ import annotations

import re

from truthbyte_admin.data import categories, client, tables
from truthbyte_admin.data.serialization import to_item

AUTHOR = "5f0c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> Is water wet?'
SUBMITTER = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
# Storage words a moderator page must not show.
JARGON = re.compile(r"status-index|author-index|\bScan\b|\bshape\b|\bGSI\b", re.IGNORECASE)


def game_submission(submission_id: str, **overrides) -> dict:
    """A submission exactly as the game's submit function writes it (GAME.md)."""
    item = {
        "id": submission_id,
        "question": "Is the Pacific the largest ocean on Earth?",
        "title": "Pacific Ocean",
        "passage": "The Pacific Ocean is the largest and deepest of Earth's five oceanic "
        "divisions.",
        "answer": True,
        "categories": ["geography", "science"],
        "difficulty": 2,
        "status": "pending",
        "submitted_at": 1_764_000_000,
        "author": AUTHOR,
        "accepted": False,
    }
    item.update(overrides)
    return item


def put_game_item(kind: str, item: dict) -> None:
    client.call("put_item", TableName=tables.name(kind), Item=to_item(item))


def seed_categories(*slugs: str, count: int = 0) -> None:
    """Category items as the game's upload script writes them (deployed schema)."""
    for slug in slugs:
        put_game_item(
            tables.CATEGORIES,
            {
                "category_id": slug,
                "name": slug.replace("_", " ").title(),
                "question_count": count,
                "description": f"{slug} questions",
            },
        )


def raw_item(kind: str, key: dict) -> dict | None:
    response = client.call(
        "get_item", TableName=tables.name(kind), Key=to_item(key), ConsistentRead=True
    )
    return response.get("Item")


def category_count(slug: str) -> int | None:
    return categories.get(slug).count


def documented_submission(submission_id: str, **overrides) -> dict:
    """A submission in the design document's shape, as the demo seed writes it."""
    item = {
        "id": submission_id,
        "question": "Is Mount Everest the highest mountain above sea level?",
        "title": "Mount Everest",
        "passage": "Mount Everest is Earth's highest mountain above sea level.",
        "suggested_answer": True,
        "tags": ["geography"],
        "difficulty": 2,
        "status": "pending",
        "created_at": 1_764_200_000,
        "submitter_id": SUBMITTER,
    }
    item.update(overrides)
    return item


def put_documented(submission_id: str, **overrides) -> None:
    put_game_item(tables.SUBMISSIONS, documented_submission(submission_id, **overrides))


# A submission with this text is a likely duplicate of the question put_boron_question() stores.
BORON = "Is B the chemical symbol for boron?"
BORON_QUESTION_ID = "dq00179"


def put_boron_question(categories: tuple[str, ...] = ("science", "general")) -> None:
    """The existing question a BORON submission duplicates, as the game stores it."""
    put_game_item(
        tables.QUESTIONS,
        {
            "id": BORON_QUESTION_ID,
            "question": BORON,
            "answer": True,
            "categories": list(categories),
            "difficulty": 2,
        },
    )


def refused_in_place(response) -> str:
    """What an in-place (htmx) action that changed nothing said: the row stays as it was and
    the reason comes in the "action-refused" event, shown next to the control that was used."""
    import json

    assert response["HX-Reswap"] == "none"
    return json.loads(response["HX-Trigger"])["action-refused"]["text"]


def one_pending(submission_id: str, **fields) -> None:
    """A world with one pending submission (the game's shape), indexed for the queue."""
    from django.core.cache import cache

    from tests.support.index import synced

    cache.clear()
    seed_categories("general", "science")
    put_game_item(
        tables.SUBMISSIONS,
        game_submission(submission_id, **{"submitted_at": 1_764_000_000, **fields}),
    )
    synced()
