"""The one place that talks to DynamoDB.

Every call goes through :func:`call`, which counts requests, items read and the time spent
waiting on DynamoDB (so tests can assert request counts and benchmarks can subtract waiting
time), and turns botocore failures into the typed errors of :mod:`.errors`.
"""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    CredentialRetrievalError,
    ReadTimeoutError,
)
from botocore.serialize import create_serializer
from django.conf import settings

from .errors import (
    ConditionFailed,
    DataUnavailable,
    NotSetUp,
    OutcomeUnknown,
    SentBefore,
    ServerError,
    TableMissing,
    Throttled,
    Unreachable,
    classify_setup,
)

# Answered before anything was applied: safe to retry, and "nothing was changed" is true.
_THROTTLING_CODES = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
}
_SERVER_CODES = {"InternalServerError", "ServiceUnavailable", "InternalFailure"}
WRITE_OPERATIONS = {
    "put_item",
    "update_item",
    "delete_item",
    "transact_write_items",
    "batch_write_item",
}
# A retry that meets one of these after an attempt whose outcome was unknown may be meeting our
# own earlier write (its condition now fails, or its token was already used).
_MAYBE_OURS = {
    "ConditionalCheckFailedException",
    "TransactionCanceledException",
    "IdempotentParameterMismatchException",
}

_clients: dict[tuple, Any] = {}
_clients_lock = threading.Lock()


class _WireFormatSerializer:
    """botocore's (validating) serializer, without its checks and its walk over the request's
    shape for the batch requests our own code builds, thousands per import: their items are
    already in DynamoDB's wire format (``to_item``), and for such values the walk produces
    exactly ``json.dumps`` of the parameters. Validation and the walk cost more CPU than the
    requests themselves (~0.3 ms per 25-item request, and DynamoDB validates them anyway). A
    value JSON can't take as it is (binary) goes through botocore's own serializer."""

    def __init__(self, serializer: Any):
        self._serializer = serializer
        # For the headers only (an empty request fails validation).
        self._headers_only = create_serializer("json", include_validation=False)

    def serialize_to_request(self, parameters: dict, operation_model: Any) -> dict:
        if operation_model.name in _WIRE_FORMAT_OPERATIONS:
            try:
                body = json.dumps(parameters).encode("utf-8")
            except TypeError:
                pass
            else:
                # The method, target and content-type headers, as botocore builds them.
                request = self._headers_only.serialize_to_request({}, operation_model)
                request["body"] = body
                return request
        return self._serializer.serialize_to_request(parameters, operation_model)


_WIRE_FORMAT_OPERATIONS = {"BatchWriteItem", "BatchGetItem"}


def get_client() -> Any:
    """A botocore DynamoDB client for the configured endpoint (cached per endpoint and region).

    One client per process: a second one (once, for the batch requests) cost ~40 ms of every
    command's start-up, loading the service model and its endpoint rules again."""
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


def _make_client(endpoint_url: str | None, region: str, max_attempts: int, timeout: float) -> Any:
    config = Config(
        region_name=region,
        # One attempt per botocore call: :func:`call` retries itself, so it knows whether an
        # earlier attempt of a write may have been applied.
        retries={"mode": "standard", "total_max_attempts": 1},
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
    try:
        client = boto3.session.Session().client("dynamodb", **kwargs)
    except (BotoCoreError, ValueError) as exc:  # no such profile, an endpoint that isn't a URL
        problem = classify_setup(exc)
        if problem is None:
            raise
        raise NotSetUp(problem) from exc
    client._serializer = _WireFormatSerializer(client._serializer)
    return client


def table_name(kind: str) -> str:
    """``{env}-truthbyte-{kind}`` for the configured environment."""
    return f"{settings.TRUTHBYTE_ENV}-truthbyte-{kind}"


# --- request accounting -----------------------------------------------------------------------


# Compared by identity: nested blocks that made the same requests are equal field by field, and
# leaving the inner one must take that one off the stack, not the outer.
@dataclass(eq=False)
class RequestStats:
    """What one block of code asked of DynamoDB."""

    requests: int = 0
    items_read: int = 0
    waiting_seconds: float = 0.0
    operations: list[str] = field(default_factory=list)
    # A write of the block was answered, or its outcome is unknown: something may be stored, so
    # a later failure of the block must not be reported as "nothing was changed".
    wrote: bool = False

    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, operation: str, items_read: int, seconds: float) -> None:
        with self._lock:  # parallel import workers share their caller's stats
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


