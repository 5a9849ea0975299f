"""A copy, in the staff database, of the admin's audit table (DynamoDB stays the record).

The audit table is keyed by item (one Query per item's history); the global log needs every
entry filtered by staff member, action and date, which a key-value table can only answer with
a full Scan. So, like the staff index, a disposable copy: every audit entry the app writes is
copied right after DynamoDB commits it (:mod:`.copy`), and ``manage.py rebuild_audit_log``
re-reads the whole table. Only the admin writes this table, so no sync from the game is needed.
"""

from __future__ import annotations

from django.db import models


class AuditRecord(models.Model):
    id = models.BigAutoField(primary_key=True)
    # Unlimited: a category key may be up to 2 KB (DynamoDB), so "category#<key>" too.
    entity = models.TextField()  # "question#q_123"
    event = models.CharField(max_length=255)  # the table's sort key: time#event id
    entity_type = models.CharField(max_length=40, db_index=True)
    entity_id = models.TextField(db_index=True)
    # The question the entry concerns ("" for none): a question's own entries, and a category's
    # list repair, filed under its category but adding or removing one question (see
    # copy.question_concerned). Staff looking up a question ("Question dq00004") expect both.
    question_id = models.TextField(blank=True, default="", db_index=True)
    at = models.DateTimeField(db_index=True)
    actor = models.CharField(max_length=255, db_index=True)
    action = models.CharField(max_length=100, db_index=True)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entity", "event"], name="auditlog_entity_event")
        ]
        indexes = [models.Index(fields=["-at", "-id"], name="auditlog_newest")]

    def __str__(self) -> str:
        return f"{self.entity} {self.action}"

    @property
    def event_id(self) -> str:
        """The entry's own id (its sort key without the time before it)."""
        return self.event.split("#", 1)[-1]
