"""The question pool and its category index (`question-categories`).

:func:`add_question_change` is the one place that turns "question before → after" into the
transaction actions that keep the index and counts exact; moderation, the editor and retire all
go through it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from ..domain.categories import diff_categories, with_general
from ..domain.daily_set import POOL_DIFFICULTIES, daily_pool
from ..domain.validation import normalise_text
from . import cache, client, events, tables
from . import categories as categories_repo
from .batch import BATCH_GET_LIMIT, batch_get
from .errors import (
    CategoryCreatedMeanwhile,
    CategoryNameTaken,
    Conflict,
    IndexChanged,
    NotFound,
    RelatedItemChanged,
    TransactionCancelled,
)
from .models import GENERAL, CategoryIndexEntry, Question
from .serialization import from_item, to_attr
from .transactions import Transaction, request_token


def get(question_id: str, *, consistent: bool = True) -> Question:
    item = tables.get_item(tables.QUESTIONS, {"id": question_id}, consistent=consistent)
    if item is None:
        raise NotFound(f"No question {question_id!r}.")
    return Question.from_item(item)


def find(question_id: str, *, consistent: bool = True) -> Question | None:
    """The question, or None when no question has this id."""
    item = tables.get_item(tables.QUESTIONS, {"id": question_id}, consistent=consistent)
    return None if item is None else Question.from_item(item)


def get_many(
    question_ids: Iterable[str], *, consistent: bool = False, workers: int = 1
) -> dict[str, Question]:
    """Questions by id (BatchGetItem, 100 a request, ``workers`` requests at a time); missing
    ids are simply absent. ``consistent`` wherever a write is decided on what is read (the
    category lists' repair judges each entry against the question as stored now; an import
    compares each line with the question it would overwrite)."""
    ids = [i for i in dict.fromkeys(question_ids) if i]
    if not ids:
        return {}
    table = tables.name(tables.QUESTIONS)
    chunks = [ids[start : start + BATCH_GET_LIMIT] for start in range(0, len(ids), BATCH_GET_LIMIT)]

    def read(chunk: list[str]) -> list[dict]:
        return batch_get(table, ({"id": i} for i in chunk), consistent=consistent)

    found = {
        q.id: q
        for items in client.run_parallel(read, chunks, workers=workers)
        for q in (Question.from_item(i) for i in items)
    }
    return {i: found[i] for i in ids if i in found}


@dataclass
class Page:
    items: list
    last_key: dict | None  # raw LastEvaluatedKey, to be wrapped in a signed cursor


def scan_daily_pool(*, scan_limit: int = 500, target: int = 1000) -> list[Question]:
    """The game's daily pool, step 1 of GAME.md, in scan order (the rule: `daily_pool`)."""
    low, high = POOL_DIFFICULTIES

    def pages() -> Iterable[list[Question]]:
        start = None
        while True:
            kwargs = {
                "TableName": tables.name(tables.QUESTIONS),
                "Limit": scan_limit,
                "FilterExpression": "difficulty BETWEEN :low AND :high",
                "ExpressionAttributeValues": {":low": to_attr(low), ":high": to_attr(high)},
            }
            if start:
                kwargs["ExclusiveStartKey"] = start
            response = client.call("scan", **kwargs)
            yield [Question.from_item(from_item(i)) for i in response.get("Items", [])]
            start = response.get("LastEvaluatedKey")
            if not start:
                return

    return daily_pool(pages(), target=target)


DAILY_POOL_CACHE_SECONDS = 60


def cached_daily_pool_ids() -> tuple[list[str], dt.datetime]:
    """The daily pool's ids in scan order and when they were read: one pool read a
    ``DAILY_POOL_CACHE_SECONDS`` at most, and a fresh one after any of our own writes to the
    questions table. For what the editor shows beside a question (core/served_days.py) and the
    home page; the daily pages, which must be exact, read the pool afresh."""

    def read() -> tuple[list[str], dt.datetime]:
        return [q.id for q in scan_daily_pool()], dt.datetime.now(dt.UTC)

    return cache.cached_read(
        "daily-pool", tables=[tables.QUESTIONS], read=read, ttl=DAILY_POOL_CACHE_SECONDS
    )


