"""The bulk write path's shortcuts, checked against botocore and DynamoDB Local: batch requests
serialised without botocore's shape walk, change notifications built only for tables someone
follows, and an import into a staff database that was never set up."""

import logging
from decimal import Decimal

from django.core.management import call_command

from truthbyte_admin.data import batch, client, events, tables
from truthbyte_admin.data.serialization import to_item
from truthbyte_admin.staffindex import live

ITEM = {
    "id": "q-1",
    "question": "Is Ærø an island?",
    "answer": True,
    "difficulty": 3,
    "categories": ["geography", "general"],
    "nested": {"list": [1, "two", None, False], "empty": {}},
    "ratio": Decimal("0.25"),
}


def _both_serialisations(parameters: dict, operation: str) -> tuple[dict, dict]:
    dynamodb = client.get_client()
    model = dynamodb.meta.service_model.operation_model(operation)
    ours = dynamodb._serializer.serialize_to_request(parameters, model)
    botocores = dynamodb._serializer._serializer.serialize_to_request(parameters, model)
    return ours, botocores


def test_batch_requests_are_sent_exactly_as_botocore_would_serialise_them(dynamodb):
    write = {"RequestItems": {"t": [{"PutRequest": {"Item": to_item(ITEM)}}]}}
    get = {"RequestItems": {"t": {"Keys": [to_item({"id": "q-1"})], "ConsistentRead": True}}}
    for parameters, operation in ((write, "BatchWriteItem"), (get, "BatchGetItem")):
        ours, botocores = _both_serialisations(parameters, operation)
        assert ours == botocores


def test_a_binary_attribute_falls_back_to_botocore_and_round_trips(game_tables):
    item = {"category": "science", "question_id": "q-bin", "blob": b"\x00\xffraw"}
    ours, botocores = _both_serialisations(
        {"RequestItems": {"t": [{"PutRequest": {"Item": to_item(item)}}]}}, "BatchWriteItem"
    )
    assert ours == botocores  # base64, as botocore encodes binary
    name = tables.name(tables.QUESTION_CATEGORIES)
    batch.batch_write(name, puts=[item])
    (stored,) = batch.batch_get(name, [{"category": "science", "question_id": "q-bin"}])
    assert bytes(stored["blob"]) == b"\x00\xffraw"


def test_changes_are_built_only_for_tables_a_subscriber_follows(game_tables, monkeypatch):
    questions, index = tables.name(tables.QUESTIONS), tables.name(tables.QUESTION_CATEGORIES)
    seen: list[events.Change] = []
    monkeypatch.setattr(events, "_subscribers", {})
    events.subscribe(seen.extend, tables=lambda name: name == questions)
    assert events.wanted(questions)
    assert not events.wanted(index)
    built = []
    real_changes = batch._changes
    monkeypatch.setattr(
        batch, "_changes", lambda *args: built.append(args[0]) or real_changes(*args)
    )

    batch.batch_write(index, puts=[{"category": "science", "question_id": "q-1"}])
    batch.batch_write(questions, puts=[{"id": "q-1", "question": "?"}])

    assert built == [questions]
    assert [(c.table, c.item_id, c.record.question) for c in seen] == [(questions, "q-1", "?")]
    events.committed(
        [
            events.Change(index, tables.QUESTION_CATEGORIES, "put", {"category": "x"}),
            events.Change(questions, tables.QUESTIONS, "delete", {"id": "q-2"}),
        ]
    )
    assert [c.table for c in seen] == [questions, questions]


def test_an_import_into_a_staff_database_never_set_up_warns_once_and_writes_dynamodb(
    game_tables, tmp_path, monkeypatch, caplog, capsys
):
    monkeypatch.setattr(live, "_present", set())
    monkeypatch.setattr(live, "_warned", set())
    monkeypatch.setattr(
        live.connection.introspection, "table_names", lambda *args, **kwargs: ["django_session"]
    )
    lines = [
        f'{{"id": "q-{i}", "question": "Question {i}?", "answer": true, '
        f'"categories": ["science"], "difficulty": 2}}'
        for i in range(60)
    ]
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(lines) + "\n")

    with caplog.at_level(logging.WARNING):
        call_command("load_questions", str(path), "--workers", "4")

    assert "Import complete." in capsys.readouterr().out
    warnings = [r for r in caplog.records if "staff index is not set up" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].exc_info is None
    assert not [r for r in caplog.records if r.exc_info]
    found = batch.batch_get(tables.name(tables.QUESTIONS), [{"id": f"q-{i}"} for i in range(60)])
    assert len(found) == 60
