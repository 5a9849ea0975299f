"""Player-submitted questions (`submitted-questions`), both shapes (GAME.md)."""

from __future__ import annotations

from dataclasses import dataclass

from . import client, tables
from .errors import NotFound
from .models import PENDING, Submission
from .serialization import from_item, to_attr

STATUS_INDEX = "status-index"
AUTHOR_INDEX = "author-index"


def get(submission_id: str, *, consistent: bool = True) -> Submission:
    item = tables.get_item(tables.SUBMISSIONS, {"id": submission_id}, consistent=consistent)
    if item is None:
        raise NotFound(f"No submission {submission_id!r}.")
    return Submission.from_item(item)


@dataclass
class SubmissionPage:
    items: list[Submission]
    last_key: dict | None
    used_index: bool  # False: the page came from a filtered Scan (status-index missing)


def pending_page(
    *,
    limit: int,
    start_key: dict | None = None,
    newest_first: bool = False,
    category: str | None = None,
    author: str | None = None,
) -> SubmissionPage:
    """One page of pending submissions; at most ``limit`` items read, whatever the table size.

    Filters are FilterExpressions on a bounded Query, so a filtered page can be short while more
    remain: the cursor (not the page length) says whether there is more.
    """
    names = {"#status": "status"}
    values: dict = {":pending": to_attr(PENDING)}
    filters: list[str] = []
    if category:
        names["#categories"], names["#tags"] = "categories", "tags"
        values[":category"] = to_attr(category)
        filters.append("(contains(#categories, :category) OR contains(#tags, :category))")
    kwargs: dict = {"TableName": tables.name(tables.SUBMISSIONS), "Limit": limit}
    if start_key:
        kwargs["ExclusiveStartKey"] = start_key

    if author and tables.has_index(tables.SUBMISSIONS, AUTHOR_INDEX):
        kwargs.update(
            IndexName=AUTHOR_INDEX,
            KeyConditionExpression="#author = :author",
            ScanIndexForward=not newest_first,
        )
        names["#author"] = "author"
        values[":author"] = to_attr(author)
        filters.append("#status = :pending")
        operation, used_index = "query", True
    elif not author and tables.has_index(tables.SUBMISSIONS, STATUS_INDEX):
        kwargs.update(
            IndexName=STATUS_INDEX,
            KeyConditionExpression="#status = :pending",
            ScanIndexForward=not newest_first,
        )
        operation, used_index = "query", True
    else:
        # The design document's fallback: a filtered, paginated Scan (unordered).
        filters.append("#status = :pending")
        if author:
            names["#author"], names["#submitter"] = "author", "submitter_id"
            values[":author"] = to_attr(author)
            filters.append("(#author = :author OR #submitter = :author)")
        operation, used_index = "scan", False
    if filters:
        kwargs["FilterExpression"] = " AND ".join(filters)
    kwargs["ExpressionAttributeNames"] = names
    kwargs["ExpressionAttributeValues"] = values
    response = client.call(operation, **kwargs)
    items = [Submission.from_item(from_item(i)) for i in response.get("Items", [])]
    return SubmissionPage(items, response.get("LastEvaluatedKey"), used_index)


def by_author(author: str, *, limit: int = 100) -> list[Submission]:
    """A player's submissions, newest first (as the game lists them), at most ``limit``."""
    if not author:
        return []
    if tables.has_index(tables.SUBMISSIONS, AUTHOR_INDEX):
        response = client.call(
            "query",
            TableName=tables.name(tables.SUBMISSIONS),
            IndexName=AUTHOR_INDEX,
            KeyConditionExpression="#author = :author",
            ExpressionAttributeNames={"#author": "author"},
            ExpressionAttributeValues={":author": to_attr(author)},
            ScanIndexForward=False,
            Limit=limit,
        )
    else:
        response = client.call(
            "scan",
            TableName=tables.name(tables.SUBMISSIONS),
            FilterExpression="#author = :author OR #submitter = :author",
            ExpressionAttributeNames={"#author": "author", "#submitter": "submitter_id"},
            ExpressionAttributeValues={":author": to_attr(author)},
            Limit=limit,
        )
    return [Submission.from_item(from_item(i)) for i in response.get("Items", [])]


def put_raw(item: dict) -> None:
    """Write a submission exactly as given (seeding and tests: the game's own writer)."""
    from .serialization import to_item

    client.call("put_item", TableName=tables.name(tables.SUBMISSIONS), Item=to_item(item))


def get_many(submission_ids: list[str]) -> dict[str, Submission]:
    """Submissions by id (BatchGetItem, 100 a request, strongly consistent); missing ids absent."""
    from .batch import batch_get

    ids = [i for i in dict.fromkeys(submission_ids) if i]
    if not ids:
        return {}
    items = batch_get(tables.name(tables.SUBMISSIONS), ({"id": i} for i in ids), consistent=True)
    found = {s.id: s for s in (Submission.from_item(i) for i in items)}
    return {i: found[i] for i in ids if i in found}


def audit_copy(submission: Submission) -> dict:
    """The submission as stored (every attribute, plain values): the audit entry's "before"."""
    return dict(submission.stored_fields)