# --- a new question: one shape, whether typed in the editor or approved from a submission -------


def id_for_create_form(form_nonce: str = "") -> str:
    """The id a create form names its question by: derived from the form's nonce, so sending the
    same form twice (a double click, a browser retry) names the same question, never a
    duplicate; a fresh id without one."""
    return new_question_id(request_token(form_nonce, "create") if form_nonce else "")


def new_question_id(seed: str = "") -> str:
    """The one id format of questions the admin creates: ``q_`` and 12 hex digits, derived from
    ``seed`` (the form submission's request token) when there is one, so the same submission
    sent twice names the same question and can never make a duplicate."""
    if not seed:
        return "q_" + uuid.uuid4().hex[:12]
    return "q_" + hashlib.sha256(f"question-id:{seed}".encode()).hexdigest()[:12]


def new_question(
    *,
    question_id: str,
    question: str,
    title: str,
    passage: str,
    answer: bool,
    categories: Iterable[str],
    difficulty: int,
    created_at: int | None = None,
    source: str | None = None,
    original_author: str | None = None,
) -> Question:
    """A question as the admin first stores it: text with LF line breaks, ``general`` among
    its categories, version 1, its creation time. Created and approved questions are built
    here and nowhere else, so they are identical by construction."""
    return Question(
        id=question_id,
        question=normalise_text(question),
        title=normalise_text(title),
        passage=normalise_text(passage),
        answer=bool(answer),
        categories=with_general(categories),
        difficulty=int(difficulty),
        created_at=int(created_at if created_at is not None else time.time()),
        source=source,
        original_author=original_author or None,
        version=1,
    )


def commit_question_change(tx: Transaction, *, token: str) -> None:
    """Execute a create, edit or retire built with :func:`add_question_change`, its failures
    typed: :class:`Conflict` with the question as stored now (None: it no longer exists) when
    its own condition failed (its version moved on, or the id is taken), and
    :class:`IndexChanged` when one of its category-index items changed, or
    :class:`CategoryCreatedMeanwhile` (the slugs) when a category it was to create exists now;
    any other
    cancellation (a transaction conflict, throttling) stays TransactionCancelled."""
    try:
        tx.execute(token=token)
    except TransactionCancelled as exc:
        reason = exc.condition_failed_on("question")
        if reason is not None:
            current = Question.from_item(reason.item) if reason.item else None
            raise Conflict(current=current) from exc
        if (related := related_change(exc)) is not None:
            raise related from exc
        raise


def related_change(exc: TransactionCancelled) -> RelatedItemChanged | None:
    """What a cancelled question change (a create, edit or retire, or a review's) found
    changed besides its main item: one of its category-index items, or a category it was to
    create that someone created first (their slugs); None for neither."""
    if any(
        label.startswith("index:") and r.code == "ConditionalCheckFailed"
        for label, r in exc.failed()
    ):
        return IndexChanged()
    if created := categories_repo.created_meanwhile(exc):
        return CategoryCreatedMeanwhile(tuple(created))
    return None


# --- the similarity corpus -------------------------------------------------------------------

SIMILARITY_CORPUS_SECONDS = 300
_CORPUS = "similarity-corpus"


