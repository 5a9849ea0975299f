"""Audit codes in staff words in templates (see ``core.audit_labels``):
``{{ entry.action|action_label }}``, ``{{ record.entity_type|item_kind_label }}``,
``{{ name|field_label }}``, ``{{ code|source_label }}``."""

from __future__ import annotations

from django import template

from ...core import audit_labels as labels

register = template.Library()


@register.filter
def action_label(code: object) -> str:
    return labels.action_label(str(code or ""))


@register.filter
def item_kind_label(code: object) -> str:
    return labels.item_kind_label(str(code or ""))


@register.filter
def field_label(name: object) -> str:
    return labels.field_label(str(name or ""))


@register.filter
def source_label(code: object) -> str:
    """Where a question came from, in words ("a player's submission, approved")."""
    return labels.source_label(str(code or ""))
