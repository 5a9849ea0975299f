"""/healthz: 200 when DynamoDB answers with every table and the staff database answers; 503 JSON
(never a stack trace) when a table is missing, DynamoDB is unreachable or it keeps throttling.
Anonymous callers get only {"status": ...}; the details need DJANGO_HEALTHZ_TOKEN."""

from __future__ import annotations

import json
import socket

import pytest

from truthbyte_admin.data import tables
from truthbyte_admin.data.client import track_requests

pytestmark = pytest.mark.django_db  # the staff database is part of the check
TOKEN = "probe-token-for-the-tests-0123456789"


@pytest.fixture(autouse=True)
def _health_token(settings):
    settings.HEALTHZ_TOKEN = TOKEN


def _json(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def _details(client, **extra):
    return client.get("/healthz", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **extra)


def _unused_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthy_when_every_table_exists(client, game_tables):
    response = _details(client)

    assert response.status_code == 200
    body = _json(response)
    assert body["status"] == "ok"
    assert body["dynamodb"] == "reachable"
    assert body["database"] == "reachable"
    assert body["tables_missing"] == []
    assert body["indexes_missing"] == {}


def test_healthz_is_public_and_never_cached(client, game_tables):
    response = client.get("/healthz")  # anonymous

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_plain_http_even_when_https_is_enforced(client, game_tables, settings):
    # The container's HEALTHCHECK and load balancers probe over HTTP inside the network.
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/login/").status_code == 301  # everything else goes to HTTPS


def test_unavailable_when_a_table_is_missing(client, dynamodb):
    tables.create_missing_tables(only=[tables.QUESTIONS, tables.CATEGORIES], wait=False)

    response = _details(client)

    assert response.status_code == 503
    body = _json(response)
    assert body["status"] == "degraded"
    assert tables.name(tables.AUDIT) in body["tables_missing"]
    assert tables.name(tables.SUBMISSIONS) in body["tables_missing"]
    assert tables.name(tables.QUESTIONS) not in body["tables_missing"]


def test_unavailable_when_dynamodb_is_unreachable(client, dynamodb, settings):
    settings.DYNAMODB_ENDPOINT_URL = f"http://127.0.0.1:{_unused_loopback_port()}"
    settings.DYNAMODB_MAX_ATTEMPTS = 1
    settings.DYNAMODB_TIMEOUT_SECONDS = 1

    response = _details(client)

    assert response.status_code == 503
    body = _json(response)
    assert body == {
        "status": "unavailable",
        "dynamodb": "unreachable",
        "error": body["error"],
        "database": "reachable",
    }
    assert "Traceback" not in body["error"]


def test_unavailable_while_dynamodb_throttles(client, game_tables, faults):
    faults.fail_next("DescribeTable", times=10)

    response = _details(client)

    assert response.status_code == 503
    body = _json(response)
    assert body["status"] == "unavailable"
    assert "throttling" in body["error"]


# --- pages: a throttled DynamoDB is a clear 503 page, not a stack trace -----------------------

READ_OPERATIONS = ["DescribeTable", "GetItem", "BatchGetItem", "Query", "Scan"]


def _throttle_every_read(faults, settings) -> None:
    settings.DYNAMODB_MAX_ATTEMPTS = 1  # no retry back-off: keep the test fast
    for operation in READ_OPERATIONS:
        faults.fail_next(operation, times=100)


@pytest.mark.parametrize("url", ["/categories/", "/daily/"])
def test_page_shows_the_503_page_while_dynamodb_throttles(
    moderator_client, game_tables, faults, settings, url
):
    _throttle_every_read(faults, settings)

    with track_requests() as stats:
        response = moderator_client.get(url)

    assert stats.requests > 0
    assert response.status_code == 503
    html = response.content.decode()
    assert "The game&#x27;s database is unavailable" in html or "database is unavailable" in html
    assert "Traceback" not in html
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize("url", ["/queue/", "/questions/"])
def test_lists_served_from_the_staff_index_stay_up_while_dynamodb_throttles(
    moderator_client, game_tables, faults, settings, url
):
    _throttle_every_read(faults, settings)

    with track_requests() as stats:
        response = moderator_client.get(url)

    assert stats.requests == 0
    assert response.status_code == 200


# --- what strangers see -------------------------------------------------------------------------


def test_anonymous_callers_get_the_status_alone(client, game_tables):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert _json(response) == {"status": "ok"}


def test_anonymous_callers_of_an_unhealthy_app_learn_no_table_or_error(client, dynamodb):
    tables.create_missing_tables(only=[tables.QUESTIONS], wait=False)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert _json(response) == {"status": "unavailable"}
    assert b"truthbyte" not in response.content


def test_anonymous_callers_learn_no_exception_class(client, game_tables, faults):
    faults.fail_next("DescribeTable", times=10)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert _json(response) == {"status": "unavailable"}


@pytest.mark.parametrize("header", ["Bearer wrong-token", f"Bearer {TOKEN}x", TOKEN, ""])
def test_a_wrong_token_gets_the_status_alone(client, dynamodb, header):
    tables.create_missing_tables(only=[tables.QUESTIONS], wait=False)

    response = client.get("/healthz", HTTP_AUTHORIZATION=header)

    assert _json(response) == {"status": "unavailable"}


def test_no_token_configured_means_no_details_for_anyone(client, dynamodb, settings):
    settings.HEALTHZ_TOKEN = ""
    tables.create_missing_tables(only=[tables.QUESTIONS], wait=False)

    assert _json(client.get("/healthz", HTTP_AUTHORIZATION="Bearer ")) == {"status": "unavailable"}


def test_unavailable_when_the_staff_database_is_unreachable(client, game_tables, monkeypatch):
    from django.db import OperationalError, connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    response = _details(client)

    assert response.status_code == 503
    assert _json(response)["database"] == "unreachable"


def test_healthz_answers_a_load_balancer_probing_by_ip_address(client, game_tables):
    response = client.get("/healthz", HTTP_HOST="10.0.3.17")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_a_flood_of_probes_makes_one_check_every_few_seconds(client, game_tables):
    from tests.support.requests import assert_dynamodb_requests

    client.get("/healthz")
    with assert_dynamodb_requests(0):
        for _ in range(20):
            assert client.get("/healthz").status_code == 200


# --- a set-up that can't work: said as such, once ---------------------------------------------


def _refuse_credentials(faults) -> None:
    for operation in READ_OPERATIONS:
        faults.fail_next(
            operation,
            times=100,
            error="UnrecognizedClientException",
            message="The security token included in the request is invalid.",
        )


def test_refused_credentials_are_named_in_the_health_details(client, game_tables, faults):
    _refuse_credentials(faults)

    body = _json(_details(client))

    assert body["status"] == "unavailable"
    assert body["dynamodb"] == "credentials"
    assert "UnrecognizedClientException" in body["error"]


def test_a_page_under_refused_credentials_says_to_tell_whoever_runs_it(
    moderator_client, game_tables, faults, settings, caplog
):
    settings.DYNAMODB_MAX_ATTEMPTS = 3
    _refuse_credentials(faults)

    with track_requests() as stats:
        response = moderator_client.get("/categories/")

    assert stats.requests == 1  # not asked again: the same credentials would be refused again
    assert response.status_code == 503
    html = " ".join(response.content.decode().split())
    assert 'data-testid="set-up-wrong"' in html
    assert "this page can't be shown" in html
    assert "tell whoever runs TruthByte Admin" in html
    assert "UnrecognizedClientException" not in html  # the details are the operator's
    assert "try again in a moment" not in html
    assert "UnrecognizedClientException" in caplog.text
