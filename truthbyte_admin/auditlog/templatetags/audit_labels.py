"""``{{ entry.action|action_label }}``: an audit action in staff words (see ``auditlog.labels``)."""

from __future__ import annotations

from django import template

from .. import labels

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return labels.action_label(str(code or ""))
