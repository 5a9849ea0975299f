"""Copies of retired questions, in the admin's own table (`admin-retired-questions`).

Retiring a question deletes it from the game's tables and, in the SAME TransactWriteItems, puts
a copy here: the question item exactly as stored (its wire form, so string sets stay sets and
numbers keep their digits), its category-index items, and the counts the retirement moved. The
two can't disagree: either both happen or neither does. Restoring is one transaction too: the
question put back only if its id is still free, its index items only if absent, each count moved
back, and the copy marked restored (only once: a second restore of the same copy is cancelled).

One item per retirement, keyed (question_id, retired_key): an id reused after a retirement can
be retired again without touching the first copy. ``listed`` is set only while a copy is not
restored, so the sparse ``retired-list`` index lists exactly the restorable copies, newest first.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from . import categories as categories_repo
from . import client, cursors, tables
from .errors import (
    IndexChanged,
    NotFound,
    QuestionChanged,
    RetiredCopyChanged,
    TableMissing,
    TransactionCancelled,
)
from .models import Question
from .serialization import as_epoch, as_str, from_item, to_attr
from .transactions import Transaction

LISTED = "retired"
_QUESTION_ID = {"#qid": "question_id"}


@dataclass(frozen=True)
class RetiredCopy:
    question_id: str
    retired_key: str  # "<UTC ISO time>#<event id>": sorts by time
    retired_at: dt.datetime
    retired_by: str
    question_wire: dict  # the question item exactly as it was stored (DynamoDB wire format)
    index_items: list[dict] = field(default_factory=list)  # deserialised index items
    counts_moved: dict[str, int] = field(default_factory=dict)  # category -> delta applied
    restored_at: dt.datetime | None = None
    restored_by: str = ""

    @property
    def question(self) -> Question:
        return Question.from_item(from_item(self.question_wire))

    @property
    def restored(self) -> bool:
        return self.restored_at is not None

    @property
    def index_categories(self) -> list[str]:
        """The categories of the listings kept, in the question's own order (as every other
        page shows a question's categories), any it doesn't name last."""
        listed = [as_str(i.get("category")) for i in self.index_items]
        order = {name: n for n, name in enumerate(self.question.categories)}
        return sorted(listed, key=lambda name: order.get(name, len(order)))

    def to_wire(self) -> dict:
        question = self.question
        wire: dict[str, Any] = {
            "question_id": {"S": self.question_id},
            "retired_key": {"S": self.retired_key},
            "retired_at": to_attr(int(self.retired_at.timestamp())),
            "retired_by": {"S": self.retired_by},
            "question": {"M": self.question_wire},
            "index_items": {"L": [to_attr(i) for i in self.index_items]},
            "counts_moved": to_attr(dict(self.counts_moved)),
            "search_text": {"S": search_text(self.question_id, question.title, question.question)},
        }
        if self.restored_at is None:
            wire["listed"] = {"S": LISTED}
        return wire

    @classmethod
    def from_wire(cls, wire: dict) -> RetiredCopy:
        plain = from_item({k: v for k, v in wire.items() if k != "question"})
        restored = as_epoch(plain.get("restored_at"))
        return cls(
            question_id=as_str(plain.get("question_id")),
            retired_key=as_str(plain.get("retired_key")),
            retired_at=_utc(as_epoch(plain.get("retired_at")) or 0),
            retired_by=as_str(plain.get("retired_by")),
            question_wire=wire.get("question", {}).get("M", {}),
            index_items=[dict(i) for i in plain.get("index_items") or []],
            counts_moved={k: int(v) for k, v in (plain.get("counts_moved") or {}).items()},
            restored_at=_utc(restored) if restored is not None else None,
            restored_by=as_str(plain.get("restored_by")),
        )


def _utc(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)


def search_text(*parts: str) -> str:
    """What the retired list's search matches: id, title and question text, case-folded."""
    return " ".join(p for p in parts if p).casefold()


def new_key(at: dt.datetime) -> str:
    return f"{at.astimezone(dt.UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}#{uuid.uuid4().hex[:8]}"


# --- reads ----------------------------------------------------------------------------------


def stored_question_wire(question_id: str) -> dict | None:
    """The question item exactly as stored (wire format, strongly consistent), or None."""
    response = client.call(
        "get_item",
        TableName=tables.name(tables.QUESTIONS),
        Key={"id": {"S": question_id}},
        ConsistentRead=True,
    )
    return response.get("Item")


