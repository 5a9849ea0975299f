"""``message|undo_target:"<prefix>"``: what a message offers to undo (see core/undo.py)."""

from __future__ import annotations

from django import template

from .. import undo

register = template.Library()


@register.filter
def undo_target(message, prefix: str) -> str:
    return undo.undo_target(message, prefix)
