"""How the one DynamoDB client retries, with botocore's client stood in for (no I/O): a write
that may have been applied is never reported as not applied, and a credentials source that
failed to answer once is asked again."""

from __future__ import annotations

import pytest

from truthbyte_admin.data import client
from truthbyte_admin.data.errors import NotSetUp, OutcomeUnknown


class _Answers:
    """A stand-in botocore client: each call of an operation takes the next of ``answers`` (an
    exception is raised, anything else returned)."""

    def __init__(self, **answers):
        self._answers = {name: list(values) for name, values in answers.items()}

    def __getattr__(self, operation):
        def call(**kwargs):
            answer = self._answers[operation].pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer

        return call


def _retrieval_failed():
    from botocore.exceptions import CredentialRetrievalError

    return CredentialRetrievalError(provider="container-role", error_msg="timed out")


def test_a_write_whose_first_answer_was_lost_is_unknown_even_if_credentials_then_fail(
    monkeypatch, settings
):
    from botocore.exceptions import ReadTimeoutError

    settings.DYNAMODB_MAX_ATTEMPTS = 3
    stub = _Answers(put_item=[ReadTimeoutError(endpoint_url="x"), _retrieval_failed()] * 2)
    monkeypatch.setattr(client, "get_client", lambda: stub)
    monkeypatch.setattr(client, "_sleep_before_retry", lambda attempt: None)
    with client.track_requests() as stats, pytest.raises(OutcomeUnknown):
        client.call("put_item", TableName="t", Item={})
    assert stats.wrote  # so nothing may say "nothing was changed"


def test_a_credentials_source_that_failed_once_is_asked_again(monkeypatch, settings):
    settings.DYNAMODB_MAX_ATTEMPTS = 3
    stub = _Answers(get_item=[_retrieval_failed(), {"Item": {}}])
    monkeypatch.setattr(client, "get_client", lambda: stub)
    monkeypatch.setattr(client, "_sleep_before_retry", lambda attempt: None)
    assert client.call("get_item", TableName="t", Key={}) == {"Item": {}}


def test_a_credentials_source_that_never_answers_is_not_set_up_after_the_retries(
    monkeypatch, settings
):
    settings.DYNAMODB_MAX_ATTEMPTS = 3
    stub = _Answers(get_item=[_retrieval_failed()] * 3)
    monkeypatch.setattr(client, "get_client", lambda: stub)
    monkeypatch.setattr(client, "_sleep_before_retry", lambda attempt: None)
    with client.track_requests() as stats, pytest.raises(NotSetUp) as raised:
        client.call("get_item", TableName="t", Key={})
    assert stats.requests == 3
    assert raised.value.problem.kind == "credentials"
