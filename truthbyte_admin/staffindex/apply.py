"""Turning the data layer's typed records into index rows: the one writer of the index.

``*_row`` are pure (record -> row values); ``put_*``/``remove_*`` apply one record;
:func:`replace_all` swaps the whole index for a fresh read (rebuild and full sync).
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ..data import tables
from ..data.models import Category, Question, Submission, User
from ..domain.categories import with_general
from .models import (
    IndexedCategory,
    IndexedPlayer,
    IndexedQuestion,
    IndexedSubmission,
    IndexState,
    QuestionCategory,
    SubmissionCategory,
)
from .search import reads_search_text
from .text import document

# The tables the index copies.
COPIED = (tables.QUESTIONS, tables.SUBMISSIONS, tables.USERS, tables.CATEGORIES)

# --- record -> row -------------------------------------------------------------------------------

# Each question's category rows: domain.categories.with_general, one rule for the categories a
# question is counted in — its own categories and ``general``, even where the stored list omits
# it (older game items; GAME.md: every question is also in ``general``). Without ``general`` the
# dashboard showed a drift that "Verify now" and the repair can never find. The check's judge
# (categories/lists.py) uses the same function, so the copy and the check can't disagree.


def question_row(q: Question, *, search_text: bool = True) -> dict:
    """``search_text``: whether to fill the column (see :func:`.search.reads_search_text`)."""
    return {
        "qid": q.id,
        "question": q.question,
        "title": q.title,
        "passage": q.passage,
        "answer": bool(q.answer),
        "categories": list(dict.fromkeys(q.categories)),
        "difficulty": q.difficulty,
        "created_at": q.created_at,
        "source": q.source or "",
        "original_author": q.original_author or "",
        "search_text": document(q.id, q.title, q.question, q.passage) if search_text else "",
    }


def submission_row(s: Submission, *, search_text: bool = True) -> dict:
    cats = list(dict.fromkeys(s.categories))
    return {
        "sid": s.id,
        "question": s.question,
        "title": s.title,
        "passage": s.passage,
        "answer": bool(s.answer),
        "categories": cats,
        "categories_key": "|" + "|".join(cats) + "|" if cats else "",
        "difficulty": s.difficulty,
        "status": s.status,
        "submitted_at": s.submitted_at,
        "author": s.author,
        "reviewed_at": s.reviewed_at,
        "search_text": (
            document(s.id, s.title, s.question, s.passage, s.author) if search_text else ""
        ),
    }


def player_row(u: User) -> dict:
    played = [d for d, rec in u.days.items() if rec.played]
    return {
        "user_id": u.user_id,
        "created_at": u.created_at,
        "last_active": u.last_active,
        "current_streak": u.current_daily_streak,
        "best_streak": u.best_daily_streak,
        "days_played": len(played),
        "last_played": max(played) if played else None,
    }


def category_row(c: Category) -> dict:
    return {
        "slug": c.slug,
        "display_name": c.display_name,
        "stored_count": c.count,
        "unreadable_count": c.unreadable_count,
    }


# --- one record ----------------------------------------------------------------------------------


def put_question(question: Question) -> None:
    row = question_row(question, search_text=reads_search_text())
    if not row["qid"]:
        return
    with transaction.atomic():
        obj, _ = IndexedQuestion.objects.update_or_create(qid=row["qid"], defaults=row)
        obj.category_rows.all().delete()
        QuestionCategory.objects.bulk_create(
            QuestionCategory(question=obj, category=c, difficulty=obj.difficulty)
            for c in with_general(row["categories"])
        )
        questions_changed()


def put_questions(questions: list[Question]) -> None:
    """Index many questions at once (an import hands over thousands): the same rows as
    :func:`put_question`, written with a few plain statements per hundred questions.

    Plain SQL rather than ORM objects: building and compiling 2,000 model instances and 4,000
    category rows cost more CPU than the DynamoDB side of a whole import. The values still go
    through each field's own ``get_db_prep_save`` where the backend needs a conversion (JSON,
    booleans); ``INSERT … ON CONFLICT (qid) DO UPDATE`` is the same upsert on SQLite and
    PostgreSQL. Many rows per statement, not ``executemany``: SQLite's full-text index, kept by
    a trigger, flushes once per statement, and a statement per row took 4× the CPU."""
    rows = {}
    with_text = reads_search_text()
    for question in questions:
        row = question_row(question, search_text=with_text)
        if row["qid"]:
            rows[row["qid"]] = row
    if not rows:
        return
    qids = list(rows)
    fields, as_is, questions, categories, insert = _bulk_statements(connection.vendor)
    # The backend's parameter limit (SQLite: 999), and never more than _READ_CHUNK rows: one
    # statement text is cached per chunk size.
    chunk_size = max(1, min(connection.ops.bulk_batch_size(fields, qids), _READ_CHUNK))
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(qids), chunk_size):
            chunk = qids[start : start + chunk_size]
            cursor.execute(
                _upsert(connection.vendor, len(chunk)),
                [
                    value
                    if plain and type(value) in _AS_IS_TYPES
                    else field.get_db_prep_save(value, connection)
                    for q in chunk
                    for field, plain in zip(fields, as_is, strict=True)
                    for value in (rows[q][field.name],)
                ],
            )
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT qid, id FROM {questions} WHERE qid IN ({marks})", chunk)
            ids = dict(cursor.fetchall())
            cursor.execute(
                f"DELETE FROM {categories} WHERE question_id IN ({marks})", [ids[q] for q in chunk]
            )
            cursor.executemany(
                insert,
                [
                    (ids[q], c, rows[q]["difficulty"])
                    for q in chunk
                    for c in with_general(rows[q]["categories"])
                ],
            )
        questions_changed()


_READ_CHUNK = 500  # ids per query (well inside every backend's parameter limit)

# Text and integer columns take these values as they are on every backend: no field conversion.
_AS_IS_FIELDS = {
    "CharField",
    "TextField",
    "BigIntegerField",
    "IntegerField",
    "PositiveSmallIntegerField",
}
_AS_IS_TYPES = {str, int, type(None)}


@functools.cache
def _bulk_statements(vendor: str) -> tuple[list, list[bool], str, str, str]:
    """The fields and statements of :func:`put_questions` (built once per database backend)."""
    quote = connection.ops.quote_name
    fields = [f for f in IndexedQuestion._meta.concrete_fields if f.name != "id"]
    as_is = [f.get_internal_type() in _AS_IS_FIELDS for f in fields]
    questions = quote(IndexedQuestion._meta.db_table)
    categories = quote(QuestionCategory._meta.db_table)
    category_columns = ", ".join(quote(c) for c in ("question_id", "category", "difficulty"))
    insert = f"INSERT INTO {categories} ({category_columns}) VALUES (%s, %s, %s)"
    return fields, as_is, questions, categories, insert


@functools.cache
def _upsert(vendor: str, rows: int) -> str:
    """``INSERT … VALUES (…), … ON CONFLICT (qid) DO UPDATE`` for ``rows`` questions."""
    quote = connection.ops.quote_name
    fields = _bulk_statements(vendor)[0]
    columns = [quote(f.column) for f in fields]
    updates = ", ".join(
        f"{c} = EXCLUDED.{c}" for f, c in zip(fields, columns, strict=True) if f.name != "qid"
    )
    row = f"({', '.join(['%s'] * len(fields))})"
    return (
        f"INSERT INTO {quote(IndexedQuestion._meta.db_table)} ({', '.join(columns)}) "
        f"VALUES {', '.join([row] * rows)} ON CONFLICT ({quote('qid')}) DO UPDATE SET {updates}"
    )


def indexed_questions(qids: list[str]) -> dict[str, Question]:
    """qid → the indexed copy as a question (for applying plain updates in bulk)."""
    found = {}
    for start in range(0, len(qids), _READ_CHUNK):
        for row in IndexedQuestion.objects.filter(qid__in=qids[start : start + _READ_CHUNK]):
            found[row.qid] = _indexed_question(row)
    return found


def _indexed_question(row: IndexedQuestion) -> Question:
    """The question the row was made from, as far as the index holds it (no version)."""
    return Question(
        id=row.qid,
        question=row.question,
        title=row.title,
        passage=row.passage,
        answer=row.answer,
        categories=list(row.categories),
        difficulty=row.difficulty,
        created_at=row.created_at,
        source=row.source or None,
        original_author=row.original_author or None,
    )


def updated_question(question: Question, fields: dict) -> Question:
    """``question`` with a plain update's ``fields`` (all of them fields of a question)."""
    return dataclasses.replace(question, **fields)


