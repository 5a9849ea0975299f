"""DynamoDB Streams: turn them on (non-destructively) and read their changes as typed records
(:class:`StreamChange`), counted like every other request (the stream API is a separate
botocore client on the same endpoint)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from . import client, records, tables
from .errors import DataUnavailable
from .serialization import from_item

log = logging.getLogger(__name__)

VIEW = "NEW_AND_OLD_IMAGES"


# What AWS answers for a position older than the stream keeps (24 hours) or an iterator older
# than 15 minutes, and what DynamoDB Local answers for any position once it has restarted with
# its data on disk (the shard then starts after every record it still holds: measured).
_POSITION_GONE = {"TrimmedDataAccessException", "ExpiredIteratorException"}
_POSITION_INVALID_MESSAGE = "Invalid SequenceNumber"


class PositionGone(Exception):
    """A shard iterator or position the stream no longer accepts."""


_clients: dict = {}


def _streams_client():
    key = (settings.DYNAMODB_ENDPOINT_URL, settings.AWS_REGION)
    if key not in _clients:
        _clients[key] = _make(*key)
    return _clients[key]


def _make(endpoint_url: str | None, region: str) -> Any:
    kwargs: dict[str, Any] = {"region_name": region}
    if endpoint_url:
        kwargs.update(
            endpoint_url=endpoint_url, aws_access_key_id="local", aws_secret_access_key="local"
        )
    return boto3.session.Session().client("dynamodbstreams", **kwargs)


def call(operation: str, **kwargs: Any) -> dict:
    """One stream request, counted; a position or iterator the stream no longer accepts is
    raised as :class:`PositionGone`, other failures as the typed errors of :mod:`.errors`."""
    started = time.perf_counter()
    try:
        response = getattr(_streams_client(), operation)(**kwargs)
    except ClientError as exc:
        client._record(f"streams.{operation}", 0, time.perf_counter() - started)
        if client.error_code(exc) in _POSITION_GONE or _POSITION_INVALID_MESSAGE in (
            exc.response.get("Error", {}).get("Message", "")
        ):
            raise PositionGone(str(exc)) from exc
        raise client.translate_client_error(exc) from exc
    except BotoCoreError as exc:
        client._record(f"streams.{operation}", 0, time.perf_counter() - started)
        raise DataUnavailable(f"DynamoDB Streams is unreachable ({type(exc).__name__}).") from exc
    client._record(
        f"streams.{operation}", len(response.get("Records", [])), time.perf_counter() - started
    )
    return response


def stream_arn(table_name: str) -> str | None:
    """The table's stream when one is enabled with item images, else None."""
    table = client.call("describe_table", TableName=table_name)["Table"]
    spec = table.get("StreamSpecification") or {}
    if not spec.get("StreamEnabled") or spec.get("StreamViewType") == "KEYS_ONLY":
        return None
    return table.get("LatestStreamArn")


def enable(table_name: str) -> str:
    """Turn a stream on (only if none is on: never replaces an existing one). Says what it did."""
    table = client.call("describe_table", TableName=table_name)["Table"]
    spec = table.get("StreamSpecification") or {}
    if spec.get("StreamEnabled"):
        return f"already on ({spec.get('StreamViewType')})"
    client.call(
        "update_table",
        TableName=table_name,
        StreamSpecification={"StreamEnabled": True, "StreamViewType": VIEW},
    )
    return f"turned on ({VIEW})"


@dataclass(frozen=True)
class Shard:
    id: str
    closed: bool  # it has an end: read to it, it holds nothing more


def shards(arn: str) -> list[Shard]:
    found, start = [], None
    while True:
        kwargs = {"StreamArn": arn}
        if start:
            kwargs["ExclusiveStartShardId"] = start
        description = call("describe_stream", **kwargs)["StreamDescription"]
        found += [
            Shard(
                shard["ShardId"],
                bool(shard.get("SequenceNumberRange", {}).get("EndingSequenceNumber")),
            )
            for shard in description.get("Shards", [])
        ]
        start = description.get("LastEvaluatedShardId")
        if not start:
            return found


def shard_iterator(arn: str, shard_id: str, after: str | None) -> tuple[str | None, bool]:
    """An iterator just after sequence number ``after`` (None: at the oldest record kept), and
    whether records were missed. When ``after`` is no longer accepted, the iterator starts at
    the newest record and True is returned: the caller must re-read the table, after taking
    the iterator, to cover what it missed."""
    request = {"StreamArn": arn, "ShardId": shard_id}
    if after:
        try:
            response = call(
                "get_shard_iterator",
                **request,
                ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                SequenceNumber=after,
            )
            return response.get("ShardIterator"), False
        except PositionGone:
            response = call("get_shard_iterator", **request, ShardIteratorType="LATEST")
            return response.get("ShardIterator"), True
    response = call("get_shard_iterator", **request, ShardIteratorType="TRIM_HORIZON")
    return response.get("ShardIterator"), False


@dataclass(frozen=True)
class StreamChange:
    """One change record of a table's stream, typed."""

    kind: str  # the table's kind (tables.QUESTIONS, …)
    action: str  # "put" (the item was added or changed: ``record`` is it now) or "delete"
    key: dict  # the item's key attributes, partition key first (plain values)
    record: Any  # a put: the item's new image as its typed record (records.parser); else None
    position: str  # the record's sequence number: a later read goes on after it

    @property
    def item_id(self) -> str:
        """The item's partition key value as text (a question's id, a category's slug, …)."""
        return str(next(iter(self.key.values()), ""))


def changes(
    iterator: str, kind: str, *, limit: int = 1000
) -> tuple[list[StreamChange], str | None]:
    """One page of the changes to ``kind``'s table (its stream's shard at ``iterator``) and the
    iterator for the next; raises PositionGone when the iterator has expired."""
    response = call("get_records", ShardIterator=iterator, Limit=limit)
    page = response.get("Records", [])
    found = []
    if page:  # the table's key and record type (cached lookups) only once there is something
        names, parse = tables.key_names(tables.name(kind)), records.parser(kind)
        found = [_change(kind, names, parse, record) for record in page]
    return found, response.get("NextShardIterator")


def _change(kind: str, key_names: tuple[str, ...], parse: Any, record: dict) -> StreamChange:
    body = record["dynamodb"]
    keys = from_item(body.get("Keys", {}))
    key = {name: keys[name] for name in key_names if name in keys} or keys
    position = body["SequenceNumber"]
    # An item removed, or (a view without images) only known by its key: it is read as gone.
    if record["eventName"] == "REMOVE" or "NewImage" not in body:
        return StreamChange(kind, "delete", key, None, position)
    try:
        image = from_item(body["NewImage"])
    except (TypeError, ValueError):
        # A record no reader takes (DynamoDB Local streams an empty map as {}, not {"M": {}}):
        # the item as stored now, rather than a record retried for ever that holds up every
        # change after it.
        log.warning("%s %s: unreadable stream record; reading the item instead", kind, keys)
        image = _stored_now(kind, body.get("Keys", {}))
        if image is None:
            return StreamChange(kind, "delete", key, None, position)
    return StreamChange(kind, "put", key, parse(image) if parse else None, position)


def _stored_now(kind: str, raw_key: dict) -> dict | None:
    response = client.call(
        "get_item", TableName=tables.name(kind), Key=raw_key, ConsistentRead=True
    )
    return from_item(response["Item"]) if "Item" in response else None
