"""The errors every page shares, and the wording every job shares for what a write did.

- :class:`BadQuery`: a request parameter a page can't use. Every query object and parser raises
  it with a message for the user; the middleware (``ErrorPagesMiddleware.process_exception``)
  turns it into the 400 page with that reason, so views don't catch it.
- :class:`PageNotFound`: an address naming nothing, said in staff words on the 404 page.
- One wording each for a write the game's database cancelled, did not confirm, or could not
  take; for a category created or renamed meanwhile; for a form sent again; and for why the
  database could not be used at all (``unavailable_reason``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from ..data.errors import (
    DataError,
    DataUnavailable,
    NotSetUp,
    OutcomeUnknown,
    ServerError,
    TableMissing,
    Throttled,
    TransactionCancelled,
    Unreachable,
)

log = logging.getLogger(__name__)


class BadQuery(ValueError):
    """A parameter can't be used; the message says why (shown on the 400 page)."""


class PageNotFound(Exception):
    """What the address names is not there, and the page can say why in staff words (shown on
    the 404 page, with a link to what the audit log recorded about it when there is one). The
    data layer's own NotFound gets the 404 page without its message, which is for the log."""

    def __init__(
        self,
        reason: str,
        *,
        history_url: str | None = None,
        unsaved: object = None,
        back: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.history_url = history_url
        self.unsaved = unsaved  # an edit's typed values that came too late: shown, not lost
        self.back = back  # (address, label): the way back to where the id came from


def not_saved_because(exc: TransactionCancelled, *, what: str) -> str:
    """Why a cancelled change was not saved, in staff words, to follow "Not saved: ";
    ``what`` names what the change was to ("question", "categories"). The database's own
    reasons (which item, which code) are for the log, not for staff."""
    log.warning("change not saved: %s", exc.describe())
    if exc.is_conflict:
        return f"another change to the same {what} was being saved at that moment"
    if exc.is_throttled:
        return "the game's database is throttling requests right now"
    return "the game's database refused it"


def category_created_meanwhile(
    slugs: list[str], *, not_done: str, again: str, names: Mapping[str, str | None] | None = None
) -> str:
    """Why a write that was to create the categories ``slugs`` changed nothing: someone else
    created them first. ``not_done``: "Not saved", "Not applied"; ``again``: how to send it
    again ("Save again"), which now uses the category as it is; ``names``: the display names
    they have now (slug -> name), said so the editor knows what the question will show."""
    names = names or {}
    named = ", ".join(
        f"“{slug}”" + (f" (named “{names[slug]}”)" if names.get(slug) else "") for slug in slugs
    )
    which = f"category {named}" if len(slugs) == 1 else f"categories {named}"
    it = "it has" if len(slugs) == 1 else "they have"
    return (
        f"{not_done}: someone else created the {which} a moment ago; nothing was changed. "
        f"{again} to use the name {it} now."
    )


def category_name_taken(taken: tuple[str, ...], *, not_done: str) -> str:
    """Why a write that was to create a category changed nothing: another category has its
    name now (renamed or created a moment ago, maybe on another worker). ``taken``: the new
    slug and name, the other's slug and name (``data.errors.CategoryNameTaken``)."""
    slug, name, other, other_name = taken
    return (
        f"{not_done}: {other} is called “{other_name}” now, and two categories with one name "
        f"can't be told apart in the lists; nothing was changed. Give {slug} another name than "
        f"“{name}”, or choose {other}."
    )


# A form sent again with other contents (the same request token, SentBefore): edited after Back,
# or what its first send did undone or changed since. Trying "again" with that form would only
# repeat the refusal.
RESENT_FORM = (
    "This form was already sent once; what that did may have been undone or changed since, or "
    "the form edited after going Back. Sending it again changed nothing: reload the page to see "
    "what is stored now, and act again from there."
)


# Said after a change whose confirmation was lost and which a re-read shows applied.
CONFIRMATION_LOST = " The game's database didn't confirm it, but it did go through."

# Who did it, when that is the person told: this form sent again, or another tab of theirs.
YOU_EARLIER = "you (earlier from this page, or in another tab or window)"


def not_confirmed(change: str, now: str) -> str:
    """What to say when DynamoDB did not confirm ``change`` and a re-read shows it not applied
    (``now``: what is stored). Not "not applied": an attempt that got no answer (a timeout) may
    still be on its way and apply after the re-read. The same form sent again carries the same
    request token and sent mark, so it can't apply twice: trying again is safe."""
    return (
        f"Not confirmed: the game's database did not confirm the {change} (a server error or a "
        f"lost answer). {now}, but an attempt that got no answer could still go through: "
        "reload in a moment to see. Sending the same form again can't do it twice."
    )


def unavailable_reason(exc: DataUnavailable) -> str:
    """Why the game's database could not be used for a page, in staff words. The data layer's
    own message (error codes, table names, for operators) goes to the log."""
    if isinstance(exc, NotSetUp):
        return (
            "TruthByte Admin is not set up to use the game's database here (its access or "
            "settings are wrong)."
        )
    if isinstance(exc, Throttled):
        return "The game's database is busy: too many requests at once."
    if isinstance(exc, OutcomeUnknown):
        return "The game's database did not confirm the change."
    if isinstance(exc, Unreachable):
        return "The game's database could not be reached."
    if isinstance(exc, ServerError):
        return "The game's database did not answer in time, or answered with an error of its own."
    if isinstance(exc, TableMissing):
        return (
            "Part of the game's database is missing in this environment: tell whoever runs "
            "TruthByte Admin."
        )
    return "The game's database refused the request."


def why_not_written(exc: Exception) -> str:
    """Why an audit write failed, in one line for whoever runs the server or the command (the
    change it describes is made: the data layer's own words, for a page, say "try again")."""
    if isinstance(exc, OutcomeUnknown):
        why = "DynamoDB didn't confirm the write: the entry may or may not be in the audit log"
    elif isinstance(exc, Unreachable):
        why = f"DynamoDB could not be reached ({exc.problem.detail})"
    elif isinstance(exc, DataError):
        # Their words are for a page, ending in "please try again": here the change is made.
        why = re.split(r"[;.] please try again", str(exc), flags=re.IGNORECASE)[0].rstrip(".")
    else:
        why = f"{exc.__class__.__name__}: {exc}".rstrip(": ")
    return " ".join(why.split())
