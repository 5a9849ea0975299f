"""Undoing a recent staff change (a review, a streak store): how long it stays possible, and how
the message that reports the change offers the undo.

The message carries an extra tag ``<prefix><target>``: the prefix names the job's kind of undo
("undo:" a review, "streaks-undo:" a streak store), the target what to undo (a submission id, a
store's event id). ``core/_undo_messages.html`` shows each message with its job's Undo form.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from django.conf import settings


def undo_minutes() -> int:
    """How long a staff change can be undone: one setting for reviews and streak stores alike,
    so staff learn one limit."""
    return int(getattr(settings, "MODERATION_UNDO_MINUTES", 10))


def undo_tag(prefix: str, target: str) -> str:
    """The extra tag of a message that offers to undo ``target`` (quoted: tags are separated by
    spaces, and a submission id may hold one)."""
    return prefix + quote(target, safe="")


def undo_target(message: object, prefix: str) -> str:
    """What a message offers to undo, by its extra tag ``<prefix><target>`` ("" for none)."""
    for tag in (getattr(message, "extra_tags", "") or "").split():
        if tag.startswith(prefix):
            return unquote(tag[len(prefix) :])
    return ""
