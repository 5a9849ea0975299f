"""Turning DynamoDB items into index rows: the one writer of the index.

``rows_for_*`` are pure (item -> row values); ``put_*``/``remove_*`` apply one item;
:func:`replace_all` swaps the whole index for a fresh read (rebuild and full sync).
"""

from __future__ import annotations

import functools
import uuid

from django.db import connection, transaction
from django.utils import timezone

from ..data import client, tables
from ..data.models import GENERAL, Category, Question, Submission, User
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

CATEGORY_MAX = 255  # SubmissionCategory.category

# --- item -> row ---------------------------------------------------------------------------------


def counted_categories(categories: list[str]) -> list[str]:
    """The categories a question is counted in: its own, and ``general`` even where the stored
    list omits it (older game items) — the documented rule (GAME.md: every question is also in
    ``general``) that the category index and its stored counts follow. Without it the dashboard
    would show a drift for ``general`` that "Verify now" and the repair can never find."""
    return categories if GENERAL in categories else [*categories, GENERAL]


def question_row(item: dict, *, search_text: bool = True) -> dict:
    """``search_text``: whether to fill the column (see :func:`.search.reads_search_text`)."""
    q = Question.from_item(item)
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


def submission_row(item: dict, *, search_text: bool = True) -> dict:
    s = Submission.from_item(item)
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


def player_row(item: dict) -> dict:
    u = User.from_item(item)
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


def category_row(item: dict, schema: str) -> dict:
    c = Category.from_item(item, schema)
    return {"slug": c.slug, "display_name": c.display_name, "stored_count": c.count}


# --- one item ------------------------------------------------------------------------------------


def put_question(item: dict) -> None:
    row = question_row(item, search_text=reads_search_text())
    if not row["qid"]:
        return
    with transaction.atomic():
        obj, _ = IndexedQuestion.objects.update_or_create(qid=row["qid"], defaults=row)
        obj.category_rows.all().delete()
        QuestionCategory.objects.bulk_create(
            QuestionCategory(question=obj, category=c, difficulty=obj.difficulty)
            for c in counted_categories(row["categories"])
        )
        questions_changed()


def put_questions(items: list[dict]) -> None:
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
    for item in items:
        row = question_row(item, search_text=with_text)
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
                    for c in counted_categories(rows[q]["categories"])
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


def indexed_questions(qids: list[str]) -> dict[str, dict]:
    """qid → the indexed copy as a question item (for applying plain SET updates in bulk)."""
    found = {}
    for start in range(0, len(qids), _READ_CHUNK):
        for row in IndexedQuestion.objects.filter(qid__in=qids[start : start + _READ_CHUNK]):
            item = {a: getattr(row, a) for a in _QUESTION_ATTRS if a not in ("id", "version")}
            item["id"] = row.qid
            found[row.qid] = item
    return found


def can_assign_question(assigned: dict) -> bool:
    return set(assigned) <= set(_QUESTION_ATTRS)


def remove_question(qid: str) -> None:
    IndexedQuestion.objects.filter(qid=qid).delete()
    questions_changed()


def put_submission(item: dict) -> None:
    row = submission_row(item, search_text=reads_search_text())
    if not row["sid"]:
        return
    with transaction.atomic():
        obj, _ = IndexedSubmission.objects.update_or_create(sid=row["sid"], defaults=row)
        obj.category_rows.all().delete()
        SubmissionCategory.objects.bulk_create(submission_categories(obj))
    submissions_changed()


def submission_categories(obj: IndexedSubmission) -> list[SubmissionCategory]:
    """The queue filter's rows (a category longer than any filter can name is left out)."""
    return [
        SubmissionCategory(submission_id=obj.pk, category=c)
        for c in obj.categories
        if len(c) <= CATEGORY_MAX
    ]


def remove_submission(sid: str) -> None:
    IndexedSubmission.objects.filter(sid=sid).delete()
    submissions_changed()


def put_player(item: dict) -> None:
    row = player_row(item)
    if row["user_id"]:
        IndexedPlayer.objects.update_or_create(user_id=row["user_id"], defaults=row)


def remove_player(user_id: str) -> None:
    IndexedPlayer.objects.filter(user_id=user_id).delete()


def put_category(item: dict) -> None:
    schema = tables.categories_key() or "category_id"
    row = category_row(item, schema)
    if row["slug"]:
        IndexedCategory.objects.update_or_create(slug=row["slug"], defaults=row)
        questions_changed()


def remove_category(slug: str) -> None:
    IndexedCategory.objects.filter(slug=slug).delete()
    questions_changed()


KINDS = {
    tables.QUESTIONS: ("id", put_question, remove_question),
    tables.SUBMISSIONS: ("id", put_submission, remove_submission),
    tables.USERS: ("user_id", put_player, remove_player),
}