def remove_question(qid: str) -> None:
    IndexedQuestion.objects.filter(qid=qid).delete()
    questions_changed()


def put_submission(submission: Submission) -> None:
    row = submission_row(submission, search_text=reads_search_text())
    if not row["sid"]:
        return
    with transaction.atomic():
        obj, _ = IndexedSubmission.objects.update_or_create(sid=row["sid"], defaults=row)
        obj.category_rows.all().delete()
        SubmissionCategory.objects.bulk_create(submission_categories(obj))
    submissions_changed()


def submission_categories(obj: IndexedSubmission) -> list[SubmissionCategory]:
    """The queue filter's rows (a category longer than any filter can name is left out)."""
    return [SubmissionCategory(submission_id=obj.pk, category=c) for c in obj.categories]


def remove_submission(sid: str) -> None:
    IndexedSubmission.objects.filter(sid=sid).delete()
    submissions_changed()


def put_player(player: User) -> None:
    row = player_row(player)
    if row["user_id"]:
        IndexedPlayer.objects.update_or_create(user_id=row["user_id"], defaults=row)


def remove_player(user_id: str) -> None:
    IndexedPlayer.objects.filter(user_id=user_id).delete()


def put_category(category: Category) -> None:
    row = category_row(category)
    if row["slug"]:
        IndexedCategory.objects.update_or_create(slug=row["slug"], defaults=row)
        questions_changed()