def similarity_corpus() -> list[tuple[str, str]]:
    """(id, question text) of every question: one full projected Scan, then cached.

    Cached for ``SIMILARITY_CORPUS_SECONDS`` from when it was built, and not rebuilt by our own
    writes (approve → next review is the normal workflow, and a rebuild is an O(questions)
    Scan): our own writes to the questions table are applied to it instead (a new question
    added, a deleted one dropped, a changed text replaced; :func:`_corpus_follows_writes`).
    Other processes' and the game's writes show up when the TTL runs out; similarity is advice
    to the moderator, so a few minutes of staleness there is acceptable.
    """

    def read() -> list[tuple[str, str]]:
        return [(q.id, q.question) for q in scan_all(projection="id, question")]

    return cache.cached_read(
        _CORPUS,
        tables=[tables.QUESTIONS],
        read=read,
        ttl=SIMILARITY_CORPUS_SECONDS,
        follow_writes=False,
    )


def _corpus_follows_writes(changes: list[events.Change]) -> None:
    table = tables.name(tables.QUESTIONS)
    ours = [c for c in changes if c.table == table]
    if not ours:
        return

    def apply(corpus: list[tuple[str, str]]) -> list[tuple[str, str]]:
        texts = dict(corpus)
        for change in ours:
            question_id = change.item_id
            if change.action == "delete":
                texts.pop(question_id, None)
            elif change.action == "put" and change.record is not None:
                texts[question_id] = change.record.question
            elif change.fields and "question" in change.fields and question_id in texts:
                texts[question_id] = change.fields["question"]
        return list(texts.items())

    cache.update_cached(
        _CORPUS, tables=[tables.QUESTIONS], change=apply, ttl=SIMILARITY_CORPUS_SECONDS
    )


def _is_questions_table(table_name: str) -> bool:
    return table_name == tables.name(tables.QUESTIONS)


events.subscribe(_corpus_follows_writes, tables=_is_questions_table)


def scan_all(*, projection: str | None = None, page_size: int = 1000) -> Iterable[Question]:
    """Every question (export, import diffing, similarity corpus): O(table), never on a page."""
    start = None
    while True:
        kwargs: dict = {"TableName": tables.name(tables.QUESTIONS), "Limit": page_size}
        if projection:
            kwargs["ProjectionExpression"] = projection
        if start:
            kwargs["ExclusiveStartKey"] = start
        response = client.call("scan", **kwargs)
        for item in response.get("Items", []):
            yield Question.from_item(from_item(item))
        start = response.get("LastEvaluatedKey")
        if not start:
            return


# --- category index -------------------------------------------------------------------------


def index_page(
    category: str, *, limit: int, start_key: dict | None = None, difficulty: int | None = None
) -> Page:
    """One Query page of a category's index entries (``limit`` items read at most)."""
    kwargs: dict = {
        "TableName": tables.name(tables.QUESTION_CATEGORIES),
        "KeyConditionExpression": "#c = :c",
        "ExpressionAttributeNames": {"#c": "category"},
        "ExpressionAttributeValues": {":c": to_attr(category)},
        "Limit": limit,
    }
    if difficulty is not None:
        kwargs["FilterExpression"] = "#d = :d"
        kwargs["ExpressionAttributeNames"]["#d"] = "difficulty"
        kwargs["ExpressionAttributeValues"][":d"] = to_attr(difficulty)
    if start_key:
        kwargs["ExclusiveStartKey"] = start_key
    response = client.call("query", **kwargs)
    entries = [CategoryIndexEntry.from_item(from_item(i)) for i in response.get("Items", [])]
    return Page(entries, response.get("LastEvaluatedKey"))


def pool_is_empty() -> bool:
    """Whether no question is stored at all (one strongly consistent one-item Scan): an import
    into a new environment then has nothing to read back."""
    response = client.call(
        "scan",
        TableName=tables.name(tables.QUESTIONS),
        Limit=1,
        ProjectionExpression="id",
        ConsistentRead=True,
    )
    return not response.get("Items") and not response.get("LastEvaluatedKey")


def scan_index(*, consistent: bool = True) -> Iterable[CategoryIndexEntry]:
    """Every index item (dashboard, reconcile, import, export): O(index). Strongly consistent
    by default: drift and repairs are computed from it, and a stale page would "repair" a count
    into being wrong."""
    return _scan_index_pages(ConsistentRead=consistent)


