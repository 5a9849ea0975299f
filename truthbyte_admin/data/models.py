"""Typed objects for every item shape the game writes (GAME.md), and the shapes it reads.

``from_item`` takes an already-deserialised item (see :func:`serialization.from_item`) and
tolerates every shape in GAME.md; ``to_item`` produces the shape the game reads.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..domain.validation import DEFAULT_DIFFICULTY, DIFFICULTY_MAX, DIFFICULTY_MIN
from .serialization import (
    as_bool,
    as_datetime,
    as_epoch,
    as_float,
    as_int,
    as_str,
    as_str_list,
    plain,
)

GENERAL = "general"


def clamp_difficulty(value: Any, default: int = DEFAULT_DIFFICULTY) -> int:
    number = as_int(value, default)
    return number if number is not None and DIFFICULTY_MIN <= number <= DIFFICULTY_MAX else default


# --- questions ----------------------------------------------------------------------------------


@dataclass
class Question:
    id: str
    question: str = ""
    title: str = ""
    passage: str = ""
    answer: bool = True
    categories: list[str] = field(default_factory=list)
    difficulty: int = 3
    created_at: int | None = None
    source: str | None = None
    original_author: str | None = None
    # Our optimistic-locking counter; items the game wrote have none and count as version 0.
    version: int = 0
    # True when the stored item had no usable categories attribute and `tags` was used instead.
    categories_from_tags: bool = False

    @classmethod
    def from_item(cls, item: dict) -> Question:
        categories = as_str_list(item.get("categories"))
        from_tags = False
        if not categories and "categories" not in item:
            categories = as_str_list(item.get("tags"))
            from_tags = bool(categories)
        answer = as_bool(item.get("answer"))
        if answer is None:
            answer = bool(as_bool(item.get("suggested_answer"), True))
        return cls(
            id=as_str(item.get("id")),
            question=as_str(item.get("question")),
            title=as_str(item.get("title")),
            passage=as_str(item.get("passage")),
            answer=answer,
            categories=categories,
            difficulty=clamp_difficulty(item.get("difficulty")),
            created_at=as_epoch(item.get("created_at")),
            source=as_str(item.get("source")) or None,
            original_author=as_str(item.get("original_author")) or None,
            version=as_int(item.get("version"), 0) or 0,
            categories_from_tags=from_tags,
        )

    def to_item(self) -> dict:
        item: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "title": self.title,
            "passage": self.passage,
            "answer": bool(self.answer),
            "categories": list(self.categories),
            "difficulty": int(self.difficulty),
            "version": int(self.version),
        }
        if self.created_at is not None:
            item["created_at"] = int(self.created_at)
        if self.source:
            item["source"] = self.source
        if self.original_author:
            item["original_author"] = self.original_author
        return item

    @property
    def created(self) -> dt.datetime | None:
        return as_datetime(self.created_at)


@dataclass(frozen=True)
class CategoryIndexEntry:
    category: str
    question_id: str
    difficulty: int | None = None

    @classmethod
    def from_item(cls, item: dict) -> CategoryIndexEntry:
        difficulty = as_int(item.get("difficulty"))
        return cls(
            category=as_str(item.get("category")),
            question_id=as_str(item.get("question_id")),
            difficulty=difficulty,
        )

    def to_item(self) -> dict:
        item: dict[str, Any] = {"category": self.category, "question_id": self.question_id}
        if self.difficulty is not None:
            item["difficulty"] = int(self.difficulty)
        return item


# --- categories metadata --------------------------------------------------------------------


def default_display_name(slug: str) -> str:
    """What the game itself shows: ``category.replace('_', ' ').title()``."""
    return slug.replace("_", " ").title()


@dataclass
class Category:
    slug: str
    display_name: str
    count: int | None = None  # stored count; None when the item has none
    description: str = ""
    avg_difficulty: float | None = None
    # "category_id" (deployed) or "name" (documented): which key schema the item came from.
    schema: str = "category_id"
    # The attribute ``count`` was read from ("question_count" or "count"); None without a count.
    # Either shape's field is read, so a conditional count write must name the one it came from.
    count_attr: str | None = None
    # The stored count when it is there but isn't a number ("lots", true, a map…), as stored
    # (plain values); None when there is a number or nothing. Pages quote it instead of hiding it.
    unreadable_count: Any = None

    @classmethod
    def from_item(cls, item: dict, schema: str) -> Category:
        if schema == "name":
            slug = as_str(item.get("name"))
            display = as_str(item.get("display_name"))
            count_attrs = ("count", "question_count")
        else:
            slug = as_str(item.get("category_id"))
            display = as_str(item.get("name")) or as_str(item.get("display_name"))
            count_attrs = ("question_count", "count")
        count, count_attr = None, None
        for attr in count_attrs:
            count = as_int(item.get(attr))
            if count is not None:
                count_attr = attr
                break
        unreadable = next((item[a] for a in count_attrs if item.get(a) is not None), None)
        return cls(
            slug=slug,
            display_name=display or default_display_name(slug),
            count=count,
            count_attr=count_attr,
            unreadable_count=plain(unreadable) if count is None else None,
            description=as_str(item.get("description")),
            avg_difficulty=as_float(item.get("avg_difficulty")),
            schema=schema,
        )


# --- submissions ----------------------------------------------------------------------------

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


@dataclass
class Submission:
    id: str
    question: str = ""
    title: str = ""
    passage: str = ""
    answer: bool = True
    categories: list[str] = field(default_factory=list)
    difficulty: int = 3
    status: str = PENDING
    submitted_at: int | None = None
    author: str = ""
    accepted: bool | None = None
    reviewed_at: int | None = None
    reviewer_id: str | None = None
    reviewer_notes: str | None = None
    rejection_reason: str | None = None
    approved_question_id: str | None = None
    # "game" (answer/categories/author/submitted_at) or "documented" (suggested_answer/tags/...)
    shape: str = "game"
    review_request: str | None = None  # the request that stored the review (idempotency)
    # Whether author-index can hold the item (a GSI only has items with both key attributes).
    in_author_index: bool = False
    # Every attribute as stored (plain values, by name), for the review page and the audit copy.
    stored_fields: tuple[tuple[str, Any], ...] = field(default=(), repr=False)

    @classmethod
    def from_item(cls, item: dict) -> Submission:
        documented = "answer" not in item and (
            "suggested_answer" in item or "submitter_id" in item or "tags" in item
        )
        if "categories" in item:
            categories = as_str_list(item.get("categories"))
        else:
            categories = as_str_list(item.get("tags"))
        answer = as_bool(item.get("answer"))
        if answer is None:
            answer = as_bool(item.get("suggested_answer"), True)
        submitted = item.get("submitted_at", item.get("created_at"))
        return cls(
            id=as_str(item.get("id")),
            question=as_str(item.get("question")),
            title=as_str(item.get("title")),
            passage=as_str(item.get("passage")),
            answer=bool(answer),
            categories=categories,
            difficulty=clamp_difficulty(item.get("difficulty")),
            status=as_str(item.get("status"), PENDING).lower() or PENDING,
            submitted_at=as_epoch(submitted),
            author=as_str(item.get("author")) or as_str(item.get("submitter_id")),
            accepted=as_bool(item.get("accepted")),
            reviewed_at=as_epoch(item.get("reviewed_at")),
            reviewer_id=as_str(item.get("reviewer_id")) or None,
            reviewer_notes=as_str(item.get("reviewer_notes")) or None,
            rejection_reason=as_str(item.get("rejection_reason")) or None,
            approved_question_id=as_str(item.get("approved_question_id")) or None,
            shape="documented" if documented else "game",
            review_request=as_str(item.get("review_request")) or None,
            in_author_index="author" in item and "submitted_at" in item,
            stored_fields=tuple(sorted(plain(item).items())),
        )

    def to_item(self) -> dict:
        """The game's own shape (used by the demo seeder and tests)."""
        item: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "title": self.title,
            "passage": self.passage,
            "answer": bool(self.answer),
            "categories": list(self.categories),
            "difficulty": int(self.difficulty),
            "status": self.status,
            "submitted_at": int(self.submitted_at or 0),
            "author": self.author,
            "accepted": bool(self.accepted),
        }
        for name in (
            "reviewed_at",
            "reviewer_id",
            "reviewer_notes",
            "rejection_reason",
            "approved_question_id",
        ):
            value = getattr(self, name)
            if value is not None:
                item[name] = value
        return item

    @property
    def submitted(self) -> dt.datetime | None:
        return as_datetime(self.submitted_at)

    @property
    def reviewed(self) -> dt.datetime | None:
        return as_datetime(self.reviewed_at)