def remove_category(slug: str) -> None:
    IndexedCategory.objects.filter(slug=slug).delete()
    questions_changed()


_PUT = {
    tables.QUESTIONS: put_question,
    tables.SUBMISSIONS: put_submission,
    tables.USERS: put_player,
    tables.CATEGORIES: put_category,
}
_REMOVE = {
    tables.QUESTIONS: remove_question,
    tables.SUBMISSIONS: remove_submission,
    tables.USERS: remove_player,
    tables.CATEGORIES: remove_category,
}


def apply_record(kind: str | None, item_id: str, record: Any) -> None:
    """Index the record of ``kind`` now stored as ``item_id`` (None: the item is gone)."""
    if kind not in _PUT:
        return
    if record is not None:
        _PUT[kind](record)
    else:
        _REMOVE[kind](item_id)


def record_id(kind: str, record: Any) -> str:
    """The id the index keeps ``kind``'s record under (a category's slug, a player's user_id)."""
    if kind == tables.CATEGORIES:
        return record.slug
    return record.user_id if kind == tables.USERS else record.id


# --- everything ----------------------------------------------------------------------------------


def replace_all(records: dict[str, list]) -> dict[str, int]:
    """Swap the whole index for ``records`` (kind -> every record read), in one DB transaction."""
    counts = {}
    with transaction.atomic():
        QuestionCategory.objects.all().delete()
        IndexedQuestion.objects.all().delete()
        SubmissionCategory.objects.all().delete()
        IndexedSubmission.objects.all().delete()
        IndexedPlayer.objects.all().delete()
        IndexedCategory.objects.all().delete()
        with_text = reads_search_text()
        rows = [question_row(q, search_text=with_text) for q in records.get(tables.QUESTIONS, [])]
        rows = list({r["qid"]: r for r in rows if r["qid"]}.values())
        created = IndexedQuestion.objects.bulk_create(
            [IndexedQuestion(**r) for r in rows], batch_size=500
        )
        if any(obj.pk is None for obj in created):  # backends without RETURNING
            by_qid = dict(IndexedQuestion.objects.values_list("qid", "id"))
            for obj in created:
                obj.pk = by_qid[obj.qid]
        QuestionCategory.objects.bulk_create(
            [
                QuestionCategory(question_id=obj.pk, category=c, difficulty=obj.difficulty)
                for obj in created
                for c in with_general(obj.categories)
            ],
            batch_size=1000,
        )
        counts["questions"] = len(created)
        subs = {
            r["sid"]: r
            for r in (
                submission_row(s, search_text=with_text)
                for s in records.get(tables.SUBMISSIONS, [])
            )
            if r["sid"]
        }
        made = IndexedSubmission.objects.bulk_create(
            [IndexedSubmission(**r) for r in subs.values()], batch_size=500
        )
        if any(obj.pk is None for obj in made):  # backends without RETURNING
            by_sid = dict(IndexedSubmission.objects.values_list("sid", "id"))
            for obj in made:
                obj.pk = by_sid[obj.sid]
        SubmissionCategory.objects.bulk_create(
            [row for obj in made for row in submission_categories(obj)], batch_size=1000
        )
        counts["submissions"] = len(subs)
        players = {
            r["user_id"]: r for r in map(player_row, records.get(tables.USERS, [])) if r["user_id"]
        }
        IndexedPlayer.objects.bulk_create(
            [IndexedPlayer(**r) for r in players.values()], batch_size=500
        )
        counts["players"] = len(players)
        cats = {
            r["slug"]: r for r in map(category_row, records.get(tables.CATEGORIES, [])) if r["slug"]
        }
        IndexedCategory.objects.bulk_create([IndexedCategory(**r) for r in cats.values()])
        counts["categories"] = len(cats)
        mark("built", counts)
        questions_changed()
        submissions_changed()
    return counts