def run_parallel(function: Callable[[Any], Any], jobs: Iterable[Any], *, workers: int = 8) -> list:
    """``[function(job) for job in jobs]`` on ``workers`` threads, counted in the caller's
    :func:`track_requests` blocks; the first exception is re-raised after all jobs stopped."""
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    jobs = list(jobs)
    if len(jobs) <= 1 or workers <= 1:
        return [function(job) for job in jobs]
    from . import events

    parent = list(_stack())
    changes: list = []
    changes_lock = threading.Lock()

    def run(job: Any) -> Any:
        _active.stack = list(parent)
        try:
            with events.collected_for_caller(changes, changes_lock):
                return function(job)
        finally:
            _active.stack = []

    delivered_at = [time.monotonic()]

    def deliver(at_least: int) -> None:
        # On this thread: the subscribers use its database connection.
        with changes_lock:
            if len(changes) < at_least:
                return
            ready = changes[:]
            changes.clear()
        events.committed(ready)
        delivered_at[0] = time.monotonic()

    with ThreadPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        # While the workers wait on DynamoDB, this thread hands what they committed so far to
        # the subscribers (the staff index) in batches, instead of all of it at the end; what
        # waited a while goes too (the last questions of an import, while its index items are
        # still being written).
        pending = set(futures)
        while pending:
            _, pending = wait(pending, timeout=_DELIVERY_SECONDS, return_when=FIRST_COMPLETED)
            waited = time.monotonic() - delivered_at[0] >= _DELIVERY_SECONDS
            deliver(at_least=1 if waited else _DELIVERY_BATCH)
    deliver(at_least=1)
    return [future.result() for future in futures]


_DELIVERY_BATCH = 500  # changes handed to the subscribers together while workers still run
_DELIVERY_SECONDS = 0.1  # ... or whatever they committed, this long after the last hand-over


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


_patient_attempts: int | None = None  # set by ``patient_retries``, for every thread


@contextlib.contextmanager
def patient_retries() -> Iterator[None]:
    """Within: every call retries up to the ``DYNAMODB_BULK_MAX_ATTEMPTS`` setting (botocore's
    own 10 for DynamoDB), backing off as botocore does, for a command that writes in bulk: a
    throttled batch is waited out rather than the run stopped, where a page gives up sooner so
    that nobody waits. For the whole process, its parallel writers' threads included (a
    command runs one at a time)."""
    global _patient_attempts
    before, _patient_attempts = _patient_attempts, settings.DYNAMODB_BULK_MAX_ATTEMPTS
    try:
        yield
    finally:
        _patient_attempts = before


def call(operation: str, *, attempts: int | None = None, **kwargs: Any) -> dict:
    """Run one DynamoDB API call (``operation`` is the botocore method name, e.g. ``query``).

    Retries throttling, server errors and lost or late answers up to ``attempts`` calls
    (default: the ``DYNAMODB_MAX_ATTEMPTS`` setting, or within ``patient_retries`` the bulk
    one) with jittered backoff. A write that had an attempt whose outcome is unknown (5xx,
    timeout, connection lost after sending) and then fails ends in :class:`OutcomeUnknown`,
    never in a claim that nothing was applied.
    """
    client = get_client()
    attempts = attempts or _patient_attempts or settings.DYNAMODB_MAX_ATTEMPTS
    is_write = operation in WRITE_OPERATIONS
    try:
        response = _call_with_retries(client, operation, attempts, is_write, kwargs)
    except OutcomeUnknown:
        _note_write()
        raise
    if is_write:
        _note_write()
    return response


def _note_write() -> None:
    for stats in _stack():
        stats.wrote = True


