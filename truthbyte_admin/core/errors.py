"""The one error for request parameters a page can't use, and the one wording of a change the
game's database cancelled.

Every query object and parser raises :class:`BadQuery` with a message for the user; the
middleware (``DataUnavailableMiddleware.process_exception``) turns it into the 400 page with
that reason, so views don't catch it.
"""

from __future__ import annotations

import logging

from ..data.errors import TransactionCancelled

log = logging.getLogger(__name__)


class BadQuery(ValueError):
    """A parameter can't be used; the message says why (shown on the 400 page)."""


def not_saved_because(exc: TransactionCancelled) -> str:
    """Why a cancelled change was not saved, in staff words, to follow "Not saved: ". The
    database's own reasons (which item, which code) are for the log, not for staff."""
    log.warning("change not saved: %s", exc.describe())
    if exc.is_conflict:
        return "another change to the same items was being saved at that moment"
    if exc.is_throttled:
        return "the game's database is throttling requests right now"
    return "the game's database refused it"