def question_stored_as_copied(copy: RetiredCopy) -> bool:
    """Whether the question item is stored now exactly as the copy holds it (strongly
    consistent): what a restore of this copy leaves."""
    return stored_question_wire(copy.question_id) == copy.question_wire


def find(question_id: str, retired_key: str) -> RetiredCopy | None:
    """That very copy (strongly consistent), or None when there is none."""
    try:
        return get(question_id, retired_key)
    except NotFound:
        return None


def get(question_id: str, retired_key: str) -> RetiredCopy:
    response = client.call(
        "get_item",
        TableName=tables.name(tables.RETIRED),
        Key={"question_id": {"S": question_id}, "retired_key": {"S": retired_key}},
        ConsistentRead=True,
    )
    if "Item" not in response:
        raise NotFound(f"No retired copy of {question_id!r} at {retired_key!r}.")
    return RetiredCopy.from_wire(response["Item"])


def latest_unrestored(question_id: str, *, look_back: int = 10) -> RetiredCopy | None:
    """The newest copy of ``question_id`` not yet restored (one Query of its newest copies)."""
    response = client.call(
        "query",
        TableName=tables.name(tables.RETIRED),
        KeyConditionExpression="#qid = :qid",
        ExpressionAttributeNames=_QUESTION_ID,
        ExpressionAttributeValues={":qid": {"S": question_id}},
        ScanIndexForward=False,
        Limit=look_back,
        ConsistentRead=True,
    )
    for wire in response.get("Items", []):
        copy = RetiredCopy.from_wire(wire)
        if not copy.restored:
            return copy
    return None


def unrestored_question_ids() -> set[str]:
    """The ids that have a copy not restored yet (what an import leaves out unless asked).

    A strongly consistent Scan of the copies, reading back only their ids (a request per ~1 MB
    of copies, restored ones included). Not a Query of the ``retired-list`` index: an index is
    only eventually consistent, so a question retired a moment before an import could be missing
    from it and the import would bring it back. No table: nothing was ever retired here.
    """
    kwargs: dict[str, Any] = {
        "TableName": tables.name(tables.RETIRED),
        "FilterExpression": "attribute_exists(#listed)",
        "ProjectionExpression": "#qid",
        "ExpressionAttributeNames": {**_QUESTION_ID, "#listed": "listed"},
        "ConsistentRead": True,
    }
    ids: set[str] = set()
    while True:
        try:
            response = client.call("scan", **kwargs)
        except TableMissing:
            return ids
        ids.update(as_str(item["question_id"].get("S")) for item in response.get("Items", []))
        if not response.get("LastEvaluatedKey"):
            return ids
        kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]


@dataclass
class RetiredPage:
    copies: list[RetiredCopy]
    next_cursor: str | None  # the next page's signed cursor (cursors.encode), None at the end
    items_read: int


def list_page(
    *, limit: int, cursor: str | None = None, listing: str = "", search: str = ""
) -> RetiredPage:
    """One Query page of the restorable copies, newest first, from ``cursor`` (a page link's,
    signed for ``listing``: InvalidCursor when it is not one of ours). With ``search``,
    ``limit`` items are read and only those whose id, title or question contain it are
    returned (a window)."""
    start_key = cursors.decode(cursor, listing=listing)
    kwargs: dict[str, Any] = {
        "TableName": tables.name(tables.RETIRED),
        "IndexName": tables.RETIRED_LIST_INDEX,
        "KeyConditionExpression": "#listed = :listed",
        "ExpressionAttributeNames": {"#listed": "listed"},
        "ExpressionAttributeValues": {":listed": {"S": LISTED}},
        "ScanIndexForward": False,
        "Limit": limit,
    }
    if search:
        kwargs["FilterExpression"] = "contains(#search, :search)"
        kwargs["ExpressionAttributeNames"]["#search"] = "search_text"
        kwargs["ExpressionAttributeValues"][":search"] = {"S": search.casefold()}
    if start_key:
        kwargs["ExclusiveStartKey"] = start_key
    response = client.call("query", **kwargs)
    return RetiredPage(
        copies=[RetiredCopy.from_wire(w) for w in response.get("Items", [])],
        next_cursor=cursors.encode(response.get("LastEvaluatedKey"), listing=listing),
        items_read=int(response.get("ScannedCount", len(response.get("Items", [])))),
    )


