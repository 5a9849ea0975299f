"""Issue 11, point 5: no count and no repair is computed from an eventually consistent read.

DynamoDB Local always answers consistently, so a stale read can't be provoked here. What these
tests show instead is what the app asks for: through the fault proxy (which records every request
body), each read behind the import's recount, the import's diff and repair, the dashboard's
drift, reconcile and the difficulty backfill is a strongly consistent one. Together with the
tests that the repairs converge, a stale read can't become a stored count or a repair.
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from tests.support.invariants import assert_index_and_counts_exact
from tests.support.questions import make_question, seed
from truthbyte_admin.categories import services, verify
from truthbyte_admin.data import bulk, client, tables
from truthbyte_admin.data.serialization import to_attr, to_item

pytestmark = pytest.mark.django_db  # the staff index is kept in step too, as in production

READS = {"GetItem", "Query", "Scan", "BatchGetItem"}


def _stale_capable_reads(proxy) -> list[tuple[str, list[str]]]:
    """(operation, tables) of each recorded read that did not ask for a consistent answer."""
    stale = []
    for target, body in proxy.log.requests:
        if target == "BatchGetItem":
            for table, request in body["RequestItems"].items():
                if request.get("ConsistentRead") is not True:
                    stale.append((target, [table]))
        elif target in READS and body.get("ConsistentRead") is not True:
            stale.append((target, [body.get("TableName", "")]))
    return stale


def _reads(proxy) -> set[str]:
    return {target for target, _ in proxy.log.requests if target in READS}


def _drift(slug: str, count: int) -> None:
    client.call(
        "put_item",
        TableName=tables.name(tables.CATEGORIES),
        Item=to_item({"category_id": slug, "question_count": count, "name": slug.title()}),
    )


def _write(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(path)


def _records(count: int, *, category: str, difficulty: int) -> list[dict]:
    return [
        {
            "id": f"k{n:03d}",
            "question": f"Is {n} worth a question?",
            "answer": bool(n % 2),
            "category": category,
            "difficulty": difficulty,
        }
        for n in range(count)
    ]


def test_an_import_reads_consistently_for_its_diff_its_repairs_and_its_recount(
    game_tables, faults, tmp_path, capsys
):
    first = _write(tmp_path / "a.jsonl", _records(120, category="science", difficulty=2))
    call_command("load_questions", first)
    _drift("science", 7)  # a wrong count and an orphan index item for the run to repair
    client.call(
        "put_item",
        TableName=tables.name(tables.QUESTION_CATEGORIES),
        Item={"category": to_attr("art"), "question_id": to_attr("k001"), "difficulty": to_attr(2)},
    )
    moved = _write(tmp_path / "b.jsonl", _records(150, category="history", difficulty=4))
    faults.record_requests()
    call_command("load_questions", moved)
    assert {"BatchGetItem", "Scan", "Query", "GetItem"} <= _reads(faults)
    assert _stale_capable_reads(faults) == []
    assert_index_and_counts_exact()


def test_an_unchanged_reimport_reads_consistently_too(game_tables, faults, tmp_path, capsys):
    path = _write(tmp_path / "a.jsonl", _records(60, category="science", difficulty=3))
    call_command("load_questions", path)
    faults.record_requests()
    call_command("load_questions", path)
    assert _reads(faults)
    assert _stale_capable_reads(faults) == []


def test_verify_now_and_reconcile_read_consistently(game_tables, faults, settings):
    """The dashboard itself is served from the staff index; "Verify now" and the repair are
    what read DynamoDB to compute a count, and they read consistently."""
    settings.CATEGORY_CHECK_IN_THREAD = False  # the test's own transaction: run it inline
    seed(*[make_question(f"s{n}", ["science"], 1 + n % 5) for n in range(12)])
    _drift("science", 40)
    faults.record_requests()
    check = verify.start(actor="eddie")
    assert {c.slug: (c.stored, c.actual) for c in check.drifting}["science"] == (40, 12)
    result = services.reconcile_counts(actor="eddie")
    assert result.fixed["science"] == (40, 12)
    assert {"Scan"} <= _reads(faults)
    assert _stale_capable_reads(faults) == []


def test_recount_and_backfill_read_consistently(game_tables, faults):
    seed(*[make_question(f"h{n}", ["history"], 2) for n in range(5)])
    client.call(
        "put_item",  # a game-written index item: no difficulty for the backfill to fill in
        TableName=tables.name(tables.QUESTION_CATEGORIES),
        Item={"category": to_attr("history"), "question_id": to_attr("h0")},
    )
    _drift("history", 9)
    faults.record_requests()
    assert bulk.recount_categories(["history", "general"]) == {"history": 5, "general": 5}
    assert bulk.backfill_index_difficulty().rewritten == 1
    assert {"Query", "GetItem", "Scan", "BatchGetItem"} <= _reads(faults)
    assert _stale_capable_reads(faults) == []
    assert_index_and_counts_exact()