# --- users and their daily progress ---------------------------------------------------------


@dataclass
class DayAnswer:
    question_id: str
    answer: bool | None = None
    is_correct: bool | None = None
    timestamp: dt.datetime | None = None

    @classmethod
    def from_value(cls, value: Any) -> DayAnswer | None:
        if not isinstance(value, dict):
            return None
        return cls(
            question_id=as_str(value.get("question_id")),
            answer=as_bool(value.get("answer")),
            is_correct=as_bool(value.get("is_correct")),
            timestamp=as_datetime(value.get("timestamp")),
        )


@dataclass
class DayRecord:
    date: dt.date
    answers: list[DayAnswer] = field(default_factory=list)
    completed_at: dt.datetime | None = None
    stored_completed: bool | None = None  # the documented `completed` flag, when present
    stored_score: int | None = None
    stored_rank: str | None = None
    correct_count: int | None = None
    total_questions: int | None = None
    shape: str = "game"  # "game" (answers + ISO completed_at) or "documented"
    # What the day stores where its completion time or its answers belong when that is not a
    # time or a list ("sometime yesterday", "none"), as stored: pages say so, not "not stored".
    completed_at_as_stored: Any = None
    answers_as_stored: Any = None

    @classmethod
    def from_value(cls, day: dt.date, value: Any) -> DayRecord:
        if not isinstance(value, dict):
            return cls(date=day, shape="unknown")
        raw_answers = value.get("answers")
        answers = (
            [
                parsed
                for parsed in (DayAnswer.from_value(v) for v in (raw_answers or []))
                if parsed is not None
            ]
            if isinstance(raw_answers, list)
            else []
        )
        documented = any(k in value for k in ("completed", "score", "rank"))
        completed_at = as_datetime(value.get("completed_at"))
        completed_at_as_stored = plain(value.get("completed_at"))
        return cls(
            date=day,
            answers=answers,
            completed_at=completed_at,
            stored_completed=as_bool(value.get("completed")),
            stored_score=as_int(value.get("score")),
            stored_rank=as_str(value.get("rank")) or None,
            correct_count=as_int(value.get("correct_count")),
            total_questions=as_int(value.get("total_questions")),
            shape="documented" if documented else "game",
            completed_at_as_stored=(
                completed_at_as_stored
                if completed_at is None and completed_at_as_stored not in (None, "")
                else None
            ),
            answers_as_stored=(
                None if raw_answers is None or isinstance(raw_answers, list) else plain(raw_answers)
            ),
        )

    @property
    def played(self) -> bool:
        """GAME.md: a day with answers or a completed_at was played to the end. The game writes
        a completion time only for a full submission, so one that doesn't read as a time
        ("sometime yesterday") still says the day was played."""
        return (
            bool(self.answers)
            or self.completed_at is not None
            or self.completed_at_as_stored is not None
            or bool(self.stored_completed)
        )

    @property
    def correct(self) -> int | None:
        if self.answers and any(a.is_correct is not None for a in self.answers):
            return sum(1 for a in self.answers if a.is_correct)
        return self.correct_count

    @property
    def total(self) -> int | None:
        if self.answers:
            return len(self.answers)
        return self.total_questions

    @property
    def score(self) -> int | None:
        """Percentage correct: from the answers when present, else the stored score."""
        correct, total = self.correct, self.total
        if correct is not None and total:
            return round(correct * 100 / total)
        if self.stored_score is not None:
            return max(0, min(100, self.stored_score))
        return None


