"""Retries of unprocessed batch items, and DynamoDB failures as typed errors."""

import pytest

from truthbyte_admin.data import batch, client, questions, tables
from truthbyte_admin.data.errors import (
    DataUnavailable,
    NotFound,
    NotSetUp,
    ServerError,
    TableMissing,
    Throttled,
    Unreachable,
    setup_problem,
)
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


# --- a set-up that can't work: said at once, never retried ------------------------------------

REFUSED_TOKEN = "The security token included in the request is invalid."


def test_unreachable_endpoint_is_an_unreachable_server_error_naming_the_problem(dynamodb, settings):
    settings.DYNAMODB_ENDPOINT_URL = "http://127.0.0.1:9"
    settings.DYNAMODB_MAX_ATTEMPTS = 2
    settings.DYNAMODB_TIMEOUT_SECONDS = 1
    with client.track_requests() as stats, pytest.raises(Unreachable) as raised:
        questions.get("q1")
    assert isinstance(raised.value, ServerError)  # may pass: retried, then "try again"
    assert stats.requests == 2
    assert setup_problem(raised.value).kind == "unreachable"


@pytest.mark.parametrize(
    ("error", "kind"),
    [("UnrecognizedClientException", "credentials"), ("AccessDeniedException", "access")],
)
def test_refused_credentials_are_not_set_up_and_not_retried(
    game_tables, faults, settings, error, kind
):
    settings.DYNAMODB_MAX_ATTEMPTS = 3
    faults.fail_next("GetItem", times=3, error=error, message=REFUSED_TOKEN)
    with client.track_requests() as stats, pytest.raises(NotSetUp) as raised:
        questions.get("q1")
    assert stats.requests == 1
    assert raised.value.problem.kind == kind
    assert error in raised.value.problem.detail


def test_no_credentials_at_all_are_not_set_up_and_not_retried(dynamodb, settings, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no metadata lookup, no network
    settings.DYNAMODB_ENDPOINT_URL = None  # AWS itself: only there are credentials looked for
    monkeypatch.setattr(client, "_clients", {})  # not a client an earlier test gave credentials
    settings.DYNAMODB_MAX_ATTEMPTS = 3
    with client.track_requests() as stats, pytest.raises(NotSetUp) as raised:
        questions.get("q1")
    assert stats.requests == 1
    assert raised.value.problem.kind == "credentials"
    assert "NoCredentialsError" in raised.value.problem.detail


def test_an_endpoint_that_is_not_a_url_is_not_set_up(dynamodb, settings):
    settings.DYNAMODB_ENDPOINT_URL = "127.0.0.1:8001"
    with pytest.raises(NotSetUp) as raised:
        questions.get("q1")
    assert raised.value.problem.kind == "configuration"