def scan_index_segment(segment: int, total_segments: int) -> Iterable[CategoryIndexEntry]:
    """One segment of a parallel, strongly consistent Scan of the index (import)."""
    return _scan_index_pages(ConsistentRead=True, Segment=segment, TotalSegments=total_segments)


def _scan_index_pages(**scan_options: Any) -> Iterable[CategoryIndexEntry]:
    start = None
    while True:
        kwargs: dict = {"TableName": tables.name(tables.QUESTION_CATEGORIES), **scan_options}
        if start:
            kwargs["ExclusiveStartKey"] = start
        response = client.call("scan", **kwargs)
        for item in response.get("Items", []):
            yield CategoryIndexEntry.from_item(from_item(item))
        start = response.get("LastEvaluatedKey")
        if not start:
            return


# --- writes: the invariant-keeping change set ------------------------------------------------

# The question is there and still the version read (a missing version counts as 0: items the
# game wrote have none). Names ``#version``; values ``:loaded_version``.
STILL_AS_READ = (
    "attribute_exists(id) AND (attribute_not_exists(#version) OR #version = :loaded_version)"
)


@dataclass(frozen=True)
class VersionedUpdate:
    """An UpdateItem that rewrites the editable fields only if the version is still the one read
    (a missing version counts as 0: items the game wrote have none). Every other attribute of the
    item — `tags`, the game's own additions — is kept."""

    expression: str
    condition: str
    names: dict
    values: dict  # plain Python values


def versioned_field_update(after: Question, *, loaded_version: int) -> VersionedUpdate:
    return VersionedUpdate(
        expression=(
            "SET #question = :question, #title = :title, #passage = :passage, "
            "#answer = :answer, #categories = :categories, #difficulty = :difficulty, "
            "#version = :next_version"
        ),
        condition=STILL_AS_READ,
        names={
            "#question": "question",
            "#title": "title",
            "#passage": "passage",
            "#answer": "answer",
            "#categories": "categories",
            "#difficulty": "difficulty",
            "#version": "version",
        },
        values={
            ":question": after.question,
            ":title": after.title,
            ":passage": after.passage,
            ":answer": bool(after.answer),
            ":categories": list(after.categories),
            ":difficulty": int(after.difficulty),
            ":loaded_version": loaded_version,
            ":next_version": loaded_version + 1,
        },
    )


