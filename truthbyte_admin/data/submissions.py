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


def unindexed_pending_page(
    *,
    limit: int,
    start_key: dict | None = None,
    category: str | None = None,
    author: str | None = None,
) -> SubmissionPage:
    """One filtered Scan page of pending submissions that status-index cannot hold.

    A GSI only holds items carrying both its key attributes; the design document's shape has
    ``created_at`` instead of ``submitted_at``, so those pending items are in neither index. One
    Scan request reading at most ``limit`` items (before the filter): a page can be short or
    empty while more remain, and only a missing LastEvaluatedKey means the end. Unordered.
    """
    names = {"#status": "status", "#submitted_at": "submitted_at"}
    values: dict = {":pending": to_attr(PENDING)}
    filters = ["#status = :pending", "attribute_not_exists(#submitted_at)"]
    if category:
        names["#categories"], names["#tags"] = "categories", "tags"
        values[":category"] = to_attr(category)
        filters.append("(contains(#categories, :category) OR contains(#tags, :category))")
    if author:
        names["#author"], names["#submitter"] = "author", "submitter_id"
        values[":author"] = to_attr(author)
        filters.append("(#author = :author OR #submitter = :author)")
    kwargs: dict = {
        "TableName": tables.name(tables.SUBMISSIONS),
        "Limit": limit,
        "FilterExpression": " AND ".join(filters),
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }
    if start_key:
        kwargs["ExclusiveStartKey"] = start_key
    response = client.call("scan", **kwargs)
    items = [Submission.from_item(from_item(i)) for i in response.get("Items", [])]
    return SubmissionPage(items, response.get("LastEvaluatedKey"), used_index=False)


def count_pending(*, max_pages: int = 50) -> tuple[int, bool]:
    """(count, complete) of pending submissions: Select=COUNT over status-index, O(pending).

    Not for page loads: the queue shows it through a separately loaded, cached fragment.
    """
    total, start = 0, None
    use_index = tables.has_index(tables.SUBMISSIONS, STATUS_INDEX)
    for _ in range(max_pages):
        kwargs: dict = {
            "TableName": tables.name(tables.SUBMISSIONS),
            "Select": "COUNT",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {":pending": to_attr(PENDING)},
        }
        if use_index:
            kwargs.update(IndexName=STATUS_INDEX, KeyConditionExpression="#status = :pending")
        else:
            kwargs["FilterExpression"] = "#status = :pending"
        if start:
            kwargs["ExclusiveStartKey"] = start
        response = client.call("query" if use_index else "scan", **kwargs)
        total += int(response.get("Count", 0))
        start = response.get("LastEvaluatedKey")
        if not start:
            return total, True
    return total, False


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


def oldest_pending() -> Submission | None:
    """The longest-waiting pending submission (one Query of status-index, Limit 1), or None.

    Without status-index there is no order to ask for: None (the badge then shows only a count).
    """
    if not tables.has_index(tables.SUBMISSIONS, STATUS_INDEX):
        return None
    response = client.call(
        "query",
        TableName=tables.name(tables.SUBMISSIONS),
        IndexName=STATUS_INDEX,
        KeyConditionExpression="#status = :pending",
        ExpressionAttributeNames={"#status": "status"},
        ExpressionAttributeValues={":pending": to_attr(PENDING)},
        ScanIndexForward=True,
        Limit=1,
    )
    items = response.get("Items", [])
    return Submission.from_item(from_item(items[0])) if items else None


def audit_copy(submission: Submission) -> dict:
    """The submission as stored (every attribute, plain values): the audit entry's "before"."""
    return dict(submission.stored_fields)
