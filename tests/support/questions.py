"""Shared helpers for the questions/categories tests: seed questions as an import would, and
read the tables back to check the category index and counts exactly."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from truthbyte_admin.data import categories as categories_repo
from truthbyte_admin.data import client, tables
from truthbyte_admin.data import questions as questions_repo
from truthbyte_admin.data.batch import batch_write
from truthbyte_admin.data.bulk import upsert_questions
from truthbyte_admin.data.models import Question
from truthbyte_admin.data.serialization import from_item, to_item
from truthbyte_admin.data.transactions import Transaction


def make_question(qid: str, categories=("science",), difficulty: int = 2, **fields) -> Question:
    return Question(
        id=qid,
        question=fields.pop("question", f"Is question {qid} a good question to ask?"),
        title=fields.pop("title", f"Title {qid}"),
        passage=fields.pop("passage", f"Passage for {qid}."),
        answer=fields.pop("answer", True),
        categories=list(categories),
        difficulty=difficulty,
        **fields,
    )


def seed(*questions: Question) -> None:
    upsert_questions(list(questions))


def index_items() -> set[tuple[str, str]]:
    return {(e.category, e.question_id) for e in questions_repo.scan_index()}


def index_entries() -> dict[tuple[str, str], int | None]:
    return {(e.category, e.question_id): e.difficulty for e in questions_repo.scan_index()}


def stored_counts() -> dict[str, int]:
    return {c.slug: c.count or 0 for c in categories_repo.list_all()}


def set_stored_count(slug: str, value: int) -> None:
    """Store ``value`` as the category's count, in either schema (to make a drift)."""
    key = categories_repo.schema()
    tx = Transaction()
    tx.update(
        "c",
        tables.name(tables.CATEGORIES),
        {key: slug},
        "SET #c = :v",
        names={"#c": "question_count" if key == "category_id" else "count"},
        values={":v": value},
    )
    tx.execute()


def raw_question(qid: str) -> dict | None:
    response = client.call(
        "get_item",
        TableName=tables.name(tables.QUESTIONS),
        Key={"id": {"S": qid}},
        ConsistentRead=True,
    )
    return from_item(response["Item"]) if "Item" in response else None


def assert_invariants() -> None:
    """Each question's index items == its categories (with its difficulty); each stored count ==
    its number of index items (categories with no items may keep a stored 0)."""
    questions = list(questions_repo.scan_all())
    entries = index_entries()
    expected = {(c, q.id): q.difficulty for q in questions for c in q.categories}
    assert entries == expected, f"index drift: {set(entries) ^ set(expected)}"
    actual = Counter(category for category, _ in entries)
    if tables.categories_key() is None:
        return
    counts = stored_counts()
    for slug in set(actual) | set(counts):
        assert counts.get(slug, 0) == actual.get(slug, 0), (
            f"count drift on {slug}: stored {counts.get(slug)} vs index {actual.get(slug, 0)}"
        )


def put_game_question(item: dict) -> None:
    """Write a question item exactly as the game (or an old export) left it: no version."""
    client.call("put_item", TableName=tables.name(tables.QUESTIONS), Item=to_item(item))


def put_game_index(question_id: str, categories, difficulty: int | None = None) -> None:
    """Index items as the game's approval writes them (without difficulty unless given)."""
    items = []
    for category in categories:
        item = {"category": category, "question_id": question_id}
        if difficulty is not None:
            item["difficulty"] = difficulty
        items.append(item)
    batch_write(tables.name(tables.QUESTION_CATEGORIES), puts=items)


def game_question_item(qid: str, categories, difficulty: int = 3, **fields) -> dict:
    """A question as the game's approval writes it: categories verbatim, no version."""
    item = make_question(qid, categories, difficulty, **fields).to_item()
    del item["version"]
    return item


def form_data(loaded, **changes) -> dict:
    """The question editor's POST for ``loaded`` (a Question), with ``changes``."""
    data = {
        "question": loaded.question,
        "title": loaded.title,
        "passage": loaded.passage,
        "answer": "true" if loaded.answer else "false",
        "categories": ", ".join(c for c in loaded.categories if c != "general"),
        "difficulty": str(loaded.difficulty),
        "version": str(loaded.version),
        "new_category_names": "",
        "action": "save",
    }
    data.update(changes)
    return data


def question_form(question: str, **changes) -> dict:
    """The question editor's create form, filled in (a geography question of difficulty 2,
    answer True); a change of None leaves that field out, as a browser that sends none."""
    data = {
        "question": question,
        "title": "",
        "passage": "",
        "answer": "true",
        "categories": "geography",
        "difficulty": "2",
        "new_category_names": "",
        "action": "save",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def retire(qid: str, actor: str = "eddie"):
    """Retire the stored question ``qid`` as ``actor`` (through the editor's service, at the
    version stored) and return its kept copy."""
    from truthbyte_admin.data import retired as retired_repo
    from truthbyte_admin.questions import services as question_services

    loaded = questions_repo.get(qid)
    question_services.retire_question(question_id=qid, loaded_version=loaded.version, actor=actor)
    return retired_repo.latest_unrestored(qid)


def numbered_question_file(
    path: Path, count: int, *, category: str = "science", prefix: str = "q"
) -> Path:
    """A JSONL export (the curated shape) of ``count`` questions ``prefix``0, ``prefix``1, …"""
    path.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"{prefix}{n}",
                    "question": f"Is {n} a number?",
                    "answer": True,
                    "category": category,
                    "difficulty": 2,
                }
            )
            + "\n"
            for n in range(count)
        )
    )
    return path