def add_question_change(
    tx: Transaction,
    *,
    before: Question | None,
    after: Question | None,
    new_categories: categories_repo.NewCategories | None = None,
) -> list[dict]:
    """Add to ``tx`` everything that moves the pool from ``before`` to ``after``; return the
    index items read for the change, as stored (a retirement keeps a copy of them).

    ``new_categories`` names the categories staff call new. Each one this change adds the
    question to that has no item (read consistently) is created with its name, only if it
    still has none at commit, recorded as created by them in the same transaction
    (:func:`.categories.add_new_category`). A name given for a category that exists changes
    nothing.

    - create (before is None): put the question if its id is new, one index item per category
      carrying the difficulty, each count +1;
    - retire (after is None): delete the question if unchanged since loaded, its index items,
      each count -1;
    - edit: update the question if unchanged since loaded (version), delete index items of removed
      categories, put those of added ones, rewrite kept ones whose difficulty differs.

    For an edit or retire the question's index items are read first (one BatchGetItem): a count
    moves -1 only for an item really deleted and +1 only for one really created, and each of
    those actions is conditioned on the item (still) existing / not existing, so the decision
    holds at commit; otherwise the transaction is cancelled on an ``index:<category>`` label.

    Categories must already be cleaned (``general`` included); they are used verbatim.
    """
    questions_table = tables.name(tables.QUESTIONS)
    if before is None and after is None:
        return []
    if before is None:
        assert after is not None
        item = after.to_item()
        item["version"] = 1
        tx.put("question", questions_table, item, condition="attribute_not_exists(id)")
        diff = diff_categories([], after.categories)
    elif after is None:
        tx.delete(
            "question",
            questions_table,
            {"id": before.id},
            # Gone already fails too: a second retirement (or an undo) racing this one must
            # not "delete" it again, keep a second copy and report it retired twice.
            condition=STILL_AS_READ,
            names={"#version": "version"},
            values={":loaded_version": before.version},
        )
        # Every index item the question can have: a legacy `tags` question, or one the game
        # stored without `general` in its list, still has its `general` item.
        diff = diff_categories(with_general(before.categories), [])
    else:
        update = versioned_field_update(after, loaded_version=before.version)
        tx.update(
            "question",
            questions_table,
            {"id": before.id},
            update.expression,
            condition=update.condition,
            names=update.names,
            values=update.values,
        )
        diff = diff_categories(before.categories, after.categories)

    question_id = (after or before).id  # type: ignore[union-attr]
    involved = list(dict.fromkeys(diff.removed + diff.kept + diff.added))
    # A create has a new id: nothing indexed to look up.
    stored_items = [] if before is None else stored_index_items(question_id, involved)
    stored = _entries_by_category(stored_items)
    if new_categories is not None and new_categories.names:
        # Only a category with no item yet is created (and recorded): one named again keeps
        # its stored name and is counted as any other.
        names = new_categories.names
        adding = [c for c in diff.added if c in names and c not in stored and c != GENERAL]
        new = categories_repo.not_created(adding)
        new_categories = replace(
            new_categories, names={c: name for c, name in names.items() if c in new}
        )
        taken = categories_repo.name_taken(new_categories.names)
        if taken is not None:
            raise CategoryNameTaken(taken)
    _add_index_changes(tx, question_id, involved, stored, after, new_categories)
    return stored_items


def _add_index_changes(
    tx: Transaction,
    question_id: str,
    involved: list[str],
    stored: dict[str, CategoryIndexEntry],
    after: Question | None,
    new_categories: categories_repo.NewCategories | None,
) -> None:
    # What the index really holds decides every index action and count move, not the question's
    # categories: they may come from `tags` and never have been indexed, or lack a `general` that
    # is indexed.
    wanted = list(after.categories) if after is not None else []
    for category in involved:
        entry = stored.get(category)
        if category not in wanted:
            if entry is not None:
                add_index_removal(tx, category, question_id)
                categories_repo.add_count_change(tx, category, -1)
            continue
        assert after is not None
        target = CategoryIndexEntry(category, question_id, after.difficulty)
        if entry is None:
            add_index_entry(tx, target)
            if new_categories is not None and new_categories.names.get(category):
                categories_repo.add_new_category(
                    tx, category, new_categories, question_id=question_id
                )
            else:
                categories_repo.add_count_change(tx, category, +1)
        elif entry.difficulty != after.difficulty:
            add_index_entry(tx, target, replacing=True)


_QUESTION_ID = {"#qid": "question_id"}
_INDEXED = "attribute_exists(#qid)"
_NOT_INDEXED = "attribute_not_exists(#qid)"


def add_index_entry(tx: Transaction, entry: CategoryIndexEntry, *, replacing: bool = False) -> None:
    """Put ``entry`` in its category's list (the index) inside ``tx``: only if it is still
    missing, or, ``replacing``, only if it is still there (its difficulty rewritten). The
    action is labelled ``index:<category>``, what a cancellation is read by."""
    _put_index_entry(tx, entry, replacing=replacing, label="index")


def add_index_removal(tx: Transaction, category: str, question_id: str) -> None:
    """Delete ``question_id``'s entry from ``category``'s list inside ``tx``, only if it is still
    there; labelled like :func:`add_index_entry`."""
    _delete_index_entry(tx, category, question_id, label="index")


