"""Links several pages make: a category's row on the dashboard (linked from the audit log, the
home page and the dashboard's own messages) and the audit log filtered to one thing."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote, urlencode

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .concerning import written

_PLAIN_SLUG = re.compile(r"[a-z0-9_]+")
LOCAL_PATH_MAX = 2048  # Django refuses a longer address to redirect to (MAX_URL_LENGTH)


def local_path(value: str | None, *, under: str = "/") -> str | None:
    """``value`` when it is an address on this site under ``under``, to go back to after a
    form; else None. Never another site: "//host" and a backslash, which browsers read as
    "/", name one. Never what no link of ours holds: a NUL or a line break (the page would
    answer 404), an address longer than any list's, a path with "//" or ".." in it (no page
    of ours has one; ".." would climb out of ``under``)."""
    path = unquote((value or "").split("?", 1)[0])  # browsers read "%2e%2e" as ".."
    if (
        value
        and value.startswith(under)
        and "//" not in path
        and ".." not in path.split("/")
        and "\\" not in value
        and value.isprintable()
        and len(value) <= LOCAL_PATH_MAX
        and url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    ):
        return value
    return None


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


def audit_log_url(entity: str) -> str | None:
    """The audit log filtered to one thing (a stored key, "user#5eed…"), its "Concerning" box
    in the log's own words where those read back as exactly that key (:func:`written`). None
    for an id with spaces at either end, which the box trims into another id."""
    id_ = entity.partition("#")[2]
    if id_ != id_.strip():
        return None
    return reverse("auditlog:index") + "?" + urlencode({"item": written(entity)})
