"""The categories metadata table, in either key schema (GAME.md), and count updates."""

from __future__ import annotations

from . import client, tables
from .errors import NotFound
from .models import Category, default_display_name
from .serialization import from_item, to_attr
from .transactions import Transaction


def schema() -> str | None:
    """``category_id`` or ``name``; None when the categories table is missing."""
    return tables.categories_key()


def _key(slug: str, key_attr: str) -> dict:
    return {key_attr: slug}


def list_all() -> list[Category]:
    """Every category item (the table holds tens of items: a full Scan is fine)."""
    key_attr = schema()
    if key_attr is None:
        return []
    found: list[Category] = []
    start = None
    while True:
        kwargs = {"TableName": tables.name(tables.CATEGORIES)}
        if start:
            kwargs["ExclusiveStartKey"] = start
        response = client.call("scan", **kwargs)
        found += [Category.from_item(from_item(i), key_attr) for i in response.get("Items", [])]
        start = response.get("LastEvaluatedKey")
        if not start:
            break
    return sorted(found, key=lambda c: c.slug)


def get(slug: str) -> Category:
    key_attr = schema()
    if key_attr is None:
        raise NotFound(f"No categories table; {slug!r} has no metadata.")
    item = tables.get_item(tables.CATEGORIES, {key_attr: slug})
    if item is None:
        raise NotFound(f"No category {slug!r}.")
    return Category.from_item(item, key_attr)


def _count_attr(key_attr: str) -> str:
    return "question_count" if key_attr == "category_id" else "count"


def _display_attr(key_attr: str) -> str:
    return "name" if key_attr == "category_id" else "display_name"


def add_count_change(
    tx: Transaction, slug: str, delta: int, *, display_name: str | None = None
) -> None:
    """Move a category's stored count by ``delta`` inside ``tx``; creates the item if needed.

    With no categories table the game computes counts from the index, so there is nothing to do.
    """
    key_attr = schema()
    if key_attr is None or delta == 0:
        return
    tx.update(
        f"count:{slug}",
        tables.name(tables.CATEGORIES),
        _key(slug, key_attr),
        "ADD #count :delta SET #display = if_not_exists(#display, :display)",
        names={"#count": _count_attr(key_attr), "#display": _display_attr(key_attr)},
        values={":delta": delta, ":display": display_name or default_display_name(slug)},
    )


def add_count_set(tx: Transaction, slug: str, *, expected: int | None, actual: int) -> None:
    """Set a stored count to ``actual`` if it still equals ``expected`` (reconcile)."""
    key_attr = schema()
    if key_attr is None:
        return
    count_attr = _count_attr(key_attr)
    names = {"#count": count_attr, "#display": _display_attr(key_attr)}
    values: dict = {":actual": actual, ":display": default_display_name(slug)}
    if expected is None:
        condition = "attribute_not_exists(#count)"
    else:
        condition = "#count = :expected"
        values[":expected"] = expected
    tx.update(
        f"count:{slug}",
        tables.name(tables.CATEGORIES),
        _key(slug, key_attr),
        "SET #count = :actual, #display = if_not_exists(#display, :display)",
        condition=condition,
        names=names,
        values=values,
    )


def add_display_name_change(tx: Transaction, slug: str, *, old: str, new: str) -> None:
    key_attr = schema()
    if key_attr is None:
        raise NotFound("There is no categories table to store display names in.")
    display_attr = _display_attr(key_attr)
    tx.update(
        f"category:{slug}",
        tables.name(tables.CATEGORIES),
        _key(slug, key_attr),
        "SET #display = :new",
        condition="attribute_not_exists(#display) OR #display = :old",
        names={"#display": display_attr},
        values={":new": new, ":old": old},
    )


def put_counts(counts: dict[str, int]) -> None:
    """Overwrite stored counts (bulk import only, after the index is written; idempotent)."""
    key_attr = schema()
    if key_attr is None:
        return
    for slug, count in counts.items():
        client.call(
            "update_item",
            TableName=tables.name(tables.CATEGORIES),
            Key={key_attr: to_attr(slug)},
            UpdateExpression="SET #count = :n, #display = if_not_exists(#display, :display)",
            ExpressionAttributeNames={
                "#count": _count_attr(key_attr),
                "#display": _display_attr(key_attr),
            },
            ExpressionAttributeValues={
                ":n": to_attr(count),
                ":display": to_attr(default_display_name(slug)),
            },
        )
