"""The table catalogue: the game's seven tables (GAME.md) plus the admin's own two (the audit log
and the copies of retired questions)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

from . import client
from .errors import DataUnavailable, TableMissing

QUESTIONS = "questions"
QUESTION_CATEGORIES = "question-categories"
CATEGORIES = "categories"
SUBMISSIONS = "submitted-questions"
ANSWERS = "answers"
SESSIONS = "sessions"
USERS = "users"
AUDIT = "admin-audit"
RETIRED = "admin-retired-questions"
RETIRED_LIST_INDEX = "retired-list"


@dataclass(frozen=True)
class IndexSpec:
    name: str
    hash_key: tuple[str, str]
    range_key: tuple[str, str] | None = None


@dataclass(frozen=True)
class TableSpec:
    kind: str
    hash_key: tuple[str, str]
    range_key: tuple[str, str] | None = None
    indexes: tuple[IndexSpec, ...] = field(default_factory=tuple)
    owned_by_game: bool = True

    @property
    def name(self) -> str:
        return client.table_name(self.kind)

    def create_request(self) -> dict:
        attributes = {self.hash_key}
        key_schema = [{"AttributeName": self.hash_key[0], "KeyType": "HASH"}]
        if self.range_key:
            attributes.add(self.range_key)
            key_schema.append({"AttributeName": self.range_key[0], "KeyType": "RANGE"})
        gsis = []
        for index in self.indexes:
            attributes.add(index.hash_key)
            schema = [{"AttributeName": index.hash_key[0], "KeyType": "HASH"}]
            if index.range_key:
                attributes.add(index.range_key)
                schema.append({"AttributeName": index.range_key[0], "KeyType": "RANGE"})
            gsis.append(
                {
                    "IndexName": index.name,
                    "KeySchema": schema,
                    "Projection": {"ProjectionType": "ALL"},
                }
            )
        request = {
            "TableName": self.name,
            "KeySchema": key_schema,
            "AttributeDefinitions": [
                {"AttributeName": n, "AttributeType": t} for n, t in sorted(attributes)
            ],
            "BillingMode": "PAY_PER_REQUEST",
        }
        if gsis:
            request["GlobalSecondaryIndexes"] = gsis
        return request


def catalogue(categories_key: str = "category_id") -> list[TableSpec]:
    """Every table the app knows. ``categories_key`` picks the categories schema to create."""
    return [
        TableSpec(QUESTIONS, ("id", "S")),
        TableSpec(QUESTION_CATEGORIES, ("category", "S"), ("question_id", "S")),
        TableSpec(CATEGORIES, (categories_key, "S")),
        TableSpec(
            SUBMISSIONS,
            ("id", "S"),
            indexes=(
                IndexSpec("status-index", ("status", "S"), ("submitted_at", "N")),
                IndexSpec("author-index", ("author", "S"), ("submitted_at", "N")),
            ),
        ),
        TableSpec(ANSWERS, ("user_id", "S"), ("question_id", "S")),
        TableSpec(
            SESSIONS, ("session_id", "S"), indexes=(IndexSpec("ip-hash-index", ("ip_hash", "S")),)
        ),
        TableSpec(USERS, ("user_id", "S")),
        TableSpec(AUDIT, ("entity", "S"), ("event", "S"), owned_by_game=False),
        # One copy per retirement (a reused id can be retired again); the sparse list index holds
        # only copies not yet restored, newest first (data/retired.py).
        TableSpec(
            RETIRED,
            ("question_id", "S"),
            ("retired_key", "S"),
            indexes=(IndexSpec(RETIRED_LIST_INDEX, ("listed", "S"), ("retired_key", "S")),),
            owned_by_game=False,
        ),
    ]


def spec(kind: str) -> TableSpec:
    for table in catalogue():
        if table.kind == kind:
            return table
    raise KeyError(kind)


def name(kind: str) -> str:
    return client.table_name(kind)


def kind_of(table_name: str) -> str | None:
    """The kind of this environment's table named ``table_name`` (a full name), e.g.
    ``"questions"``; None for a name that is not one of them."""
    prefix = client.table_name("")
    if not table_name.startswith(prefix):
        return None
    kind = table_name[len(prefix) :]
    return kind if kind in _KINDS else None


_KINDS = frozenset(spec.kind for spec in catalogue())


def key_names(table_name: str) -> tuple[str, ...]:
    """The key attributes of the table named ``table_name`` (a full name), hash key first."""
    for table in catalogue():
        if table.name == table_name:
            if table.kind == CATEGORIES:  # its key depends on the deployment (a cached read)
                return (categories_key() or "category_id",)
            return (table.hash_key[0],) + ((table.range_key[0],) if table.range_key else ())
    raise KeyError(table_name)


def get_item(kind: str, key: dict, *, consistent: bool = True) -> dict | None:
    """One item by key, deserialised; None when there is no such item."""
    from .serialization import from_item, to_item

    response = client.call(
        "get_item", TableName=name(kind), Key=to_item(key), ConsistentRead=consistent
    )
    return from_item(response["Item"]) if "Item" in response else None


# --- introspection (cached briefly: a table's schema doesn't change under a running app) -------

_SCHEMA_CACHE_SECONDS = 60


def describe(kind: str) -> dict | None:
    """DescribeTable's Table, or None when the table does not exist."""
    try:
        return client.call("describe_table", TableName=name(kind))["Table"]
    except TableMissing:
        return None


