"""Player-submitted questions (`submitted-questions`), both shapes (GAME.md)."""

from __future__ import annotations

from . import tables
from .errors import NotFound
from .models import Submission


def get(submission_id: str, *, consistent: bool = True) -> Submission:
    item = tables.get_item(tables.SUBMISSIONS, {"id": submission_id}, consistent=consistent)
    if item is None:
        raise NotFound(f"No submission {submission_id!r}.")
    return Submission.from_item(item)


def find(submission_id: str, *, consistent: bool = True) -> Submission | None:
    """The submission, or None when none has this id."""
    item = tables.get_item(tables.SUBMISSIONS, {"id": submission_id}, consistent=consistent)
    return None if item is None else Submission.from_item(item)


def get_many(submission_ids: list[str]) -> dict[str, Submission]:
    """Submissions by id (BatchGetItem, 100 a request, strongly consistent); missing ids absent."""
    from .batch import batch_get

    ids = [i for i in dict.fromkeys(submission_ids) if i]
    if not ids:
        return {}
    items = batch_get(tables.name(tables.SUBMISSIONS), ({"id": i} for i in ids), consistent=True)
    found = {s.id: s for s in (Submission.from_item(i) for i in items)}
    return {i: found[i] for i in ids if i in found}


def audit_copy(submission: Submission) -> dict:
    """The submission as stored (every attribute, plain values): the audit entry's "before"."""
    return dict(submission.stored_fields)