# --- writes ---------------------------------------------------------------------------------


def add_copy(tx: Transaction, copy: RetiredCopy) -> None:
    """Keep the copy in the same transaction as the retirement it records."""
    tx.put_wire(
        "retired-copy",
        tables.name(tables.RETIRED),
        copy.to_wire(),
        condition="attribute_not_exists(#qid)",
        names=_QUESTION_ID,
    )


def add_restore(tx: Transaction, copy: RetiredCopy, *, actor: str, at: dt.datetime) -> None:
    """Everything that puts ``copy`` back, each step conditioned so that nothing is overwritten:

    - the question item as stored, only if no item has its id now (label ``question``);
    - each index item, only if absent (``index:<category>``);
    - each count moved back by what the retirement moved (``general`` recounted after commit);
    - the copy marked restored, only if it still is not (``retired-copy``).
    """
    tx.put_wire(
        "question",
        tables.name(tables.QUESTIONS),
        copy.question_wire,
        condition="attribute_not_exists(id)",
    )
    index_table = tables.name(tables.QUESTION_CATEGORIES)
    for item in copy.index_items:
        tx.put(
            f"index:{as_str(item.get('category'))}",
            index_table,
            item,
            condition="attribute_not_exists(#qid)",
            names=_QUESTION_ID,
        )
    for category, delta in copy.counts_moved.items():
        categories_repo.add_count_change(tx, category, -delta)
    tx.update(
        "retired-copy",
        tables.name(tables.RETIRED),
        {"question_id": copy.question_id, "retired_key": copy.retired_key},
        "SET #restored_at = :at, #restored_by = :by REMOVE #listed",
        condition="attribute_exists(#qid) AND attribute_not_exists(#restored_at)",
        names={
            **_QUESTION_ID,
            "#restored_at": "restored_at",
            "#restored_by": "restored_by",
            "#listed": "listed",
        },
        values={":at": int(at.timestamp()), ":by": actor},
    )


def add_retirement(
    tx: Transaction, *, question_id: str, loaded_version: int | None, actor: str, at: dt.datetime
) -> RetiredCopy:
    """Add to ``tx`` the retirement of ``question_id`` (guarded by ``loaded_version``, or by the
    version read here when None) and the copy that makes it reversible; return the copy.
    NotFound when the question is gone.

    The copy is the item read here, strongly consistent; the delete is conditioned on the
    version read, and every admin write moves the version (the game never rewrites a stored
    question), so the item deleted at commit is the item copied.
    """
    from . import questions as questions_repo

    wire = stored_question_wire(question_id)
    if wire is None:
        raise NotFound(f"No question {question_id!r}.")
    before = Question.from_item(from_item(wire))
    if loaded_version is not None:
        before.version = loaded_version
    index_items = questions_repo.add_question_change(tx, before=before, after=None)
    copy = RetiredCopy(
        question_id=question_id,
        retired_key=new_key(at),
        retired_at=at.replace(microsecond=0),
        retired_by=actor,
        question_wire=wire,
        index_items=index_items,
        # add_question_change moves a count -1 for each index item it deletes (general's is
        # recounted after the commit): a restore moves each back.
        counts_moved={as_str(i.get("category")): -1 for i in index_items},
    )
    add_copy(tx, copy)
    return copy


def commit_restore(tx: Transaction, *, token: str) -> None:
    """Execute a restore built with :func:`add_restore`, its refusals typed as
    :class:`RetiredCopyChanged` (already restored, or gone), :class:`QuestionChanged` (the id is
    taken again), :class:`IndexChanged` with the categories whose entry for the id exists; any
    other cancellation (a transaction conflict, throttling) stays TransactionCancelled."""
    try:
        tx.execute(token=token)
    except TransactionCancelled as exc:
        if exc.condition_failed_on("retired-copy") is not None:
            raise RetiredCopyChanged() from exc
        if exc.condition_failed_on("question") is not None:
            raise QuestionChanged() from exc
        categories = tuple(
            label.split(":", 1)[1]
            for label, reason in exc.failed()
            if label.startswith("index:") and reason.code == "ConditionalCheckFailed"
        )
        if categories:
            raise IndexChanged(categories) from exc
        raise