def _cached(key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept a minute; while DynamoDB can't answer, the last value known. Pages
    served from the staff index (the category dashboard) need the schema only to read the copy:
    an outage must not take them down a minute after it began."""
    full_key = f"tables:{client.table_name('')}:{key}"
    value = cache.get(full_key)
    if value is None:
        try:
            value = compute()
        except DataUnavailable:
            value = cache.get(full_key + ":last-known")
            if value is None:
                raise
            # Kept for the next minute too: the pages after this one don't wait on DynamoDB's
            # retries for what they would only fall back to.
            cache.set(full_key, value, _SCHEMA_CACHE_SECONDS)
            return value
        cache.set(full_key, value, _SCHEMA_CACHE_SECONDS)
        cache.set(full_key + ":last-known", value, None)
    return value


def forget_schema_cache() -> None:
    for key in ("categories-key", "indexes:" + SUBMISSIONS, "exists:" + CATEGORIES):
        for kept in (key, key + ":last-known"):
            cache.delete(f"tables:{client.table_name('')}:{kept}")


def categories_key() -> str | None:
    """``category_id`` (deployed), ``name`` (documented), or ``""`` when the table is missing."""

    def compute() -> str:
        table = describe(CATEGORIES)
        if table is None:
            return ""
        for key in table["KeySchema"]:
            if key["KeyType"] == "HASH":
                return key["AttributeName"]
        return ""

    return _cached("categories-key", compute) or None


# --- management -----------------------------------------------------------------------------


@dataclass
class TableReport:
    kind: str
    name: str
    exists: bool
    missing_indexes: list[str] = field(default_factory=list)
    key_schema: str = ""

    @property
    def ok(self) -> bool:
        return self.exists and not self.missing_indexes


def check_tables() -> list[TableReport]:
    reports = []
    for table in catalogue():
        described = describe(table.kind)
        if described is None:
            reports.append(TableReport(table.kind, table.name, exists=False))
            continue
        present = {i["IndexName"] for i in described.get("GlobalSecondaryIndexes", [])}
        keys = ", ".join(f"{k['AttributeName']} ({k['KeyType']})" for k in described["KeySchema"])
        reports.append(
            TableReport(
                table.kind,
                table.name,
                exists=True,
                missing_indexes=[i.name for i in table.indexes if i.name not in present],
                key_schema=keys,
            )
        )
    return reports


def create_missing_tables(
    categories_key: str = "category_id",
    *,
    only: list[str] | None = None,
    wait: bool = True,
    log: Callable[[str], None] = lambda message: None,
) -> list[str]:
    """Create the tables that don't exist yet; return the names created. Safe to re-run."""
    created = []
    for table in catalogue(categories_key):
        if only is not None and table.kind not in only:
            continue
        if describe(table.kind) is not None:
            log(f"exists   {table.name}")
            continue
        client.call("create_table", **table.create_request())
        created.append(table.name)
        log(f"created  {table.name}")
    if wait:
        for table_name in created:
            _wait_active(table_name)
    forget_schema_cache()
    return created


def _wait_active(table_name: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        table = client.call("describe_table", TableName=table_name)["Table"]
        indexes_ready = all(
            i.get("IndexStatus", "ACTIVE") == "ACTIVE"
            for i in table.get("GlobalSecondaryIndexes", [])
        )
        if table["TableStatus"] == "ACTIVE" and indexes_ready:
            return
        time.sleep(1)
    raise TimeoutError(f"{table_name} did not become ACTIVE within {timeout:.0f}s")


def delete_tables(*, log: Callable[[str], None] = lambda message: None) -> None:
    """Drop every catalogued table of this environment (tests and the demo reset only)."""
    for table in catalogue():
        if describe(table.kind) is not None:
            client.call("delete_table", TableName=table.name)
            log(f"deleted  {table.name}")
    forget_schema_cache()
