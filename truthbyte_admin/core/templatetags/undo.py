"""``message|undo_target:"review"``: what a message offers to undo of a kind (core/undo.py
names the kinds and their tag prefixes, so templates never spell a prefix)."""

from __future__ import annotations

from django import template

from .. import undo

register = template.Library()


@register.filter
def undo_target(message, kind: str) -> str:
    return undo.undo_target(message, kind)


@register.filter
def undo_until(message):
    """Until when the message's Undo is open (a datetime in UTC), or None."""
    return undo.undo_until(message)