# The game names a day of daily_progress "YYYY-MM-DD" and looks it up by exactly that text, so
# only that spelling is a day. Python's date.fromisoformat also takes "20261206" and
# "2026-W49-6": the game never finds those, and counting them would make up played days.
_DAY_KEY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def day_of_key(key: str) -> dt.date | None:
    """The date a daily_progress key names, or None when the game would never read it as one."""
    if not _DAY_KEY.fullmatch(key):
        return None
    try:
        return dt.date.fromisoformat(key)
    except ValueError:  # "2025-13-45"
        return None


@dataclass
class User:
    user_id: str
    trust_score: float | None = None
    created_at: dt.datetime | None = None
    last_active: dt.datetime | None = None
    days: dict[dt.date, DayRecord] = field(default_factory=dict)
    current_daily_streak: int | None = None
    best_daily_streak: int | None = None
    # Keys of daily_progress that were not real dates (shown, never fatal).
    unreadable_days: list[str] = field(default_factory=list)
    # Streak attributes stored but not numbers ("three"): attribute -> the value as text.
    unreadable_streaks: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_item(cls, item: dict) -> User:
        days: dict[dt.date, DayRecord] = {}
        unreadable: list[str] = []
        progress = item.get("daily_progress")
        if isinstance(progress, dict):
            for key, value in progress.items():
                day = day_of_key(str(key))
                if day is None:
                    unreadable.append(str(key))
                    continue
                days[day] = DayRecord.from_value(day, value)
        return cls(
            user_id=as_str(item.get("user_id")),
            trust_score=as_float(item.get("trust_score")),
            created_at=as_datetime(item.get("created_at")),
            last_active=as_datetime(item.get("last_active")),
            days=dict(sorted(days.items())),
            current_daily_streak=as_int(item.get("current_daily_streak")),
            best_daily_streak=as_int(item.get("best_daily_streak")),
            unreadable_days=unreadable,
            unreadable_streaks={
                name: str(item[name])[:40]
                for name in ("current_daily_streak", "best_daily_streak")
                if item.get(name) is not None and as_int(item.get(name)) is None
            },
        )