def _put_index_entry(
    tx: Transaction, entry: CategoryIndexEntry, *, replacing: bool, label: str
) -> None:
    tx.put(
        f"{label}:{entry.category}",
        tables.name(tables.QUESTION_CATEGORIES),
        entry.to_item(),
        condition=_INDEXED if replacing else _NOT_INDEXED,
        names=_QUESTION_ID,
    )


def _delete_index_entry(tx: Transaction, category: str, question_id: str, *, label: str) -> None:
    tx.delete(
        f"{label}:{category}",
        tables.name(tables.QUESTION_CATEGORIES),
        entry_key(category, question_id),
        condition=_INDEXED,
        names=_QUESTION_ID,
    )


def entry_key(category: str, question_id: str) -> dict:
    return {"category": category, "question_id": question_id}


def stored_index_entries(
    question_id: str, categories: Iterable[str]
) -> dict[str, CategoryIndexEntry]:
    """The index items that exist for ``question_id`` in ``categories`` (one strongly consistent
    BatchGetItem for up to 100 categories); the transaction's conditions re-check them."""
    return _entries_by_category(stored_index_items(question_id, categories))


def stored_index_items(question_id: str, categories: Iterable[str]) -> list[dict]:
    """The same index items as stored (deserialised), for copies kept on retirement."""
    keys = [entry_key(c, question_id) for c in dict.fromkeys(categories) if c]
    if not keys:
        return []
    items = batch_get(tables.name(tables.QUESTION_CATEGORIES), keys, consistent=True)
    return [i for i in items if i.get("question_id") == question_id]


def _entries_by_category(items: list[dict]) -> dict[str, CategoryIndexEntry]:
    entries = (CategoryIndexEntry.from_item(i) for i in items)
    return {e.category: e for e in entries}


# --- putting the game's category lists right: index entries vs the questions' categories -------


def add_question_as_read(tx: Transaction, question_id: str, question: Question | None) -> None:
    """Make ``tx`` conditional on the question being as it was read: the same version, or still
    absent. A list entry put or deleted for it then matches its categories at commit (an edit
    meanwhile moves the version and cancels the whole change)."""
    key = {"id": question_id}
    label = f"question:{question_id}"
    if question is None:
        tx.check(label, tables.name(tables.QUESTIONS), key, "attribute_not_exists(id)")
        return
    tx.check(
        label,
        tables.name(tables.QUESTIONS),
        key,
        STILL_AS_READ,
        names={"#version": "version"},
        values={":loaded_version": question.version},
    )


def add_list_entry(tx: Transaction, category: str, question: Question) -> None:
    """Put ``question`` in ``category``'s list with its difficulty, only if it is still missing
    (:func:`add_index_entry`, labelled ``list:<category>`` for :func:`commit_list_fixes`)."""
    entry = CategoryIndexEntry(category, question.id, question.difficulty)
    _put_index_entry(tx, entry, replacing=False, label="list")


def add_list_entry_removal(tx: Transaction, category: str, question_id: str) -> None:
    """Delete ``question_id``'s entry from ``category``'s list, only if it is still there
    (:func:`add_index_removal`, labelled ``list:<category>`` for :func:`commit_list_fixes`)."""
    _delete_index_entry(tx, category, question_id, label="list")


def commit_list_fixes(tx: Transaction, *, token: str) -> None:
    """Execute list fixes built with :func:`add_question_as_read`, :func:`add_list_entry` and
    :func:`add_list_entry_removal`. Raises :class:`Conflict` when a question changed meanwhile
    or someone else put or deleted one of the entries first (``current``: the failed actions'
    labels, "question:<id>" / "list:<category>"); nothing was applied then. Other cancellations
    stay TransactionCancelled."""
    try:
        tx.execute(token=token)
    except TransactionCancelled as exc:
        changed = sorted(
            label for label, reason in exc.failed() if reason.code == "ConditionalCheckFailed"
        )
        if changed:
            raise Conflict(current=changed) from exc
        raise
