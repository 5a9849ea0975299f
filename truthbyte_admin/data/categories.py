"""The categories metadata table, in either key schema (GAME.md), and count updates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..domain.categories import named_like
from . import audit, cache, client, events, tables
from .batch import batch_get
from .category_index import count_index
from .errors import (
    ConditionFailed,
    Conflict,
    DataUnavailable,
    NotFound,
    OutcomeUnknown,
    TransactionCancelled,
)
from .models import GENERAL, Category, default_display_name
from .serialization import from_item, to_attr, wire_as_json, wire_from_json
from .transactions import Transaction


def schema() -> str | None:
    """``category_id`` or ``name``; None when the categories table is missing."""
    return tables.categories_key()


def _key(slug: str, key_attr: str) -> dict:
    return {key_attr: slug}


def list_all(*, consistent: bool = False) -> list[Category]:
    """Every category item (the table holds tens of items: a full Scan is fine). ``consistent``
    wherever a count or a repair is computed from it."""
    key_attr = schema()
    if key_attr is None:
        return []
    found: list[Category] = []
    start = None
    while True:
        kwargs = {"TableName": tables.name(tables.CATEGORIES), "ConsistentRead": consistent}
        if start:
            kwargs["ExclusiveStartKey"] = start
        response = client.call("scan", **kwargs)
        found += [Category.from_item(from_item(i), key_attr) for i in response.get("Items", [])]
        start = response.get("LastEvaluatedKey")
        if not start:
            break
    return sorted(found, key=lambda c: c.slug)


# --- the categories' names: one cached read for every page and check that names them ----------

NAMES_CACHE_SECONDS = 60
_NAMES = "category-names"


@dataclass(frozen=True)
class CategoryName:
    slug: str
    display_name: str


def category_names(*, fresh: bool = False) -> list[CategoryName]:
    """Every category item's slug and display name, by slug, with ``general`` among them even
    without an item (every question has it): what the editor and the review suggest. From the
    cached read of :func:`_names`; ``fresh`` reads the table again (a check just before a
    write: another worker's rename within the last minute counts)."""
    names = _names(fresh=fresh)
    if None in names.values():  # a category one of our writes created: its name is read once
        names = _names(fresh=True)
    listed = {GENERAL: default_display_name(GENERAL), **names}
    return [CategoryName(slug, name) for slug, name in sorted(listed.items())]


def known_names(*, fresh: bool = False) -> dict[str, str | None] | None:
    """slug -> display name (as the game shows it) of every category item, for the checks that
    a new category is given a display name, and not another category's (approve, the editor);
    None when there is no categories table (nothing to check).

    From the cached read of :func:`_names`, which knows a category our own write created at
    once, its name None until read (every page with a picker reads it: :func:`category_names`);
    ``fresh`` reads the table again (the check found a category new: one created by another
    worker or the game within the last minute is not new).
    """
    if schema() is None:
        return None
    return dict(_names(fresh=fresh))


def _names(*, fresh: bool = False) -> dict[str, str | None]:
    """slug -> display name of every category item; None for a category one of our own writes
    created since the table was read, whose name is not read yet.

    One Scan of the small table, then cached for NAMES_CACHE_SECONDS from that read. Unlike the
    other cached reads, our own writes to the table do not start a fresh read (every approval
    moves a count in it: that would be one Scan per approval); they are applied to it instead
    (:func:`_names_follow_writes`, :func:`_renamed`). Other workers' and the game's changes show
    when the TTL runs out.
    """
    return cache.cached_read(
        _NAMES,
        tables=[tables.CATEGORIES],
        # A fresh read settles what the cached one may have missed: strongly consistent.
        read=lambda: {c.slug: c.display_name for c in list_all(consistent=fresh)},
        ttl=NAMES_CACHE_SECONDS,
        follow_writes=False,
        fresh=fresh,
    )


def _names_follow_writes(changes: list[events.Change]) -> None:
    """Our committed writes to the categories table, applied to the cached names: an item put
    or deleted, or one an update created (a count moved in a category that had no item)."""
    table = tables.name(tables.CATEGORIES)
    ours = [c for c in changes if c.table == table]
    if not ours:
        return

    def apply(names: dict[str, str | None]) -> dict[str, str | None]:
        names = dict(names)
        for change in ours:
            slug = change.item_id
            if change.action == "delete":
                names.pop(slug, None)
            elif change.action == "put" and change.record is not None:
                names[slug] = change.record.display_name
            else:
                # An update leaves the item there; which name a new one got isn't in the change.
                names.setdefault(slug, None)
        return names

    cache.update_cached(_NAMES, tables=[tables.CATEGORIES], change=apply, ttl=NAMES_CACHE_SECONDS)


def _renamed(slug: str, display_name: str) -> None:
    """A rename we committed (an update whose change doesn't say what it set)."""
    cache.update_cached(
        _NAMES,
        tables=[tables.CATEGORIES],
        change=lambda names: {**names, slug: display_name},
        ttl=NAMES_CACHE_SECONDS,
    )


def _is_categories_table(table_name: str) -> bool:
    return table_name == tables.name(tables.CATEGORIES)


events.subscribe(_names_follow_writes, tables=_is_categories_table)


def get(slug: str, *, consistent: bool = True) -> Category:
    key_attr = schema()
    if key_attr is None:
        raise NotFound(f"No categories table; {slug!r} has no metadata.")
    item = tables.get_item(tables.CATEGORIES, {key_attr: slug}, consistent=consistent)
    if item is None:
        raise NotFound(f"No category {slug!r}.")
    return Category.from_item(item, key_attr)


def _count_attr(key_attr: str) -> str:
    return "question_count" if key_attr == "category_id" else "count"


def _display_attr(key_attr: str) -> str:
    return "name" if key_attr == "category_id" else "display_name"


def add_count_change(tx: Transaction, slug: str, delta: int) -> None:
    """Move a category's stored count by ``delta`` inside ``tx``; creates the item if needed.

    With no categories table the game computes counts from the index, so there is nothing to do.

    ``general`` is the exception: every create, approval and retire would move its one count
    item, so concurrent transactions would all conflict there. Its count is left out of the
    transaction and recounted right after the commit (:func:`converge_count`, convergent).
    """
    key_attr = schema()
    if key_attr is None or delta == 0:
        return
    if slug == GENERAL:
        tx.after_commit[f"count:{slug}"] = lambda: converge_count(slug)
        return
    tx.update(
        f"count:{slug}",
        tables.name(tables.CATEGORIES),
        _key(slug, key_attr),
        "ADD #count :delta SET #display = if_not_exists(#display, :display)",
        names={"#count": _count_attr(key_attr), "#display": _display_attr(key_attr)},
        values={":delta": delta, ":display": default_display_name(slug)},
    )


NEW_CATEGORY = "new-category"  # the label of a creation: "new-category:<slug>"


@dataclass(frozen=True)
class NewCategories:
    """The categories staff name as new with a question's change (slug -> display name), and
    who names them where ("on approving submission …"): each one the change creates is
    recorded under that staff member with the question it came with."""

    names: dict[str, str]
    actor: str
    where: str


def add_new_category(tx: Transaction, slug: str, new: NewCategories, *, question_id: str) -> None:
    """Create ``slug``'s item inside ``tx``, with the display name staff gave it in ``new`` and
    a count of 1 (question ``question_id``, which this write indexes in it), and record who
    created it in the same transaction: no category without its entry, no entry without the
    category.

    Only if the item still doesn't exist at commit: one another worker or the game created
    meanwhile cancels the write (:func:`created_meanwhile` names it), so an entry never claims
    a creation that wasn't this write's. With no categories table, nothing is created or
    recorded (the game names categories from their slugs).
    """
    key_attr = schema()
    if key_attr is None:
        return
    display_name = new.names[slug]
    tx.update(
        f"{NEW_CATEGORY}:{slug}",
        tables.name(tables.CATEGORIES),
        _key(slug, key_attr),
        "SET #count = :one, #display = :display",
        condition="attribute_not_exists(#key)",
        names={
            "#count": _count_attr(key_attr),
            "#display": _display_attr(key_attr),
            "#key": key_attr,
        },
        values={":one": 1, ":display": display_name},
    )
    entry = audit.category_creation(
        slug, display_name, actor=new.actor, question_id=question_id, where=new.where
    )
    audit.add_to(tx, entry)


def created_by(tx: Transaction) -> dict[str, str]:
    """The categories ``tx`` creates (:func:`add_new_category`), slug -> the display name it
    gives them: once it is committed, what the change created, to be said with it."""
    prefix = f"{NEW_CATEGORY}:"
    return {
        label.removeprefix(prefix): action["Update"]["ExpressionAttributeValues"][":display"]["S"]
        for label, action in zip(tx.labels, tx.actions, strict=True)
        if label.startswith(prefix)
    }


def not_created(slugs: Iterable[str]) -> set[str]:
    """Which of ``slugs`` have no item (one strongly consistent BatchGetItem): a display name
    staff give a category that exists (named again, or created by someone else since the form
    was checked) creates nothing and is not recorded; the stored name is kept."""
    key_attr = schema()
    wanted = set(slugs)
    if key_attr is None or not wanted:
        return set()
    found = batch_get(
        tables.name(tables.CATEGORIES), [_key(s, key_attr) for s in wanted], consistent=True
    )
    return wanted - {item.get(key_attr) for item in found}


def name_taken(new: dict[str, str]) -> tuple[str, str, str, str] | None:
    """The first of the categories a write is to create (``new``: slug -> display name) whose
    name another category has now, read afresh (one strongly consistent Scan of the small
    table), as (slug, name, the other's slug, the other's name); None when none has. The form
    was checked against names cached for a minute, in one process: another worker's rename or
    creation since would otherwise give two categories one name."""
    if not new:
        return None
    stored = {slug: name or default_display_name(slug) for slug, name in _names(fresh=True).items()}
    for slug, name in new.items():
        other = named_like(name, stored, other_than=slug)
        if other is not None:
            return slug, name, other, stored[other]
    return None


def created_meanwhile(exc: TransactionCancelled) -> list[str]:
    """The categories a cancelled write was to create (:func:`add_new_category`) that exist
    now: someone else created them first. The cached names learn that they exist, so the form
    sent again no longer asks to name them (and no longer tries to create them)."""
    prefix = f"{NEW_CATEGORY}:"
    created = [
        label.removeprefix(prefix)
        for label, reason in exc.failed()
        if label.startswith(prefix) and reason.code == "ConditionalCheckFailed"
    ]
    if created:
        cache.update_cached(
            _NAMES,
            tables=[tables.CATEGORIES],
            change=lambda names: {slug: None for slug in created} | names,
            ttl=NAMES_CACHE_SECONDS,
        )
    return created


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
    request = _count_set_request(
        slug, expected=expected, actual=actual, expected_attr=expected_attr
    )
    if request is None:
        return
    key, expression, condition, names, values = request
    tx.update(
        f"count:{slug}",
        tables.name(tables.CATEGORIES),
        key,
        expression,
        condition=condition,
        names=names,
        values=values,
    )


def _count_set_request(
    slug: str, *, expected: int | None, actual: int, expected_attr: str | None = None
):
    key_attr = schema()
    if key_attr is None:
        return None
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
    return _key(slug, key_attr), expression, condition, names, values


def set_count_if_unchanged(
    slug: str, *, expected: int | None, actual: int, expected_attr: str | None = None
) -> bool:
    """One conditional UpdateItem: the stored count becomes ``actual`` if it is still
    ``expected``. False when it moved meanwhile: re-read and retry. When the answer was lost,
    the count is re-read: ``actual`` stored is this write applied (True), anything else False."""
    request = _count_set_request(
        slug, expected=expected, actual=actual, expected_attr=expected_attr
    )
    if request is None:
        return True
    key, expression, condition, names, values = request
    try:
        client.call(
            "update_item",
            TableName=tables.name(tables.CATEGORIES),
            Key={k: to_attr(v) for k, v in key.items()},
            UpdateExpression=expression,
            ConditionExpression=condition,
            ExpressionAttributeNames=names,
            ExpressionAttributeValues={k: to_attr(v) for k, v in values.items()},
        )
    except ConditionFailed:
        return False
    except OutcomeUnknown:
        if not _count_is(slug, actual):
            return False
    # The count is the one plain assignment a copy needs (the display name was kept if present).
    table = tables.name(tables.CATEGORIES)
    events.committed(
        [events.Change(table, tables.CATEGORIES, "update", key, fields={"count": actual})]
    )
    return True


def _count_is(slug: str, count: int) -> bool:
    """Whether ``slug``'s stored count is ``count`` now, in the field the game reads (a
    consistent read; False if unreadable)."""
    try:
        stored = get(slug, consistent=True)
    except (NotFound, DataUnavailable):
        return False
    return stored.count == count and _in_its_field(stored)


def _in_its_field(stored: Category) -> bool:
    """Whether the stored count is in the count field of the table's shape (GAME.md), not only
    in the other shape's."""
    return stored.count_attr == _count_attr(schema() or "")


CONVERGE_ROUNDS = 6


def converge_count(
    slug: str, *, rounds: int = CONVERGE_ROUNDS, corrected: dict | None = None
) -> int | None:
    """Make ``slug``'s stored count equal its index items, whatever else commits meanwhile.

    Read the stored count, count the index (both strongly consistent), set the count only if
    it is still what was read; when another writer moved it first, start over. After setting
    it, count again: a commit that landed between our count and our write has a converger of
    its own, but that one may have found the stored count still right and stopped before our
    stale figure was written. So no writer stops until it has counted after its own write, and
    the result is exact. Returns the count; ``corrected``, when given, learns each count this
    call set (slug -> (as it was stored, as set)): what an import that finishes another says.
    """
    if schema() is None:
        return None
    for _ in range(rounds):
        try:
            stored = get(slug, consistent=True)
        except NotFound:
            stored = None
        actual = count_index(slug)
        expected = stored.count if stored else None
        if stored is not None and expected == actual and _in_its_field(stored):
            return actual
        if (
            set_count_if_unchanged(
                slug,
                expected=expected,
                actual=actual,
                expected_attr=stored.count_attr if stored else None,
            )
            and count_index(slug) == actual
        ):
            if corrected is not None and expected != actual:  # not a count moved to its field
                corrected[slug] = (expected, actual)
            return actual
    raise ConditionFailed(f"The count of {slug!r} kept changing; it will be repaired later.")


def add_display_name_change(
    tx: Transaction, slug: str, *, old: str, new: str, indexed_question_id: str | None = None
) -> None:
    """Rename ``slug`` inside ``tx``, never creating a category that does not exist: the
    metadata item must exist, or (a category only the index knows, ``indexed_question_id``
    given) that index item must still exist at commit."""
    key_attr = schema()
    if key_attr is None:
        raise NotFound("There is no categories table to store display names in.")
    display_attr = _display_attr(key_attr)
    names = {"#display": display_attr}
    condition = "attribute_not_exists(#display) OR #display = :old"
    if indexed_question_id is None:
        condition = f"attribute_exists(#key) AND ({condition})"
        names["#key"] = key_attr
    else:
        tx.check(
            f"indexed:{slug}",
            tables.name(tables.QUESTION_CATEGORIES),
            {"category": slug, "question_id": indexed_question_id},
            "attribute_exists(#qid)",
            names={"#qid": "question_id"},
        )
    tx.update(
        f"category:{slug}",
        tables.name(tables.CATEGORIES),
        _key(slug, key_attr),
        "SET #display = :new",
        condition=condition,
        names=names,
        values={":new": new, ":old": old},
    )
    tx.after_commit[f"name:{slug}"] = lambda: _renamed(slug, new)


def put_counts(counts: dict[str, int]) -> None:
    """Overwrite stored counts (seeding and benchmarks, where nothing else writes)."""
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


def converge_counts(
    slugs: Iterable[str], *, workers: int = 8, corrected: dict | None = None
) -> dict[str, int]:
    """Converge the stored counts of ``slugs`` on the index (bulk import, after the index is
    written): consistent reads, conditional sets, in parallel. Returns the counts; ``corrected``
    learns the ones set (:func:`converge_count`)."""
    slugs = sorted(set(slugs))
    schema()  # read the key schema once, before the workers all ask for it
    counts = client.run_parallel(
        lambda slug: converge_count(slug, corrected=corrected), slugs, workers=workers
    )
    return dict(zip(slugs, counts, strict=True))


# --- committing category changes, their failures typed -----------------------------------------


def commit_rename(tx: Transaction, slug: str, *, token: str) -> None:
    """Execute a rename built with :func:`add_display_name_change`. Raises NotFound when the
    category no longer exists, :class:`Conflict` with the Category as stored now when its name
    changed meanwhile; other cancellations stay TransactionCancelled."""
    try:
        tx.execute(token=token)
    except TransactionCancelled as exc:
        if exc.condition_failed_on(f"indexed:{slug}") is not None:
            raise NotFound(f"There is no category “{slug}” any more.") from exc
        reason = exc.condition_failed_on(f"category:{slug}")
        if reason is None:
            raise
        if not reason.item:
            raise NotFound(f"There is no category “{slug}”.") from exc
        raise Conflict(current=Category.from_item(reason.item, schema() or "")) from exc


def commit_count_sets(tx: Transaction, slugs: Iterable[str], *, token: str) -> None:
    """Execute count sets built with :func:`add_count_set`. Raises :class:`Conflict` whose
    ``current`` maps each slug whose stored count changed meanwhile to its Category now;
    other cancellations stay TransactionCancelled."""
    try:
        tx.execute(token=token)
    except TransactionCancelled as exc:
        changed = {}
        for slug in slugs:
            reason = exc.condition_failed_on(f"count:{slug}")
            if reason is not None:
                changed[slug] = Category.from_item(reason.item or {}, schema() or "")
        if changed:
            raise Conflict(current=changed) from exc
        raise


# --- deleting an empty category, and putting it back ------------------------------------------


@dataclass(frozen=True)
class StoredCategory:
    """A category's item exactly as stored, as JSON can hold it (its wire form, binary values as
    base64): what a deletion records in its audit entry and putting it back writes, byte for
    byte; and the :class:`Category` it makes."""

    item: dict
    category: Category


def stored_category(slug: str) -> StoredCategory | None:
    """The category's item as stored now (strongly consistent), or None when it has none."""
    key_attr = schema()
    if key_attr is None:
        return None
    response = client.call(
        "get_item",
        TableName=tables.name(tables.CATEGORIES),
        Key={key_attr: to_attr(slug)},
        ConsistentRead=True,
    )
    return recorded_category(wire_as_json(response["Item"])) if "Item" in response else None


def recorded_category(item: dict) -> StoredCategory:
    """A category's item as :func:`stored_category` gave it (and a deletion recorded it)."""
    return StoredCategory(item, Category.from_item(from_item(wire_from_json(item)), schema() or ""))


def add_deletion(tx: Transaction, slug: str, stored: StoredCategory) -> None:
    """Delete ``slug``'s item inside ``tx`` if its count and display name are still those of
    ``stored``.

    The caller has found no index item for it (:func:`category_index.without_questions`). A
    question indexed there meanwhile by our writes moves that count (:func:`add_count_change`),
    and a rename its name, so the delete is refused rather than losing either; a question put
    there after the commit recreates the item with its count.
    """
    key_attr = schema() or ""
    fields = from_item(wire_from_json(stored.item))
    condition = ["attribute_exists(#key)"]
    names = {"#key": key_attr}
    values = {}
    for n, attr in enumerate((_count_attr(key_attr), _display_attr(key_attr))):
        names[f"#a{n}"] = attr
        if fields.get(attr) is not None:
            condition.append(f"#a{n} = :v{n}")
            values[f":v{n}"] = fields[attr]
        else:  # absent (or NULL, which a condition can't compare): still so
            condition.append(f"(attribute_not_exists(#a{n}) OR attribute_type(#a{n}, :null))")
            values[":null"] = "NULL"
    tx.delete(
        f"delete-category:{slug}",
        tables.name(tables.CATEGORIES),
        _key(slug, key_attr),
        condition=" AND ".join(condition),
        names=names,
        values=values or None,
    )


def add_put_back(tx: Transaction, slug: str, stored: StoredCategory) -> None:
    """Put a deleted category's item back inside ``tx``, byte for byte as
    :func:`stored_category` read it, if no item has taken its place since."""
    key_attr = schema() or ""
    tx.put_wire(
        f"put-back-category:{slug}",
        tables.name(tables.CATEGORIES),
        wire_from_json(stored.item),
        condition="attribute_not_exists(#key)",
        names={"#key": key_attr},
    )


def commit_deletion_or_put_back(tx: Transaction, slug: str, *, token: str) -> None:
    """Execute a deletion (:func:`add_deletion`) or a put back (:func:`add_put_back`). Raises
    NotFound when the item to delete is gone, :class:`Conflict` with the Category as stored now
    when its count or name changed meanwhile or an item is there to put back over; other
    cancellations stay TransactionCancelled."""
    try:
        tx.execute(token=token)
    except TransactionCancelled as exc:
        for label in (f"delete-category:{slug}", f"put-back-category:{slug}"):
            reason = exc.condition_failed_on(label)
            if reason is None:
                continue
            if not reason.item:
                raise NotFound(f"There is no category “{slug}”.") from exc
            raise Conflict(current=Category.from_item(reason.item, schema() or "")) from exc
        raise
