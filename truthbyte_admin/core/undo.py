"""Undoing a recent staff change (a review, a streak store): how long it stays possible, and how
the message that reports the change offers the undo.

The message carries an extra tag ``<prefix><target>``: the prefix names the kind of change to
undo (``UNDO_PREFIXES``), the target what to undo (a submission id, a store's event id). Code and
templates name the kind ("review", "streak_store"); only this module spells the prefixes.
``core/_undo_messages.html`` shows each message with its job's Undo form.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal
from urllib.parse import quote, unquote

from django.conf import settings

UndoKind = Literal["review", "streak_store", "category_delete"]

# Each kind's tag prefix. No prefix starts another, so a tag is never read as the wrong kind.
UNDO_PREFIXES: dict[str, str] = {
    "review": "undo:",
    "streak_store": "streaks-undo:",
    "category_delete": "category-undo:",
}


def undo_minutes() -> int:
    """How long a staff change can be undone: one setting for reviews, streak stores and
    category deletions alike, so staff learn one limit."""
    return int(getattr(settings, "MODERATION_UNDO_MINUTES", 10))


def undo_deadline(done_at: dt.datetime) -> dt.datetime:
    """Until when a change made at ``done_at`` can be undone (the one rule of the pages that
    offer the undo and of the services that apply it)."""
    return done_at + dt.timedelta(minutes=undo_minutes())


# The extra tag of a message saying until when its Undo is open (seconds since the epoch).
UNTIL_PREFIX = "undo-until:"


def undo_tag(kind: UndoKind, target: str, *, until: dt.datetime | None = None) -> str:
    """The extra tag of a message that offers to undo ``target``, a change of ``kind`` (quoted:
    tags are separated by spaces, and a submission id may hold one); with ``until``, a second
    tag saying until when, which the message shows beside its Undo."""
    tag = UNDO_PREFIXES[kind] + quote(target, safe="")
    return tag if until is None else f"{tag} {UNTIL_PREFIX}{int(until.timestamp())}"


def undo_until(message: object) -> dt.datetime | None:
    """Until when a message's Undo is open, when its tags say (:func:`undo_tag`)."""
    for tag in (getattr(message, "extra_tags", "") or "").split():
        if tag.startswith(UNTIL_PREFIX) and tag[len(UNTIL_PREFIX) :].isdigit():
            return dt.datetime.fromtimestamp(int(tag[len(UNTIL_PREFIX) :]), tz=dt.UTC)
    return None


def undo_target(message: object, kind: UndoKind) -> str:
    """What a message offers to undo of ``kind``, by its extra tag ("" for none). An unknown
    kind raises KeyError: a misspelt kind in a template must fail, not hide every Undo."""
    prefix = UNDO_PREFIXES[kind]
    for tag in (getattr(message, "extra_tags", "") or "").split():
        if tag.startswith(prefix):
            return unquote(tag[len(prefix) :])
    return ""