def apply_item(kind: str, key: dict, item: dict | None) -> None:
    """Index the item of ``kind`` now stored under ``key`` (None: it is gone)."""
    if kind == tables.CATEGORIES:
        slug = next(iter(key.values()), "")
        put_category(item) if item is not None else remove_category(str(slug))
        return
    if kind not in KINDS:
        return
    key_attr, put, remove = KINDS[kind]
    if item is not None:
        put(item)
    else:
        remove(str(key.get(key_attr, "")))


def kind_of(table_name: str) -> str | None:
    prefix = client.table_name("")
    if not table_name.startswith(prefix):
        return None
    kind = table_name[len(prefix) :]
    return kind if kind in KINDS or kind == tables.CATEGORIES else None


# --- everything ----------------------------------------------------------------------------------


def replace_all(items: dict[str, list[dict]], *, categories_schema: str | None) -> dict[str, int]:
    """Swap the whole index for ``items`` (kind -> every item read), in one DB transaction."""
    counts = {}
    with transaction.atomic():
        QuestionCategory.objects.all().delete()
        IndexedQuestion.objects.all().delete()
        SubmissionCategory.objects.all().delete()
        IndexedSubmission.objects.all().delete()
        IndexedPlayer.objects.all().delete()
        IndexedCategory.objects.all().delete()
        with_text = reads_search_text()
        rows = [question_row(i, search_text=with_text) for i in items.get(tables.QUESTIONS, [])]
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
                for c in counted_categories(obj.categories)
            ],
            batch_size=1000,
        )
        counts["questions"] = len(created)
        subs = {
            r["sid"]: r
            for r in (
                submission_row(i, search_text=with_text) for i in items.get(tables.SUBMISSIONS, [])
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
            r["user_id"]: r for r in map(player_row, items.get(tables.USERS, [])) if r["user_id"]
        }
        IndexedPlayer.objects.bulk_create(
            [IndexedPlayer(**r) for r in players.values()], batch_size=500
        )
        counts["players"] = len(players)
        cats = {}
        if categories_schema:
            cats = {
                r["slug"]: r
                for r in (
                    category_row(i, categories_schema) for i in items.get(tables.CATEGORIES, [])
                )
                if r["slug"]
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


# --- plain SET updates applied to the indexed copy (no re-read) ------------------------------

_PLAYER_FIELDS = {"current_daily_streak": "current_streak", "best_daily_streak": "best_streak"}


def apply_assignments(kind: str, change) -> bool:
    """Apply ``change.assigned`` to the indexed row; False when it can't be done exactly
    (no row yet, or an attribute the copy can't recompute): the caller re-reads the item."""
    apply = _ASSIGNERS.get(kind)
    return apply(change.key, change.assigned or {}) if apply else False


def _assign_category(key: dict, assigned: dict) -> bool:
    # A recounted stored count (data/categories.py).
    row = IndexedCategory.objects.filter(slug=next(iter(key.values()), "")).first()
    if row is None or set(assigned) != {"count"}:
        return False
    row.stored_count = int(assigned["count"])
    row.save(update_fields=["stored_count"])
    questions_changed()
    return True


def _assign_question(key: dict, assigned: dict) -> bool:
    row = IndexedQuestion.objects.filter(qid=key.get("id")).first()
    if row is None or not set(assigned) <= set(_QUESTION_ATTRS):
        return False
    item = {a: getattr(row, a) for a in _QUESTION_ATTRS if a not in ("id", "version")}
    item["id"] = row.qid
    put_question(item | assigned)
    return True


def _assign_submission(key: dict, assigned: dict) -> bool:
    row = IndexedSubmission.objects.filter(sid=key.get("id")).first()
    if row is None or not set(assigned) <= _SUBMISSION_ATTRS:
        return False
    for attr, value in assigned.items():
        if attr == "status":
            row.status = str(value).lower()
        elif attr == "reviewed_at":
            row.reviewed_at = int(value) if value is not None else None
    row.save()
    submissions_changed()
    return True


def _assign_player(key: dict, assigned: dict) -> bool:
    row = IndexedPlayer.objects.filter(user_id=key.get("user_id")).first()
    if row is None or not set(assigned) <= set(_PLAYER_FIELDS):
        return False
    for attr, value in assigned.items():
        setattr(row, _PLAYER_FIELDS[attr], int(value) if value is not None else None)
    row.save()
    return True


_ASSIGNERS = {
    tables.CATEGORIES: _assign_category,
    tables.QUESTIONS: _assign_question,
    tables.SUBMISSIONS: _assign_submission,
    tables.USERS: _assign_player,
}

_QUESTION_ATTRS = (
    "id",
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
# Review outcome attributes that don't change anything the index shows, or map one to one.
_SUBMISSION_ATTRS = {
    "status",
    "reviewed_at",
    "accepted",
    "reviewer_id",
    "reviewer_notes",
    "rejection_reason",
    "approved_question_id",
    "version",
}
