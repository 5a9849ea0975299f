"""The one error for request parameters a page can't use.

Every query object and parser raises :class:`BadQuery` with a message for the user; the
middleware (``DataUnavailableMiddleware.process_exception``) turns it into the 400 page with
that reason, so views don't catch it.
"""

from __future__ import annotations


class BadQuery(ValueError):
    """A parameter can't be used; the message says why (shown on the 400 page)."""
