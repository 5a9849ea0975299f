"""Items as their typed records, for everything the data layer hands on about what is stored.

After-commit changes (:class:`.events.Change`, built here), stream changes (:mod:`.streams`) and
whole-table reads (:func:`scan`) carry each item as its table's typed record (a Question,
Submission, User, Category, …) and a plain update as the record's fields it set: the raw item,
the update's expression and its wire-format values never leave this layer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import events, tables
from .events import Change
from .models import (
    Answer,
    AuditEntry,
    Category,
    CategoryIndexEntry,
    Question,
    Session,
    Submission,
    User,
)
from .scan import parallel_scan
from .serialization import from_item

Record = (
    Question | Submission | User | Category | CategoryIndexEntry | AuditEntry | Answer | Session
)

_PARSERS: dict[str, Callable[[dict], Any]] = {
    tables.QUESTIONS: Question.from_item,
    tables.QUESTION_CATEGORIES: CategoryIndexEntry.from_item,
    tables.SUBMISSIONS: Submission.from_item,
    tables.USERS: User.from_item,
    tables.ANSWERS: Answer.from_item,
    tables.SESSIONS: Session.from_item,
    tables.AUDIT: AuditEntry.from_item,
}


def parser(kind: str | None) -> Callable[[dict], Any] | None:
    """How a (deserialised) item of ``kind`` becomes its typed record; None for a table whose
    items have no record type (the retired questions' copies) or a table of no known kind."""
    if kind == tables.CATEGORIES:
        schema = tables.categories_key() or "category_id"  # cached: the table's key schema
        return lambda item: Category.from_item(item, schema)
    return _PARSERS.get(kind or "")


# Attributes stored under the name of the record field they are read into, each into that one
# field alone: a plain ``SET`` of nothing else changes just those fields, so a copy can apply it
# without reading the item. Fields that describe the stored item as a whole
# (``Submission.stored_fields``, ``Question.categories_from_tags``) are not among what it sets.
_ONE_FIELD: dict[str, frozenset[str]] = {
    tables.QUESTIONS: frozenset(
        (
            "question",
            "title",
            "passage",
            "answer",
            "categories",
            "difficulty",
            "created_at",
            "source",
            "original_author",
            "version",
        )
    ),
    tables.SUBMISSIONS: frozenset(
        (
            "status",
            "accepted",
            "reviewed_at",
            "reviewer_id",
            "reviewer_notes",
            "rejection_reason",
            "approved_question_id",
            "review_request",
        )
    ),
    tables.USERS: frozenset(("current_daily_streak", "best_daily_streak")),
}


def assigned_fields(kind: str | None, assigned: dict | None) -> dict | None:
    """Plain assignments (attribute -> stored value) as the record's fields they set, each
    value read the way a whole item's is; None when they can't be (see ``_ONE_FIELD``)."""
    if assigned is None or not set(assigned) <= _ONE_FIELD.get(kind or "", frozenset()):
        return None
    if not assigned:
        return {}
    partial = _PARSERS[kind](assigned)  # type: ignore[index]
    return {name: getattr(partial, name) for name in assigned}


# --- after-commit changes ----------------------------------------------------------------------


class _Table:
    """What building a table's changes needs, looked up once per table and call."""

    def __init__(self, table_name: str) -> None:
        self.name = table_name
        self.kind = tables.kind_of(table_name)
        try:
            self.key_names = tables.key_names(table_name)
        except KeyError:  # not a table of this environment's catalogue
            self.key_names = ()
        self._parse: Callable[[dict], Any] | None = None
        self._parse_known = False

    def parse(self, item: dict) -> Any:
        if not self._parse_known:
            self._parse, self._parse_known = parser(self.kind), True
        return self._parse(item) if self._parse else None

    def key(self, item: dict) -> dict:
        """The item's key attributes, partition key first (``item`` may be the whole item)."""
        if not self.key_names:
            return dict(item)
        return {name: item[name] for name in self.key_names if name in item}

    def put(self, item: dict) -> Change:
        return Change(self.name, self.kind, "put", self.key(item), self.parse(item))

    def delete(self, key: dict) -> Change:
        return Change(self.name, self.kind, "delete", self.key(key))

    def update(self, key: dict, assigned: dict | None) -> Change:
        fields = assigned_fields(self.kind, assigned)
        return Change(self.name, self.kind, "update", self.key(key), fields=fields)


def written(
    table_name: str, puts: Iterable[dict] = (), deletes: Iterable[dict] = ()
) -> list[Change]:
    """The changes of items put in ``table_name`` (each as stored, deserialised) and of keys
    deleted from it."""
    table = _Table(table_name)
    return [table.put(item) for item in puts] + [table.delete(key) for key in deletes]


def from_transaction(actions: list[dict]) -> list[Change]:
    """The changes a committed TransactWriteItems made (its serialised actions), only for the
    tables someone follows (:func:`.events.wanted`): no record is made for the others."""
    followed: dict[str, _Table | None] = {}
    changes = []
    for action in actions:
        ((verb, body),) = action.items()
        name = body["TableName"]
        if name not in followed:
            followed[name] = _Table(name) if events.wanted(name) else None
        table = followed[name]
        if table is None:
            continue
        if verb == "Put":
            changes.append(table.put(from_item(body["Item"])))
        elif verb == "Update":
            changes.append(table.update(from_item(body["Key"]), _plain_assignments(body)))
        elif verb == "Delete":
            changes.append(table.delete(from_item(body["Key"])))
    return changes


def written_keys(actions: list[dict]) -> list[tuple[str, dict]]:
    """(table, key) of each item TransactWriteItems ``actions`` write (condition checks left
    out), for reading what is stored after an outcome that a re-read found applied."""
    written = []
    for action in actions:
        ((verb, body),) = action.items()
        if verb == "ConditionCheck":
            continue
        table = body["TableName"]
        if verb == "Put":
            item = from_item(body["Item"])
            key = {name: item[name] for name in tables.key_names(table) if name in item}
        else:
            key = from_item(body["Key"])
        written.append((table, key))
    return written


_ASSIGNMENT = re.compile(r"\s*([#\w]+)\s*=\s*(:\w+)\s*")


def _plain_assignments(body: dict) -> dict | None:
    """``SET #a = :v, b = :w`` as {attribute: value}; None for anything else (ADD, REMOVE,
    functions): subscribers then re-read the item."""
    expression = body.get("UpdateExpression", "").strip()
    if not expression[:4].upper() == "SET ":
        return None
    names = body.get("ExpressionAttributeNames", {})
    values = from_item(body.get("ExpressionAttributeValues", {}))
    assigned = {}
    for part in expression[4:].split(","):
        match = _ASSIGNMENT.fullmatch(part)
        if not match or match.group(2) not in values:
            return None
        assigned[names.get(match.group(1), match.group(1))] = values[match.group(2)]
    return assigned


# --- whole tables ------------------------------------------------------------------------------


@dataclass
class RecordScan:
    records: list[Record]
    items_read: int
    requests: int


def scan(
    kind: str, *, segments: int = 4, progress: Callable[[int], None] | None = None
) -> RecordScan:
    """Every item of this environment's ``kind`` table as its typed record, read in parallel
    Scan segments (see :func:`.scan.parallel_scan`; raises TableMissing)."""
    result = parallel_scan(tables.name(kind), segments=segments, progress=progress)
    parse = parser(kind)
    if parse is None:
        raise ValueError(f"{kind!r} items have no typed record")
    return RecordScan([parse(item) for item in result.items], result.items_read, result.requests)
