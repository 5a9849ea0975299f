"""Bulk upsert of questions (import, demo seeding): convergent, fast, safe to re-run.

Not a transaction (thousands of items), so it is built to *converge*: every run compares the file
with what is stored — the questions and, separately, the category index items actually stored —
and writes only the difference, then recounts every category from the index. Whatever
stopped an earlier run (a crash, a kill, throttling, a lost answer, a write applied but answered
500), running the same import again ends with the pool, the index and the counts exact.

1. Read: the file's questions (BatchGetItem; nothing when no question is stored at all), the
   whole index (Scan) and, for an import, the ids staff retired (a Scan of the admin's copies),
   strongly consistent, in parallel. A retired id that is not stored is left out (or, when asked,
   brought back).
2. Questions: new ones by BatchWriteItem; changed ones in transactions of up to 100 updates, each
   conditional on the version read (a concurrent editor's save is re-read and overwritten
   knowingly, never lost silently), each transaction with its own ClientRequestToken.
3. Index: for every question of the file (changed or not), put what is missing or carries the
   wrong difficulty, delete what the question no longer has (orphans of an interrupted run).
4. Counts: every category the file, the stored index or the categories table names, recounted
   (consistent COUNT queries, conditional sets).
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..domain.categories import normalise_categories
from . import cache, client, tables
from . import categories as categories_repo
from . import questions as questions_repo
from . import retired as retired_repo
from .batch import BATCH_WRITE_LIMIT, batch_write
from .errors import ConditionFailed, OutcomeUnknown, TransactionCancelled
from .models import CategoryIndexEntry, Question
from .transactions import DYNAMODB_MAX_ACTIONS, Transaction, request_token

CHUNK = 100  # progress granularity (questions)
INDEX_CHUNK = 1000  # progress granularity (index items)
WORKERS = 8
UPDATE_ROUNDS = 5


@dataclass
class UpsertReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    index_written: int = 0
    index_deleted: int = 0
    categories: dict[str, int] = field(default_factory=dict)  # recomputed counts
    # The stored counts the recount set, slug -> (as stored before, as set): none when every
    # count was right already (an unchanged re-import), some when a run finishes another.
    counts_corrected: dict[str, tuple[object, int]] = field(default_factory=dict)
    # Ids of the incoming questions that staff retired (an unrestored copy, no question stored):
    # left out, or created again, as the caller chose.
    retired_skipped: list[str] = field(default_factory=list)
    retired_brought_back: list[str] = field(default_factory=list)


def _same(a: Question, b: Question) -> bool:
    fields = ("question", "title", "passage", "answer", "categories", "difficulty")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def upsert_questions(
    incoming: Iterable[Question],
    *,
    progress: Callable[[int], None] = lambda done: None,
    index_progress: Callable[[int, int], None] = lambda done, total: None,
    planned: Callable[[int, int], None] = lambda to_write, unchanged: None,
    workers: int = WORKERS,
    retired: Literal["skip", "include"] | None = None,
) -> UpsertReport:
    """``planned(to write, unchanged)`` once the questions are compared with what is stored;
    ``progress(questions done)`` as questions are written (unchanged ones count as done);
    ``index_progress(done, total)`` as index items are written and deleted after them.

    ``retired``: None reads nothing about retirements (seeding, tests); "skip" leaves out every
    incoming id that staff retired and that no question has now (``report.retired_skipped``);
    "include" writes them like any other and names them (``report.retired_brought_back``).
    An id retired but in use again is updated as usual: that brings nothing back."""
    by_id: dict[str, Question] = {}
    for question in incoming:  # a later line with the same id wins, as a re-import would
        question.categories = normalise_categories(question.categories)
        by_id[question.id] = question
    report = UpsertReport()
    ids = list(by_id)
    # Into an empty pool (a new environment's first load) every question is new: one
    # one-item Scan instead of a BatchGetItem per 100 ids. Creates are plain puts either way.
    reads = [
        lambda: (
            questions_repo.get_many(ids, consistent=True, workers=workers)
            if not questions_repo.pool_is_empty()
            else {}
        ),
        lambda: _stored_index(len(ids), workers=workers),
        lambda: {c.slug for c in categories_repo.list_all(consistent=True)},
    ]
    if retired is not None:
        reads.append(retired_repo.unrestored_question_ids)
    stored, indexed, counted, *retired_read = client.run_parallel(
        lambda read: read(), reads, workers=len(reads)
    )
    if retired is not None:
        retired_ids = retired_read[0]
        returning = [qid for qid in ids if qid in retired_ids and qid not in stored]
        if retired == "skip":
            report.retired_skipped = returning
            for qid in returning:
                del by_id[qid]
            ids = list(by_id)
        else:
            report.retired_brought_back = returning

    creates, updates = [], []
    for qid in ids:
        new, old = by_id[qid], stored.get(qid)
        if old is None:
            new.version = 1
            creates.append(new)
        elif _same(old, new) and not old.categories_from_tags:
            new.version = old.version
            report.unchanged += 1
        else:
            updates.append((old, new))
    planned(len(creates) + len(updates), report.unchanged)
    # The index's target is the file's questions, known before anything is written, so the
    # question writes, the updates and the index writes share one pool of writers. Questions go
    # first: the caller's thread keeps the staff index in step with them while the index items
    # are still being written (interleaved, the last questions' staff-index rows were written
    # after the last DynamoDB write, ~0.15 s of a 2,000-question import). An interrupted run may
    # leave questions without their index items; the next run diffs them again.
    puts, deletes, touched = _index_diff(by_id.values(), indexed)
    # Every category recounted, not only the file's: an earlier run stopped before its recount
    # may have moved index items out of a category that neither the file nor its questions'
    # index items name any more (emptied, or left with other questions' items), and only a
    # recount sets its count right. Tens of categories; their index is read in full anyway.
    touched |= counted | {c for have in indexed.values() for c in have}
    run_id = uuid.uuid4().hex
    jobs = [
        *[
            ("put", tables.name(tables.QUESTIONS), chunk, run_id)
            for chunk in _chunks([q.to_item() for q in creates], BATCH_WRITE_LIMIT)
        ],
        # The run's id scopes the update transactions' tokens: a later run over restored tables
        # that plans the very same updates is not a replay of this one (10-minute window).
        *[("update", None, chunk, run_id) for chunk in _chunks(updates, DYNAMODB_MAX_ACTIONS)],
        *[
            ("put", tables.name(tables.QUESTION_CATEGORIES), chunk, run_id)
            for chunk in _chunks(puts, BATCH_WRITE_LIMIT)
        ],
        *[
            ("delete", tables.name(tables.QUESTION_CATEGORIES), chunk, run_id)
            for chunk in _chunks(deletes, BATCH_WRITE_LIMIT)
        ],
    ]
    try:
        results = client.run_parallel(
            _progress_reporting(jobs, len(ids), progress, index_progress), jobs, workers=workers
        )
    except BaseException:
        with _EDITED_MEANWHILE_LOCK:  # a stopped run's list is nobody's
            _EDITED_MEANWHILE.pop(run_id, None)
        raise
    report.created = len(creates)
    report.updated = sum(r for (kind, *_), r in zip(jobs, results, strict=True) if kind == "update")
    touched |= _repair_concurrently_edited(by_id, run_id)
    report.index_written, report.index_deleted = len(puts), len(deletes)
    report.categories = recount_categories(
        touched, workers=workers, corrected=report.counts_corrected
    )
    cache.written(tables.QUESTIONS, tables.QUESTION_CATEGORIES, tables.CATEGORIES)
    return report


# Run id -> the questions someone else changed while that run was updating them (id -> their
# categories then), gathered by its writer threads: each run reads back only its own.
_EDITED_MEANWHILE: dict[str, dict[str, set[str]]] = {}
_EDITED_MEANWHILE_LOCK = threading.Lock()


def _repair_concurrently_edited(by_id: dict[str, Question], run_id: str) -> set[str]:
    """Index items of questions an editor changed mid-import, under categories the import's
    index read did not see: deleted when the question (now the file's) doesn't have them."""
    with _EDITED_MEANWHILE_LOCK:
        seen = _EDITED_MEANWHILE.pop(run_id, {})
    deletes, touched = [], set()
    for qid, categories in seen.items():
        wanted = by_id[qid].categories
        stored = questions_repo.stored_index_entries(qid, categories)
        for category in stored:
            if category not in wanted:
                deletes.append({"category": category, "question_id": qid})
                touched.add(category)
    batch_write(tables.name(tables.QUESTION_CATEGORIES), deletes=deletes)
    return touched


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _progress_reporting(
    jobs: list,
    total: int,
    progress: Callable[[int], None],
    index_progress: Callable[[int, int], None],
):
    """``_run_job`` that reports questions written (every ~CHUNK, and the last one; unchanged
    questions count as done from the start), then index changes (every ~INDEX_CHUNK, and the
    last one), as the writes finish."""
    pending = sum(len(chunk) for kind, table, chunk, _ in jobs if _is_question_job(kind, table))
    index_total = sum(
        len(chunk) for kind, table, chunk, _ in jobs if not _is_question_job(kind, table)
    )
    state = {"done": total - pending, "reported": total - pending, "index": 0, "index_at": 0}
    lock = threading.Lock()
    if pending == 0:
        progress(total)

    def run(job: tuple) -> int:
        result = _run_job(job)
        kind, table, chunk, _ = job
        with lock:
            if _is_question_job(kind, table):
                state["done"] += len(chunk)
                if state["done"] == total or state["done"] - state["reported"] >= CHUNK:
                    state["reported"] = state["done"]
                    progress(state["done"])
            else:
                state["index"] += len(chunk)
                done = state["index"]
                if done == index_total or done - state["index_at"] >= INDEX_CHUNK:
                    state["index_at"] = done
                    index_progress(done, index_total)
        return result

    return run


def _is_question_job(kind: str, table: str | None) -> bool:
    return kind == "update" or table == tables.name(tables.QUESTIONS)


def _run_job(job: tuple) -> int:
    kind, table, chunk, run_id = job
    if kind == "update":
        return _update_chunk(chunk, run_id)
    if kind == "put":
        batch_write(table, puts=chunk)
    else:
        batch_write(table, deletes=chunk)
    return len(chunk)


def _stored_index(file_size: int, *, workers: int) -> dict[str, dict[str, int | None]]:
    """question id → {category: difficulty} for every index item stored (consistent Scan)."""
    segments = 1 if file_size <= 1000 else min(4, workers)
    entries = client.run_parallel(
        lambda segment: list(questions_repo.scan_index_segment(segment, segments)),
        range(segments),
        workers=workers,
    )
    indexed: dict[str, dict[str, int | None]] = {}
    for part in entries:
        for entry in part:
            indexed.setdefault(entry.question_id, {})[entry.category] = entry.difficulty
    return indexed


def _index_diff(questions: Iterable[Question], indexed: dict[str, dict[str, int | None]]):
    puts, deletes, touched = [], [], set()
    for question in questions:
        have = indexed.get(question.id, {})
        touched.update(question.categories)
        for category in question.categories:
            if category not in have or have[category] != question.difficulty:
                puts.append(
                    CategoryIndexEntry(category, question.id, question.difficulty).to_item()
                )
        deletes += [
            {"category": c, "question_id": question.id}
            for c in have
            if c not in question.categories
        ]
    return puts, deletes, touched


def _update_chunk(pairs: list[tuple[Question, Question]], run_id: str) -> int:
    """Overwrite the modelled fields of existing questions, keeping every other attribute
    (`tags`, the game's own additions), each only if nobody changed it since it was read: an
    editor's save that lands mid-import is re-read and overwritten knowingly, never lost
    silently, and the version still moves on so the editor's stale form conflicts.

    Up to 100 updates in one transaction (one round trip instead of 100); a cancelled or unknown
    transaction re-reads its questions and plans them again (already applied → unchanged).
    Returns how many questions of the chunk this run changed."""
    pending = list(pairs)
    changed = 0
    for _ in range(UPDATE_ROUNDS):
        if not pending:
            return changed
        tx = Transaction()
        for old, new in pending:
            update = questions_repo.versioned_field_update(new, loaded_version=old.version)
            tx.update(
                f"question:{new.id}",
                tables.name(tables.QUESTIONS),
                {"id": new.id},
                update.expression,
                condition=update.condition,
                names=update.names,
                values=update.values,
            )
        # The token is this run plus the request itself: an SDK retry of the same planned
        # updates is applied at most once; another run (over restored tables) is not a replay.
        token = request_token("import", run_id, json.dumps(tx.actions, sort_keys=True, default=str))
        try:
            tx.execute(token=token)
        except TransactionCancelled as exc:
            failed = {label.split(":", 1)[1]: reason for label, reason in exc.failed()}
            pending = [(_current(old, failed.get(old.id)), new) for old, new in pending]
            # Someone changed these meanwhile, and their transaction moved index items that our
            # index read may predate: their categories are re-checked after the writes.
            with _EDITED_MEANWHILE_LOCK:
                edited = _EDITED_MEANWHILE.setdefault(run_id, {})
                for old, _ in pending:
                    if old.id in failed:
                        edited.setdefault(old.id, set()).update(old.categories)
            continue
        except OutcomeUnknown:
            current = questions_repo.get_many([new.id for _, new in pending], consistent=True)
            still = []
            for old, new in pending:
                now = current.get(new.id)
                if now is not None and _same(now, new) and now.version == old.version + 1:
                    new.version = now.version
                    changed += 1
                elif now is not None:
                    still.append((now, new))
            pending = still
            continue
        for old, new in pending:
            new.version = old.version + 1
        return changed + len(pending)
    ids = ", ".join(new.id for _, new in pending[:5])
    raise ConditionFailed(f"Questions kept changing during the import ({ids}…); run it again.")


def _current(old: Question, reason: Any) -> Question:
    """The question as stored now when its condition failed (DynamoDB returned it)."""
    if reason is None or reason.code != "ConditionalCheckFailed":
        return old
    if reason.item:
        return Question.from_item(reason.item)
    return questions_repo.get(old.id, consistent=True)


def recount_categories(
    slugs: Iterable[str], *, workers: int = WORKERS, corrected: dict | None = None
) -> dict[str, int]:
    """Converge each category's stored count on its number of index items (idempotent,
    consistent reads, conditional sets, in parallel); ``corrected`` learns the counts set."""
    return categories_repo.converge_counts(slugs, workers=workers, corrected=corrected)


@dataclass
class BackfillReport:
    checked: int = 0
    rewritten: int = 0
    orphaned: int = 0


def backfill_index_difficulty(
    *, progress: Callable[[str], None] = lambda line: None
) -> BackfillReport:
    """Give every index item its question's difficulty (O(index); an ops command, not a page).

    A plain put of the same key is idempotent; an edit racing it rewrites the item again in its
    own transaction, and both write the question's current difficulty.
    """
    report = BackfillReport()
    entries = list(questions_repo.scan_index())
    for start in range(0, len(entries), CHUNK):
        chunk = entries[start : start + CHUNK]
        stored = questions_repo.get_many((e.question_id for e in chunk), consistent=True)
        puts = []
        for entry in chunk:
            report.checked += 1
            question = stored.get(entry.question_id)
            if question is None:
                report.orphaned += 1
            elif entry.difficulty != question.difficulty:
                puts.append(
                    CategoryIndexEntry(
                        entry.category, entry.question_id, question.difficulty
                    ).to_item()
                )
        batch_write(tables.name(tables.QUESTION_CATEGORIES), puts=puts)
        report.rewritten += len(puts)
        done = min(start + CHUNK, len(entries))
        # About ten lines however large the index (a line per chunk was a hundred and more).
        if done == len(entries) or done // CHUNK % max(1, len(entries) // CHUNK // 10) == 0:
            progress(f"  {done:,}/{len(entries):,} index items checked")
    return report
