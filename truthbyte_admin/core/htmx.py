"""In-place (htmx) requests: which answer they want, and leaving the page from one."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django_htmx.http import HttpResponseClientRedirect


def send_page_to(request, url: str, *, field: str = "next") -> HttpResponse:
    """The answer to an htmx request that must leave the page for ``url`` (sign-in, the second
    step): the whole page goes there and comes back to itself afterwards, instead of htmx
    following a redirect and putting that page where a row or a panel was. A fragment that
    very page loads itself (the navigation's badge) gets an empty answer: sending the page to
    itself would reload it without end."""
    try:
        page = request.htmx.current_url_abs_path or "/"
    except ValueError:  # a header no browser sends ("http://["): start from the home page
        page = "/"
    if page.startswith(url):
        return HttpResponse(status=204)
    return HttpResponseClientRedirect(f"{url}?{urlencode({field: page})}")


def wants_part(request) -> bool:
    """Whether an htmx request asks for the part of a page it updates in place. Back and
    forward ask for the whole page again (htmx keeps no copy of pages: history restore), and
    so does a boosted link: answered with the part only, the page was left without its header,
    its form or its navigation."""
    htmx = request.htmx
    return bool(htmx) and not (htmx.boosted or htmx.history_restore_request)