def _call_with_retries(
    client: Any, operation: str, attempts: int, is_write: bool, kwargs: dict
) -> dict:
    unknown = False  # an earlier attempt of this write may have been applied
    for attempt in range(1, attempts + 1):
        started = time.perf_counter()
        try:
            response = getattr(client, operation)(**kwargs)
        except ClientError as exc:
            _record(operation, 0, time.perf_counter() - started)
            unknown = _retry_after_client_error(
                exc, unknown=unknown, is_write=is_write, last=attempt == attempts
            )
        except BotoCoreError as exc:
            _record(operation, 0, time.perf_counter() - started)
            problem = classify_setup(exc)
            # No credentials, or settings botocore can't use: asking again won't change that.
            # A credentials source that failed to answer this once (the task role's endpoint,
            # CredentialRetrievalError) may answer the next time: it is retried.
            final = (
                problem is not None
                and problem.kind != "unreachable"
                and not isinstance(exc, CredentialRetrievalError)
            )
            if is_write and isinstance(exc, (ReadTimeoutError, ConnectionClosedError)):
                unknown = True  # the request was sent: it may have been applied
            if final or attempt == attempts:
                if unknown and is_write:
                    # An earlier attempt may have been applied: never "nothing was changed".
                    raise OutcomeUnknown(_UNKNOWN_MESSAGE) from exc
                if problem is not None:
                    kind = Unreachable if problem.kind == "unreachable" else NotSetUp
                    raise kind(problem) from exc
                raise ServerError(
                    f"DynamoDB did not answer in time or could not be reached "
                    f"({type(exc).__name__}); please try again."
                ) from exc
        else:
            _record(operation, _items_read(operation, response), time.perf_counter() - started)
            return response
        _sleep_before_retry(attempt)
    raise AssertionError("unreachable")


def _retry_after_client_error(
    exc: ClientError, *, unknown: bool, is_write: bool, last: bool
) -> bool:
    """Raise what a refused attempt means, or return whether the write's outcome is now unknown
    (and retry): throttling and server errors are retried, anything else is final."""
    error = translate_client_error(exc)
    code = error_code(exc)
    if unknown and code in _MAYBE_OURS:
        raise OutcomeUnknown(_UNKNOWN_MESSAGE) from exc
    if code == "IdempotentParameterMismatchException":
        # The same form submission was already sent with other contents (a browser retry):
        # what it did is only known by reading what is stored.
        raise SentBefore(_UNKNOWN_MESSAGE) from exc
    if isinstance(error, ServerError) and is_write:
        unknown = True
    if not isinstance(error, (Throttled, ServerError)) or last:
        if unknown and is_write:
            raise OutcomeUnknown(_UNKNOWN_MESSAGE) from exc
        raise error from exc
    return unknown


_UNKNOWN_MESSAGE = (
    "DynamoDB did not confirm this change (a server error or a lost answer): it may or may not "
    "have been saved. Reload the page to see what is stored before trying again."
)


def _sleep_before_retry(attempt: int) -> None:
    # Full jitter, capped: interactive pages wait at most a few tenths of a second in total; a
    # bulk command (patient_retries) up to botocore's legacy DynamoDB back-off (50 ms doubled,
    # tens of seconds over 10 attempts), long enough for throttling to pass.
    if _patient_attempts:
        time.sleep(random.uniform(0, min(0.05 * (2**attempt), 10.0)))
    else:
        time.sleep(random.uniform(0, min(0.025 * (2**attempt), 0.5)))


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
    problem = classify_setup(exc)
    if problem is not None:  # refused who is asking, not what was asked
        return NotSetUp(problem)
    if code == "ResourceNotFoundException":
        return TableMissing(f"A DynamoDB table or index is missing: {message}")
    if code in _THROTTLING_CODES:
        return Throttled(
            "DynamoDB is throttling requests (too many at once) and refused this one. "
            "Please try again in a moment."
        )
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    if code in _SERVER_CODES or status >= 500:
        return ServerError(
            f"DynamoDB had an internal error ({code or 'HTTP ' + str(status)}); "
            "please try again in a moment."
        )
    if code == "TransactionCanceledException":
        return exc  # re-raised as TransactionCancelled by the caller
    if code in {"ValidationException", "SerializationException"}:
        # Our own request was malformed: a programming error, surfaced loudly rather than as 503.
        return exc
    return DataUnavailable(f"DynamoDB refused the request ({code or 'unknown error'}).")
