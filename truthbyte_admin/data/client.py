"""The one place that talks to DynamoDB.

Every call goes through :func:`call`, which counts requests, items read and the time spent
waiting on DynamoDB (so tests can assert request counts and benchmarks can subtract waiting
time), and turns botocore failures into the typed errors of :mod:`.errors`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from .errors import ConditionFailed, DataUnavailable, TableMissing, Throttled

_THROTTLING_CODES = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
}

_clients: dict[tuple, Any] = {}
_clients_lock = threading.Lock()


def get_client():
    """A botocore DynamoDB client for the configured endpoint (cached per endpoint and region)."""
    key = (
        settings.DYNAMODB_ENDPOINT_URL,
        settings.AWS_REGION,
        settings.DYNAMODB_MAX_ATTEMPTS,
        settings.DYNAMODB_TIMEOUT_SECONDS,
    )
    client = _clients.get(key)
    if client is None:
        with _clients_lock:
            client = _clients.get(key)
            if client is None:
                client = _make_client(*key)
                _clients[key] = client
    return client


def _make_client(endpoint_url, region, max_attempts, timeout):
    config = Config(
        region_name=region,
        retries={"mode": "standard", "total_max_attempts": max_attempts},
        connect_timeout=timeout,
        read_timeout=timeout,
        max_pool_connections=20,
    )
    kwargs: dict[str, Any] = {"config": config}
    if endpoint_url:
        kwargs["endpoint_url"] = endpoint_url
        # A local emulator accepts any credentials; don't make developers configure them.
        kwargs.setdefault("aws_access_key_id", "local")
        kwargs.setdefault("aws_secret_access_key", "local")
    return boto3.session.Session().client("dynamodb", **kwargs)


def table_name(kind: str) -> str:
    """``{env}-truthbyte-{kind}`` for the configured environment."""
    return f"{settings.TRUTHBYTE_ENV}-truthbyte-{kind}"


# --- request accounting -----------------------------------------------------------------------


@dataclass
class RequestStats:
    """What one block of code asked of DynamoDB."""

    requests: int = 0
    items_read: int = 0
    waiting_seconds: float = 0.0
    operations: list[str] = field(default_factory=list)

    def add(self, operation: str, items_read: int, seconds: float) -> None:
        self.requests += 1
        self.items_read += items_read
        self.waiting_seconds += seconds
        self.operations.append(operation)


_active = threading.local()


def _stack() -> list[RequestStats]:
    if not hasattr(_active, "stack"):
        _active.stack = []
    return _active.stack


@contextlib.contextmanager
def track_requests() -> Iterator[RequestStats]:
    """Count the DynamoDB requests made by this thread inside the block."""
    stats = RequestStats()
    _stack().append(stats)
    try:
        yield stats
    finally:
        _stack().remove(stats)


def _items_read(operation: str, response: dict) -> int:
    if "ScannedCount" in response:
        return int(response["ScannedCount"])
    if "Count" in response:
        return int(response["Count"])
    if operation == "get_item":
        return 1 if "Item" in response else 0
    if operation == "batch_get_item":
        return sum(len(v) for v in response.get("Responses", {}).values())
    if operation == "transact_get_items":
        return sum(1 for r in response.get("Responses", []) if r.get("Item"))
    return 0


def call(operation: str, **kwargs) -> dict:
    """Run one DynamoDB API call (``operation`` is the botocore method name, e.g. ``query``)."""
    client = get_client()
    started = time.perf_counter()
    try:
        response = getattr(client, operation)(**kwargs)
    except ClientError as exc:
        _record(operation, 0, time.perf_counter() - started)
        raise translate_client_error(exc) from exc
    except BotoCoreError as exc:
        _record(operation, 0, time.perf_counter() - started)
        raise DataUnavailable(f"DynamoDB is unreachable ({type(exc).__name__}).") from exc
    _record(operation, _items_read(operation, response), time.perf_counter() - started)
    return response


def _record(operation: str, items: int, seconds: float) -> None:
    for stats in _stack():
        stats.add(operation, items, seconds)


def error_code(exc: ClientError) -> str:
    return exc.response.get("Error", {}).get("Code", "")


def translate_client_error(exc: ClientError) -> Exception:
    """Map a botocore ClientError onto our own error types.

    Transaction cancellations are handled by :mod:`.transactions`, which knows the action labels.
    """
    code = error_code(exc)
    message = exc.response.get("Error", {}).get("Message", "")
    if code == "ConditionalCheckFailedException":
        return ConditionFailed(current=exc.response.get("Item"))
    if code == "ResourceNotFoundException":
        return TableMissing(f"A DynamoDB table or index is missing: {message}")
    if code in _THROTTLING_CODES:
        return Throttled("DynamoDB is throttling requests; please try again in a moment.")
    if code == "TransactionCanceledException":
        return exc  # re-raised as TransactionCancelled by the caller
    if code in {"ValidationException", "SerializationException"}:
        # Our own request was malformed: a programming error, surfaced loudly rather than as 503.
        return exc
    return DataUnavailable(f"DynamoDB refused the request ({code or 'unknown error'}).")