# --- answers and sessions -------------------------------------------------------------------


@dataclass
class Answer:
    user_id: str
    question_id: str
    answer: bool | None = None
    timestamp: dt.datetime | None = None
    mode: str | None = None
    date: str | None = None
    is_correct: bool | None = None
    response_time_ms: int | None = None

    @classmethod
    def from_item(cls, item: dict) -> Answer:
        return cls(
            user_id=as_str(item.get("user_id")),
            question_id=as_str(item.get("question_id")),
            answer=as_bool(item.get("answer")),
            timestamp=as_datetime(item.get("timestamp")),
            mode=as_str(item.get("mode")) or None,
            date=as_str(item.get("date")) or None,
            is_correct=as_bool(item.get("is_correct")),
            response_time_ms=as_int(item.get("response_time_ms")),
        )


@dataclass
class Session:
    session_id: str
    ip_hash: str = ""
    created_at: dt.datetime | None = None
    trust_score: float | None = None

    @classmethod
    def from_item(cls, item: dict) -> Session:
        return cls(
            session_id=as_str(item.get("session_id")),
            ip_hash=as_str(item.get("ip_hash")),
            created_at=as_datetime(item.get("created_at")),
            trust_score=as_float(item.get("trust_score")),
        )


# --- the admin's own audit log --------------------------------------------------------------


@dataclass
class AuditEntry:
    """Who did what to which item, when, with before/after (JSON-encoded in the table)."""

    entity: str  # e.g. "question#q_123", "submission#q_ab12cd34", "category#science"
    at: dt.datetime
    actor: str
    action: str
    before: Any = None
    after: Any = None
    note: str = ""
    event_id: str = ""

    @property
    def entity_type(self) -> str:
        return self.entity.split("#", 1)[0]

    @property
    def entity_id(self) -> str:
        return self.entity.split("#", 1)[-1]

    def sort_key(self) -> str:
        return f"{self.at.strftime('%Y-%m-%dT%H:%M:%S.%fZ')}#{self.event_id}"

    def to_item(self) -> dict:
        return {
            "entity": self.entity,
            "event": self.sort_key(),
            "at": int(self.at.timestamp()),
            "actor": self.actor,
            "action": self.action,
            "before": json.dumps(plain(self.before), sort_keys=True, default=str),
            "after": json.dumps(plain(self.after), sort_keys=True, default=str),
            "note": self.note,
        }

    @classmethod
    def from_item(cls, item: dict) -> AuditEntry:
        def load(value: Any) -> Any:
            try:
                return json.loads(value) if isinstance(value, str) else plain(value)
            except ValueError:
                return value

        event = as_str(item.get("event"))
        return cls(
            entity=as_str(item.get("entity")),
            at=as_datetime(item.get("at")) or dt.datetime.fromtimestamp(0, tz=dt.UTC),
            actor=as_str(item.get("actor")),
            action=as_str(item.get("action")),
            before=load(item.get("before")),
            after=load(item.get("after")),
            note=as_str(item.get("note")),
            event_id=event.split("#", 1)[-1] if "#" in event else event,
        )

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """Field-level (name, before, after) for dict payloads."""
        before = self.before if isinstance(self.before, dict) else {}
        after = self.after if isinstance(self.after, dict) else {}
        names = sorted(set(before) | set(after))
        return [(n, before.get(n), after.get(n)) for n in names if before.get(n) != after.get(n)]
