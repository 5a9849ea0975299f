"""Template helpers for moderation pages."""

from __future__ import annotations

from urllib.parse import unquote

from django import template

register = template.Library()

UNDO_TAG = "undo:"


@register.filter
def undo_target(message) -> str:
    """The submission id a message offers to undo ("" for none): its extra tag ``undo:<id>``."""
    for tag in (getattr(message, "extra_tags", "") or "").split():
        if tag.startswith(UNDO_TAG):
            return unquote(tag[len(UNDO_TAG) :])
    return ""


@register.filter
def is_long(text, limit: int = 160) -> bool:
    """Player text long enough to be clamped in a list (with "show all")."""
    return len(text or "") > int(limit)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def dup_slot_id(submission_id) -> str:
    """A DOM id for a row's duplicate-warning slot that is a valid CSS selector whatever the
    submission id holds (htmx finds out-of-band targets by ``#id``; ids may hold "/", spaces)."""
    import hashlib

    return (
        "dup-" + hashlib.sha1(str(submission_id).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    )
