"""Element ids other pages link to: a category's row on the dashboard is linked from the audit
log, the home page and the dashboard's own messages, so its id is made in one shared place."""

from __future__ import annotations

import hashlib
import re

from django.urls import reverse

_PLAIN_SLUG = re.compile(r"[a-z0-9_]+")


def html_key(slug: str) -> str:
    """For element ids: the slug itself when it is a plain slug, else a digest (legacy
    categories may hold spaces, capitals, "/", which an id can't)."""
    if _PLAIN_SLUG.fullmatch(slug):
        return slug
    return "x-" + hashlib.sha1(slug.encode()).hexdigest()[:12]


def category_row_id(slug: str) -> str:
    """The element id of a category's row on the dashboard."""
    return f"cat-{html_key(slug)}"


def category_row_url(slug: str) -> str:
    """The dashboard, scrolled to the category's row."""
    return reverse("categories:index") + "#" + category_row_id(slug)
