"""The staff index: a derived, disposable copy of what the list pages need (DynamoDB is the truth).

Rows are written only by :mod:`.apply` (rebuild, sync, the admin's own writes); never edit them
by hand and never base a write on them. ``manage.py rebuild_index`` recreates everything.
"""

from __future__ import annotations

from django.db import models

from ..domain.ids import USER_ID_PATTERN


class IndexedQuestion(models.Model):
    # An integer rowid keeps SQLite's FTS5 external-content table in step (see migrations).
    id = models.BigAutoField(primary_key=True)
    qid = models.TextField(unique=True)
    question = models.TextField(blank=True)
    title = models.TextField(blank=True)
    passage = models.TextField(blank=True)
    answer = models.BooleanField(default=True)
    categories = models.JSONField(default=list)
    difficulty = models.PositiveSmallIntegerField(default=3, db_index=True)
    created_at = models.BigIntegerField(null=True, db_index=True)
    source = models.TextField(blank=True)
    original_author = models.TextField(blank=True)
    # Casefolded, accent- and punctuation-free id + title + question + passage (PostgreSQL's
    # tsvector and the portable fallback search over it; SQLite uses FTS5 on the raw columns,
    # and leaves it empty: search.reads_search_text).
    search_text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["difficulty", "qid"])]

    def __str__(self) -> str:
        return str(self.qid)


class QuestionCategory(models.Model):
    question = models.ForeignKey(
        IndexedQuestion, on_delete=models.CASCADE, related_name="category_rows"
    )
    category = models.TextField()
    difficulty = models.PositiveSmallIntegerField(default=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category", "question"], name="staffindex_category_question"
            )
        ]
        indexes = [models.Index(fields=["category", "difficulty"])]

    def __str__(self) -> str:
        return str(self.category)


class IndexedSubmission(models.Model):
    id = models.BigAutoField(primary_key=True)
    sid = models.TextField(unique=True)
    question = models.TextField(blank=True)
    title = models.TextField(blank=True)
    passage = models.TextField(blank=True)
    answer = models.BooleanField(default=True)
    categories = models.JSONField(default=list)
    categories_key = models.TextField(blank=True)  # "|a|b|": filter with contains "|slug|"
    difficulty = models.PositiveSmallIntegerField(default=3)
    status = models.CharField(max_length=40, db_index=True)
    submitted_at = models.BigIntegerField(null=True)
    author = models.TextField(blank=True, db_index=True)
    reviewed_at = models.BigIntegerField(null=True)
    search_text = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            # The queue's author filter and its count read only these index entries.
            models.Index(fields=["status", "author", "submitted_at"], name="staffindex_sub_author"),
        ]

    def __str__(self) -> str:
        return str(self.sid)


class SubmissionCategory(models.Model):
    """One row per (submission, category): the queue's category filter and its exact count
    go through an index instead of matching every pending row's ``categories_key``."""

    submission = models.ForeignKey(
        IndexedSubmission, on_delete=models.CASCADE, related_name="category_rows"
    )
    category = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category", "submission"], name="staffindex_category_submission"
            )
        ]

    def __str__(self) -> str:
        return str(self.category)


class IndexedPlayer(models.Model):
    user_id = models.TextField(primary_key=True)
    created_at = models.DateTimeField(null=True)
    last_active = models.DateTimeField(null=True, db_index=True)
    current_streak = models.IntegerField(null=True)
    best_streak = models.IntegerField(null=True)
    days_played = models.IntegerField(default=0)
    last_played = models.DateField(null=True)

    def __str__(self) -> str:
        return str(self.user_id)

    @property
    def openable(self) -> bool:
        """Ids come from the table; only a real player id gets a profile link."""
        return bool(USER_ID_PATTERN.fullmatch(self.user_id))


class IndexedCategory(models.Model):
    """The categories table's metadata (stored counts), for display names and drift."""

    slug = models.TextField(primary_key=True)
    display_name = models.TextField(blank=True)
    stored_count = models.IntegerField(null=True)
    # A stored count that isn't a number ("lots"), as stored: the dashboard quotes it.
    unreadable_count = models.JSONField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.slug)


class IndexState(models.Model):
    """One row per fact about the index: "built", "sync" (heartbeat), "drift", "stream:…"."""

    name = models.CharField(max_length=255, primary_key=True)
    updated_at = models.DateTimeField()
    data = models.JSONField(default=dict)

    def __str__(self) -> str:
        return str(self.name)
