"""Retries of unprocessed batch items, and DynamoDB failures as typed errors."""

import pytest

from truthbyte_admin.data import batch, client, questions, tables
from truthbyte_admin.data.errors import DataUnavailable, NotFound, TableMissing, Throttled
from truthbyte_admin.data.models import Question


def test_batch_get_chunks_to_100_keys_and_retries_unprocessed_keys(game_tables, monkeypatch):
    batch.batch_write(
        tables.name(tables.QUESTIONS),
        puts=[Question(id=f"q{i:03}", question="Q?").to_item() for i in range(150)],
    )
    real_call = client.call
    calls = []

    def partial_first_response(operation, **kwargs):
        # As AWS does when throttled: answer part of the request, hand the rest back.
        if operation == "batch_get_item" and not calls:
            request = kwargs["RequestItems"]
            ((table, spec),) = request.items()
            kept, left = spec["Keys"][:30], spec["Keys"][30:]
            calls.append(len(spec["Keys"]))
            response = real_call(operation, RequestItems={table: {**spec, "Keys": kept}})
            response["UnprocessedKeys"] = {table: {**spec, "Keys": left}}
            return response
        if operation == "batch_get_item":
            calls.append(len(next(iter(kwargs["RequestItems"].values()))["Keys"]))
        return real_call(operation, **kwargs)

    monkeypatch.setattr(batch.client, "call", partial_first_response)
    monkeypatch.setattr(batch, "_backoff", lambda n: None)
    found = questions.get_many([f"q{i:03}" for i in range(150)] + ["nope"])
    assert len(found) == 150
    assert calls == [100, 70, 51]


def test_throttling_after_retries_becomes_a_typed_error(game_tables, faults, settings):
    settings.DYNAMODB_MAX_ATTEMPTS = 2
    faults.fail_next("GetItem", times=2)
    with pytest.raises(Throttled):
        questions.get("q1")


def test_botocore_retries_a_throttled_call(game_tables, faults, settings):
    settings.DYNAMODB_MAX_ATTEMPTS = 3
    faults.fail_next("GetItem", times=2)
    with pytest.raises(NotFound):  # retried past the throttling, then the real answer
        questions.get("missing")


def test_missing_table_is_a_typed_error(dynamodb):
    with pytest.raises(TableMissing):
        questions.get("q1")


def test_unreachable_endpoint_is_data_unavailable(dynamodb, settings):
    settings.DYNAMODB_ENDPOINT_URL = "http://127.0.0.1:9"
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    settings.DYNAMODB_TIMEOUT_SECONDS = 1
    with pytest.raises(DataUnavailable):
        questions.get("q1")
