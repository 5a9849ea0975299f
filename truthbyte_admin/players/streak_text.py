"""A stored streak value in staff words, the same in messages, refusals and the staff changes."""

from __future__ import annotations


def streak_text(value: object) -> str:
    """The value as text; "not stored" for None (the attribute is absent from the record)."""
    return "not stored" if value is None else str(value)
