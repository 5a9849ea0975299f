"""The categories metadata table, in either key schema (GAME.md), and count updates."""

from __future__ import annotations

import unicodedata

from . import client, tables
from .errors import NotFound
from .models import Category, default_display_name
from .serialization import from_item, to_attr
from .transactions import Transaction


def schema() -> str | None:
    """``category_id`` or ``name``; None when the categories table is missing."""
    return tables.categories_key()


KEY_MAX = 100  # characters; legacy player-typed categories are short phrases
_NOT_TEXT = {"Cc", "Cs", "Zl", "Zp"}  # controls, lone surrogates, line/paragraph separators


def key_problem(value: object) -> str | None:
    """Why ``value`` can't be a category key we look up or write, or None.

    Broader than a new slug: categories the game's approval wrote verbatim ("sci fi", "Science",
    "sci/fi") are real keys. Text up to KEY_MAX characters (well under DynamoDB's 2,048-byte
    key limit), on one line, without control characters.
    """
    if not isinstance(value, str) or not value.strip():
        return "Enter a category."
    if len(value) > KEY_MAX:
        return f"A category is at most {KEY_MAX} characters (this one has {len(value)})."
    if any(unicodedata.category(ch) in _NOT_TEXT for ch in value):
        return "A category must be one line of text without control characters."
    return None


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


def add_count_set(
    tx: Transaction,
    slug: str,
    *,
    expected: int | None,
    actual: int,
    expected_attr: str | None = None,
) -> None:
    """Set a stored count to ``actual`` if it still equals ``expected`` (reconcile).

    ``expected_attr`` is the attribute ``expected`` was read from (``Category.count_attr``;
    default: this schema's count field). When it is the other shape's field, the condition is on
    that field, and the update moves the count to this schema's field and removes the other one.
    """
    key_attr = schema()
    if key_attr is None:
        return
    count_attr = _count_attr(key_attr)
    read_from = expected_attr or count_attr
    names = {"#count": count_attr, "#display": _display_attr(key_attr)}
    values: dict = {":actual": actual, ":display": default_display_name(slug)}
    expression = "SET #count = :actual, #display = if_not_exists(#display, :display)"
    if read_from != count_attr:
        names["#from"] = read_from
        expression += " REMOVE #from"
    if expected is None:
        # No readable count (absent, or not a number): nothing numeric to compare against.
        condition = "attribute_not_exists(#count) OR NOT attribute_type(#count, :number)"
        values[":number"] = "N"
    else:
        # A count stored as a string ("12") reads as 12 too: match either type.
        field = "#from" if read_from != count_attr else "#count"
        condition = f"{field} = :expected OR {field} = :expected_text"
        values[":expected"] = expected
        values[":expected_text"] = str(expected)
    tx.update(
        f"count:{slug}",
        tables.name(tables.CATEGORIES),
        _key(slug, key_attr),
        expression,
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
