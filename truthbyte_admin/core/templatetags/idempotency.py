"""``{% form_nonce %}``: a hidden per-render nonce that makes a form submission one request.

Services derive the DynamoDB ``ClientRequestToken`` (and, for a create, the new item's id) from
it plus the item and version acted on, so a browser retry or a double click sends the same
request again instead of a second change.
"""

from __future__ import annotations

import re
import uuid

from django import template
from django.utils.html import format_html

register = template.Library()

_NONCE = re.compile(r"[A-Za-z0-9_-]{8,128}")  # ours are 32 hex digits; tests name theirs


@register.simple_tag
def form_nonce(keep: str = "") -> str:
    """A new nonce, or ``keep`` (a nonce this form was sent with) when the form is shown again
    after a send whose outcome is not known: sending it again must be that same request."""
    nonce = keep if isinstance(keep, str) and _NONCE.fullmatch(keep) else uuid.uuid4().hex
    return format_html('<input type="hidden" name="form_nonce" value="{}">', nonce)
