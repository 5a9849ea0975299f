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
