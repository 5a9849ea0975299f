"""The fault-injecting proxy in front of DynamoDB Local does what each test relies on: errors
before the request reaches DynamoDB (nothing applied), errors and lost or late answers after it
(applied), and random faults at a rate."""

import pytest

from tests.support.fault_proxy import Fault
from truthbyte_admin.data import client, questions, tables
from truthbyte_admin.data.errors import DataUnavailable, NotFound, Throttled
from truthbyte_admin.data.models import Question
from truthbyte_admin.data.serialization import to_item


def _put(question_id: str) -> None:
    item = Question(id=question_id, question="Is this stored?").to_item()
    client.call("put_item", TableName=tables.name(tables.QUESTIONS), Item=to_item(item))


def _stored(question_id: str) -> bool:
    try:
        questions.get(question_id)
    except NotFound:
        return False
    return True


def test_an_error_before_forwarding_applies_nothing(game_tables, faults, settings):
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    faults.fail_next("PutItem")
    with pytest.raises(Throttled):
        _put("q_before")
    assert not _stored("q_before")
    assert faults.log.injected == [("PutItem", "fail")]


def test_a_500_after_forwarding_is_applied_all_the_same(game_tables, faults, settings):
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    faults.fail_after_next("PutItem")
    with pytest.raises(DataUnavailable):
        _put("q_after")
    assert _stored("q_after")


def test_a_lost_answer_is_retried_by_the_sdk(game_tables, faults, settings):
    settings.DYNAMODB_MAX_ATTEMPTS = 3
    faults.drop_next("PutItem")
    _put("q_dropped")  # the first attempt was applied and its answer lost; the retry succeeds
    assert _stored("q_dropped")
    assert faults.log.forwarded >= 2


def test_an_answer_held_past_the_timeout_is_applied(game_tables, faults, settings):
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    settings.DYNAMODB_TIMEOUT_SECONDS = 0.3
    faults.delay_next("PutItem", seconds=1.0)
    with pytest.raises(DataUnavailable):
        _put("q_late")
    settings.DYNAMODB_TIMEOUT_SECONDS = 5
    assert _stored("q_late")


def test_random_faults_hit_about_their_rate(game_tables, faults, settings):
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    faults.random_faults(0.2, [Fault("fail")], targets=["GetItem"], seed=7)
    failures = 0
    for _ in range(100):
        try:
            questions.get("nothing")
        except Throttled:
            failures += 1
        except NotFound:
            pass
    assert 8 <= failures <= 35
    assert faults.log.forwarded == 100 - failures
