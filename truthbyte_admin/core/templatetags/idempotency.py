"""``{% form_nonce %}``: a hidden per-render nonce that makes a form submission one request.

Services derive the DynamoDB ``ClientRequestToken`` (and, for a create, the new item's id) from
it plus the item and version acted on, so a browser retry or a double click sends the same
request again instead of a second change.
"""

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def form_nonce() -> str:
    return format_html('<input type="hidden" name="form_nonce" value="{}">', uuid.uuid4().hex)