def mark(name: str, data: dict | None = None) -> IndexState:
    state, _ = IndexState.objects.update_or_create(
        name=name, defaults={"updated_at": timezone.now(), "data": data or {}}
    )
    return state


QUESTIONS_CHANGED = "changed:questions"


def questions_changed() -> None:
    """A new token after every change to the questions or categories copied here: the question
    list caches its totals, orders and category options under the current token, so nothing
    cached before a change is read after it (bumped after the change, never before, so a reader
    that saw the old token computed from data at least as old as the change)."""
    mark(QUESTIONS_CHANGED, {"token": uuid.uuid4().hex})


SUBMISSIONS_CHANGED = "changed:submissions"


def submissions_changed() -> None:
    """The same for the submissions copied here: the queue caches its filtered totals, ordered
    ids and pending summary under this token (renewed after every write to an indexed
    submission, never before)."""
    mark(SUBMISSIONS_CHANGED, {"token": uuid.uuid4().hex})


def submissions_token() -> str | None:
    data = (
        IndexState.objects.filter(name=SUBMISSIONS_CHANGED).values_list("data", flat=True).first()
    )
    return (data or {}).get("token")


def questions_token() -> str | None:
    """The current token (None before the index was ever written: nothing is cached then)."""
    data = IndexState.objects.filter(name=QUESTIONS_CHANGED).values_list("data", flat=True).first()
    return (data or {}).get("token")


# --- plain updates applied to the indexed copy (no re-read) ---------------------------------

_PLAYER_FIELDS = {"current_daily_streak": "current_streak", "best_daily_streak": "best_streak"}


def apply_fields(kind: str | None, item_id: str, fields: dict) -> bool:
    """Apply a plain update's ``fields`` (the record's, typed) to the indexed row; False when it
    can't be done exactly (no row yet, or a field the copy can't recompute): the caller re-reads
    the record."""
    apply = _ASSIGNERS.get(kind or "")
    return apply(item_id, fields) if apply else False


def _assign_category(slug: str, fields: dict) -> bool:
    # A recounted stored count (data/categories.py).
    row = IndexedCategory.objects.filter(slug=slug).first()
    if row is None or set(fields) != {"count"}:
        return False
    row.stored_count = int(fields["count"])
    row.unreadable_count = None
    row.save(update_fields=["stored_count", "unreadable_count"])
    questions_changed()
    return True


def _assign_question(qid: str, fields: dict) -> bool:
    row = IndexedQuestion.objects.filter(qid=qid).first()
    if row is None:
        return False
    put_question(updated_question(_indexed_question(row), fields))
    return True


def _assign_submission(sid: str, fields: dict) -> bool:
    row = IndexedSubmission.objects.filter(sid=sid).first()
    if row is None or not set(fields) <= _SUBMISSION_FIELDS:
        return False
    if "status" in fields:
        row.status = fields["status"]
    if "reviewed_at" in fields:
        row.reviewed_at = fields["reviewed_at"]
    row.save()
    submissions_changed()
    return True


def _assign_player(user_id: str, fields: dict) -> bool:
    row = IndexedPlayer.objects.filter(user_id=user_id).first()
    if row is None or not set(fields) <= set(_PLAYER_FIELDS):
        return False
    for name, value in fields.items():
        setattr(row, _PLAYER_FIELDS[name], value)
    row.save()
    return True


_ASSIGNERS = {
    tables.CATEGORIES: _assign_category,
    tables.QUESTIONS: _assign_question,
    tables.SUBMISSIONS: _assign_submission,
    tables.USERS: _assign_player,
}

# A review's outcome: the fields the index shows (status, reviewed_at) and those it doesn't copy.
_SUBMISSION_FIELDS = {
    "status",
    "reviewed_at",
    "accepted",
    "reviewer_id",
    "reviewer_notes",
    "rejection_reason",
    "approved_question_id",
}
